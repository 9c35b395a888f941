/**
 * Validate the TypeScript ResNet-20 on all 1000 shared images (slow: ~25-150 ms per image, so not a unit
 * test): max |feature − resnet20_features64.npy| and top-1 accuracy against the CIFAR-10 labels (91.5%
 * expected, the accuracy recorded in ../shared/data/README.md).
 * Run from the repo root: npx tsx --conditions=@passk/source packages/source-cifar10h/scripts/validate-resnet20.ts [n]
 */
import path from 'node:path'
import { readNpyFile, readNpzFile } from '@passk/core'
import { loadResnet20, resnet20Forward } from '../src/resnet20.js'

const D = path.resolve(import.meta.dirname, '../../../../shared/data/cifar10-test-first1000')
const net = loadResnet20(readNpzFile(path.join(D, 'resnet20-12fca82f.npz')))
const imgs = readNpyFile(path.join(D, 'cifar10_test_first1000_uint8_NHWC.npy'))
const ref = readNpyFile(path.join(D, 'resnet20_features64.npy'))
const labels = readNpyFile(path.join(D, 'cifar10_test_first1000_labels.npy'))
const n = Number(process.argv[2] ?? imgs.shape[0])
const t = performance.now()
const { features, logits } = resnet20Forward(net, imgs.data as Uint8Array, 0, n)
const ms = performance.now() - t
let maxErr = 0,
  correct = 0
for (let i = 0; i < n * 64; i++) maxErr = Math.max(maxErr, Math.abs(features[i]! - (ref.data[i] as number)))
for (let i = 0; i < n; i++) {
  let b = 0
  for (let j = 1; j < 10; j++) if (logits[i * 10 + j]! > logits[i * 10 + b]!) b = j
  if (b === Number(labels.data[i])) correct++
}
console.log(
  `images ${n}  ms/image ${(ms / n).toFixed(1)}  max|Δfeature| ${maxErr.toExponential(2)}  top-1 ${((100 * correct) / n).toFixed(1)}%`,
)
