/** Shared input checks and mode resolution for the LID evaluators. */
import { PasskError } from '@passk/core'
import type { LinearPredictors, RegressionPopulation } from '@passk/core'

export function checkPredictors(p: LinearPredictors, plugin: string): void {
  if (p.d !== p.data.d) {
    throw new PasskError(
      'PASSK_SHAPE_MISMATCH',
      `${plugin}: the predictors have d = ${p.d} but their data has d = ${p.data.d}.`,
      'The estimator stage must consume the same data set the evaluator reads; check the stage inputs.',
    )
  }
}

/** Population law plus a teacher on every replicate, or null. */
export function populationOf(p: LinearPredictors): RegressionPopulation | null {
  const pop = p.data.population
  if (!pop || p.data.replicates.some((r) => !r.teacher)) return null
  return pop
}

export function needPopulation(p: LinearPredictors, plugin: string): RegressionPopulation {
  const pop = populationOf(p)
  if (!pop) {
    throw new PasskError(
      'PASSK_NO_POPULATION',
      `${plugin}: mode 'population' needs the source's population law and teacher θ*, but the data (${String(p.data.meta.source ?? 'unknown source')}) has ${p.data.population ? 'no teacher' : 'no population law'}.`,
      "Use mode 'test-set' (or 'auto') for real data; population mode works with sources/lid.",
    )
  }
  return pop
}

/** Σ_j σ_j² Δθ_j² = Δθᵀ Σ Δθ for diagonal Σ (LID App. B, Eq. 32 with the x-expectation done). */
export function quadForm(eig: Float64Array, dTheta: Float64Array, offset: number, d: number): number {
  let v = 0
  for (let j = 0; j < d; j++) {
    const t = dTheta[offset + j]
    v += eig[j] * t * t
  }
  return v
}
