// @passk/source-vae: the VAE reconstruction task and score-matrix analyses of Levi 2024 §4.
// Two plugin packages: the default export registers the sources (namespace "sources"); `vaeEvaluators`
// registers the score analyses under namespace "evaluators" (a package has one namespace).
import { definePackage } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { vae } from './vae.js'
import { scoreMatrix } from './score-matrix.js'
import { threshold } from './threshold.js'
import { scorePassk } from './score-passk.js'
import { trialCorrelation } from './trial-correlation.js'

export { vae, vaeOptions, DEFAULT_IMAGES } from './vae.js'
export { scoreMatrix, scoreMatrixOptions, parseScoreCsv } from './score-matrix.js'
export { threshold, thresholdOptions } from './threshold.js'
export { scorePassk, scorePasskOptions } from './score-passk.js'
export { trialCorrelation, trialCorrelationOptions, correlationSpectrum } from './trial-correlation.js'
export { parseIdx, readIdxFile, readIdxImages } from './idx.js'
export {
  createVae,
  vaeLayout,
  vaeLossAndGrad,
  createVaeWorkspace,
  trainVae,
  reconstructionErrors,
  createAdam,
  adamStep,
} from './vae-model.js'
export { encodeVaeWeights, decodeVaeWeights, saveVaeWeights, loadVaeWeights } from './vae-weights.js'
export type { VaeOptions } from './vae.js'
export type { IdxArray } from './idx.js'
export type { VaeDims, VaeModel, VaeLayout, VaeWorkspace, VaeLoss, AdamState, TrainOptions } from './vae-model.js'
export type { VaeWeightsHeader } from './vae-weights.js'
export type { CorrelationSpectrum } from './trial-correlation.js'

/**
 * Score analyses (TrialScores → …) registered as evaluators/threshold, evaluators/score-passk,
 * evaluators/trial-correlation.
 */
export const vaeEvaluators = definePackage({
  meta: { name: pkg.name, version: pkg.version, namespace: 'evaluators' },
  plugins: [threshold, scorePassk, trialCorrelation],
})

export default definePackage({
  meta: { name: pkg.name, version: pkg.version, namespace: 'sources' },
  plugins: [vae, scoreMatrix],
})
