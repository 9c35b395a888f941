/**
 * The VAE of Levi 2024 App. A (the PyTorch VAE example architecture), in typed-array kernels:
 *   encoder  h1 = ReLU(W1·x + b1)                         784 → 400
 *            [μ, log σ²] = W2·h1 + b2                     400 → 2·20 (fc21 and fc22 stacked)
 *   sample   z = μ + T·σ·ε, ε ~ N(0, I)                  (T = 1 in training; T = 1.1 when sampling, App. A)
 *   decoder  h3 = ReLU(W3·z + b3), ŷ = sigmoid(W4·h3 + b4)  20 → 400 → 784
 *   loss     BCE(ŷ, x) summed over pixels + KL = −½ Σ (1 + log σ² − μ² − σ²), summed over the batch
 *   Adam (lr 1e-3, β = (0.9, 0.999), ε = 1e-8), PyTorch's default Linear init U(±1/√fan_in).
 * Rows are images; every layer is a batched matrix product on row-major Float64Array via @passk/linalg's
 * dgemmEx (its native, WebAssembly or JS backend; transposed operands are read in place, nothing is allocated
 * per step). Bias gradients are summed in the element-wise passes that write the layer gradients; Adam's update
 * runs in a WebAssembly SIMD kernel on parameters, gradient and moments kept in its memory (internal/vae-simd).
 * BCE is computed from the logits as softplus(l) − x·l (stable; equal to −x·log ŷ − (1 − x)·log(1 − ŷ)), so its
 * gradient is ŷ − x; the e^{−|l|} it needs come from a SIMD kernel too (within 1 ulp of Math.exp).
 */
import { dgemmEx } from '@passk/linalg'
import { PasskError, type Rng } from '@passk/core'
import { adamArena, adamSimd, expArena, expNegAbsSimd } from './internal/vae-simd.js'

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
  /** e^{−|logit|}, filled by the SIMD kernel when `logits` and this share its memory (else empty, Math.exp is used) */
  expNegAbs: Float64Array
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
  const ex = expArena(B * I)
  return {
    B,
    h1: new Float64Array(B * H),
    e: new Float64Array(B * 2 * L),
    z: new Float64Array(B * L),
    h3: new Float64Array(B * H),
    logits: ex ? ex.logits : new Float64Array(B * I),
    expNegAbs: ex ? ex.t : new Float64Array(0),
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
  // v·[v > 0]: no branch to mispredict (about half the units are off); negatives become −0, which every later
  // product and sum treats as 0, and NaN stays NaN as before
  for (let i = 0, n = B * O; i < n; i++) {
    const v = out[i]
    out[i] = v * +(v > 0)
  }
}

/**
 * dW (O×In) = dOutᵀ·X into grad (no transposed copies: dgemmEx reads dOut transposed). The bias gradient
 * db = Σ_rows dOut is summed by the caller in the pass that writes dOut (rows in order from 0, as a separate
 * column-sum loop would).
 */
function weightGrad(
  B: number,
  In: number,
  O: number,
  x: Float64Array,
  dOut: Float64Array,
  g: Float64Array,
  wOff: number,
): void {
  dgemmEx(true, false, O, In, B, 1, dOut, 0, O, x, 0, In, 0, g, wOff, In)
}

/** dIn (B×In) = dOut (B×O)·W (W is O×In). */
function backInput(
  B: number,
  In: number,
  O: number,
  dOut: Float64Array,
  p: Float64Array,
  wOff: number,
  dIn: Float64Array,
): void {
  dgemmEx(false, false, B, In, O, 1, dOut, 0, O, p, wOff, In, 0, dIn, 0, In)
}

/**
 * ReLU backward and the next bias gradient in one pass: d (B×W) is zeroed where the layer's output `act` was ≤ 0
 * (±0 by sign of d: the same sums), and g[bOff + j] = Σ_r d[r, j] (rows in order).
 */
function reluBackBias(B: number, W: number, d: Float64Array, act: Float64Array, g: Float64Array, bOff: number): void {
  g.fill(0, bOff, bOff + W)
  for (let r = 0; r < B; r++) {
    const ro = r * W
    for (let j = 0; j < W; j++) {
      // d·[act > 0] without a branch (the mask is close to random: a mispredicted branch cost 3× the loop)
      const v = d[ro + j] * +(act[ro + j] > 0)
      d[ro + j] = v
      g[bOff + j] += v
    }
  }
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
  // expressions as sigmoid() below; t from the SIMD kernel is within 1 ulp of its Math.exp, the same bits for
  // ≈ 95 % of logits). The logs are taken of products of
  // (1 + t) ∈ (1, 2] over blocks of 512 logits (≤ 2⁵¹², no overflow): one Math.log per block instead of a
  // log1p per logit. The loss then differs from the per-logit log1p sum by rounding only (≲ 1e-15 relative:
  // each factor and product is rounded once, and 1 + t drops t's bits below 2⁻⁵³, against a BCE of ≥ 1 per
  // image); the gradient does not use it.
  let lin = 0,
    logs = 0,
    prod = 1
  const gb4 = ly.b4
  const tb = ws.expNegAbs
  const simd = expNegAbsSimd(logits, tb, B * I) // t = e^{−|l|} for all logits at once (≤ 1 ulp from Math.exp)
  grad.fill(0, gb4, gb4 + I)
  for (let r = 0, i = 0; r < B; r++)
    for (let j = 0; j < I; j++, i++) {
      const l = logits[i],
        xi = x[i],
        a = Math.abs(l)
      const t = simd ? tb[i] : Math.exp(-a),
        u = 1 + t
      lin += (l + a) * 0.5 - xi * l // max(l, 0) = (l + |l|)/2 exactly
      prod *= u
      if ((i & 511) === 511) {
        logs += Math.log(prod)
        prod = 1
      }
      const pos = +(l >= 0) // branch-free: numerator 1 (l ≥ 0) or t, both exact
      const d = (pos + (1 - pos) * t) / u - xi
      dlogits[i] = d
      grad[gb4 + j] += d // ∂/∂b4 = Σ_rows dlogits
    }
  const bce = lin + logs + Math.log(prod)
  // Backward.
  weightGrad(B, H, I, h3, dlogits, grad, ly.W4)
  backInput(B, H, I, dlogits, p, ly.W4, dh3)
  reluBackBias(B, H, dh3, h3, grad, ly.b3)
  weightGrad(B, L, H, z, dh3, grad, ly.W3)
  backInput(B, L, H, dh3, p, ly.W3, dz)
  grad.fill(0, ly.b2, ly.b2 + L2)
  for (let r = 0; r < B; r++)
    for (let j = 0; j < L; j++) {
      const mu = e[r * L2 + j],
        lv = e[r * L2 + L + j],
        s = Math.exp(0.5 * lv),
        g = dz[r * L + j]
      const dmu = g + mu, // ∂z/∂μ = 1; ∂KL/∂μ = μ
        dlv = g * eps[r * L + j] * 0.5 * s + 0.5 * (s * s - 1) // ∂z/∂lv = ½σε; ∂KL/∂lv = ½(σ² − 1)
      de[r * L2 + j] = dmu
      de[r * L2 + L + j] = dlv
      grad[ly.b2 + j] += dmu
      grad[ly.b2 + L + j] += dlv
    }
  weightGrad(B, H, L2, h1, de, grad, ly.W2)
  backInput(B, H, L2, de, p, ly.W2, dh1)
  reluBackBias(B, H, dh1, h1, grad, ly.b1)
  weightGrad(B, I, H, x, dh1, grad, ly.W1)
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
/**
 * One Adam step (Kingma & Ba 2015, Algorithm 1, with the bias corrections folded into the step size as in their
 * §2): m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², p ← p − α·(m/c1)/(√(v/c2) + ε) with c1 = 1 − β1ᵗ,
 * c2 = 1 − β2ᵗ, evaluated as p − (k·m)/(√v + e) with k = α·√c2/c1 and e = ε·√c2 (the same value up to rounding;
 * one sqrt and one division per parameter). One fused pass; when p, g, m and v live in one adamArena the pairs
 * go through the WebAssembly SIMD kernel (the same expressions, the same bits) and only an odd last element here.
 */
export function adamStep(s: AdamState, p: Float64Array, g: Float64Array): void {
  s.t++
  const { b1, b2, m, v } = s
  const c1 = 1 - Math.pow(b1, s.t),
    c2 = 1 - Math.pow(b2, s.t)
  const sc2 = Math.sqrt(c2)
  const k = (s.lr / c1) * sc2,
    e = s.eps * sc2
  const d1 = 1 - b1,
    d2 = 1 - b2
  const n = p.length
  if (g.length < n || m.length < n || v.length < n)
    throw new PasskError(
      'PASSK_BAD_INPUT',
      `adamStep: ${n} parameters but gradient ${g.length}, moments ${m.length} / ${v.length}.`,
      'Create the Adam state (createAdam) and the gradient with the parameter count.',
    )
  for (let i = adamSimd(p, g, m, v, b1, b2, k, e); i < n; i++) {
    const gi = g[i]
    const mi = b1 * m[i] + d1 * gi
    const vi = b2 * v[i] + d2 * gi * gi
    m[i] = mi
    v[i] = vi
    p[i] -= (k * mi) / (Math.sqrt(vi) + e)
  }
}

export interface TrainOptions {
  epochs: number
  batchSize: number
  lr: number
  rng: Rng
  /**
   * Called after every epoch with the mean loss per image; may throw to abort. Training runs on a copy of the
   * parameters (in the Adam kernel's memory): `model.params` holds the trained values once trainVae returns or
   * throws, not during the callback.
   */
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
  // Parameters, gradient and moments in one WebAssembly memory, so adamStep runs its SIMD kernel on them in place;
  // the products read and write them there too (zero-copy). The parameters are copied back when training ends.
  const size = model.layout.size
  const arena = adamArena(size)
  const grad = arena ? arena.g : new Float64Array(size)
  const adam = createAdam(arena ? 0 : size, o.lr)
  if (arena) {
    adam.m = arena.m
    adam.v = arena.v
    arena.p.set(model.params)
  }
  const tm = arena ? { dims: model.dims, layout: model.layout, params: arena.p } : model
  const xb = new Float64Array(Bmax * I),
    eps = new Float64Array(Bmax * L)
  const perm = new Int32Array(n)
  const rem = n % Bmax
  const wsRem = rem > 0 ? createVaeWorkspace(model.dims, rem) : ws // the last, partial batch of every epoch
  const losses: number[] = []
  try {
    trainEpochs(tm, pixels, n, o, { ws, wsRem, grad, adam, xb, eps, perm, losses })
  } finally {
    if (tm !== model) model.params.set(tm.params)
  }
  return losses
}

function trainEpochs(
  model: VaeModel,
  pixels: Float64Array,
  n: number,
  o: TrainOptions,
  s: {
    ws: VaeWorkspace
    wsRem: VaeWorkspace
    grad: Float64Array
    adam: AdamState
    xb: Float64Array
    eps: Float64Array
    perm: Int32Array
    losses: number[]
  },
): void {
  const I = model.dims.input,
    L = model.dims.latent
  const { ws, wsRem, grad, adam, xb, eps, perm, losses } = s
  const Bmax = ws.B
  for (let ep = 0; ep < o.epochs; ep++) {
    for (let i = 0; i < n; i++) perm[i] = i
    for (let i = n - 1; i > 0; i--) {
      const j = o.rng.int(i + 1)
      const t = perm[i]
      perm[i] = perm[j]!
      perm[j] = t
    }
    let total = 0
    for (let s0 = 0; s0 < n; s0 += Bmax) {
      const B = Math.min(Bmax, n - s0)
      for (let r = 0; r < B; r++) xb.set(pixels.subarray(perm[s0 + r] * I, (perm[s0 + r] + 1) * I), r * I)
      o.rng.fillNormal(eps, 0, B * L)
      const w = B === ws.B ? ws : wsRem
      total += vaeLossAndGrad(model, xb.subarray(0, B * I), B, eps.subarray(0, B * L), grad, w).loss
      adamStep(adam, model.params, grad)
    }
    losses.push(total / n)
    o.onEpoch?.(ep + 1, total / n)
  }
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
