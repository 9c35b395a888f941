import { createRng } from '@passk/core'
import { createVae, trainVae, reconstructionErrors } from '../src/vae-model.ts'
import { readIdxImages } from '../src/idx.ts'
const im = readIdxImages('/work/shared/data/fashion-mnist/train-images-first400-idx3-ubyte.gz')
const rng = createRng(1)
const model = createVae({ input: 784, hidden: 400, latent: 20 }, rng.split('init'))
const E = Number(process.argv[2] ?? 3)
let t = performance.now()
const _losses = trainVae(model, im.pixels, im.n, {
  epochs: E,
  batchSize: Number(process.argv[3] ?? 128),
  lr: 1e-3,
  rng: rng.split('train'),
  onEpoch: (e, l) => {
    if (e % 10 === 0 || e <= 3) console.log(e, l.toFixed(2), ((performance.now() - t) / 1000).toFixed(1), 's elapsed')
  },
})
t = performance.now()
const err = reconstructionErrors(model, im.pixels, im.n, 100, 1.1, rng.split('s'))
console.log('sample 400x100', (performance.now() - t).toFixed(0), 'ms', err[0], err[1])
