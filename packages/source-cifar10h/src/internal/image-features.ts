/**
 * Features computed inside passk-lab: the ResNet-20 forward pass (../resnet20.ts) over a uint8 NHWC image
 * .npy, cached as a float64 .npy keyed by the SHA-256 of the images file, the weights file and the code
 * version, so a spec pays for the forward pass once.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { PasskError, readNpy, readNpz, writeNpy, type PluginContext } from '@passk/core'
import { loadResnet20, resnet20Forward } from '../resnet20.js'
import type { Features } from './features.js'

/** Bump when the forward pass changes, so stale caches are not reused. */
const CODE_VERSION = 'resnet20-v1'

function readBytes(p: string, what: string): Uint8Array {
  try {
    return readFileSync(p)
  } catch (e) {
    throw new PasskError(
      'PASSK_FILE_NOT_FOUND',
      `${what} not found: ${p}`,
      'The shared data has cifar10_test_first1000_uint8_NHWC.npy and resnet20-12fca82f.npz in ../shared/data/cifar10-test-first1000/.',
      { cause: e },
    )
  }
}

export interface ImageFeatures extends Features {
  logits: Float64Array
  cached: boolean
  cacheFile: string | null
}

export function imageFeatures(
  imagesPath: string,
  weightsPath: string,
  cacheDir: string | null,
  ctx: Pick<PluginContext, 'progress' | 'throwIfAborted' | 'log'>,
): ImageFeatures {
  const imgBytes = readBytes(imagesPath, 'image .npy'),
    wBytes = readBytes(weightsPath, 'ResNet-20 weights .npz')
  const key = createHash('sha256').update(CODE_VERSION).update(imgBytes).update(wBytes).digest('hex').slice(0, 32)
  const cacheFile = cacheDir ? path.join(cacheDir, `resnet20-${key}.npy`) : null
  const logitsFile = cacheDir ? path.join(cacheDir, `resnet20-${key}-logits.npy`) : null
  if (cacheFile && logitsFile && existsSync(cacheFile) && existsSync(logitsFile)) {
    const f = readNpy(readFileSync(cacheFile), cacheFile),
      l = readNpy(readFileSync(logitsFile), logitsFile)
    ctx.log.info(`features from cache ${cacheFile}`)
    return {
      n: f.shape[0],
      d: f.shape[1],
      x: Float64Array.from(f.data),
      logits: Float64Array.from(l.data),
      cached: true,
      cacheFile,
    }
  }
  const imgs = readNpy(imgBytes, imagesPath)
  if (
    imgs.shape.length !== 4 ||
    imgs.shape[1] !== 32 ||
    imgs.shape[2] !== 32 ||
    imgs.shape[3] !== 3 ||
    !(imgs.data instanceof Uint8Array)
  ) {
    throw new PasskError(
      'PASSK_BAD_INPUT',
      `${imagesPath}: expected uint8 images of shape (n, 32, 32, 3) (NHWC), got ${imgs.dtype} (${imgs.shape.join(', ')})`,
      'Save the CIFAR-10 images as numpy uint8 in NHWC order.',
    )
  }
  const net = loadResnet20(readNpz(wBytes, weightsPath))
  const n = imgs.shape[0]
  const out = { features: new Float64Array(n * 64), logits: new Float64Array(n * 10) }
  const chunk = 16
  for (let a = 0; a < n; a += chunk) {
    ctx.throwIfAborted()
    const b = Math.min(n, a + chunk)
    const r = resnet20Forward(net, imgs.data, a, b)
    out.features.set(r.features, a * 64)
    out.logits.set(r.logits, a * 10)
    ctx.progress({ done: b, total: n, label: `ResNet-20 forward pass, image ${b}/${n}` })
  }
  if (cacheFile && logitsFile) {
    mkdirSync(cacheDir!, { recursive: true })
    for (const [file, data, cols] of [
      [cacheFile, out.features, 64],
      [logitsFile, out.logits, 10],
    ] as const) {
      const tmp = `${file}.${process.pid}.tmp`
      writeFileSync(tmp, writeNpy({ dtype: '<f8', shape: [n, cols], fortranOrder: false, data }))
      renameSync(tmp, file)
    }
  }
  return { n, d: 64, x: out.features, logits: out.logits, cached: false, cacheFile }
}
