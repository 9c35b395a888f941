/**
 * sources/vae — the VAE reconstruction task of Levi 2024 §4 / App. A: train the paper's VAE on the first
 * `count` Fashion-MNIST training images (or load saved weights), then draw `samples` reconstructions per
 * image at temperature T and score each by error = ‖ŷ − y‖/‖y‖ (Eq. 14) → TrialScores (lower is better).
 */
import { defineSource, PasskError, z } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { readIdxImages } from './idx.js'
import { createVae, reconstructionErrors, trainVae, type VaeModel } from './vae-model.js'
import { loadVaeWeights, saveVaeWeights } from './vae-weights.js'

export const DEFAULT_IMAGES = '../shared/data/fashion-mnist/train-images-first400-idx3-ubyte.gz'

export const vaeOptions = z
  .object({
    images: z
      .string()
      .min(1)
      .default(DEFAULT_IMAGES)
      .describe(
        "Fashion-MNIST images, IDX (idx3-ubyte), gzip or raw; relative paths resolve against the spec file's directory (the default suits a run from the repo root)",
      ),
    count: z.number().int().min(1).max(60000).default(400).describe('Use the first `count` images (paper: 400)'),
    epochs: z
      .number()
      .int()
      .min(0)
      .max(100000)
      .default(20)
      .describe('Training epochs (paper: 1000, ≈ 7 min here; ignored when `weights` is given)'),
    batchSize: z
      .number()
      .int()
      .min(1)
      .max(60000)
      .default(128)
      .describe('Mini-batch size (loss summed over the batch, as in the PyTorch VAE example)'),
    lr: z.number().positive().max(1).default(1e-3).describe('Adam learning rate (paper: 1e-3)'),
    hidden: z.number().int().min(1).max(4096).default(400).describe('Hidden width (paper: 400)'),
    latent: z.number().int().min(1).max(512).default(20).describe('Latent dimension (paper: 20)'),
    temperature: z
      .number()
      .nonnegative()
      .max(100)
      .default(1.1)
      .describe('T: scales the latent noise when sampling, z = μ + T·σ·ε (paper: 1.1)'),
    samples: z.number().int().min(1).max(100000).default(100).describe('Reconstructions (attempts) per image, k_max'),
    weights: z.string().min(1).optional().describe('Load trained weights (.passkvae) instead of training'),
    weightsOut: z.string().min(1).optional().describe('Save the trained weights here (.passkvae) for later runs'),
  })
  .strict()

export type VaeOptions = z.output<typeof vaeOptions>

export const vae = defineSource({
  name: 'vae',
  version: pkg.version,
  summary:
    'VAE reconstruction task on Fashion-MNIST: per-image reconstruction errors of k samples (Levi 2024 §4, Eq. 14)',
  description:
    "Trains the paper's VAE (784 → 400 → 20 → 400 → 784, BCE + KL, Adam) on the first `count` images, or loads `weights`; " +
    'then samples `samples` reconstructions per image with latent noise scaled by `temperature` and scores each by ‖ŷ − y‖/‖y‖. ' +
    'Follow with evaluators/threshold, evaluators/score-passk or evaluators/trial-correlation.',
  refs: ['Levi 2024, §4, Eq. 14', 'Levi 2024, App. A'],
  options: vaeOptions,
  produces: 'TrialScores',
  run(_input, o, ctx) {
    const file = ctx.resolvePath(o.images)
    const im = readIdxImages(file, o.count)
    if (im.n < o.count)
      ctx.warn('PASSK_FEWER_IMAGES', `${file} holds ${im.n} images; using all of them instead of count = ${o.count}.`)
    const I = im.rows * im.cols
    for (let i = 0; i < im.n; i++) {
      let s = 0
      for (let j = 0; j < I; j++) s += im.pixels[i * I + j]
      if (s === 0)
        throw new PasskError(
          'PASSK_BAD_IDX',
          `${file}: image ${i} is all zeros, so its relative reconstruction error ‖ŷ − y‖/‖y‖ (Eq. 14) is undefined.`,
          'Drop blank images from the file or lower `count`.',
        )
    }
    let model: VaeModel
    let losses: number[] = []
    let trainedEpochs = 0
    if (o.weights) {
      const w = loadVaeWeights(ctx.resolvePath(o.weights))
      model = w.model
      trainedEpochs = Number(w.header.epochs ?? 0)
      if (model.dims.input !== I)
        throw new PasskError(
          'PASSK_BAD_WEIGHTS',
          `VAE weights ${o.weights} expect ${model.dims.input} pixels per image, but ${file} has ${im.rows}×${im.cols} = ${I}.`,
          'Use weights trained on images of the same size.',
        )
      ctx.log.info(
        `loaded VAE weights ${o.weights} (${model.dims.input}-${model.dims.hidden}-${model.dims.latent}, ${trainedEpochs} epochs)`,
      )
    } else {
      model = createVae({ input: I, hidden: o.hidden, latent: o.latent }, ctx.rng.split('init'))
      if (o.epochs === 0) ctx.warn('PASSK_UNTRAINED', 'epochs = 0 and no weights: sampling from an untrained VAE.')
      losses = trainVae(model, im.pixels, im.n, {
        epochs: o.epochs,
        batchSize: o.batchSize,
        lr: o.lr,
        rng: ctx.rng.split('train'),
        onEpoch: (ep, loss) => {
          ctx.throwIfAborted()
          if (!Number.isFinite(loss))
            throw new PasskError(
              'PASSK_NOT_CONVERGED',
              `VAE training diverged at epoch ${ep} (loss ${loss}).`,
              'Lower lr or the batch size.',
            )
          ctx.progress({
            done: ep,
            total: o.epochs,
            label: `training epoch ${ep}/${o.epochs}, loss ${loss.toFixed(2)} per image`,
          })
        },
      })
      trainedEpochs = o.epochs
      if (losses.length)
        ctx.table({
          id: 'vae-training',
          title: 'VAE training loss (BCE + KL per image) by epoch',
          columns: ['epoch', 'loss'],
          rows: losses.map((l, i) => [i + 1, l]),
        })
      if (o.weightsOut)
        saveVaeWeights(ctx.resolvePath(o.weightsOut), model, {
          epochs: o.epochs,
          finalLoss: losses.at(-1) ?? null,
          seed: ctx.seed,
          images: o.images,
          count: im.n,
        })
    }
    ctx.throwIfAborted()
    const scores = reconstructionErrors(
      model,
      im.pixels,
      im.n,
      o.samples,
      o.temperature,
      ctx.rng.split('sample'),
      (done) => {
        if (done % 10 === 0 || done === im.n) {
          ctx.throwIfAborted()
          ctx.progress({ done, total: im.n, label: `sampling ${o.samples} reconstructions per image` })
        }
      },
    )
    return {
      kind: 'TrialScores',
      groups: [
        {
          label: `VAE T=${o.temperature}`,
          nProblems: im.n,
          nAttempts: o.samples,
          scores,
          problems: Array.from({ length: im.n }, (_, i) => `img${i}`),
        },
      ],
      higherIsBetter: false,
      meta: {
        source: 'sources/vae',
        score: 'relative reconstruction error ‖ŷ − y‖/‖y‖ (Levi Eq. 14)',
        temperature: o.temperature,
        epochs: trainedEpochs,
        finalLoss: losses.at(-1) ?? null,
        dims: model.dims,
        images: o.images,
        count: im.n,
      },
    }
  },
})
