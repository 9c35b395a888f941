import { afterAll, describe, expect, it } from 'vitest'
import { kernelBackend, setKernelBackend } from './backend.js'
import { dgramRows, dsyrkPanel, dsyrkRows } from './dsyrk-rows.js'
import { dsymFill } from './dsym-fill.js'
import { randomNormals } from './internal/random.js'
import { nativeAddon } from './internal/native.js'

/** Every backend this machine has (native only where the addon is built: see native.test.ts). */
const BACKENDS = nativeAddon() ? (['js', 'wasm', 'native'] as const) : (['js', 'wasm'] as const)

/** Naive triple loop G = XᵀX over rows r0..r1 (full matrix). */
function naiveGram(d: number, x: Float64Array, r0: number, r1: number): Float64Array {
  const g = new Float64Array(d * d)
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let s = 0
      for (let r = r0; r < r1; r++) s += x[r * d + i] * x[r * d + j]
      g[i * d + j] = s
    }
  return g
}

/** Max over the upper triangle of |a − b| / sqrt(b_ii·b_jj): relative error on the scale of the entries' terms. */
function upperErr(d: number, a: Float64Array, b: Float64Array): number {
  let e = 0
  for (let i = 0; i < d; i++)
    for (let j = i; j < d; j++)
      e = Math.max(e, Math.abs(a[i * d + j] - b[i * d + j]) / Math.sqrt(b[i * d + i] * b[j * d + j]))
  return e
}

afterAll(() => setKernelBackend('auto'))

describe.each(BACKENDS)('dsyrkRows (%s backend)', (backend) => {
  setKernelBackend(backend)
  it('uses the requested backend', () => {
    setKernelBackend(backend)
    expect(kernelBackend()).toBe(backend)
  })
  it('matches the naive triple loop to 1e-12 relative (d = 37, 300 rows across packing blocks)', () => {
    setKernelBackend(backend)
    const d = 37,
      n = 300
    const x = randomNormals(n * d, 1)
    const g = dsyrkRows(d, x, 0, n, new Float64Array(d * d))
    const ref = naiveGram(d, x, 0, n)
    expect(upperErr(d, g, ref)).toBeLessThan(1e-12)
    // strict lower triangle untouched
    for (let i = 1; i < d; i++) for (let j = 0; j < i; j++) expect(g[i * d + j]).toBe(0)
  })

  it('incremental updates over nested prefixes equal the from-scratch Gram to rounding', () => {
    setKernelBackend(backend)
    const d = 64,
      n = 777
    const x = randomNormals(n * d, 2)
    const inc = new Float64Array(d * d)
    const cuts = [0, 16, 17, 130, 400, 777]
    for (let c = 1; c < cuts.length; c++) dsyrkRows(d, x, cuts[c - 1], cuts[c], inc)
    const scratch = dsyrkRows(d, x, 0, n, new Float64Array(d * d))
    expect(upperErr(d, inc, scratch)).toBeLessThan(1e-13)
    expect(upperErr(d, inc, naiveGram(d, x, 0, n))).toBeLessThan(1e-12)
  })

  it('gives the documented example', () => {
    expect([...dsyrkRows(2, new Float64Array([1, 2, 3, 4]), 0, 2, new Float64Array(4))]).toEqual([10, 14, 0, 20])
  })
})

describe.each(BACKENDS)('dsyrkPanel (%s backend)', (backend) => {
  it('applies alpha, strides and offsets inside a larger matrix', () => {
    setKernelBackend(backend)
    // A = 100 rows × 30 columns taken from a 33-wide buffer at offset 11; G = 30×30 block of a 40-wide matrix at (2, 3)
    const k = 100,
      m = 30,
      lda = 33,
      offA = 11,
      ldg = 40,
      offG = 2 * 40 + 3
    const a = randomNormals(offA + k * lda, 3)
    const g = randomNormals(40 * 40, 4)
    const before = g.slice()
    dsyrkPanel(m, k, -0.5, a, offA, lda, g, offG, ldg)
    for (let i = 0; i < 40; i++)
      for (let j = 0; j < 40; j++) {
        const bi = i - 2,
          bj = j - 3
        const inside = bi >= 0 && bi < m && bj >= bi && bj < m
        let want = before[i * ldg + j]
        if (inside) {
          let s = 0
          for (let r = 0; r < k; r++) s += a[offA + r * lda + bi] * a[offA + r * lda + bj]
          want -= 0.5 * s
        }
        expect(g[i * ldg + j]).toBeCloseTo(want, 12)
      }
  })
})

describe.each(BACKENDS)('dgramRows (%s backend)', (backend) => {
  it('computes the upper triangle of X·Xᵀ like the naive loop (n = 43, k = 71)', () => {
    setKernelBackend(backend)
    const n = 43,
      k = 71
    const x = randomNormals(n * k, 5)
    const g = dgramRows(n, k, x, 0, k, new Float64Array(n * n))
    const ref = new Float64Array(n * n)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0
        for (let t = 0; t < k; t++) s += x[i * k + t] * x[j * k + t]
        ref[i * n + j] = s
      }
    expect(upperErr(n, g, ref)).toBeLessThan(1e-12)
    dsymFill(n, g)
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(g[i * n + j]).toBe(g[j * n + i])
  })
})
