// Shared declarations of the native kernels (@passk/linalg native backend). Each instruction-set translation unit
// (gemm-avx512.cc, gemm-avx2.cc) defines its own copy of the implementation (gemm-impl.h, internal linkage) and
// exports it under its own extern "C" names; addon.cc picks one at run time.
#pragma once
#include <stdint.h>

extern "C" {

/** C ← β·C + α·op(A)·op(B), row-major, pointers already at the first element (the caller validated the spans). */
struct PasskGemmArgs {
  int transA, transB;
  int64_t m, n, k;
  double alpha;
  const double* a;
  int64_t lda;
  const double* b;
  int64_t ldb;
  double beta;
  double* c;
  int64_t ldc;
  /** only entries with column ≥ row are written (symmetric products such as AᵀA; m = n) */
  int upper;
};

/** Returns 0, or −1 when the packing buffers could not be allocated (nothing written). */
int passk_gemm_avx512(const PasskGemmArgs* g);
int passk_gemm_avx2(const PasskGemmArgs* g);
/** Cholesky A = UᵀU of the n×n row-major upper triangle (row stride lda): 0, j + 1 (not PD at column j), −1 (memory). */
int passk_potrf_avx512(int64_t n, double* a, int64_t lda);
int passk_potrf_avx2(int64_t n, double* a, int64_t lda);
/** Block sizes (tuning): kc, mc, nc, Cholesky panel, most rows for the dot-product A·Bᵀ kernel; 0 / −1 = unchanged. */
void passk_tune_avx512(int kc, int mc, int nc, int nb, int dotMaxM);
void passk_tune_avx2(int kc, int mc, int nc, int nb, int dotMaxM);
}
