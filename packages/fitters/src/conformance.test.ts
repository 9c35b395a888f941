/** The plugin contract for every plugin of this package (@passk/core/testing's testPlugin). */
import { describe, expect, it } from 'vitest'
import { defineSource, z, type Curve, type KindValue, type TrialOutcomes } from '@passk/core'
import { lastOutput, runPlugins, testPlugin } from '@passk/core/testing'
import pkgJson from '../package.json' with { type: 'json' }
import pkg from './index.js'
import { betaEffSaturation } from './beta-eff-saturation.js'
import { betaPassk } from './beta-passk.js'

const curve = (id: string, quantity: string, x: number[], y: number[], label = 'm'): Curve => ({
  kind: 'Curve',
  id,
  title: id,
  xLabel: 'x',
  yLabel: 'y',
  xScale: 'log',
  yScale: 'log',
  quantity,
  series: [{ label, x, y }],
})
const ks = [1, 2, 4, 8, 16, 32, 64]
/** pass@k of a Beta(0.5, 2) difficulty law: 1 − B(a, b + k)/B(a, b), computed in closed form by its product. */
const passCurve = curve(
  'passk',
  'pass',
  ks,
  ks.map((k) => {
    let r = 1
    for (let i = 0; i < k; i++) r *= (2 + i) / (2.5 + i)
    return 1 - r
  }),
)
const failCurve = curve(
  'failure',
  'failure',
  ks,
  passCurve.series[0].y.map((y) => 1 - y),
)
/** β_eff(N) = 3 − 2/(1 + 0.01·N) on a log grid (the saturating form the fitter models). */
const ns = [4, 16, 64, 256, 1024, 4096, 16384]
const betaEff = curve(
  'beta-eff',
  'exponent',
  ns,
  ns.map((n) => 3 - 2 / (1 + 0.01 * n)),
)
/** L_inf(k; N) = N^(−1/2)·k^(−β) for N = 16, 64 (β = 1.5): one series per N, as local-slope expects. */
const linf: Curve = {
  ...failCurve,
  id: 'linf',
  series: [16, 64].map((N) => ({ label: `N=${N}`, attrs: { N }, x: ks, y: ks.map((k) => N ** -0.5 * k ** -1.5) })),
}
const outcomes: TrialOutcomes = {
  kind: 'TrialOutcomes',
  groups: [
    {
      label: 'm',
      problems: ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'],
      n: Int32Array.from([10, 10, 10, 10, 10, 10, 10, 10]),
      c: Int32Array.from([0, 1, 3, 10, 5, 2, 0, 7]),
    },
  ],
  meta: {},
}

/**
 * Checkpoints m_1B_<tokens>: 40 problems × 20 attempts each, more training → more successes (c_i grows with
 * the checkpoint), so scaling-exponents has one Beta-Binomial fit per checkpoint.
 */
const tokens = ['1B', '2B', '4B', '8B', '16B', '32B']
const checkpoints: TrialOutcomes = {
  kind: 'TrialOutcomes',
  groups: tokens.map((t, j) => ({
    label: `m_1B_${t}`,
    problems: Array.from({ length: 40 }, (_, i) => `p${i}`),
    n: Int32Array.from({ length: 40 }, () => 20),
    c: Int32Array.from({ length: 40 }, (_, i) => Math.min(20, Math.floor(((i * 7) % 40) / (8 - j)))),
  })),
  meta: {},
}
const scalingOptions = { pattern: 'm_(?<params>[\\d.]+[KMBT])_(?<tokens>[\\d.]+[KMBT])', bootstrap: 20 }

const cases: Record<string, { options?: Record<string, unknown>; input: () => KindValue | Promise<KindValue> }> = {
  'power-law': { input: () => failCurve },
  'power-law-offset': { input: () => failCurve },
  'exp-power-law': { input: () => passCurve },
  'local-slope': { input: () => linf },
  'beta-eff-saturation': { input: () => betaEff },
  'beta-passk': { input: () => passCurve },
  'beta-binomial': { input: () => outcomes },
  extrapolate: { options: { bootstrap: 20, replicates: 2 }, input: () => outcomes },
  'k-eff': { input: () => passCurve },
  kumaraswamy: { options: { bootstrap: 5 }, input: () => outcomes },
  'eb-posterior': { options: { bootstrap: 20 }, input: () => outcomes },
  'two-tail': { input: () => failCurve },
  'compute-allocation': {
    options: { budgets: { from: 1e3, to: 1e5, num: 3, scale: 'log', integer: false }, gridPoints: 100 },
    input: async () => lastOutput(await runPlugins([{ plugin: src(betaEff) }, { plugin: betaEffSaturation }])),
  },
  'scaling-exponents': { options: scalingOptions, input: () => checkpoints },
  'compute-split': {
    options: { bootstrap: 10, gridPoints: 100 },
    input: async () =>
      lastOutput(await runPlugins([{ plugin: src(await exponents()) }, { plugin: betaEffSaturation, options: {} }])),
  },
  'difficulty-pdf': {
    options: { points: 20, masses: 10 },
    input: async () => lastOutput(await runPlugins([{ plugin: src(passCurve) }, { plugin: betaPassk }])),
  },
}

async function exponents(): Promise<Curve> {
  const outcomesSrc = defineSource({
    name: 'outcomes',
    version: '0',
    summary: 'fixed checkpoints',
    produces: 'TrialOutcomes',
    options: z.object({}),
    run: () => checkpoints,
  })
  const se = pkg.plugins.find((p) => p.name === 'scaling-exponents')
  if (!se) throw new Error('no scaling-exponents plugin')
  return lastOutput<Curve>(await runPlugins([{ plugin: outcomesSrc }, { plugin: se, options: scalingOptions }]))
}

function src(c: Curve) {
  return defineSource({
    name: 'curve',
    version: '0',
    summary: 'a fixed curve',
    produces: 'Curve',
    options: z.object({}),
    run: () => c,
  })
}

describe(`${pkg.meta.name}: testPlugin on every plugin`, () => {
  it('has a case for every plugin', () => {
    expect(Object.keys(cases).sort()).toEqual(pkg.plugins.map((p) => p.name).sort())
  })
  for (const plugin of pkg.plugins)
    it(`${pkg.meta.namespace}/${plugin.name}`, async () => {
      const { input, ...rest } = cases[plugin.name]
      const r = await testPlugin(plugin, { packageJson: pkgJson, pkg, sampleInput: await input(), ...rest })
      expect(r.checks).toHaveLength(5)
    })
})
