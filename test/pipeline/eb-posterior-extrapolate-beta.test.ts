// fitters/eb-posterior (withinN 'unbiased') and evaluators/passk-unbiased (beyondN 'extrapolate-beta') compute the same
// thing — the unbiased estimator for k ≤ n_i, the Beta-Binomial posterior predictive beyond, averaged over all problems
// — and must agree. Here because evaluators do not depend on fitters.
import { describe, expect, it } from 'vitest'
import { createRng, type Curve, type Fit, type TrialOutcomes } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { passkUnbiased } from '@passk/evaluators'
import { ebPosterior, ebPosteriorFit } from '@passk/fitters'

/** Ragged n (5..40 attempts), q ~ Beta(0.6, 2.5), 20% of the problems never solvable. */
function outcomes(seed: number): TrialOutcomes {
  const rng = createRng(seed)
  const P = 300
  const n = new Int32Array(P),
    c = new Int32Array(P)
  for (let i = 0; i < P; i++) {
    n[i] = 5 + (i % 8) * 5
    const q = rng.uniform() < 0.8 ? rng.beta(0.6, 2.5) : 0
    for (let j = 0; j < n[i]; j++) if (rng.uniform() < q) c[i]++
  }
  return {
    kind: 'TrialOutcomes',
    groups: [{ label: 'm', problems: Array.from({ length: P }, (_, i) => `p${i}`), n, c }],
    meta: {},
  }
}

describe("eb-posterior = passk-unbiased 'extrapolate-beta'", () => {
  for (const variant of ['plain', 'mixture'] as const)
    it(`agrees at every k, within and beyond n (${variant} prior)`, () => {
      const t = outcomes(variant === 'plain' ? 1 : 2)
      const ks = [1, 3, 5, 12, 40, 100, 1000]
      const ev = passkUnbiased.run(
        t,
        passkUnbiased.options.parse({ k: ks, beyondN: 'extrapolate-beta', betaVariant: variant, interval: 'none' }),
        createTestContext(),
      ) as Curve
      const s = ev.series[0]
      expect(s.x).toEqual(ks)
      const g = t.groups[0]
      const direct = ebPosteriorFit(g.n, g.c, ks, { variant })
      ks.forEach((_, j) => expect(direct.aggregate[j]).toBeCloseToRel(s.y[j], 1e-12))
      // and through the plugin
      const f = ebPosterior.run(t, ebPosterior.options.parse({ k: ks, variant }), createTestContext()) as Fit
      ks.forEach((k, j) => expect(f.fits[0].derived?.[`passAt${k}`]).toBeCloseToRel(s.y[j], 1e-12))
    })
})
