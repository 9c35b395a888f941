// Explore the short-training VAE scores: error quantiles, spectrum fit, pass@k per ε (not a test).
import { runPlugins } from '@passk/core/testing'
import type { Curve, TrialScores } from '@passk/core'
import { vae } from '../src/vae.js'
import { trialCorrelation } from '../src/trial-correlation.js'
import { scorePassk } from '../src/score-passk.js'
const epochs = Number(process.argv[2] ?? 20),
  samples = Number(process.argv[3] ?? 100)
const t0 = performance.now()
const out = await runPlugins(
  [
    {
      plugin: vae,
      id: 'vae',
      options: {
        images: '/work/shared/data/fashion-mnist/train-images-first400-idx3-ubyte.gz',
        epochs,
        samples,
        ...(process.argv[4] ? { weights: process.argv[4] } : {}),
        ...(process.env.WEIGHTS_OUT ? { weightsOut: process.env.WEIGHTS_OUT } : {}),
      },
    },
    { plugin: trialCorrelation, id: 'corr', input: 'vae', options: {} },
    {
      plugin: scorePassk,
      id: 'pk',
      input: 'vae',
      options: { kappa: 'spectrum', ...(process.env.EPS ? { epsilons: process.env.EPS.split(',').map(Number) } : {}) },
    },
  ],
  1,
)
console.log('wall', ((performance.now() - t0) / 1000).toFixed(1), 's', out.timings)
const s = out.outputs.get('vae') as TrialScores
const v = Array.from(s.groups[0]!.scores).sort((a, b) => a - b)
console.log(
  'error quantiles',
  [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99].map((q) => v[Math.floor(q * (v.length - 1))]!.toFixed(3)).join(' '),
)
const c = out.outputs.get('corr') as Curve
console.log(
  'spectrum',
  c.series[0]!.y.slice(0, 12)
    .map((x) => x.toExponential(2))
    .join(' '),
  'meta',
  JSON.stringify(c.meta),
)
const p = out.outputs.get('pk') as Curve
for (const se of p.series) console.log(se.label, se.x.map((x, i) => `${x}:${se.y[i]!.toFixed(3)}`).join(' '))
