// @passk/source-cifar10h: CIFAR-10H human-label variance as instance difficulty on frozen features (LID §5)
import { definePackage } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { cifar10h } from './cifar10h.js'
import { labelHistogram } from './cifar10h-label-histogram.js'

export {
  cifar10h,
  cifar10hOptions,
  DEFAULT_FEATURES,
  DEFAULT_LABELS,
  DEFAULT_WEIGHTS,
  type Cifar10hOptions,
} from './cifar10h.js'
export { labelHistogram, labelHistogramOptions, CIFAR10_CLASSES } from './cifar10h-label-histogram.js'
export { loadResnet20, resnet20Forward, IMAGENET_MEAN, IMAGENET_STD, type Resnet20 } from './resnet20.js'
export { labelMoments, labelsFromMatrix, labelsFromCsv, type LabelDistributions } from './labels.js'

export default definePackage({
  meta: { name: pkg.name, version: pkg.version, namespace: 'sources' },
  plugins: [cifar10h, labelHistogram],
})
