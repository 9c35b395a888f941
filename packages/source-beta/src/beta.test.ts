/// <reference path="../../../test/setup/matchers.ts" />
import { runPlugins, createTestContext, lastOutput } from '@passk/core/testing'
import { optionsJsonSchema, type Curve, type TrialOutcomes } from '@passk/core'
import { describe, expect, it } from 'vitest'
import { beta, betaCurve, betaOptions, betaCurveOptions } from './beta.js'
import pkg from '../package.json' with { type: 'json' }

/** Unbiased pass@k from (n, c) (Chen et al. 2021): 1 − Π_{i=n−c+1..n} (1 − k/i), written independently here. */
function unbiased(n: number, c: number, k: number): number {
  if (n - c < k) return 1
  let r = 1
  for (let i = n - c + 1; i <= n; i++) r *= 1 - k / i
  return 1 - r
}
function meanPassAtK(o: TrialOutcomes, k: number): number {
  const g = o.groups[0]
  let s = 0
  for (let i = 0; i < g.problems.length; i++) s += unbiased(g.n[i], g.c[i], k)
  return s / g.problems.length
}
// Reference: tools/reference/levi-beta.py, A = 0.9, α = 5, β = 0.35.
const PASS_REF: Record<number, number> = {
  1: 0.058878504672897104,
  10: 0.2966207771029136,
  100: 0.5966297914551268,
  1000: 0.7625294998533031,
}
const LOSS_REF: Record<number, number> = {
  1: 0.8411214953271029,
  10: 0.6033792228970865,
  100: 0.30337020854487323,
  1000: 0.1374705001466969,
}
const PASS10_REF: Record<number, number> = {
  10: 0.20248735507505916,
  100: 0.3864712885035921,
  1000: 0.5443813808093995,
}

describe('beta', () => {
  it('simulates n problems × attempts with exactly round((1 − A)·n) unsolvable problems', async () => {
    const o = lastOutput<TrialOutcomes>(
      await runPlugins([{ plugin: beta, options: { problems: 300, attempts: 40, ceiling: 0.75 } }], 3),
    )
    const g = o.groups[0]
    expect(g.problems.length).toBe(300)
    expect(Array.from(g.n).every((n) => n === 40)).toBe(true)
    const unsolvable = Array.from(g.truth!.successProb!).filter((s) => s === 0).length
    expect(unsolvable).toBe(75)
    expect(o.meta.unsolvable).toBe(75)
    // per-attempt outcomes are stored and consistent with c (also checked by the core validator)
    expect(g.attempts![0].length).toBe(40)
  })

  it('matches the expected pass@k of Eq. 6 (unbiased estimator averaged over problems) within 4 SE', async () => {
    const o = lastOutput<TrialOutcomes>(
      await runPlugins(
        [
          {
            plugin: beta,
            options: { problems: 20000, attempts: 100, alpha: 5, beta: 0.35, ceiling: 0.9, storeAttempts: false },
          },
        ],
        1,
      ),
    )
    for (const k of [1, 10, 100]) {
      const est = meanPassAtK(o, k)
      // SE over problems ≤ 0.5/√n (a Bernoulli-bounded per-problem quantity).
      expect(Math.abs(est - PASS_REF[k])).toBeLessThan((4 * 0.5) / Math.sqrt(20000))
    }
  })

  it('follows Eq. 10 (k_eff = H_k(κ)) averaged over Beta failures when correlation.kappa = 0.5', async () => {
    const o = lastOutput<TrialOutcomes>(
      await runPlugins(
        [
          {
            plugin: beta,
            options: { problems: 20000, attempts: 100, correlation: { kappa: 0.5 }, storeAttempts: false },
          },
        ],
        2,
      ),
    )
    for (const k of [10, 100])
      expect(Math.abs(meanPassAtK(o, k) - PASS10_REF[k])).toBeLessThan((4 * 0.5) / Math.sqrt(20000))
    expect(o.meta.kappa).toBe(0.5)
  })

  it('is deterministic for a seed and changes with the seed', async () => {
    const run = async (seed: number) =>
      lastOutput<TrialOutcomes>(await runPlugins([{ plugin: beta, options: { problems: 50, attempts: 20 } }], seed))
        .groups[0].c
    expect(Array.from(await run(9))).toEqual(Array.from(await run(9)))
    expect(Array.from(await run(9))).not.toEqual(Array.from(await run(10)))
  })

  it('rejects problems × attempts above the memory limit with PASSK_BAD_OPTIONS', () => {
    const ctx = createTestContext()
    const opts = betaOptions.parse({ problems: 1_000_000, attempts: 1000 })
    expect(() => beta.run(null, opts, ctx)).toThrow(
      expect.objectContaining({
        code: 'PASSK_BAD_OPTIONS',
        message: expect.stringContaining('problems × attempts = 1000000 × 1000'),
      }),
    )
  })

  it('rejects α ≤ 0 and A > 1 through the runner with PASSK_BAD_OPTIONS naming the fields', async () => {
    await expect(runPlugins([{ plugin: beta, options: { alpha: -1 } }])).rejects.toMatchObject({
      code: 'PASSK_BAD_OPTIONS',
      message: expect.stringContaining('alpha'),
    })
    await expect(runPlugins([{ plugin: beta, options: { ceiling: 1.5 } }])).rejects.toMatchObject({
      code: 'PASSK_BAD_OPTIONS',
      message: expect.stringContaining('ceiling'),
    })
  })

  it('stops with PASSK_ABORTED when the signal is aborted', () => {
    const ac = new AbortController()
    ac.abort()
    const ctx = createTestContext({ signal: ac.signal })
    expect(() => beta.run(null, betaOptions.parse({}), ctx)).toThrow(expect.objectContaining({ code: 'PASSK_ABORTED' }))
  })

  it('has metadata matching package.json and options that round-trip through JSON Schema', () => {
    expect(beta.version).toBe(pkg.version)
    const js = optionsJsonSchema(beta) as { properties: Record<string, unknown> }
    expect(Object.keys(js.properties)).toEqual(
      expect.arrayContaining(['problems', 'attempts', 'alpha', 'beta', 'ceiling', 'correlation']),
    )
  })
})

describe('betaCurve', () => {
  it('gives the exact pass@k of Eq. 6 on the k grid (scipy reference, 1e-9 relative)', async () => {
    const c = lastOutput<Curve>(await runPlugins([{ plugin: betaCurve, options: { k: [1, 10, 100, 1000] } }]))
    expect(c.id).toBe('passk')
    expect(c.quantity).toBe('pass')
    c.series[0].x.forEach((k, i) => expect(c.series[0].y[i]).toBeCloseToRel(PASS_REF[k], 1e-9))
  })
  it('gives the inference loss of Eq. 7 and its large-k law as a reference series', async () => {
    const c = lastOutput<Curve>(
      await runPlugins([{ plugin: betaCurve, options: { curve: 'loss', k: [1, 10, 100, 1000] } }]),
    )
    expect(c.id).toBe('inference-loss')
    c.series[0].x.forEach((k, i) => expect(c.series[0].y[i]).toBeCloseToRel(LOSS_REF[k], 1e-9))
    expect(c.series[1].style).toBe('reference')
  })
  it('gives Eq. 10 with correlation.kappa = 0.5', async () => {
    const c = lastOutput<Curve>(
      await runPlugins([{ plugin: betaCurve, options: { k: [10, 100, 1000], correlation: { kappa: 0.5 } } }]),
    )
    c.series[0].x.forEach((k, i) => expect(c.series[0].y[i]).toBeCloseToRel(PASS10_REF[k], 1e-9))
  })
  it('maps k to C = N_p·F + N_d·F·k (Eq. 11) with the Eq. 12 large-k law as reference', async () => {
    const out = await runPlugins([
      {
        plugin: betaCurve,
        options: { curve: 'cost', k: [10, 1000], cost: { promptTokens: 200, decodeTokens: 100, flopsPerToken: 2e9 } },
      },
    ])
    const c = lastOutput<Curve>(out)
    expect(c.id).toBe('coverage-cost')
    expect(c.series[0].x).toEqual([200 * 2e9 + 100 * 2e9 * 10, 200 * 2e9 + 100 * 2e9 * 1000])
    expect(c.series[0].y[1]).toBeCloseToRel(PASS_REF[1000], 1e-9)
    expect(c.series[1].y[1]).toBeCloseToRel(0.7623049028878939, 1e-9)
    expect(out.results.tables[0].id).toBe('beta-expected')
  })
  it('gives L_inference vs cost with the Eq. 13 law A·Γ(β)/B(α,β)·((C/F − N_p)/N_d)^−β as reference', async () => {
    const c = lastOutput<Curve>(
      await runPlugins([
        {
          plugin: betaCurve,
          options: {
            curve: 'loss-cost',
            k: [100, 1000],
            cost: { promptTokens: 300, decodeTokens: 50, flopsPerToken: 1e9 },
          },
        },
      ]),
    )
    expect(c.id).toBe('loss-cost')
    expect(c.series[0].x[0]).toBe(300e9 + 50e9 * 100)
    expect(c.series[0].y[1]).toBeCloseToRel(LOSS_REF[1000], 1e-9)
    // Eq. 13 at k = 1000 equals A − Eq. 12 there: 0.9 − 0.7623049028878939 (scipy reference).
    expect(c.series[1].y[1]).toBeCloseToRel(0.9 - 0.7623049028878939, 1e-9)
  })
  it('has option defaults in the schema only (β ≈ 0.35, α in 2–20)', () => {
    const d = betaCurveOptions.parse({})
    expect(d.beta).toBe(0.35)
    expect(d.alpha).toBeGreaterThanOrEqual(2)
    expect(d.alpha).toBeLessThanOrEqual(20)
  })
})

describe('beta (correlated, many attempts)', () => {
  it('warns PASSK_APPROXIMATION when the exact-jump range is capped below 50 × attempts', () => {
    const ctx = createTestContext()
    void beta.run(null, betaOptions.parse({ problems: 1, attempts: 10000, correlation: { kappa: 0.5 } }), ctx)
    expect(ctx.warnings.map((w) => w.code)).toEqual(['PASSK_APPROXIMATION'])
  })
})
