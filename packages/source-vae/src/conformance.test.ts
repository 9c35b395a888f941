/** The plugin contract for every plugin of this package's two plugin packages (@passk/core/testing's testPlugin). */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { KindValue, TrialScores } from '@passk/core'
import { testPlugin } from '@passk/core/testing'
import pkgJson from '../package.json' with { type: 'json' }
import pkg, { vaeEvaluators } from './index.js'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-vae-conformance-'))

/** 12 IDX images of 4×4: a bright top half on even images, a bright left half on odd ones. */
function images(): string {
  const n = 12,
    d = 16
  const b = new Uint8Array(16 + n * d)
  b[2] = 0x08
  b[3] = 3
  const v = new DataView(b.buffer)
  v.setUint32(4, n, false)
  v.setUint32(8, 4, false)
  v.setUint32(12, 4, false)
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) b[16 + i * d + j] = (i % 2 ? j % 4 < 2 : j < 8) ? 200 : 20
  const f = path.join(tmp, 'images-idx3-ubyte')
  fs.writeFileSync(f, b)
  return f
}
const scoresCsv = path.join(tmp, 'scores.csv')
fs.writeFileSync(scoresCsv, '0.1,0.5,0.9\n0.2,0.3,0.4\n0.8,0.7,0.6\n0.05,0.95,0.5\n')

/** Scores of 4 problems × 3 attempts (errors: lower is better). */
const scores: TrialScores = {
  kind: 'TrialScores',
  groups: [
    { label: 'g', nProblems: 4, nAttempts: 3, scores: Float64Array.from([1, 5, 9, 2, 3, 4, 8, 7, 6, 0.5, 9.5, 5]) },
  ],
  higherIsBetter: false,
  meta: {},
}

const cases: Record<string, { options?: Record<string, unknown>; sampleInput?: KindValue }> = {
  vae: { options: { images: images(), hidden: 4, latent: 2, epochs: 2, batchSize: 4, samples: 3 } },
  'score-matrix': { options: { file: scoresCsv } },
  threshold: { sampleInput: scores, options: { epsilon: 5 } },
  'score-passk': { sampleInput: scores },
  'trial-correlation': { sampleInput: scores },
}

for (const p of [pkg, vaeEvaluators])
  describe(`${p.meta.name} (${p.meta.namespace}): testPlugin on every plugin`, () => {
    it('has a case for every plugin', () => {
      for (const plugin of p.plugins) expect(Object.keys(cases)).toContain(plugin.name)
    })
    for (const plugin of p.plugins)
      it(`${p.meta.namespace}/${plugin.name}`, async () => {
        const r = await testPlugin(plugin, { packageJson: pkgJson, pkg: p, ...cases[plugin.name] })
        expect(r.checks).toHaveLength(5)
      })
  })
