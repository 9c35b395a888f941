import { afterAll, describe, expect, it } from 'vitest'
import { setKernelBackend } from './backend.js'
import { dgemv } from './dgemv.js'
import { dgemvT } from './dgemv-t.js'
import { dgemm } from './dgemm.js'
import { randomNormals } from './internal/random.js'
import { wasmGemmNT } from './internal/wasm-syrk.js'
import { nativeAddon } from './internal/native.js'

/** Every backend this machine has (native only where the addon is built: see native.test.ts). */
const BACKENDS = nativeAddon() ? (['js', 'wasm', 'native'] as const) : (['js', 'wasm'] as const)

/** Relative error against the scale Σ|a_t·b_t| of the terms (cancellation-safe). */
function relErr(got: number, want: number, scale: number): number {
  return Math.abs(got - want) / scale
}

describe('dgemv', () => {
  it('computes αAx + βy like the naive loop to 1e-12 relative', () => {
    const m = 13,
      n = 29
    const a = randomNormals(5 + m * n, 1),
      x = randomNormals(n, 2),
      y0 = randomNormals(m, 3)
    const y = dgemv(m, n, 1.5, a, 5, x, -0.25, y0.slice())
    for (let i = 0; i < m; i++) {
      let s = 0,
        sc = 0
      for (let j = 0; j < n; j++) {
        s += a[5 + i * n + j] * x[j]
        sc += Math.abs(a[5 + i * n + j] * x[j])
      }
      expect(relErr(y[i], 1.5 * s - 0.25 * y0[i], 1.5 * sc + 0.25 * Math.abs(y0[i]))).toBeLessThan(1e-12)
    }
  })
  it('overwrites y when β = 0 even if y holds NaN', () => {
    expect([
      ...dgemv(1, 2, 1, new Float64Array([1, 2]), 0, new Float64Array([3, 4]), 0, new Float64Array([Number.NaN])),
    ]).toEqual([11])
  })
})

describe('dgemvT', () => {
  it('computes αAᵀx + βy over a row range like the naive loop to 1e-12 relative', () => {
    const m = 17,
      n = 9,
      off = 3 * n
    const a = randomNormals(off + m * n, 4),
      x = randomNormals(2 + m, 5),
      y0 = randomNormals(n, 6)
    const y = dgemvT(m, n, 2, a, off, x, 2, 1, y0.slice())
    for (let j = 0; j < n; j++) {
      let s = 0,
        sc = 0
      for (let i = 0; i < m; i++) {
        s += a[off + i * n + j] * x[2 + i]
        sc += Math.abs(a[off + i * n + j] * x[2 + i])
      }
      expect(relErr(y[j], 2 * s + y0[j], 2 * sc + Math.abs(y0[j]))).toBeLessThan(1e-12)
    }
  })
})

afterAll(() => setKernelBackend('auto'))

describe.each(BACKENDS)('dgemm (%s backend)', (backend) => {
  for (const [transB, m, n, k] of [
    [true, 70, 11, 33],
    [false, 70, 11, 33],
    [true, 45, 23, 150],
    [false, 45, 23, 150],
  ] as const) {
    it(`computes αA·${transB ? 'Bᵀ' : 'B'} + βC like the naive triple loop to 1e-12 relative (${m}×${n}×${k}, edges in every dimension)`, () => {
      setKernelBackend(backend)
      const a = randomNormals(m * k, 7),
        b = randomNormals(n * k, 8),
        c0 = randomNormals(m * n, 9)
      const c = dgemm(transB, m, n, k, 0.7, a, b, 0.3, c0.slice())
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let s = 0,
            sc = 0
          for (let t = 0; t < k; t++) {
            const bv = transB ? b[j * k + t] : b[t * n + j]
            s += a[i * k + t] * bv
            sc += Math.abs(a[i * k + t] * bv)
          }
          expect(
            relErr(c[i * n + j], 0.7 * s + 0.3 * c0[i * n + j], 0.7 * sc + 0.3 * Math.abs(c0[i * n + j])),
          ).toBeLessThan(1e-12)
        }
    })
  }
  it('gives the documented example', () => {
    expect([
      ...dgemm(
        false,
        2,
        2,
        2,
        1,
        new Float64Array([1, 2, 3, 4]),
        new Float64Array([1, 0, 0, 1]),
        0,
        new Float64Array(4),
      ),
    ]).toEqual([1, 2, 3, 4])
  })
})

describe('wasmGemmNT (internal)', () => {
  it('gives the same product when B is processed in chunks of 5 rows (odd chunk and remainder) as in one piece', () => {
    const m = 9,
      n = 23,
      k = 131
    const a = randomNormals(m * k, 21),
      b = randomNormals(n * k, 22)
    const one = new Float64Array(m * n),
      chunked = new Float64Array(m * n)
    expect(wasmGemmNT(m, n, k, 1, a, b, one)).toBe(true)
    expect(wasmGemmNT(m, n, k, 1, a, b, chunked, 5)).toBe(true)
    for (let i = 0; i < m * n; i++) expect(chunked[i]).toBe(one[i])
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0,
          sc = 0
        for (let t = 0; t < k; t++) {
          s += a[i * k + t] * b[j * k + t]
          sc += Math.abs(a[i * k + t] * b[j * k + t])
        }
        expect(Math.abs(one[i * n + j] - s) / sc).toBeLessThan(1e-12)
      }
  })
})
