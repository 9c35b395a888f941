/// <reference path="../../../test/setup/matchers.ts" />
import { lastOutput, runPlugins, createTestContext } from '@passk/core/testing'
import { defineSource, z, type Curve, type TrialOutcomes, type TrialScores } from '@passk/core'
import { describe, expect, it } from 'vitest'
import { threshold } from './threshold.js'
import { scorePassk, scorePasskOptions } from './score-passk.js'
import { unbiasedPassAtK } from './internal/pass-at-k.js'

/** A source that emits a fixed score matrix (problems × attempts). */
function fixed(scores: number[][], higherIsBetter = false) {
  return defineSource({
    name: 'fixed-scores', version: '0.0.0', summary: 'test scores', options: z.object({}).strict(), produces: 'TrialScores',
    run: (): TrialScores => ({ kind: 'TrialScores', higherIsBetter, meta: {}, groups: [{ label: 'g', nProblems: scores.length, nAttempts: scores[0]!.length, scores: Float64Array.from(scores.flat()) }] }),
  })
}
const S = [
  [0.1, 0.5, 0.6, 0.2],  // ε = 0.3 → c = 2
  [0.9, 0.8, 0.7, 0.35], // ε = 0.3 → c = 0; ε = 0.4 → c = 1
  [0.3, 0.3, 0.31, 0.0], // ε = 0.3 → c = 3 (≤ is success)
]

describe('threshold', () => {
  it('counts attempts with score ≤ ε as successes and keeps their order', async () => {
    const o = lastOutput<TrialOutcomes>(await runPlugins([{ plugin: fixed(S) }, { plugin: threshold, options: { epsilon: 0.3 } }]))
    const g = o.groups[0]!
    expect(Array.from(g.c)).toEqual([2, 0, 3])
    expect(Array.from(g.n)).toEqual([4, 4, 4])
    expect(Array.from(g.attempts![2]!)).toEqual([1, 1, 0, 1])
  })
  it('uses score ≥ ε when higher is better', async () => {
    const o = lastOutput<TrialOutcomes>(await runPlugins([{ plugin: fixed(S, true) }, { plugin: threshold, options: { epsilon: 0.6 } }]))
    expect(Array.from(o.groups[0]!.c)).toEqual([1, 3, 0])
  })
  it('warns (PASSK_NO_SUCCESS) when no attempt passes', async () => {
    const out = await runPlugins([{ plugin: fixed(S) }, { plugin: threshold, options: { epsilon: -1 } }])
    expect(out.results.warnings.map((w) => w.code)).toContain('PASSK_NO_SUCCESS')
  })
})

describe('unbiasedPassAtK', () => {
  it('equals 1 − C(n−c,k)/C(n,k) computed with exact integer binomials', () => {
    const C = (n: number, k: number) => { let r = 1; for (let i = 1; i <= k; i++) r = r * (n - k + i) / i; return r }
    for (const [n, c, k] of [[10, 3, 2], [20, 1, 5], [50, 17, 10], [7, 0, 3], [7, 7, 1], [5, 2, 4]] as const) {
      const ref = n - c < k ? 1 : 1 - C(n - c, k) / C(n, k)
      expect(unbiasedPassAtK(n, c, k)).toBeCloseToRel(ref, 1e-13)
    }
  })
})

describe('scorePassk', () => {
  it('gives the mean unbiased pass@k per ε from the empirical success counts', async () => {
    const c = lastOutput<Curve>(await runPlugins([{ plugin: fixed(S) }, { plugin: scorePassk, options: { epsilons: [0.3, 0.4], k: [1, 2, 4] } }]))
    expect(c.series.map((s) => s.attrs!.epsilon)).toEqual([0.3, 0.4])
    // ε = 0.3: c = (2, 0, 3) of 4. pass@1 = mean(c/n) = 5/12; pass@2 = mean(1 − C(4−c,2)/6) = (1 − 1/6 + 0 + 1)/3.
    expect(c.series[0]!.y[0]!).toBeCloseToRel(5 / 12, 1e-12)
    expect(c.series[0]!.y[1]!).toBeCloseToRel((1 - 1 / 6 + 1) / 3, 1e-12)
    expect(c.series[0]!.y[2]!).toBeCloseToRel(2 / 3, 1e-12)
    // ε = 0.4: c = (2, 1, 4) → pass@4 = 1.
    expect(c.series[1]!.y[2]!).toBe(1)
  })
  it('normalises each series at the largest k when asked (Fig. 5)', async () => {
    const c = lastOutput<Curve>(await runPlugins([{ plugin: fixed(S) }, { plugin: scorePassk, options: { epsilons: [0.3], k: [1, 4], normalize: true } }]))
    expect(c.series[0]!.y).toEqual([(5 / 12) / (2 / 3), 1])
  })
  it('adds the Eq. 10 prediction 1 − mean_i p_i^{H_k(κ)} when κ is given', async () => {
    const c = lastOutput<Curve>(await runPlugins([{ plugin: fixed(S) }, { plugin: scorePassk, options: { epsilons: [0.3], k: [1, 3], kappa: 0.5 } }]))
    const pred = c.series[1]!
    expect(pred.style).toBe('fit')
    const H3 = 1 + 1 / Math.SQRT2 + 1 / Math.sqrt(3)
    const p = [0.5, 1, 0.25]
    expect(pred.y[0]!).toBeCloseToRel(1 - (0.5 + 1 + 0.25) / 3, 1e-12)
    expect(pred.y[1]!).toBeCloseToRel(1 - p.reduce((s, q) => s + Math.pow(q, H3), 0) / 3, 1e-12)
    expect(c.meta!.kappa).toBe(0.5)
  })
  it('drops k above the number of attempts with a warning, and errors when none is left', async () => {
    const out = await runPlugins([{ plugin: fixed(S) }, { plugin: scorePassk, options: { epsilons: [0.3], k: [1, 2, 8] } }])
    expect(lastOutput<Curve>(out).series[0]!.x).toEqual([1, 2])
    expect(out.results.warnings[0]!.code).toBe('PASSK_K_ABOVE_N')
    const input = { kind: 'TrialScores', higherIsBetter: false, meta: {}, groups: [{ label: 'g', nProblems: 1, nAttempts: 2, scores: new Float64Array([0, 1]) }] } as const
    expect(() => scorePassk.run(input as unknown as TrialScores, scorePasskOptions.parse({ k: [5, 6] }), createTestContext())).toThrow(expect.objectContaining({ code: 'PASSK_BAD_OPTIONS' }))
  })
})
