// @passk/estimators: ridge, OLS and minimum-norm estimators on nested training prefixes (LID Eq. 6).
import { definePackage } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { ridge } from './ridge.js'
import { ols } from './ols.js'
import { minNorm } from './min-norm.js'

export { ridge, ridgeOptions } from './ridge.js'
export { ols, olsOptions } from './ols.js'
export { minNorm, minNormOptions } from './min-norm.js'
export { ridgePath, useDual, MAX_DUAL_N } from './ridge-path.js'
export type { RidgePathInput, RidgePathOutput, DualMode } from './ridge-path.js'

export default definePackage({
  meta: { name: pkg.name, version: pkg.version, namespace: 'estimators' },
  plugins: [ridge, ols, minNorm],
})
