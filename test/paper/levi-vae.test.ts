/// <reference path="../setup/matchers.ts" />
/**
 * Levi 2024 §4 (Fig. 5–6) on Fashion-MNIST: examples/levi-vae.json — a short VAE training (20 epochs),
 * 100 reconstructions per image at T = 1.1 → trial-correlation spectrum (Eq. 15) with a power-law κ →
 * pass@k vs k for several ε with the Eq. 10 prediction at that κ → fitters/k-eff on the measured curves, once with
 * κ held at the spectrum's value (fixKappa: 'from-input', issue 7) and once with κ free.
 * Asserts the paper's qualitative claims and exact identities, not the noisy numbers of one training run:
 * the spectrum decays as a power law (R² > 0.9, κ > 0), pass@k rises with k and with ε, the Eq. 10
 * prediction equals the data at k = 1 (H_1 = 1), k-eff with the spectrum's κ fits (A, p) on every ε's data series
 * (not on the Eq. 10 prediction series beside it), and k-eff with free κ converges on every ε with κ > 0.
 * Skipped without ../shared/data. Wall time ≈ 10–40 s on 2 shared cores, 120 s and more under heavy load
 * (packages/source-vae/BENCHMARKS.md); its timeout is 15 min so CI never fails for the machine's sake.
 */
import path from 'node:path'
import { loadSpec, runPipeline, type Curve } from '@passk/core'
import { createDefaultRegistry } from '@passk/tui'
import { vaeEvaluators } from '@passk/source-vae'
import { describe, expect, it } from 'vitest'
import { repoRoot, sharedData } from '../helpers/index.js'

describe.skipIf(!sharedData())('examples/levi-vae.json (Levi 2024 §4, Fig. 5–6)', () => {
  it('shows a power-law trial-correlation spectrum and pass@k rising in k and ε, and k-eff fits every ε', async () => {
    const file = path.join(repoRoot, 'examples/levi-vae.json')
    const registry = await createDefaultRegistry({ noConfig: true })
    if (!registry.has('evaluators/score-passk')) registry.use(vaeEvaluators)
    const { outputs, results } = await runPipeline(loadSpec(file), { registry, baseDir: path.dirname(file) })

    const spectrum = outputs.get('spectrum') as Curve
    const kappa = spectrum.meta!.kappa as number
    expect(kappa).toBeGreaterThan(0)
    expect(spectrum.meta!.r2 as number).toBeGreaterThan(0.9)
    const ev = spectrum.series[0].y
    for (let j = 1; j < ev.length; j++) expect(ev[j]).toBeLessThanOrEqual(ev[j - 1])

    const eq10 = outputs.get('passk-eq10') as Curve
    expect(eq10.meta!.kappa as number).toBeCloseToRel(kappa, 1e-12)
    const data = eq10.series.filter((s) => s.style === 'data'),
      pred = eq10.series.filter((s) => s.style === 'fit')
    expect(data.length).toBe(4)
    expect(pred.length).toBe(4)
    data.forEach((s, i) => {
      for (let j = 1; j < s.y.length; j++) expect(s.y[j]).toBeGreaterThanOrEqual(s.y[j - 1] - 1e-12)
      expect(pred[i].y[0]).toBeCloseToRel(s.y[0], 1e-12) // H_1(κ) = 1: prediction = pass@1
      if (i > 0) expect(s.y.at(-1)!).toBeGreaterThanOrEqual(data[i - 1].y.at(-1)!)
    })

    const keff = results.fits.filter((f) => f.stage === 'keff')
    expect(keff.map((f) => f.target)).toEqual(data.map((s) => s.label))
    for (const f of keff) {
      expect(['converged', 'at-bound']).toContain(f.status)
      expect(f.params.find((p) => p.name === 'kappa')).toMatchObject({ value: kappa, fixed: true })
      const A = f.params.find((p) => p.name === 'A')!.value,
        p = f.params.find((q) => q.name === 'p')!.value
      expect(A).toBeGreaterThan(0)
      expect(p).toBeGreaterThan(0)
      expect(p).toBeLessThan(1)
    }
    const keffFree = results.fits.filter((f) => f.stage === 'keff-free')
    expect(keffFree.length).toBe(4)
    for (const f of keffFree) {
      expect(['converged', 'at-bound']).toContain(f.status)
      expect(f.params.find((p) => p.name === 'kappa')!.value).toBeGreaterThan(0)
    }
    // 28 s alone, but past the shared 120 s on a loaded 2-core machine (issue 16): the workload is the
    // paper's (smaller runs lose the power-law spectrum), so the time limit is generous instead.
  }, 900_000)
})
