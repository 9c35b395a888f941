/**
 * Loader of the native backend: the Node-API addon built from native/src (C++, AVX-512 / AVX2 + FMA micro-kernels
 * chosen at run time by the CPU) into native/build/passk_linalg.node by native/build.mjs (the root `prepare`
 * script). Loaded on first use, in each thread that uses it (the addon is context-aware, so worker_threads load it
 * too). Looked up by walking up from this module's directory, which finds it from the TypeScript sources
 * (src/internal), the tsc output (dist/src/internal) and the esbuild bundles (apps/tui/dist/…, tools/bench/dist/…,
 * via packages/linalg/native/build). Absent or unloadable addon → `nativeAddon()` is null and the backend is off.
 * Internal: the public entry points are dgemmEx / dsyrkPanel / dgramRows / dpotrf.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export interface NativeAddon {
  /** C ← β·C + α·op(A)·op(B) on the callers' arrays (zero-copy); false when an argument does not validate. */
  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float64Array,
    offA: number,
    lda: number,
    b: Float64Array,
    offB: number,
    ldb: number,
    beta: number,
    c: Float64Array,
    offC: number,
    ldc: number,
    upper: boolean,
  ): boolean
  /** Cholesky in place (upper triangle at a[off], row stride lda): LAPACK info ≥ 0; −1 not run; −2 out of memory. */
  potrf(n: number, a: Float64Array, off: number, lda: number): number
  /** 'avx512' | 'avx2' | 'none' (then the backend is unavailable). */
  isa(): string
  /** Select the micro-kernel for this thread (tests, benchmarks); false if the CPU lacks it. */
  setIsa(isa: 'avx512' | 'avx2'): boolean
  /** Block sizes kc, mc, nc and the Cholesky panel width (benchmarking; 0 = unchanged). */
  tune(kc: number, mc: number, nc: number, nb: number): boolean
}

const ADDON = path.join('native', 'build', 'passk_linalg.node')

/** The addon's path: the nearest ancestor holding native/build/… or packages/linalg/native/build/…, else null. */
export function nativeAddonPath(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (let up = 0; up < 8; up++) {
    for (const rel of [ADDON, path.join('packages', 'linalg', ADDON)]) {
      const p = path.join(dir, rel)
      if (fs.existsSync(p)) return p
    }
    const parent = path.dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  return null
}

let addon: NativeAddon | null | undefined
/** Why the addon is not available (for error messages), once tried. */
let reason = ''

/** The loaded addon, or null if it is not built, fails to load, or the CPU has neither AVX-512F nor AVX2 + FMA. */
export function nativeAddon(): NativeAddon | null {
  if (addon !== undefined) return addon
  addon = null
  const p = nativeAddonPath()
  if (!p) reason = 'not built (npm ci / node packages/linalg/native/build.mjs builds it)'
  else
    try {
      const a = createRequire(import.meta.url)(p) as NativeAddon
      if (a.isa() === 'none') reason = 'this CPU has neither AVX-512F nor AVX2 + FMA'
      else addon = a
    } catch (e) {
      reason = `could not be loaded from ${p}: ${e instanceof Error ? e.message : String(e)}`
    }
  return addon
}

/** Why nativeAddon() is null ('' if it is available). */
export function nativeUnavailableReason(): string {
  nativeAddon()
  return reason
}
