import { wasmAvailable } from './internal/wasm-syrk.js'

export type KernelBackend = 'auto' | 'js' | 'wasm'

let requested: KernelBackend = 'auto'

/**
 * Choose the implementation of the Gram kernels (dsyrkPanel, dsyrkRows, dgramRows and hence dpotrf's
 * trailing updates) and of dgemm / dgemmEx: 'js' = scalar register-blocked TypeScript, 'wasm' = WebAssembly
 * SIMD (f64x2),
 * 'auto' (default) = WebAssembly when the runtime supports SIMD, else JS. Both give the same result up
 * to rounding (different summation order). Per thread (each worker has its own setting).
 * @example
 * setKernelBackend('js'); kernelBackend() // → 'js'
 */
export function setKernelBackend(b: KernelBackend): void {
  if (b === 'wasm' && !wasmAvailable())
    throw new Error('setKernelBackend: WebAssembly SIMD is not available in this runtime')
  requested = b
}

/** The backend the Gram kernels use right now ('js' or 'wasm'). */
export function kernelBackend(): 'js' | 'wasm' {
  if (requested === 'js') return 'js'
  return wasmAvailable() ? 'wasm' : 'js'
}

/** Below this many multiply–adds a call stays in JS (copy-in/out overhead of the WebAssembly path). */
export const WASM_MIN_WORK = 1 << 15
