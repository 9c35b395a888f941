// Node-API entry points of the @passk/linalg native backend (loaded by src/internal/native.ts). Plain C Node-API
// (node_api.h), context-aware (NAPI_MODULE_INIT), so it loads in the main thread and in every worker_thread. The
// kernels operate directly on the callers' Float64Array memory (zero-copy); every span is bounds-checked here, and a
// call that does not validate returns false so that the TypeScript side runs its own kernel instead.
// Compiled without any -m flag: only gemm-avx512.cc / gemm-avx2.cc contain vector code, chosen at run time.
#include <node_api.h>
#include <string.h>

#include "kernels.h"

namespace {

struct Impl {
  const char* name;
  int (*gemm)(const PasskGemmArgs*);
  int (*potrf)(int64_t, double*, int64_t);
  void (*tune)(int, int, int, int, int);
};
const Impl AVX512 = {"avx512", passk_gemm_avx512, passk_potrf_avx512, passk_tune_avx512};
const Impl AVX2 = {"avx2", passk_gemm_avx2, passk_potrf_avx2, passk_tune_avx2};

bool hasAvx512() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
}
bool hasAvx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
const Impl* best() { return hasAvx512() ? &AVX512 : hasAvx2() ? &AVX2 : nullptr; }
/** Per thread, so a test that selects AVX2 in one worker does not change another. */
thread_local const Impl* impl = best();

bool getBool(napi_env env, napi_value v, bool* out) { return napi_get_value_bool(env, v, out) == napi_ok; }
bool getInt(napi_env env, napi_value v, int64_t* out) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok) return false;
  if (!(d >= -9007199254740991.0 && d <= 9007199254740991.0) || d != (double)(int64_t)d) return false;
  *out = (int64_t)d;
  return true;
}
bool getDouble(napi_env env, napi_value v, double* out) { return napi_get_value_double(env, v, out) == napi_ok; }
/** A Float64Array's data (already at its byteOffset) and length in elements. */
bool getF64(napi_env env, napi_value v, double** data, int64_t* len) {
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return false;
  napi_typedarray_type type;
  size_t length;
  void* p;
  if (napi_get_typedarray_info(env, v, &type, &length, &p, nullptr, nullptr) != napi_ok) return false;
  if (type != napi_float64_array) return false;
  *data = static_cast<double*>(p);
  *len = (int64_t)length;
  return true;
}
/** rows × cols at off with row stride ld lies inside an array of `len` elements (rows, cols ≥ 1). */
bool spanOk(int64_t off, int64_t ld, int64_t rows, int64_t cols, int64_t len) {
  if (off < 0 || ld < 0 || rows < 1 || cols < 1) return false;
  if (rows > 1 && ld > (int64_t(1) << 52) / (rows - 1)) return false;
  return off + (rows - 1) * ld + cols <= len;
}

napi_value boolean(napi_env env, bool b) {
  napi_value r;
  napi_get_boolean(env, b, &r);
  return r;
}

/** gemm(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc, upper) → true if done. */
napi_value Gemm(napi_env env, napi_callback_info info) {
  size_t argc = 17;
  napi_value argv[17];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < 17 || !impl)
    return boolean(env, false);
  bool ta, tb, upper;
  int64_t m, n, k, offA, lda, offB, ldb, offC, ldc, lenA, lenB, lenC;
  double alpha, beta, *a, *b, *c;
  if (!getBool(env, argv[0], &ta) || !getBool(env, argv[1], &tb) || !getInt(env, argv[2], &m) ||
      !getInt(env, argv[3], &n) || !getInt(env, argv[4], &k) || !getDouble(env, argv[5], &alpha) ||
      !getF64(env, argv[6], &a, &lenA) || !getInt(env, argv[7], &offA) || !getInt(env, argv[8], &lda) ||
      !getF64(env, argv[9], &b, &lenB) || !getInt(env, argv[10], &offB) || !getInt(env, argv[11], &ldb) ||
      !getDouble(env, argv[12], &beta) || !getF64(env, argv[13], &c, &lenC) || !getInt(env, argv[14], &offC) ||
      !getInt(env, argv[15], &ldc) || !getBool(env, argv[16], &upper))
    return boolean(env, false);
  if (m < 1 || n < 1 || k < 1 || (upper && m != n)) return boolean(env, false);
  if (!spanOk(offA, lda, ta ? k : m, ta ? m : k, lenA) || !spanOk(offB, ldb, tb ? n : k, tb ? k : n, lenB) ||
      !spanOk(offC, ldc, m, n, lenC))
    return boolean(env, false);
  PasskGemmArgs g{ta, tb, m, n, k, alpha, a + offA, lda, b + offB, ldb, beta, c + offC, ldc, upper};
  return boolean(env, impl->gemm(&g) == 0);
}

/**
 * potrf(n, a, offA, lda) → LAPACK info (0, or j + 1); −1 if the arguments do not validate (nothing written), −2 if
 * the packing buffers could not be allocated part-way (A is then partly overwritten).
 */
napi_value Potrf(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_value r;
  int64_t n, off, lda, len;
  double* a;
  int status = -1;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) == napi_ok && argc >= 4 && impl &&
      getInt(env, argv[0], &n) && getF64(env, argv[1], &a, &len) && getInt(env, argv[2], &off) &&
      getInt(env, argv[3], &lda) && n >= 1 && lda >= n && spanOk(off, lda, n, n, len))
  {
    status = impl->potrf(n, a + off, lda);
    if (status < 0) status = -2;
  }
  napi_create_int32(env, status, &r);
  return r;
}

/** setIsa('avx512' | 'avx2') → true if this CPU supports it (this thread only; for tests and benchmarks). */
napi_value SetIsa(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  char name[16] = {0};
  size_t len = 0;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < 1 ||
      napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len) != napi_ok)
    return boolean(env, false);
  if (strcmp(name, "avx512") == 0 && hasAvx512()) impl = &AVX512;
  else if (strcmp(name, "avx2") == 0 && hasAvx2()) impl = &AVX2;
  else return boolean(env, false);
  return boolean(env, true);
}

/** isa() → 'avx512' | 'avx2' | 'none' (no supported instruction set: the backend is unavailable). */
napi_value Isa(napi_env env, napi_callback_info) {
  napi_value r;
  const char* s = impl ? impl->name : "none";
  napi_create_string_utf8(env, s, strlen(s), &r);
  return r;
}

/** tune(kc, mc, nc, nb, dotMaxM): block sizes of the current instruction set (benchmarking only; −1 = unchanged). */
napi_value Tune(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  int64_t v[5] = {-1, -1, -1, -1, -1};
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) == napi_ok && impl) {
    for (size_t i = 0; i < argc && i < 5; i++)
      if (!getInt(env, argv[i], &v[i]) || v[i] < -1 || v[i] > 1 << 20) v[i] = -1;
    impl->tune(int(v[0]), int(v[1]), int(v[2]), int(v[3]), int(v[4]));
  }
  return boolean(env, impl != nullptr);
}

}  // namespace

NAPI_MODULE_INIT() {
  const napi_property_descriptor props[] = {
      {"gemm", nullptr, Gemm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"potrf", nullptr, Potrf, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setIsa", nullptr, SetIsa, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"isa", nullptr, Isa, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"tune", nullptr, Tune, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return nullptr;
  return exports;
}
