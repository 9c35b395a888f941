// AVX-512F micro-kernel (8 rows × 24 columns = 24 zmm accumulators, FMA); compiled with -mavx512f -mfma only.
#include <immintrin.h>
#include <stdint.h>

namespace {
struct V {
  using T = __m512d;
  static constexpr int W = 8;
  static inline T zero() { return _mm512_setzero_pd(); }
  static inline T load(const double* p) { return _mm512_loadu_pd(p); }
  static inline T bcast(const double* p) { return _mm512_set1_pd(*p); }
  static inline T mul(T a, T b) { return _mm512_mul_pd(a, b); }
  static inline T fma(T a, T b, T c) { return _mm512_fmadd_pd(a, b, c); }
  static inline T loadPartial(const double* p, int n) { return _mm512_maskz_loadu_pd(__mmask8((1u << n) - 1), p); }
  static inline double hsum(T v) { return _mm512_reduce_add_pd(v); }
  /** dst[tt·stride + r] = rows[r][t + tt] for r, tt < 8 (an 8×8 transpose: unpack, then two 128-bit lane shuffles). */
  static inline void transpose(const double* const* rows, int64_t t, double* dst, int64_t stride) {
    const T r0 = load(rows[0] + t), r1 = load(rows[1] + t), r2 = load(rows[2] + t), r3 = load(rows[3] + t);
    const T r4 = load(rows[4] + t), r5 = load(rows[5] + t), r6 = load(rows[6] + t), r7 = load(rows[7] + t);
    const T t0 = _mm512_unpacklo_pd(r0, r1), t1 = _mm512_unpackhi_pd(r0, r1);
    const T t2 = _mm512_unpacklo_pd(r2, r3), t3 = _mm512_unpackhi_pd(r2, r3);
    const T t4 = _mm512_unpacklo_pd(r4, r5), t5 = _mm512_unpackhi_pd(r4, r5);
    const T t6 = _mm512_unpacklo_pd(r6, r7), t7 = _mm512_unpackhi_pd(r6, r7);
    const T u0 = _mm512_shuffle_f64x2(t0, t2, 0x88), u1 = _mm512_shuffle_f64x2(t0, t2, 0xdd);
    const T u2 = _mm512_shuffle_f64x2(t1, t3, 0x88), u3 = _mm512_shuffle_f64x2(t1, t3, 0xdd);
    const T u4 = _mm512_shuffle_f64x2(t4, t6, 0x88), u5 = _mm512_shuffle_f64x2(t4, t6, 0xdd);
    const T u6 = _mm512_shuffle_f64x2(t5, t7, 0x88), u7 = _mm512_shuffle_f64x2(t5, t7, 0xdd);
    store(dst + 0 * stride, _mm512_shuffle_f64x2(u0, u4, 0x88));
    store(dst + 4 * stride, _mm512_shuffle_f64x2(u0, u4, 0xdd));
    store(dst + 2 * stride, _mm512_shuffle_f64x2(u1, u5, 0x88));
    store(dst + 6 * stride, _mm512_shuffle_f64x2(u1, u5, 0xdd));
    store(dst + 1 * stride, _mm512_shuffle_f64x2(u2, u6, 0x88));
    store(dst + 5 * stride, _mm512_shuffle_f64x2(u2, u6, 0xdd));
    store(dst + 3 * stride, _mm512_shuffle_f64x2(u3, u7, 0x88));
    store(dst + 7 * stride, _mm512_shuffle_f64x2(u3, u7, 0xdd));
  }
  static inline void store(double* p, T v) { _mm512_storeu_pd(p, v); }
};
constexpr int MR = 8;
constexpr int NV = 3;
constexpr int DOT_MI = 8;  // dot-product kernel (A·Bᵀ, few rows of A): rows of A × rows of B
constexpr int DOT_NJ = 3;
}  // namespace
#define PASSK_SUFFIX(name) name##_avx512
#include "gemm-impl.h"
