/** The plugin contract for every plugin of this package (@passk/core/testing's testPlugin). */
import { describe, expect, it } from 'vitest'
import type { KindValue } from '@passk/core'
import { testPlugin } from '@passk/core/testing'
import pkgJson from '../package.json' with { type: 'json' }
import pkg from './index.js'
const f64 = (xs: number[]) => Float64Array.from(xs)
/** A small stochastic regression (d = 2, 6 training rows, 4 test rows), written out by hand. */
export function sampleRegression() {
  const train = {
    n: 6,
    x: f64([1, 0, 0, 1, 1, 1, 2, -1, -1, 2, 0.5, 0.5]),
    m: f64([1, -0.5, 0.5, 2.5, -2, 0.5]),
    s: f64([0.1, 0.2, 0.1, 0.3, 0.2, 0.1]),
    y: f64([1.1, -0.4, 0.45, 2.7, -2.1, 0.55]),
  }
  const test = { n: 4, x: f64([1, 2, -1, 0, 0.3, 0.3, 2, 2]), m: f64([0, -1, 0.15, 1]), s: f64([0.1, 0.1, 0.2, 0.2]) }
  return {
    kind: 'StochasticRegression' as const,
    d: 2,
    replicates: [{ train, test, teacher: f64([1, -0.5]), seed: 0 }],
    population: { eigenvalues: f64([1, 0.5]), tauShape: 2, sigmaEta: 0.1 },
    meta: {},
  }
}

/** Predictors for N = 2, 4, 6 on sampleRegression (θ̂ written out, not fitted). */
function samplePredictors() {
  return {
    kind: 'LinearPredictors' as const,
    d: 2,
    ns: [2, 4, 6],
    fits: [{ theta: f64([0.8, -0.2, 0.95, -0.45, 1, -0.5]), lambda: [0.1, 0.1, 0.1], jitter: [0, 0, 0] }],
    data: sampleRegression(),
    estimator: 'ridge',
    diagnostics: {},
  }
}

/** Outcomes of 6 problems, 8 attempts each. */
function sampleOutcomes() {
  return {
    kind: 'TrialOutcomes' as const,
    groups: [
      {
        label: 'm',
        problems: ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'],
        n: Int32Array.from([8, 8, 8, 8, 8, 8]),
        c: Int32Array.from([0, 1, 3, 8, 5, 2]),
      },
    ],
    meta: {},
  }
}

/** The same counts with their ordered per-attempt outcomes (for estimators that need the order). */
function sampleAttempts() {
  const o = sampleOutcomes()
  const g = o.groups[0]
  const attempts = Array.from(g.c, (c, i) => Uint8Array.from({ length: g.n[i] }, (_, j) => (j >= g.n[i] - c ? 1 : 0)))
  return { ...o, groups: [{ ...g, attempts }] }
}

/** pass@k at k = 1, 2, 4, 8 (one series). */
function samplePassCurve() {
  return {
    kind: 'Curve' as const,
    id: 'passk',
    title: 'pass@k',
    xLabel: 'k',
    yLabel: 'pass@k',
    xScale: 'log' as const,
    yScale: 'linear' as const,
    quantity: 'pass',
    series: [{ label: 'm', x: [1, 2, 4, 8], y: [0.39, 0.52, 0.64, 0.75] }],
  }
}

const cases: Record<string, { options?: Record<string, unknown>; sampleInput?: KindValue }> = {
  'gen-loss': { sampleInput: samplePredictors() },
  'passk-target': {
    sampleInput: samplePredictors(),
    options: { k: { from: 1, to: 16, num: 5, scale: 'log', integer: true } },
  },
  'passk-asymptote': { sampleInput: samplePredictors() },
  'passk-unbiased': { sampleInput: sampleOutcomes() },
  'coverage-at-cost': { sampleInput: sampleOutcomes() },
  'passk-survival': { sampleInput: sampleAttempts() },
  failure: { sampleInput: samplePassCurve() },
}

describe(`${pkg.meta.name}: testPlugin on every plugin`, () => {
  it('has a case for every plugin', () => {
    expect(Object.keys(cases).sort()).toEqual(pkg.plugins.map((p) => p.name).sort())
  })
  for (const plugin of pkg.plugins)
    it(`${pkg.meta.namespace}/${plugin.name}`, async () => {
      const r = await testPlugin(plugin, { packageJson: pkgJson, pkg, ...cases[plugin.name] })
      expect(r.checks).toHaveLength(5)
    })
})
