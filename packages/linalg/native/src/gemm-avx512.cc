// AVX-512F micro-kernel (8 rows × 24 columns = 24 zmm accumulators, FMA); compiled with -mavx512f -mfma only.
#include <immintrin.h>

namespace {
struct V {
  using T = __m512d;
  static constexpr int W = 8;
  static inline T zero() { return _mm512_setzero_pd(); }
  static inline T load(const double* p) { return _mm512_loadu_pd(p); }
  static inline T bcast(const double* p) { return _mm512_set1_pd(*p); }
  static inline T fma(T a, T b, T c) { return _mm512_fmadd_pd(a, b, c); }
  static inline T loadPartial(const double* p, int n) { return _mm512_maskz_loadu_pd(__mmask8((1u << n) - 1), p); }
  static inline double hsum(T v) { return _mm512_reduce_add_pd(v); }
  static inline void store(double* p, T v) { _mm512_storeu_pd(p, v); }
};
constexpr int MR = 8;
constexpr int NV = 3;
constexpr int DOT_MI = 8;  // dot-product kernel (A·Bᵀ, few rows of A): rows of A × rows of B
constexpr int DOT_NJ = 3;
}  // namespace
#define PASSK_SUFFIX(name) name##_avx512
#include "gemm-impl.h"
