import { nativeAddon, nativeUnavailableReason } from './internal/native.js'
import { wasmAvailable } from './internal/wasm-syrk.js'

export type KernelBackend = 'auto' | 'js' | 'wasm' | 'native'

let requested: KernelBackend = 'auto'
let resolved: 'js' | 'wasm' | 'native' | undefined

let warned = false
/** One warning per thread about an unusable PASSK_LINALG_BACKEND. */
function warnOnce(msg: string): void {
  if (!warned) process.emitWarning(msg)
  warned = true
}

/** PASSK_LINALG_BACKEND=js|wasm|native, what 'auto' resolves to when set (and available); else undefined. */
function envBackend(): 'js' | 'wasm' | 'native' | undefined {
  const v = process.env['PASSK_LINALG_BACKEND']?.trim()
  if (!v || v === 'auto') return undefined
  if (v !== 'js' && v !== 'wasm' && v !== 'native') {
    warnOnce(`PASSK_LINALG_BACKEND=${v} is not one of js, wasm, native, auto; using auto`)
    return undefined
  }
  if (v === 'native' && !nativeAddon()) {
    warnOnce(`PASSK_LINALG_BACKEND=native: the native backend is ${nativeUnavailableReason()}; using auto`)
    return undefined
  }
  if (v === 'wasm' && !wasmAvailable()) {
    warnOnce('PASSK_LINALG_BACKEND=wasm: WebAssembly SIMD is not available; using auto')
    return undefined
  }
  return v
}

/**
 * Choose the implementation of the dense kernels (dgemm / dgemmEx, the Gram kernels dsyrkPanel, dsyrkRows,
 * dgramRows, and dpotrf): 'native' = the Node-API addon (C++, packed panels with an AVX-512 or AVX2 FMA
 * micro-kernel chosen for the CPU; built at install, see native/build.mjs), 'wasm' = WebAssembly SIMD (f64x2),
 * 'js' = scalar register-blocked TypeScript, 'auto' (default) = PASSK_LINALG_BACKEND if set, else native when the
 * addon loads, else WebAssembly when the runtime supports SIMD, else JS. All give the same result up to rounding
 * (different summation order). Per thread (each worker has its own setting).
 * @example
 * setKernelBackend('js'); kernelBackend() // → 'js'
 */
export function setKernelBackend(b: KernelBackend): void {
  if (b === 'wasm' && !wasmAvailable())
    throw new Error('setKernelBackend: WebAssembly SIMD is not available in this runtime')
  if (b === 'native' && !nativeAddon())
    throw new Error(`setKernelBackend: the native backend is ${nativeUnavailableReason()}`)
  requested = b
  resolved = undefined
}

/** The backend the kernels use right now ('js', 'wasm' or 'native'). */
export function kernelBackend(): 'js' | 'wasm' | 'native' {
  if (resolved) return resolved
  if (requested !== 'auto') resolved = requested
  else resolved = envBackend() ?? (nativeAddon() ? 'native' : wasmAvailable() ? 'wasm' : 'js')
  return resolved
}

/** Below this many multiply–adds a call stays in JS (copy-in/out overhead of the WebAssembly path). */
export const WASM_MIN_WORK = 1 << 15
/** Below this many multiply–adds a call stays in JS (the Node-API call itself costs about a microsecond). */
export const NATIVE_MIN_WORK = 1 << 10
