/// <reference path="../../../test/setup/matchers.ts" />
import { createRng, type Curve, type TrialScores } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { describe, expect, it } from 'vitest'
import { correlationSpectrum, trialCorrelation, trialCorrelationOptions } from './trial-correlation.js'

function group(n: number, K: number, f: (i: number, k: number) => number): TrialScores['groups'][number] {
  const scores = new Float64Array(n * K)
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) scores[i * K + k] = f(i, k)
  return { label: 'synthetic', nProblems: n, nAttempts: K, scores }
}
/** Orthonormal DCT-II basis vector j (length m) at index i. */
function dct(m: number, j: number, i: number): number {
  return j === 0 ? Math.sqrt(1 / m) : Math.sqrt(2 / m) * Math.cos((Math.PI * (i + 0.5) * j) / m)
}

describe('correlationSpectrum', () => {
  it('recovers eigenvalues s_j² = j^−0.8 exactly and κ = 0.8 from E = √n·U·diag(s)·Vᵀ with orthonormal U, V', () => {
    // (1/n)·EᵀE = V·diag(s²)·Vᵀ exactly, so the Eq. 15 spectrum is s² by construction.
    const n = 64,
      K = 32,
      kappa = 0.8
    const s = Array.from({ length: K }, (_, j) => Math.sqrt(Math.pow(j + 1, -kappa)))
    const g = group(n, K, (i, k) => {
      let v = 0
      for (let j = 0; j < K; j++) v += dct(n, j, i) * s[j] * dct(K, j, k)
      return Math.sqrt(n) * v
    })
    const sp = correlationSpectrum(g, K, false, 1, K)
    for (let j = 0; j < K; j++) expect(sp.eigenvalues[j]).toBeCloseToRel(Math.pow(j + 1, -kappa), 1e-10)
    expect(sp.fit!.kappa).toBeCloseToRel(kappa, 1e-9)
    expect(sp.fit!.r2).toBeCloseToRel(1, 1e-12)
  })
  it('finds λ_1 ≈ μ²K + σ² and a Marchenko–Pastur bulk around σ² for rank-1 plus noise (error = 0.5 + 0.1·z)', () => {
    const n = 2000,
      K = 40,
      rng = createRng(12)
    const g = group(n, K, () => 0.5 + 0.1 * rng.normal())
    const sp = correlationSpectrum(g, K, false, 2, 20)
    expect(sp.eigenvalues[0]).toBeCloseToRel(0.25 * K + 0.01, 0.02)
    // Bulk: all other eigenvalues inside σ²(1 ± √(K/n))², widened by 10% for finite size.
    const r = Math.sqrt(K / n)
    for (let j = 1; j < K; j++) {
      expect(sp.eigenvalues[j]).toBeGreaterThan(0.01 * (1 - r) ** 2 * 0.9)
      expect(sp.eigenvalues[j]).toBeLessThan(0.01 * (1 + r) ** 2 * 1.1)
    }
  })
  it('matches a brute-force Eq. 15 matrix entry', () => {
    const g = group(3, 2, (i, k) => i + 2 * k + 1) // rows (1,3), (2,4), (3,5)
    const sp = correlationSpectrum(g, 2, false, 1, 2)
    expect(Array.from(sp.matrix)).toEqual([(1 + 4 + 9) / 3, (3 + 8 + 15) / 3, (3 + 8 + 15) / 3, (9 + 16 + 25) / 3])
  })
})

describe('trialCorrelation', () => {
  it('returns the spectrum curve with κ in meta and the matrix as a table', () => {
    const n = 64,
      K = 16
    const g = group(n, K, (i, k) => {
      let v = 0
      for (let j = 0; j < K; j++) v += dct(n, j, i) * Math.pow(j + 1, -0.6) * dct(K, j, k)
      return Math.sqrt(n) * v
    })
    const ctx = createTestContext()
    const c = trialCorrelation.run(
      { kind: 'TrialScores', higherIsBetter: false, meta: {}, groups: [g] },
      trialCorrelationOptions.parse({ jMin: 1 }),
      ctx,
    ) as Curve
    expect(c.id).toBe('trial-correlation-spectrum')
    expect(c.meta!.kappa as number).toBeCloseToRel(1.2, 1e-9) // eigenvalues s_j² = j^−1.2
    expect(c.series[1].style).toBe('fit')
    expect(ctx.tables[0].id).toBe('trial-correlation-matrix')
    expect(ctx.tables[0].rows.length).toBe(K)
  })
  it('warns when eigenvalues are numerically zero (rank < K) and when only the first of several groups is analysed', () => {
    const g = group(3, 10, (i, k) => (k < 4 ? 1 + i * k : 0)) // attempts 5–10 all 0: ε_kk' has an exactly zero block
    const ctx = createTestContext()
    void trialCorrelation.run(
      { kind: 'TrialScores', higherIsBetter: false, meta: {}, groups: [g, g] },
      trialCorrelationOptions.parse({ jMin: 1, jMax: 3 }),
      ctx,
    )
    expect(ctx.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['PASSK_FIRST_GROUP_ONLY', 'PASSK_NONPOSITIVE_EIGENVALUES']),
    )
  })
  it('rejects a fit range with fewer than 3 eigenvalues', () => {
    const g = group(5, 4, (i, k) => i + k + 1)
    expect(() =>
      trialCorrelation.run(
        { kind: 'TrialScores', higherIsBetter: false, meta: {}, groups: [g] },
        trialCorrelationOptions.parse({ jMin: 3, jMax: 4 }),
        createTestContext(),
      ),
    ).toThrow(expect.objectContaining({ code: 'PASSK_BAD_OPTIONS' }))
  })
})
