import { describe, expect, it } from 'vitest'
import { createRng, type OutcomeGroup, type TrialOutcomes } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { detectAdaptiveStopping, kaplanMeierPassAtK, passkSurvival } from './passk-survival.js'

describe('kaplanMeierPassAtK', () => {
  it('matches a hand computation with ties and censoring (Greenwood s.e.)', () => {
    // events at 1, 2, 2, 4; unsolved problems censored at 3 and 5
    const T = [1, 2, 2, Infinity, 4, Infinity],
      n = [1, 2, 2, 3, 4, 5]
    const r = kaplanMeierPassAtK(T, n, [1, 2, 3, 4, 5, 6])
    // Ŝ: 5/6, 5/6·3/5 = 1/2, 1/2, 1/2·1/2 = 1/4, 1/4
    expect(r.passAtK.slice(0, 5)).toEqual([1 / 6, 0.5, 0.5, 0.75, 0.75].map((v) => expect.closeTo(v, 14)))
    expect(r.passAtK[5]).toBeNaN()
    // Greenwood at k = 4: Ŝ·√(1/(6·5) + 2/(5·3) + 1/(2·1))
    expect(r.se[3]).toBeCloseTo(0.25 * Math.sqrt(1 / 30 + 2 / 15 + 1 / 2), 14)
    expect(r.se[0]).toBeCloseTo((5 / 6) * Math.sqrt(1 / 30), 14)
    expect(r.atRisk[3]).toBe(1)
  })
})

/** q ~ Beta(0.3, 3); sample in batches of 60 until the first success, at most 10 batches. */
function batchStoppingLog(P: number, seed: number): OutcomeGroup {
  const rng = createRng(seed)
  const attempts: Uint8Array[] = [],
    n = new Int32Array(P),
    c = new Int32Array(P)
  for (let i = 0; i < P; i++) {
    const q = rng.beta(0.3, 3)
    const a: number[] = []
    for (let b = 0; b < 10; b++) {
      for (let j = 0; j < 60; j++) a.push(rng.uniform() < q ? 1 : 0)
      if (a.includes(1)) break
    }
    attempts.push(Uint8Array.from(a))
    n[i] = a.length
    c[i] = a.reduce((s, v) => s + v, 0)
  }
  return { label: 'batch-stop', problems: Array.from({ length: P }, (_, i) => `p${i}`), n, c, attempts }
}

describe('evaluators/passk-survival', () => {
  it('a batch-stopping log (batches of 60 until the first success): within 2 s.e. of the truth at every k, monotone, warned', async () => {
    const g = batchStoppingLog(1500, 7)
    const t: TrialOutcomes = { kind: 'TrialOutcomes', groups: [g], meta: {} }
    const ctx = createTestContext()
    const curve = await passkSurvival.run(t, passkSurvival.options.parse({}), ctx)
    const s = curve.series[0]
    expect(s.x).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 600])
    // mpmath: 1 − B(0.3, 3 + k)/B(0.3, 3)
    const truth = [
      0.09090909090909091, 0.1543340380549683, 0.24019230732701552, 0.340198806272916, 0.44224480648059367,
      0.5368236413828598, 0.6193548403073564, 0.6889513246421188, 0.7465760527040552, 0.7938383610968154,
      0.8033735637458215,
    ]
    const se = s.se ?? []
    s.y.forEach((y, j) => {
      expect(Math.abs(y - truth[j])).toBeLessThanOrEqual(2 * se[j])
      if (j > 0) expect(y).toBeGreaterThanOrEqual(s.y[j - 1])
    })
    expect(ctx.warnings.map((w) => w.code)).toContain('PASSK_ADAPTIVE_STOPPING')
  })

  it('does not flag fixed-n logs; flags counts whose n shrinks as c grows', () => {
    const n = new Int32Array(50).fill(100),
      c = Int32Array.from({ length: 50 }, (_, i) => i % 7)
    expect(detectAdaptiveStopping({ label: 'x', problems: [], n, c }).adaptive).toBe(false)
    const g = batchStoppingLog(200, 3)
    const countsOnly: OutcomeGroup = { label: 'y', problems: [], n: g.n, c: g.c }
    expect(detectAdaptiveStopping(countsOnly).adaptive).toBe(true)
    expect(detectAdaptiveStopping(g).reason).toMatch(/stopped within 60 attempts of their first success/)
  })

  it('counts without per-attempt order: a typed error naming what is needed', async () => {
    const t: TrialOutcomes = {
      kind: 'TrialOutcomes',
      groups: [{ label: 'x', problems: [], n: Int32Array.from([5, 5]), c: Int32Array.from([1, 0]) }],
      meta: {},
    }
    const ctx = createTestContext()
    await expect(async () => passkSurvival.run(t, passkSurvival.options.parse({}), ctx)).rejects.toMatchObject({
      code: 'PASSK_NO_ATTEMPT_ORDER',
    })
  })
})
