import { describe, expect, it } from 'vitest'
import { dsyrkRows } from './dsyrk-rows.js'
import { dgramRows } from './dsyrk-rows.js'
import { dgemvT } from './dgemv-t.js'
import { ridgePrimal } from './ridge-primal.js'
import { ridgeDual } from './ridge-dual.js'
import { createSpdWorkspace } from './dposv-jitter.js'
import { randomNormals } from './internal/random.js'

function problem(n: number, d: number, seed: number) {
  const x = randomNormals(n * d, seed),
    y = randomNormals(n, seed + 1)
  // power-law column scales as in the LID spectrum (σ_j² = j^-2)
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) x[r * d + j] /= j + 1
  return { x, y }
}

function primal(n: number, d: number, x: Float64Array, y: Float64Array, nl: number) {
  const g = dsyrkRows(d, x, 0, n, new Float64Array(d * d))
  const b = dgemvT(n, d, 1, x, 0, y, 0, 0, new Float64Array(d))
  const th = new Float64Array(d)
  const st = ridgePrimal(d, g, b, nl, th, createSpdWorkspace(d))
  return { th, st }
}

function dual(n: number, d: number, x: Float64Array, y: Float64Array, nl: number) {
  const k = dgramRows(n, d, x, 0, d, new Float64Array(n * n))
  const th = new Float64Array(d)
  const st = ridgeDual(n, d, x, y, nl, k, n, new Float64Array(n), th, createSpdWorkspace(n))
  return { th, st }
}

function maxRel(a: Float64Array, b: Float64Array): number {
  let e = 0,
    s = 0
  for (let i = 0; i < a.length; i++) {
    e = Math.max(e, Math.abs(a[i] - b[i]))
    s = Math.max(s, Math.abs(b[i]))
  }
  return e / s
}

describe('ridgeDual vs ridgePrimal', () => {
  for (const [n, d] of [
    [20, 50],
    [80, 30],
  ] as const) {
    it(`agree to 1e-8 for ridge with λ > 0 (N = ${n}, d = ${d})`, () => {
      const { x, y } = problem(n, d, 10 + n)
      const lam = 1e-3,
        nl = n * lam
      const p = primal(n, d, x, y, nl),
        q = dual(n, d, x, y, nl)
      expect(p.st.info).toBe(0)
      expect(q.st.info).toBe(0)
      expect(p.st.jitter).toBe(0)
      expect(q.st.jitter).toBe(0)
      expect(maxRel(q.th, p.th)).toBeLessThan(1e-8)
      // and the primal normal equations hold: (XᵀX + NλI)θ = Xᵀy
      const g = dsyrkRows(d, x, 0, n, new Float64Array(d * d))
      const b = dgemvT(n, d, 1, x, 0, y, 0, 0, new Float64Array(d))
      for (let i = 0; i < d; i++) {
        let s = nl * p.th[i]
        for (let j = 0; j < d; j++) s += (j >= i ? g[i * d + j] : g[j * d + i]) * p.th[j]
        expect(Math.abs(s - b[i])).toBeLessThan(1e-10 * (1 + Math.abs(b[i])))
      }
    })
  }

  it('gives the minimum-norm interpolator for λ = 0, N < d: Xθ = y and θ ⟂ null(X)', () => {
    const n = 25,
      d = 60
    const { x, y } = problem(n, d, 3)
    const { th, st } = dual(n, d, x, y, 0)
    expect(st.info).toBe(0)
    expect(st.jitter).toBe(0)
    for (let r = 0; r < n; r++) {
      let s = 0
      for (let j = 0; j < d; j++) s += x[r * d + j] * th[j]
      expect(Math.abs(s - y[r])).toBeLessThan(1e-8)
    }
    // min norm: any other interpolator θ + v with Xv = 0 is longer; θ = Xᵀα lies in row space, so
    // adding a null-space vector v (v = w − Xᵀ(XXᵀ)⁻¹Xw) must increase the norm by exactly |v|².
    const w = randomNormals(d, 99)
    const xw = new Float64Array(n)
    for (let r = 0; r < n; r++) {
      let s = 0
      for (let j = 0; j < d; j++) s += x[r * d + j] * w[j]
      xw[r] = s
    }
    const proj = dual(n, d, x, xw, 0).th
    let dot = 0
    for (let j = 0; j < d; j++) dot += th[j] * (w[j] - proj[j])
    expect(Math.abs(dot)).toBeLessThan(1e-8)
  })

  it('serves every nested N from one leading block of K (ldk > N)', () => {
    const nBig = 40,
      n = 17,
      d = 50
    const { x, y } = problem(nBig, d, 7)
    const kBig = dgramRows(nBig, d, x, 0, d, new Float64Array(nBig * nBig))
    const th = new Float64Array(d)
    ridgeDual(n, d, x, y, n * 1e-2, kBig, nBig, new Float64Array(n), th, createSpdWorkspace(nBig))
    expect(maxRel(th, dual(n, d, x, y, n * 1e-2).th)).toBeLessThan(1e-12)
  })
})
