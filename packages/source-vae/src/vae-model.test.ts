/// <reference path="../../../test/setup/matchers.ts" />
import { createRng } from '@passk/core'
import { describe, expect, it } from 'vitest'
import { createVae, createVaeWorkspace, trainVae, vaeLossAndGrad, type VaeDims } from './vae-model.js'

describe('vaeLossAndGrad', () => {
  it('matches central finite differences to relative error < 1e-5 in float64 for every parameter', () => {
    const dims: VaeDims = { input: 7, hidden: 5, latent: 3 }
    const rng = createRng(42)
    const model = createVae(dims, rng)
    // Scale weights up a little so ReLUs are active on both sides and gradients are not tiny.
    for (let i = 0; i < model.params.length; i++) model.params[i] *= 1.5
    const B = 4
    const x = new Float64Array(B * dims.input).map(() => rng.uniform())
    const eps = rng.fillNormal(new Float64Array(B * dims.latent))
    const ws = createVaeWorkspace(dims, B)
    const grad = new Float64Array(model.layout.size)
    vaeLossAndGrad(model, x, B, eps, grad, ws)
    const scratch = new Float64Array(model.layout.size)
    const f = () => vaeLossAndGrad(model, x, B, eps, scratch, ws).loss
    const h = 1e-6
    let worst = 0,
      checked = 0
    for (let i = 0; i < model.params.length; i++) {
      const p0 = model.params[i]
      model.params[i] = p0 + h
      const fp = f()
      model.params[i] = p0 - h
      const fm = f()
      model.params[i] = p0
      const fd = (fp - fm) / (2 * h)
      const denom = Math.max(Math.abs(fd), Math.abs(grad[i]), 1e-3)
      worst = Math.max(worst, Math.abs(fd - grad[i]) / denom)
      checked++
    }
    expect(checked).toBe(model.layout.size)
    expect(worst).toBeLessThan(1e-5)
  })

  it('gives the closed-form loss at a point: BCE of sigmoid(b4) and KL of (μ, log σ²) = b2 when all weights are 0', () => {
    const dims: VaeDims = { input: 3, hidden: 2, latent: 1 }
    const model = createVae(dims, createRng(1))
    model.params.fill(0)
    const ly = model.layout
    model.params[ly.b2] = 0.5
    model.params[ly.b2 + 1] = -0.3 // μ = 0.5, log σ² = −0.3
    model.params[ly.b4] = 1
    model.params[ly.b4 + 1] = -2
    model.params[ly.b4 + 2] = 0
    const x = new Float64Array([0.2, 0.9, 1])
    const r = vaeLossAndGrad(
      model,
      x,
      1,
      new Float64Array([0.7]),
      new Float64Array(ly.size),
      createVaeWorkspace(dims, 1),
    )
    const sig = (l: number) => 1 / (1 + Math.exp(-l))
    const bce = [1, -2, 0].reduce((s, l, j) => s - (x[j] * Math.log(sig(l)) + (1 - x[j]) * Math.log(1 - sig(l))), 0)
    const kld = -0.5 * (1 - 0.3 - 0.25 - Math.exp(-0.3))
    expect(r.bce).toBeCloseToRel(bce, 1e-12)
    expect(r.kld).toBeCloseToRel(kld, 1e-12)
  })
})

describe('vaeLossAndGrad BCE over many logits', () => {
  it('equals Σ −x·log ŷ − (1 − x)·log(1 − ŷ) (per-logit log1p, computed here) to 1e-13 relative over 2×700 logits (blocks of 512)', () => {
    const dims: VaeDims = { input: 700, hidden: 3, latent: 2 }
    const model = createVae(dims, createRng(3))
    model.params.fill(0)
    const ly = model.layout
    const rng = createRng(4)
    for (let j = 0; j < dims.input; j++) model.params[ly.b4 + j] = 30 * (rng.uniform() - 0.5) // logits in ±15
    const B = 2
    const x = new Float64Array(B * dims.input).map(() => (rng.uniform() < 0.3 ? 0 : rng.uniform()))
    const r = vaeLossAndGrad(
      model,
      x,
      B,
      new Float64Array(B * 2),
      new Float64Array(ly.size),
      createVaeWorkspace(dims, B),
    )
    let want = 0
    for (let i = 0; i < B; i++)
      for (let j = 0; j < dims.input; j++) {
        const l = model.params[ly.b4 + j],
          xi = x[i * dims.input + j]
        // −x·log σ(l) − (1 − x)·log(1 − σ(l)) with log σ(l) = −log1p(e^{−l}), log(1 − σ(l)) = −l − log1p(e^{−l})
        const lse = l > 0 ? Math.log1p(Math.exp(-l)) : -l + Math.log1p(Math.exp(l))
        want += xi * lse + (1 - xi) * (l + lse)
      }
    expect(r.bce).toBeCloseToRel(want, 1e-13)
  })
})

describe('trainVae', () => {
  it('lowers the loss per image by at least a factor 2 in 30 epochs (measured 11.43 → 4.09) on a synthetic binary 3-cluster set at seed 5', () => {
    // 60 binary "images" of 16 pixels: three prototypes with 5% flipped pixels (BCE floor 0).
    const rng = createRng(5),
      I = 16,
      n = 60
    const protos = [0, 1, 2].map(() => Float64Array.from({ length: I }, () => (rng.uniform() < 0.5 ? 1 : 0)))
    const x = new Float64Array(n * I)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < I; j++) x[i * I + j] = rng.uniform() < 0.05 ? 1 - protos[i % 3][j] : protos[i % 3][j]
    const model = createVae({ input: I, hidden: 12, latent: 2 }, rng.split('init'))
    const losses = trainVae(model, x, n, { epochs: 30, batchSize: 16, lr: 1e-2, rng: rng.split('train') })
    expect(losses.length).toBe(30)
    expect(losses[29] / losses[0]).toBeLessThan(1 / 2)
  })
})
