// @passk/source-cifar10h: CIFAR-10H human-label variance as instance difficulty on frozen features (LID §5)
import { definePackage } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { cifar10h } from './cifar10h.js'
import { labelHistogram } from './label-histogram.js'

export { cifar10h, cifar10hOptions, DEFAULT_FEATURES, DEFAULT_LABELS, type Cifar10hOptions } from './cifar10h.js'
export { labelHistogram, labelHistogramOptions, CIFAR10_CLASSES } from './label-histogram.js'
export { labelMoments, labelsFromMatrix, labelsFromCsv, type LabelDistributions } from './labels.js'

export default definePackage({
  meta: { name: pkg.name, version: pkg.version, namespace: 'sources' },
  plugins: [cifar10h, labelHistogram],
})
