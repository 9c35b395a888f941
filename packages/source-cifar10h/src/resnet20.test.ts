import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createRng, readNpyFile, readNpzFile, writeNpy, type StochasticRegression } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { conv3x3, loadResnet20, resnet20Forward } from './resnet20.js'
import { cifar10h, cifar10hOptions } from './cifar10h.js'

describe('conv3x3 (im2col + blocked product) against a direct 7-loop convolution', () => {
  for (const [cin, cout, H, stride] of [
    [3, 5, 8, 1],
    [4, 6, 8, 2],
    [2, 4, 4, 1],
  ] as const) {
    it(`cin ${cin}, cout ${cout}, ${H}×${H}, stride ${stride}`, () => {
      const r = createRng(`conv-${cin}-${cout}-${stride}`)
      const inp = Float32Array.from({ length: cin * H * H }, () => r.normal())
      const w = Float32Array.from({ length: cout * cin * 9 }, () => r.normal())
      const b = Float32Array.from({ length: cout }, () => r.normal())
      const Ho = H / stride
      const out = new Float32Array(cout * Ho * Ho)
      conv3x3(inp, H, H, { cin, cout, w, b }, stride, out, true)
      for (let o = 0; o < cout; o++)
        for (let y = 0; y < Ho; y++)
          for (let x = 0; x < Ho; x++) {
            let s = b[o]
            for (let i = 0; i < cin; i++)
              for (let ky = 0; ky < 3; ky++)
                for (let kx = 0; kx < 3; kx++) {
                  const iy = stride * y + ky - 1,
                    ix = stride * x + kx - 1
                  if (iy >= 0 && iy < H && ix >= 0 && ix < H)
                    s += w[((o * cin + i) * 3 + ky) * 3 + kx] * inp[(i * H + iy) * H + ix]
                }
            expect(out[(o * Ho + y) * Ho + x]).toBeCloseTo(Math.max(0, s), 5)
          }
    })
  }
})

const DATA = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/data')
const C1000 = path.join(DATA, 'cifar10-test-first1000')
describe.skipIf(!existsSync(DATA))('ResNet-20 on ../shared/data (skipped when absent)', () => {
  it('reproduces resnet20_features64.npy to 1e-4 and the linear head on the first 4 images', () => {
    const net = loadResnet20(readNpzFile(path.join(C1000, 'resnet20-12fca82f.npz')))
    const imgs = readNpyFile(path.join(C1000, 'cifar10_test_first1000_uint8_NHWC.npy'))
    const ref = readNpyFile(path.join(C1000, 'resnet20_features64.npy'))
    const { features, logits } = resnet20Forward(net, imgs.data as Uint8Array, 0, 4)
    for (let i = 0; i < 4 * 64; i++) expect(Math.abs(features[i] - ref.data[i])).toBeLessThan(1e-4)
    // logits = W·f_ref + b computed from the reference features, independently of our forward pass
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 10; j++) {
        let s = net.linearB[j]
        for (let c = 0; c < 64; c++) s += net.linearW[j * 64 + c] * ref.data[i * 64 + c]
        expect(Math.abs(logits[i * 10 + j] - s)).toBeLessThan(1e-3)
      }
  })
  it('sources/cifar10h with images: computes features, then reuses the content-hash cache', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'passk-resnet-'))
    const imgs = readNpyFile(path.join(C1000, 'cifar10_test_first1000_uint8_NHWC.npy'))
    writeFileSync(
      path.join(dir, 'four.npy'),
      writeNpy({
        dtype: '|u1',
        shape: [4, 32, 32, 3],
        fortranOrder: false,
        data: (imgs.data as Uint8Array).slice(0, 4 * 3072),
      }),
    )
    const opts = cifar10hOptions.parse({
      labels: path.join(DATA, 'cifar10h/cifar10h-probs.npy'),
      images: 'four.npy',
      weights: path.join(C1000, 'resnet20-12fca82f.npz'),
      featureCache: 'cache',
      valFraction: 0.5,
      replicates: 1,
      s: 1,
    })
    const ref = readNpyFile(path.join(C1000, 'resnet20_features64.npy'))
    for (const expected of ['resnet20', 'resnet20 (cache)']) {
      const data = cifar10h.run(null, opts, createTestContext({ seed: 1, baseDir: dir })) as StochasticRegression
      expect(data.meta.featuresFrom).toBe(expected)
      expect(data.meta.top1VsHumanMajority).toBe(1) // images 0-3 (cat, ship, ship, airplane) are classified as the humans did
      const all = [data.replicates[0].train, data.replicates[0].test]
      for (const part of all)
        for (let k = 0; k < part.n; k++) {
          const i = [0, 1, 2, 3].find((r) => Math.abs(ref.data[r * 64] - part.x[k * 64]) < 1e-4)!
          expect(i).toBeGreaterThanOrEqual(0)
          for (let c = 0; c < 64; c++) expect(Math.abs(part.x[k * 64 + c] - ref.data[i * 64 + c])).toBeLessThan(1e-4)
        }
    }
  })
})
