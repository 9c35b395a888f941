/** The plugin contract for every plugin of this package (@passk/core/testing's testPlugin), on small npy files. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeNpy, type KindValue } from '@passk/core'
import { lastOutput, runPlugins, testPlugin } from '@passk/core/testing'
import pkgJson from '../package.json' with { type: 'json' }
import pkg from './index.js'
import { cifar10h } from './cifar10h.js'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-cifar10h-conformance-'))
const n = 20,
  d = 4
// label distributions over 10 classes: image i puts 0.5 + i/(2n) on class i mod 10, the rest spread evenly
const probs = new Float64Array(n * 10)
for (let i = 0; i < n; i++)
  for (let j = 0; j < 10; j++) {
    const top = 0.5 + i / (2 * n)
    probs[i * 10 + j] = j === i % 10 ? top : (1 - top) / 9
  }
const feats = Float64Array.from({ length: n * d }, (_, k) => Math.sin(k + 1))
const labels = path.join(tmp, 'probs.npy')
const features = path.join(tmp, 'features.npy')
fs.writeFileSync(labels, writeNpy({ dtype: '<f8', shape: [n, 10], fortranOrder: false, data: probs }))
fs.writeFileSync(features, writeNpy({ dtype: '<f8', shape: [n, d], fortranOrder: false, data: feats }))
const sourceOptions = { labels, features, replicates: 1 }

const cases: Record<string, { options?: Record<string, unknown>; input?: () => Promise<KindValue> }> = {
  cifar10h: { options: sourceOptions },
  'cifar10h-label-histogram': {
    options: { labels, points: 20 },
    input: async () => lastOutput(await runPlugins([{ plugin: cifar10h, options: sourceOptions }])),
  },
}

describe(`${pkg.meta.name}: testPlugin on every plugin`, () => {
  it('has a case for every plugin', () => {
    expect(Object.keys(cases).sort()).toEqual(pkg.plugins.map((p) => p.name).sort())
  })
  for (const plugin of pkg.plugins)
    it(`${pkg.meta.namespace}/${plugin.name}`, async () => {
      const { input, ...rest } = cases[plugin.name]
      const r = await testPlugin(plugin, {
        packageJson: pkgJson,
        pkg,
        ...rest,
        ...(input ? { sampleInput: await input() } : {}),
      })
      expect(r.checks).toHaveLength(5)
    })
})
