/// <reference path="../setup/matchers.ts" />
/**
 * Levi 2024 §3.2 (Eq. 5–6): simulated Beta failures → evaluators/passk-unbiased → fitters/beta-passk
 * recovers (A, α, β) within 5%, running examples/levi-beta.json through the core runner with the CLI's
 * registry. Truth: A = 0.9, α = 3, β = 0.35 (the paper's LLM range), 50 000 problems × 200 attempts.
 * Why so many problems: the fit's error is dominated by the sampling of p_i across problems; with
 * scipy least squares on the same design (tools/reference/levi-beta-identifiability.py, 12 seeds) the worst
 * relative errors were 1.2% (A), 2.5% (α), 3.0% (β); with 1 000 problems they exceed 30%.
 */
import path from 'node:path'
import { loadSpec, runPipeline } from '@passk/core'
import { createDefaultRegistry } from '@passk/tui'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/index.js'

describe('examples/levi-beta.json (Levi 2024 Eq. 6)', () => {
  it('recovers A, α, β within 5% with beta-passk on the unbiased pass@k of simulated attempts', async () => {
    const file = path.join(repoRoot, 'examples/levi-beta.json')
    const spec = loadSpec(file)
    const truth = spec.stages[0].options as { alpha: number; beta: number; ceiling: number }
    const registry = await createDefaultRegistry({ noConfig: true })
    const { results } = await runPipeline(spec, { registry, baseDir: path.dirname(file) })
    const fit = results.fits.find((f) => f.model === 'beta-passk' || f.stage === 'fit')!
    expect(fit).toBeDefined()
    expect(['converged', 'at-bound']).toContain(fit.status)
    const p = Object.fromEntries(fit.params.map((q) => [q.name, q.value]))
    expect(p.A).toBeCloseToRel(truth.ceiling, 0.05)
    expect(p.alpha).toBeCloseToRel(truth.alpha, 0.05)
    expect(p.beta).toBeCloseToRel(truth.beta, 0.05)
  })
})
