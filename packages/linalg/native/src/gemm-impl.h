// Packed-panel dgemm and blocked Cholesky, included once per instruction set. Before including, the translation
// unit defines namespace-local `V` (vector type T, width W, zero/load/bcast/fma/store), MR (rows of the register
// tile) and NV (vectors per tile row: NR = NV·W columns), and PASSK_SUFFIX(name). Everything here has internal
// linkage (anonymous namespace, no std:: templates) so that the AVX-512 and AVX2 copies can never be merged by the
// linker into code the CPU does not support.
//
// Algorithm: the GotoBLAS/BLIS scheme (Goto & van de Geijn 2008, ACM TOMS 34(3), §4–5; Van Zee & van de Geijn 2015,
// ACM TOMS 41(3), Fig. 2): op(B) packed in KC×NR column panels (k-major, NR per step), op(A) in MR×KC row panels
// (k-major, MR per step), both zero-padded to whole tiles, so one micro-kernel serves every transpose and stride.
// The micro-kernel keeps an MR×NR block of C in MR·NV vector registers and does MR·NV fused multiply–adds per step of
// k (one broadcast of A per row, NV loads of B).
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

namespace {

constexpr int NR = NV * V::W;

int KC = 256;  // steps of k per packed block (balanced: k = 784 → 262, 262, 260)
int MC = 128;  // rows of op(A) per packed block (kept in L2)
int NC = 4080;  // columns of op(B) per packed block (kept in L3); a multiple of NR after rounding
int NB = 96;    // Cholesky panel width
int DOT_MAX_M = 32;  // A·Bᵀ with at most this many rows runs the unpacked dot-product kernel (dotNT)

inline int64_t imin(int64_t a, int64_t b) { return a < b ? a : b; }
inline int64_t imax(int64_t a, int64_t b) { return a > b ? a : b; }
inline int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
inline int64_t roundUp(int64_t a, int64_t b) { return ceilDiv(a, b) * b; }

/** A per-thread packing buffer (worker_threads each get their own), grown on demand, 64-byte aligned. */
struct Buf {
  double* p = nullptr;
  size_t n = 0;
  ~Buf() { free(p); }
  double* get(size_t want) {
    if (want <= n) return p;
    free(p);
    size_t bytes = (want * sizeof(double) + 63) & ~size_t(63);
    p = static_cast<double*>(aligned_alloc(64, bytes));
    n = p ? want : 0;
    return p;
  }
};
thread_local Buf bufA, bufB;

/**
 * dst[t·R + r] = src[r][t] for r < R, t < kc (R rows read side by side, written interleaved): W×W register
 * transposes (V::transpose), then the last kc mod W steps one by one. Rows r ≥ live are then zeroed (padding).
 */
template <int R>
void gatherPanel(const double* const* src, int64_t live, int64_t kc, double* dst) {
  static_assert(R % V::W == 0, "panel height must be a multiple of the vector width");
  int64_t t = 0;
  for (; t + V::W <= kc; t += V::W)
    for (int g = 0; g < R / V::W; g++) V::transpose(src + g * V::W, t, dst + t * R + g * V::W, R);
  for (; t < kc; t++)
    for (int r = 0; r < R; r++) dst[t * R + r] = src[r][t];
  if (live < R)
    for (t = 0; t < kc; t++)
      for (int64_t r = live; r < R; r++) dst[t * R + r] = 0.0;
}

/** Pack op(A)[i0 : i0+mc, p0 : p0+kc] into MR-row panels: pa[panel·MR·kc + t·MR + r] (rows ≥ m are 0). */
__attribute__((noinline)) void packA(const PasskGemmArgs& g, int64_t i0, int64_t mc, int64_t p0, int64_t kc,
                                     double* pa) {
  if (g.transA) {
    // A stored k×m: read each row of A (one step t) sequentially and deal it out to the panels
    const int64_t full = mc / MR * MR;
    for (int64_t t = 0; t < kc; t++) {
      const double* src = g.a + (p0 + t) * g.lda + i0;
      double* dst = pa + t * MR;
      int64_t ip = 0;
      for (; ip < full; ip += MR, dst += MR * kc)
        for (int r = 0; r < MR; r++) dst[r] = src[ip + r];
      if (ip < mc)
        for (int r = 0; r < MR; r++) dst[r] = ip + r < mc ? src[ip + r] : 0.0;
    }
    return;
  }
  // A stored m×k: MR rows read side by side and transposed in registers
  for (int64_t ip = 0; ip < mc; ip += MR) {
    const int64_t mr = imin(MR, mc - ip);
    double* dst = pa + ip * kc;
    const double* src[MR];
    for (int r = 0; r < MR; r++) src[r] = g.a + (i0 + ip + imin(r, mr - 1)) * g.lda + p0;
    gatherPanel<MR>(src, mr, kc, dst);
  }
}

/** Pack op(B)[p0 : p0+kc, j0 : j0+nc] into NR-column panels: pb[panel·NR·kc + t·NR + c] (columns ≥ n are 0). */
__attribute__((noinline)) void packB(const PasskGemmArgs& g, int64_t j0, int64_t nc, int64_t p0, int64_t kc,
                                     double* pb) {
  if (!g.transB) {
    // read each row of B (one step t) sequentially and deal it out to the panels
    const int64_t full = nc / NR * NR;
    for (int64_t t = 0; t < kc; t++) {
      const double* src = g.b + (p0 + t) * g.ldb + j0;
      double* dst = pb + t * NR;
      int64_t jp = 0;
      for (; jp < full; jp += NR, dst += NR * kc)
        for (int c = 0; c < NR; c++) dst[c] = src[jp + c];
      if (jp < nc)
        for (int c = 0; c < NR; c++) dst[c] = jp + c < nc ? src[jp + c] : 0.0;
    }
    return;
  }
  // B stored n×k (column j of op(B) is row j of B): NR rows read side by side and transposed in registers
  for (int64_t jp = 0; jp < nc; jp += NR) {
    const int64_t nr = imin(NR, nc - jp);
    double* dst = pb + jp * kc;
    const double* src[NR];
    for (int c = 0; c < NR; c++) src[c] = g.b + (j0 + jp + imin(c, nr - 1)) * g.ldb + p0;
    gatherPanel<NR>(src, nr, kc, dst);
  }
}

/** Where a micro-kernel puts its MR × NVX·W block: straight into C (a whole tile), or into `tile` for updateC. */
struct Out {
  double* c;
  int64_t ldc;
  double alpha, beta;
  /** 0: tile[r·NR + c] = Σ; 1: C = α·Σ; 2: C = β·C + α·Σ; 3: C += α·Σ */
  int mode;
};

/**
 * Σ_t pa[t·MR + r]·pb[t·NR + c] for r < MR, c < NVX·W (MR·NVX accumulators in registers), then to `out`. NVX < NV
 * for the last, narrower column panel (n = 40 with 24-wide tiles: 24 + 16 columns, not 24 + 24).
 */
template <int NVX>
__attribute__((noinline)) void microKernel(int64_t kc, const double* __restrict pa, const double* __restrict pb,
                                           double* __restrict tile, const Out& out) {
  typename V::T acc[MR][NVX];
#pragma GCC unroll 32
  for (int r = 0; r < MR; r++)
#pragma GCC unroll 8
    for (int v = 0; v < NVX; v++) acc[r][v] = V::zero();
  for (int64_t t = 0; t < kc; t++) {
    typename V::T bv[NVX];
#pragma GCC unroll 8
    for (int v = 0; v < NVX; v++) bv[v] = V::load(pb + v * V::W);
#pragma GCC unroll 32
    for (int r = 0; r < MR; r++) {
      const typename V::T av = V::bcast(pa + r);
#pragma GCC unroll 8
      for (int v = 0; v < NVX; v++) acc[r][v] = V::fma(av, bv[v], acc[r][v]);
    }
    pa += MR;
    pb += NR;
  }
  if (out.mode == 0) {
#pragma GCC unroll 32
    for (int r = 0; r < MR; r++)
#pragma GCC unroll 8
      for (int v = 0; v < NVX; v++) V::store(tile + r * NR + v * V::W, acc[r][v]);
    return;
  }
  const typename V::T al = V::bcast(&out.alpha), be = V::bcast(&out.beta);
  double* c = out.c;
#pragma GCC unroll 32
  for (int r = 0; r < MR; r++, c += out.ldc)
#pragma GCC unroll 8
    for (int v = 0; v < NVX; v++) {
      double* p = c + v * V::W;
      if (out.mode == 1) V::store(p, V::mul(al, acc[r][v]));
      else if (out.mode == 2) V::store(p, V::fma(al, acc[r][v], V::mul(be, V::load(p))));
      else V::store(p, V::fma(al, acc[r][v], V::load(p)));
    }
}

/**
 * One MR × nr tile of C at row i, column j: a whole tile (MR rows, nr a whole number of vectors, entirely on or above
 * the diagonal when `upper`) is written from the registers, an edge or diagonal tile through `tile` and updateC.
 */
void updateC(const double* __restrict tile, double* __restrict c, int64_t ldc, int64_t mr, int64_t nr, double alpha,
             double beta, bool first, int64_t diag);
inline void tileProduct(int64_t mr, int64_t nr, int64_t kc, const double* pa, const double* pb, double* tile,
                        double* c, int64_t ldc, double alpha, double beta, bool first, int64_t diag) {
  static_assert(NV == 3, "tileProduct dispatches NV = 3 tiles");
  const int nvx = nr > 2 * V::W ? 3 : nr > V::W ? 2 : 1;
  const bool whole = mr == MR && nr == nvx * V::W && diag <= -(MR - 1);
  const Out out{c, ldc, alpha, beta, !whole ? 0 : !first ? 3 : beta == 0.0 ? 1 : beta == 1.0 ? 3 : 2};
  if (nvx == 3) microKernel<3>(kc, pa, pb, tile, out);
  else if (nvx == 2) microKernel<2>(kc, pa, pb, tile, out);
  else microKernel<1>(kc, pa, pb, tile, out);
  if (!whole) updateC(tile, c, ldc, mr, nr, alpha, beta, first, diag);
}

/**
 * C[i, j] (i < mr, j < nr of the tile at c) ← α·tile + (first ? β·C : C); β = 0 on the first block never reads C.
 * `diag` = (row of the tile) − (column of the tile) when only the upper triangle is written, else very negative.
 */
__attribute__((noinline)) void updateC(const double* __restrict tile, double* __restrict c, int64_t ldc, int64_t mr,
                                       int64_t nr, double alpha, double beta, bool first, int64_t diag) {
  for (int64_t r = 0; r < mr; r++, c += ldc) {
    const double* w = tile + r * NR;
    const int64_t j0 = imax(0, diag + r);
    if (first && beta == 0.0)
      for (int64_t j = j0; j < nr; j++) c[j] = alpha * w[j];
    else if (first && beta != 1.0)
      for (int64_t j = j0; j < nr; j++) c[j] = beta * c[j] + alpha * w[j];
    else
      for (int64_t j = j0; j < nr; j++) c[j] += alpha * w[j];
  }
}

/** C[i, j] ← α·s + β·C (β = 0: never reads C), only j ≥ i when `upper`. */
inline void put(double* c, double s, double alpha, double beta) {
  if (beta == 0.0) *c = alpha * s;
  else *c = beta * *c + alpha * s;
}

/**
 * C ← β·C + α·A·Bᵀ with A (m×k) and B (n×k) both stored with k contiguous, without packing: DOT_MI rows of A ×
 * DOT_NJ rows of B per register tile, vectors along k, one horizontal sum per entry at the end. For few rows of A
 * and many of B (W1's predictions Θ·X_testᵀ: 16 × 4096 × 512) packing B would cost as much as the product; here
 * every row of B is read from memory once and reused from L1 for all rows of A.
 */
void dotNT(const PasskGemmArgs& g) {
  const int64_t m = g.m, n = g.n, k = g.k, kv = k / V::W * V::W;
  for (int64_t j0 = 0; j0 < n; j0 += DOT_NJ) {
    const int64_t nj = imin(DOT_NJ, n - j0);
    const double* bp[DOT_NJ];
    for (int q = 0; q < DOT_NJ; q++) bp[q] = g.b + (j0 + imin(q, nj - 1)) * g.ldb;
    for (int64_t i0 = 0; i0 < m; i0 += DOT_MI) {
      const int64_t mi = imin(DOT_MI, m - i0);
      if (g.upper && j0 + nj <= i0) break;
      const double* ap[DOT_MI];
      for (int r = 0; r < DOT_MI; r++) ap[r] = g.a + (i0 + imin(r, mi - 1)) * g.lda;
      typename V::T acc[DOT_MI][DOT_NJ];
#pragma GCC unroll 16
      for (int r = 0; r < DOT_MI; r++)
#pragma GCC unroll 8
        for (int q = 0; q < DOT_NJ; q++) acc[r][q] = V::zero();
      // the first pass over these rows of B also prefetches the next DOT_NJ rows (B streams from memory once)
      const double* next = i0 == 0 && j0 + DOT_NJ < n ? bp[DOT_NJ - 1] + g.ldb : nullptr;
      for (int64_t t = 0; t < kv; t += V::W) {
        typename V::T bv[DOT_NJ];
        if (next)
          for (int q = 0; q < DOT_NJ; q++) __builtin_prefetch(next + q * g.ldb + t + 8 * V::W);
#pragma GCC unroll 8
        for (int q = 0; q < DOT_NJ; q++) bv[q] = V::load(bp[q] + t);
#pragma GCC unroll 16
        for (int r = 0; r < DOT_MI; r++) {
          const typename V::T av = V::load(ap[r] + t);
#pragma GCC unroll 8
          for (int q = 0; q < DOT_NJ; q++) acc[r][q] = V::fma(av, bv[q], acc[r][q]);
        }
      }
      if (kv < k) {
        const int rest = int(k - kv);
        typename V::T bv[DOT_NJ];
        for (int q = 0; q < DOT_NJ; q++) bv[q] = V::loadPartial(bp[q] + kv, rest);
        for (int r = 0; r < DOT_MI; r++) {
          const typename V::T av = V::loadPartial(ap[r] + kv, rest);
          for (int q = 0; q < DOT_NJ; q++) acc[r][q] = V::fma(av, bv[q], acc[r][q]);
        }
      }
      for (int64_t r = 0; r < mi; r++) {
        double* cr = g.c + (i0 + r) * g.ldc + j0;
        for (int64_t q = 0; q < nj; q++)
          if (!g.upper || j0 + q >= i0 + r) put(cr + q, V::hsum(acc[r][q]), g.alpha, g.beta);
      }
    }
  }
}

int gemm(const PasskGemmArgs& g) {
  const int64_t m = g.m, n = g.n, k = g.k;
  if (m <= 0 || n <= 0 || k <= 0) return 0;
  if (g.transB && !g.transA && m <= DOT_MAX_M && k >= V::W) {
    dotNT(g);
    return 0;
  }
  const int64_t kc0 = ceilDiv(k, ceilDiv(k, KC));
  const int64_t mPad = roundUp(m, MR);
  const int64_t mc0 = roundUp(ceilDiv(mPad, ceilDiv(mPad, MC)), MR);
  const int64_t nc0 = imin(roundUp(n, NR), roundUp(NC, NR));
  double* pb = bufB.get(size_t(kc0 * nc0));
  double* pa = bufA.get(size_t(kc0 * mc0));
  if (!pa || !pb) return -1;
  alignas(64) double tile[MR * NR];
  const int64_t noDiag = -(int64_t(1) << 62);
  for (int64_t j0 = 0; j0 < n; j0 += nc0) {
    const int64_t nc = imin(nc0, n - j0);
    for (int64_t p0 = 0; p0 < k; p0 += kc0) {
      const int64_t kc = imin(kc0, k - p0);
      const bool first = p0 == 0;
      packB(g, j0, nc, p0, kc, pb);
      for (int64_t i0 = 0; i0 < m; i0 += mc0) {
        const int64_t mc = imin(mc0, m - i0);
        if (g.upper && j0 + nc <= i0) break;  // the whole block lies below the diagonal
        packA(g, i0, mc, p0, kc, pa);
        for (int64_t jr = 0; jr < nc; jr += NR) {
          const int64_t nr = imin(NR, nc - jr);
          for (int64_t ir = 0; ir < mc; ir += MR) {
            const int64_t i = i0 + ir, j = j0 + jr;
            if (g.upper && j + nr <= i) break;  // this tile and the ones below it: no column ≥ row
            const int64_t mr = imin(MR, mc - ir);
            tileProduct(mr, nr, kc, pa + ir * kc, pb + jr * kc, tile, g.c + i * g.ldc + j, g.ldc, g.alpha, g.beta, first,
                        g.upper ? i - j : noDiag);
          }
        }
      }
    }
  }
  return 0;
}

/** Rows per sub-block of the panel's triangular solve. */
constexpr int TRSM_BLOCK = 16;

/**
 * Blocked right-looking Cholesky A = UᵀU (LAPACK dpotrf, Golub & Van Loan 4th ed. Alg. 4.2.3 in upper form), the
 * same steps as the TypeScript dpotrf (dpotrf.ts): unblocked factorisation of the NB×NB diagonal block, U12 ← U11⁻ᵀA12
 * by row axpys within 16-row sub-blocks and gemm between them, trailing update A22 ← A22 − U12ᵀU12 (upper only).
 */
int potrf(int64_t n, double* a, int64_t lda) {
  const int64_t nb = NB;
  for (int64_t k0 = 0; k0 < n; k0 += nb) {
    const int64_t kb = imin(nb, n - k0), k1 = k0 + kb;
    for (int64_t j = k0; j < k1; j++) {
      double* rj = a + j * lda;
      const double ajj = rj[j];
      if (!(ajj > 0) || !isfinite(ajj)) return int(j + 1);
      const double ujj = sqrt(ajj);
      rj[j] = ujj;
      const double inv = 1 / ujj;
      for (int64_t c = j + 1; c < k1; c++) rj[c] *= inv;
      for (int64_t q = j + 1; q < k1; q++) {
        const double u = rj[q];
        if (u == 0) continue;
        double* rq = a + q * lda;
        for (int64_t c = q; c < k1; c++) rq[c] -= u * rj[c];
      }
    }
    if (k1 >= n) break;
    const int64_t nc = n - k1;
    for (int64_t s0 = k0; s0 < k1; s0 += TRSM_BLOCK) {
      const int64_t s1 = imin(k1, s0 + TRSM_BLOCK);
      for (int64_t i = s0; i < s1; i++) {
        double* ri = a + i * lda;
        const double inv = 1 / ri[i];
        for (int64_t c = k1; c < n; c++) ri[c] *= inv;
        for (int64_t q = i + 1; q < s1; q++) {
          const double u = ri[q];
          if (u == 0) continue;
          double* rq = a + q * lda;
          for (int64_t c = k1; c < n; c++) rq[c] -= u * ri[c];
        }
      }
      if (s1 < k1) {
        // A12[s1:k1] −= U11[s0:s1, s1:k1]ᵀ · U12[s0:s1]
        PasskGemmArgs g{1, 0, k1 - s1, nc, s1 - s0, -1.0, a + s0 * lda + s1, lda, a + s0 * lda + k1, lda, 1.0,
                        a + s1 * lda + k1, lda, 0};
        if (gemm(g) != 0) return -1;
      }
    }
    // A22 ← A22 − U12ᵀU12 (upper), U12 = rows k0..k1, columns k1..n
    PasskGemmArgs g{1, 0, nc, nc, kb, -1.0, a + k0 * lda + k1, lda, a + k0 * lda + k1, lda, 1.0,
                    a + k1 * lda + k1, lda, 1};
    if (gemm(g) != 0) return -1;
  }
  return 0;
}

}  // namespace

extern "C" int PASSK_SUFFIX(passk_gemm)(const PasskGemmArgs* g) { return gemm(*g); }
extern "C" int PASSK_SUFFIX(passk_potrf)(int64_t n, double* a, int64_t lda) { return potrf(n, a, lda); }
extern "C" void PASSK_SUFFIX(passk_tune)(int kc, int mc, int nc, int nb, int dotMaxM) {
  if (dotMaxM >= 0) DOT_MAX_M = dotMaxM;
  if (kc > 0) KC = kc;
  if (mc > 0) MC = mc;
  if (nc > 0) NC = nc;
  if (nb > 0) NB = nb;
}
