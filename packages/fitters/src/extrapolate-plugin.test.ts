import { describe, expect, it } from 'vitest'
import { createRng, type TrialOutcomes } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { extrapolationSummary } from './extrapolate.js'
import { extrapolate } from './extrapolate-plugin.js'

function simulate(P: number, N: number, a: number, b: number, seed: number, A = 1) {
  const rng = createRng(seed)
  const n = new Int32Array(P).fill(N),
    c = new Int32Array(P)
  for (let i = 0; i < P; i++) {
    const q = rng.uniform() < A ? rng.beta(a, b) : 0
    for (let j = 0; j < N; j++) if (rng.uniform() < q) c[i]++
  }
  return { n, c }
}

describe('fitters/extrapolate plugin', () => {
  it('publishes the recommended and backtest tables and one fit per model and group', async () => {
    const s1 = simulate(200, 40, 0.5, 2, 31),
      s2 = simulate(200, 40, 0.5, 2, 32, 0.8)
    const t: TrialOutcomes = {
      kind: 'TrialOutcomes',
      groups: [
        { label: 'g1', problems: [], n: s1.n, c: s1.c },
        { label: 'g2', problems: [], n: s2.n, c: s2.c },
      ],
      meta: {},
    }
    const ctx = createTestContext({ seed: 2 })
    const o = extrapolate.options.parse({ bootstrap: 20, replicates: 2 })
    const out = await extrapolate.run(t, o, ctx)
    expect(out.fits).toHaveLength(6)
    expect(out.fits[0].model).toBe('extrapolate/beta-binomial')
    expect(out.fits[0].derived?.passAt400).toBeGreaterThan(0)
    expect(out.fits[0].curve?.lower?.length).toBe(60)
    const ids = ctx.tables.map((x) => x.id)
    expect(ids).toEqual(['extrapolation-recommended', 'extrapolation-backtest', 'extrapolation-models'])
    expect(ctx.tables[0].rows).toHaveLength(4)
    const rows = extrapolationSummary((out.meta?.reports ?? []) as Parameters<typeof extrapolationSummary>[0])
    expect(rows.map((r) => [r.series, r.ratio, r.k])).toEqual([
      ['g1', 10, 400],
      ['g1', 100, 4000],
      ['g2', 10, 400],
      ['g2', 100, 4000],
    ])
  })
})
