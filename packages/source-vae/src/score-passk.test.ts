/// <reference path="../../../test/setup/matchers.ts" />
import { lastOutput, runPlugins, createTestContext } from '@passk/core/testing'
import { defineSource, z, type Curve, type TrialScores } from '@passk/core'
import { describe, expect, it } from 'vitest'
import { scorePassk, scorePasskOptions } from './score-passk.js'
import { correlationSpectrum } from './trial-correlation.js'

/** A source that emits a fixed score matrix (problems × attempts). */
function fixed(scores: number[][], higherIsBetter = false) {
  return defineSource({
    name: 'fixed-scores',
    version: '0.0.0',
    summary: 'test scores',
    options: z.object({}).strict(),
    produces: 'TrialScores',
    run: (): TrialScores => ({
      kind: 'TrialScores',
      higherIsBetter,
      meta: {},
      groups: [
        {
          label: 'g',
          nProblems: scores.length,
          nAttempts: scores[0].length,
          scores: Float64Array.from(scores.flat()),
        },
      ],
    }),
  })
}
const S = [
  [0.1, 0.5, 0.6, 0.2], // ε = 0.3 → c = 2
  [0.9, 0.8, 0.7, 0.35], // ε = 0.3 → c = 0; ε = 0.4 → c = 1
  [0.3, 0.3, 0.31, 0.0], // ε = 0.3 → c = 3 (≤ is success)
]

describe('scorePassk', () => {
  it('gives the mean unbiased pass@k per ε from the empirical success counts', async () => {
    const c = lastOutput<Curve>(
      await runPlugins([{ plugin: fixed(S) }, { plugin: scorePassk, options: { epsilons: [0.3, 0.4], k: [1, 2, 4] } }]),
    )
    expect(c.series.map((s) => s.attrs!.epsilon)).toEqual([0.3, 0.4])
    // ε = 0.3: c = (2, 0, 3) of 4. pass@1 = mean(c/n) = 5/12; pass@2 = mean(1 − C(4−c,2)/6) = (1 − 1/6 + 0 + 1)/3.
    expect(c.series[0].y[0]).toBeCloseToRel(5 / 12, 1e-12)
    expect(c.series[0].y[1]).toBeCloseToRel((1 - 1 / 6 + 1) / 3, 1e-12)
    expect(c.series[0].y[2]).toBeCloseToRel(2 / 3, 1e-12)
    // ε = 0.4: c = (2, 1, 4) → pass@4 = 1.
    expect(c.series[1].y[2]).toBe(1)
  })
  it('normalises each series at the largest k when asked (Fig. 5)', async () => {
    const c = lastOutput<Curve>(
      await runPlugins([
        { plugin: fixed(S) },
        { plugin: scorePassk, options: { epsilons: [0.3], k: [1, 4], normalize: true } },
      ]),
    )
    expect(c.series[0].y).toEqual([5 / 12 / (2 / 3), 1])
  })
  it('adds the Eq. 10 prediction 1 − mean_i p_i^{H_k(κ)} when κ is given', async () => {
    const c = lastOutput<Curve>(
      await runPlugins([
        { plugin: fixed(S) },
        { plugin: scorePassk, options: { epsilons: [0.3], k: [1, 3], kappa: 0.5 } },
      ]),
    )
    const pred = c.series[1]
    expect(pred.style).toBe('fit')
    const H3 = 1 + 1 / Math.SQRT2 + 1 / Math.sqrt(3)
    const p = [0.5, 1, 0.25]
    expect(pred.y[0]).toBeCloseToRel(1 - (0.5 + 1 + 0.25) / 3, 1e-12)
    expect(pred.y[1]).toBeCloseToRel(1 - p.reduce((s, q) => s + Math.pow(q, H3), 0) / 3, 1e-12)
    expect(c.meta!.kappa).toBe(0.5)
  })
  it('takes κ from the Eq. 15 eigenvalue decay when kappa = "spectrum" (same κ as correlationSpectrum)', async () => {
    // 40 problems × 16 attempts with errors = 0.4 + 0.2·sin(i·k) so that some pass ε = 0.3.
    const M = Array.from({ length: 40 }, (_, i) =>
      Array.from({ length: 16 }, (_, k) => 0.4 + 0.2 * Math.sin((i + 1) * (k + 1))),
    )
    const c = lastOutput<Curve>(
      await runPlugins([{ plugin: fixed(M) }, { plugin: scorePassk, options: { epsilons: [0.3], kappa: 'spectrum' } }]),
    )
    const g = { label: 'g', nProblems: 40, nAttempts: 16, scores: Float64Array.from(M.flat()) }
    expect(c.meta!.kappa as number).toBeCloseToRel(correlationSpectrum(g, 16, false, 2, 8).fit!.kappa, 1e-12)
    expect(c.series[1].style).toBe('fit')
  })
  it('drops k above the number of attempts with a warning, and errors when none is left', async () => {
    const out = await runPlugins([
      { plugin: fixed(S) },
      { plugin: scorePassk, options: { epsilons: [0.3], k: [1, 2, 8] } },
    ])
    expect(lastOutput<Curve>(out).series[0].x).toEqual([1, 2])
    expect(out.results.warnings[0].code).toBe('PASSK_K_ABOVE_N')
    const input = {
      kind: 'TrialScores',
      higherIsBetter: false,
      meta: {},
      groups: [{ label: 'g', nProblems: 1, nAttempts: 2, scores: new Float64Array([0, 1]) }],
    } as const
    expect(() =>
      scorePassk.run(input as unknown as TrialScores, scorePasskOptions.parse({ k: [5, 6] }), createTestContext()),
    ).toThrow(expect.objectContaining({ code: 'PASSK_BAD_OPTIONS' }))
  })
})
