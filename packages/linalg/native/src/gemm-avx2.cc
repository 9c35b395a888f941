// AVX2 + FMA micro-kernel (4 rows × 12 columns = 12 ymm accumulators); compiled with -mavx2 -mfma only.
#include <immintrin.h>
#include <stdint.h>

namespace {
struct V {
  using T = __m256d;
  static constexpr int W = 4;
  static inline T zero() { return _mm256_setzero_pd(); }
  static inline T load(const double* p) { return _mm256_loadu_pd(p); }
  static inline T bcast(const double* p) { return _mm256_broadcast_sd(p); }
  static inline T mul(T a, T b) { return _mm256_mul_pd(a, b); }
  static inline T fma(T a, T b, T c) { return _mm256_fmadd_pd(a, b, c); }
  static inline T loadPartial(const double* p, int n) {
    const __m256i idx = _mm256_set_epi64x(3, 2, 1, 0);
    return _mm256_maskload_pd(p, _mm256_cmpgt_epi64(_mm256_set1_epi64x(n), idx));
  }
  static inline double hsum(T v) {
    const __m128d s = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
  }
  /** dst[tt·stride + r] = rows[r][t + tt] for r, tt < 4 (a 4×4 transpose: unpack, then 128-bit lane permutes). */
  static inline void transpose(const double* const* rows, int64_t t, double* dst, int64_t stride) {
    const T r0 = load(rows[0] + t), r1 = load(rows[1] + t), r2 = load(rows[2] + t), r3 = load(rows[3] + t);
    const T t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
    const T t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
    store(dst + 0 * stride, _mm256_permute2f128_pd(t0, t2, 0x20));
    store(dst + 1 * stride, _mm256_permute2f128_pd(t1, t3, 0x20));
    store(dst + 2 * stride, _mm256_permute2f128_pd(t0, t2, 0x31));
    store(dst + 3 * stride, _mm256_permute2f128_pd(t1, t3, 0x31));
  }
  static inline void store(double* p, T v) { _mm256_storeu_pd(p, v); }
};
constexpr int MR = 4;
constexpr int NV = 3;
constexpr int DOT_MI = 4;  // dot-product kernel (A·Bᵀ, few rows of A): rows of A × rows of B
constexpr int DOT_NJ = 3;
}  // namespace
#define PASSK_SUFFIX(name) name##_avx2
#include "gemm-impl.h"
