// AVX2 + FMA micro-kernel (4 rows × 12 columns = 12 ymm accumulators); compiled with -mavx2 -mfma only.
#include <immintrin.h>

namespace {
struct V {
  using T = __m256d;
  static constexpr int W = 4;
  static inline T zero() { return _mm256_setzero_pd(); }
  static inline T load(const double* p) { return _mm256_loadu_pd(p); }
  static inline T bcast(const double* p) { return _mm256_broadcast_sd(p); }
  static inline T fma(T a, T b, T c) { return _mm256_fmadd_pd(a, b, c); }
  static inline void store(double* p, T v) { _mm256_storeu_pd(p, v); }
};
constexpr int MR = 4;
constexpr int NV = 3;
}  // namespace
#define PASSK_SUFFIX(name) name##_avx2
#include "gemm-impl.h"
