/**
 * The VAE of Levi 2024 App. A (the PyTorch VAE example architecture), in typed-array kernels:
 *   encoder  h1 = ReLU(W1·x + b1)                         784 → 400
 *            [μ, log σ²] = W2·h1 + b2                     400 → 2·20 (fc21 and fc22 stacked)
 *   sample   z = μ + T·σ·ε, ε ~ N(0, I)                  (T = 1 in training; T = 1.1 when sampling, App. A)
 *   decoder  h3 = ReLU(W3·z + b3), ŷ = sigmoid(W4·h3 + b4)  20 → 400 → 784
 *   loss     BCE(ŷ, x) summed over pixels + KL = −½ Σ (1 + log σ² − μ² − σ²), summed over the batch
 *   Adam (lr 1e-3, β = (0.9, 0.999), ε = 1e-8), PyTorch's default Linear init U(±1/√fan_in).
 * Rows are images; every layer is a batched matrix product on row-major Float64Array via @passk/linalg's
 * dgemmEx (packed panels, WebAssembly SIMD micro-kernel; transposed operands are read in place, nothing is
 * allocated per step). BCE is computed from the logits as softplus(l) − x·l (stable; equal to
 * −x·log ŷ − (1 − x)·log(1 − ŷ)), so its gradient is ŷ − x.
 */
import { dgemmEx } from '@passk/linalg'
import type { Rng } from '@passk/core'

export interface VaeDims {
  input: number
  hidden: number
  latent: number
}

export interface VaeLayout {
  W1: number
  b1: number
  W2: number
  b2: number
  W3: number
  b3: number
  W4: number
  b4: number
  size: number
}

export interface VaeModel {
  dims: VaeDims
  layout: VaeLayout
  params: Float64Array
}

export function vaeLayout({ input: I, hidden: H, latent: L }: VaeDims): VaeLayout {
  let o = 0
  const at = (n: number) => {
    const s = o
    o += n
    return s
  }
  const W1 = at(H * I),
    b1 = at(H),
    W2 = at(2 * L * H),
    b2 = at(2 * L),
    W3 = at(H * L),
    b3 = at(H),
    W4 = at(I * H),
    b4 = at(I)
  return { W1, b1, W2, b2, W3, b3, W4, b4, size: o }
}

/** New model with PyTorch's default Linear initialisation: weights and biases U(−1/√fan_in, 1/√fan_in). */
export function createVae(dims: VaeDims, rng: Rng): VaeModel {
  const layout = vaeLayout(dims)
  const p = new Float64Array(layout.size)
  const { input: I, hidden: H, latent: L } = dims
  const fill = (off: number, n: number, fanIn: number) => {
    const b = 1 / Math.sqrt(fanIn)
    for (let i = 0; i < n; i++) p[off + i] = (2 * rng.uniform() - 1) * b
  }
  fill(layout.W1, H * I, I)
  fill(layout.b1, H, I)
  fill(layout.W2, 2 * L * H, H)
  fill(layout.b2, 2 * L, H)
  fill(layout.W3, H * L, L)
  fill(layout.b3, H, L)
  fill(layout.W4, I * H, H)
  fill(layout.b4, I, H)
  return { dims, layout, params: p }
}

/** Scratch buffers for one batch size (allocated once, reused every step: STYLE §4). */
export interface VaeWorkspace {
  B: number
  h1: Float64Array
  e: Float64Array
  z: Float64Array
  h3: Float64Array
  logits: Float64Array
  dlogits: Float64Array
  dh3: Float64Array
  dz: Float64Array
  de: Float64Array
  dh1: Float64Array
  /** @deprecated unused since dgemmEx reads transposed operands in place (empty; kept for compatibility) */
  tA: Float64Array
  /** @deprecated unused (empty; kept for compatibility) */
  tB: Float64Array
  /** @deprecated unused (empty; kept for compatibility) */
  work: Float64Array
}

export function createVaeWorkspace(dims: VaeDims, B: number): VaeWorkspace {
  const { input: I, hidden: H, latent: L } = dims
  return {
    B,
    h1: new Float64Array(B * H),
    e: new Float64Array(B * 2 * L),
    z: new Float64Array(B * L),
    h3: new Float64Array(B * H),
    logits: new Float64Array(B * I),
    dlogits: new Float64Array(B * I),
    dh3: new Float64Array(B * H),
    dz: new Float64Array(B * L),
    de: new Float64Array(B * 2 * L),
    dh1: new Float64Array(B * H),
    tA: new Float64Array(0),
    tB: new Float64Array(0),
    work: new Float64Array(0),
  }
}

/** out (B×O) = X (B×In)·Wᵀ + b, W is O×In: out starts as the bias rows, then out ← 1·out + X·Wᵀ (one pass). */
function linear(
  B: number,
  In: number,
  O: number,
  x: Float64Array,
  p: Float64Array,
  wOff: number,
  bOff: number,
  out: Float64Array,
): void {
  const bias = p.subarray(bOff, bOff + O)
  for (let r = 0; r < B; r++) out.set(bias, r * O)
  dgemmEx(false, true, B, O, In, 1, x, 0, In, p, wOff, In, 1, out, 0, O)
}

/** out (B×O) = ReLU(X·Wᵀ + b). */
function linearRelu(
  B: number,
  In: number,
  O: number,
  x: Float64Array,
  p: Float64Array,
  wOff: number,
  bOff: number,
  out: Float64Array,
): void {
  linear(B, In, O, x, p, wOff, bOff, out)
  for (let i = 0; i < B * O; i++) if (out[i] < 0) out[i] = 0
}

/** dW (O×In) = dOutᵀ·X (no transposed copies: dgemmEx reads dOut transposed) and db = Σ_rows dOut, into grad. */
function linearGrad(
  B: number,
  In: number,
  O: number,
  x: Float64Array,
  dOut: Float64Array,
  g: Float64Array,
  wOff: number,
  bOff: number,
): void {
  dgemmEx(true, false, O, In, B, 1, dOut, 0, O, x, 0, In, 0, g, wOff, In)
  // column sums, rows in order (the same summation order per column as a column-wise loop)
  g.fill(0, bOff, bOff + O)
  for (let r = 0; r < B; r++) {
    const ro = r * O
    for (let j = 0; j < O; j++) g[bOff + j] += dOut[ro + j]
  }
}

/** dIn (B×In) = dOut (B×O)·W (W is O×In), zeroed where the layer input `act` was ≤ 0 (ReLU backward). */
function backInput(
  B: number,
  In: number,
  O: number,
  dOut: Float64Array,
  p: Float64Array,
  wOff: number,
  dIn: Float64Array,
  act: Float64Array | null,
): void {
  dgemmEx(false, false, B, In, O, 1, dOut, 0, O, p, wOff, In, 0, dIn, 0, In)
  if (act) for (let i = 0; i < B * In; i++) if (act[i] <= 0) dIn[i] = 0
}

function sigmoid(l: number): number {
  return l >= 0 ? 1 / (1 + Math.exp(-l)) : Math.exp(l) / (1 + Math.exp(l))
}

export interface VaeLoss {
  loss: number
  bce: number
  kld: number
}

/**
 * Loss (summed over the batch) and its gradient for B rows of x with the given noise ε (B×latent), at
 * temperature 1. `grad` (length layout.size) is overwritten.
 */
export function vaeLossAndGrad(
  model: VaeModel,
  x: Float64Array,
  B: number,
  eps: Float64Array,
  grad: Float64Array,
  ws: VaeWorkspace,
): VaeLoss {
  const { input: I, hidden: H, latent: L } = model.dims
  const { layout: ly, params: p } = model
  const L2 = 2 * L
  const { h1, e, z, h3, logits, dlogits, dh3, dz, de, dh1 } = ws
  // Forward.
  linearRelu(B, I, H, x, p, ly.W1, ly.b1, h1)
  linear(B, H, L2, h1, p, ly.W2, ly.b2, e)
  let kld = 0
  for (let r = 0; r < B; r++)
    for (let j = 0; j < L; j++) {
      const mu = e[r * L2 + j],
        lv = e[r * L2 + L + j]
      z[r * L + j] = mu + Math.exp(0.5 * lv) * eps[r * L + j]
      kld += -0.5 * (1 + lv - mu * mu - Math.exp(lv))
    }
  linearRelu(B, L, H, z, p, ly.W3, ly.b3, h3)
  linear(B, H, I, h3, p, ly.W4, ly.b4, logits)
  // BCE = Σ softplus(l) − x·l with softplus(l) = max(l, 0) + log(1 + t), t = e^{−|l|} ∈ (0, 1]; its gradient is
  // sigmoid(l) − x with sigmoid(l) = 1/(1 + t) (l ≥ 0) or t/(1 + t): one exp per logit for both (the same
  // expressions, hence the same gradient bits, as sigmoid() below). The logs are taken of products of
  // (1 + t) ∈ (1, 2] over blocks of 512 logits (≤ 2⁵¹², no overflow): one Math.log per block instead of a
  // log1p per logit. The loss then differs from the per-logit log1p sum by rounding only (≲ 1e-15 relative:
  // each factor and product is rounded once, and 1 + t drops t's bits below 2⁻⁵³, against a BCE of ≥ 1 per
  // image); the gradient does not use it.
  let lin = 0,
    logs = 0,
    prod = 1
  const BI = B * I
  for (let i = 0; i < BI; i++) {
    const l = logits[i],
      xi = x[i]
    const t = Math.exp(l > 0 ? -l : l),
      u = 1 + t
    lin += (l > 0 ? l : 0) - xi * l
    prod *= u
    if ((i & 511) === 511) {
      logs += Math.log(prod)
      prod = 1
    }
    dlogits[i] = (l >= 0 ? 1 / u : t / u) - xi
  }
  const bce = lin + logs + Math.log(prod)
  // Backward.
  linearGrad(B, H, I, h3, dlogits, grad, ly.W4, ly.b4)
  backInput(B, H, I, dlogits, p, ly.W4, dh3, h3)
  linearGrad(B, L, H, z, dh3, grad, ly.W3, ly.b3)
  backInput(B, L, H, dh3, p, ly.W3, dz, null)
  for (let r = 0; r < B; r++)
    for (let j = 0; j < L; j++) {
      const mu = e[r * L2 + j],
        lv = e[r * L2 + L + j],
        s = Math.exp(0.5 * lv),
        g = dz[r * L + j]
      de[r * L2 + j] = g + mu // ∂z/∂μ = 1; ∂KL/∂μ = μ
      de[r * L2 + L + j] = g * eps[r * L + j] * 0.5 * s + 0.5 * (s * s - 1) // ∂z/∂lv = ½σε; ∂KL/∂lv = ½(σ² − 1)
    }
  linearGrad(B, H, L2, h1, de, grad, ly.W2, ly.b2)
  backInput(B, H, L2, de, p, ly.W2, dh1, h1)
  linearGrad(B, I, H, x, dh1, grad, ly.W1, ly.b1)
  return { loss: bce + kld, bce, kld }
}

/** Adam (Kingma & Ba 2015) with bias correction, PyTorch defaults. */
export interface AdamState {
  lr: number
  b1: number
  b2: number
  eps: number
  t: number
  m: Float64Array
  v: Float64Array
}
export function createAdam(n: number, lr = 1e-3): AdamState {
  return { lr, b1: 0.9, b2: 0.999, eps: 1e-8, t: 0, m: new Float64Array(n), v: new Float64Array(n) }
}
export function adamStep(s: AdamState, p: Float64Array, g: Float64Array): void {
  s.t++
  const { b1, b2, eps, m, v } = s
  const c1 = 1 - Math.pow(b1, s.t),
    c2 = 1 - Math.pow(b2, s.t)
  const step = s.lr / c1,
    sc2 = Math.sqrt(c2)
  const d1 = 1 - b1,
    d2 = 1 - b2
  for (let i = 0, n = p.length; i < n; i++) {
    const gi = g[i]
    const mi = b1 * m[i] + d1 * gi
    const vi = b2 * v[i] + d2 * gi * gi
    m[i] = mi
    v[i] = vi
    p[i] -= (step * mi) / (Math.sqrt(vi) / sc2 + eps)
  }
}

export interface TrainOptions {
  epochs: number
  batchSize: number
  lr: number
  rng: Rng
  /** Called after every epoch with the mean loss per image; may throw to abort. */
  onEpoch?: (epoch: number, meanLoss: number) => void
}

/**
 * Train on n rows of `pixels` (n×input, values in [0, 1]) with shuffled mini-batches; returns mean loss per image per
 * epoch.
 */
export function trainVae(model: VaeModel, pixels: Float64Array, n: number, o: TrainOptions): number[] {
  const I = model.dims.input,
    L = model.dims.latent
  const Bmax = Math.min(o.batchSize, n)
  const ws = createVaeWorkspace(model.dims, Bmax)
  const grad = new Float64Array(model.layout.size)
  const adam = createAdam(model.layout.size, o.lr)
  const xb = new Float64Array(Bmax * I),
    eps = new Float64Array(Bmax * L)
  const perm = new Int32Array(n)
  const rem = n % Bmax
  const wsRem = rem > 0 ? createVaeWorkspace(model.dims, rem) : ws // the last, partial batch of every epoch
  const losses: number[] = []
  for (let ep = 0; ep < o.epochs; ep++) {
    for (let i = 0; i < n; i++) perm[i] = i
    for (let i = n - 1; i > 0; i--) {
      const j = o.rng.int(i + 1)
      const t = perm[i]
      perm[i] = perm[j]!
      perm[j] = t
    }
    let total = 0
    for (let s = 0; s < n; s += Bmax) {
      const B = Math.min(Bmax, n - s)
      for (let r = 0; r < B; r++) xb.set(pixels.subarray(perm[s + r] * I, (perm[s + r] + 1) * I), r * I)
      o.rng.fillNormal(eps, 0, B * L)
      const w = B === ws.B ? ws : wsRem
      total += vaeLossAndGrad(model, xb.subarray(0, B * I), B, eps.subarray(0, B * L), grad, w).loss
      adamStep(adam, model.params, grad)
    }
    losses.push(total / n)
    o.onEpoch?.(ep + 1, total / n)
  }
  return losses
}

/**
 * Reconstruction errors error_{i,t} = ‖ŷ_{i,t} − y_i‖/‖y_i‖ (Levi Eq. 14) for k samples per image, with
 * z = μ + T·σ·ε (T scales the latent noise, App. A). Returns n×k row-major.
 */
export function reconstructionErrors(
  model: VaeModel,
  pixels: Float64Array,
  n: number,
  k: number,
  temperature: number,
  rng: Rng,
  onImage?: (done: number) => void,
): Float64Array {
  const { input: I, hidden: H, latent: L } = model.dims
  const { layout: ly, params: p } = model
  const L2 = 2 * L
  // Encode all images at once.
  const h1 = new Float64Array(n * H),
    e = new Float64Array(n * L2)
  linearRelu(n, I, H, pixels, p, ly.W1, ly.b1, h1)
  linear(n, H, L2, h1, p, ly.W2, ly.b2, e)
  const R = Math.max(1, Math.min(256, k))
  const z = new Float64Array(R * L),
    h3 = new Float64Array(R * H),
    out = new Float64Array(R * I)
  const err = new Float64Array(n * k)
  for (let i = 0; i < n; i++) {
    const x = pixels.subarray(i * I, (i + 1) * I)
    let nx = 0
    for (let j = 0; j < I; j++) nx += x[j] * x[j]
    nx = Math.sqrt(nx)
    for (let t0 = 0; t0 < k; t0 += R) {
      const rows = Math.min(R, k - t0)
      for (let r = 0; r < rows; r++)
        for (let j = 0; j < L; j++) {
          const mu = e[i * L2 + j],
            s = Math.exp(0.5 * e[i * L2 + L + j])
          z[r * L + j] = mu + temperature * s * rng.normal()
        }
      linearRelu(rows, L, H, z, p, ly.W3, ly.b3, h3)
      linear(rows, H, I, h3, p, ly.W4, ly.b4, out)
      for (let r = 0; r < rows; r++) {
        let d = 0
        for (let j = 0; j < I; j++) {
          const diff = sigmoid(out[r * I + j]) - x[j]
          d += diff * diff
        }
        err[i * k + t0 + r] = Math.sqrt(d) / nx
      }
    }
    onImage?.(i + 1)
  }
  return err
}
