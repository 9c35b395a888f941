/**
 * CIFAR ResNet-20 forward pass (He et al. 2016, §4.2: 3 stages × 3 basic blocks, 16/32/64 channels,
 * option-A shortcuts = stride-2 subsampling plus zero channel padding), in eval mode, for frozen
 * penultimate-layer features. Weights: the akamaster/pytorch_resnet_cifar10 state dict as a `.npz`
 * (conv1.weight, bn1.*, layer{1,2,3}.{0,1,2}.{conv,bn}{1,2}.*, linear.*). Batch norm is folded into the
 * convolutions: w' = w·γ/√(σ² + ε), b' = β − μ·γ/√(σ² + ε), ε = 1e-5 (PyTorch's default).
 * Inputs: uint8 NHWC images, scaled to [0, 1] and normalised with the ImageNet mean/std the shared
 * features were computed with.
 */
import { PasskError, type NpyArray, type NpyNumericData } from '@passk/core'

export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const
const BN_EPS = 1e-5

interface Conv {
  cout: number
  cin: number
  w: Float32Array
  b: Float32Array
}
interface Block {
  c1: Conv
  c2: Conv
  stride: number
}
export interface Resnet20 {
  conv1: Conv
  blocks: Block[]
  linearW: Float32Array
  linearB: Float32Array
  classes: number
}

function get(z: Record<string, NpyArray<NpyNumericData>>, key: string, shape: number[]): NpyNumericData {
  const a = z[key]
  if (!a)
    throw new PasskError(
      'PASSK_BAD_INPUT',
      `ResNet-20 weights: array "${key}" is missing`,
      'Use the akamaster/pytorch_resnet_cifar10 ResNet-20 state dict saved with numpy.savez (resnet20-12fca82f.npz).',
    )
  if (a.shape.length !== shape.length || a.shape.some((s, i) => s !== shape[i]))
    throw new PasskError(
      'PASSK_BAD_INPUT',
      `ResNet-20 weights: "${key}" has shape (${a.shape.join(', ')}), expected (${shape.join(', ')})`,
      'This reader supports the CIFAR ResNet-20 (16/32/64 channels) only.',
    )
  return a.data
}

function foldConv(
  z: Record<string, NpyArray<NpyNumericData>>,
  conv: string,
  bn: string,
  cout: number,
  cin: number,
): Conv {
  const w = get(z, `${conv}.weight`, [cout, cin, 3, 3])
  const g = get(z, `${bn}.weight`, [cout]),
    be = get(z, `${bn}.bias`, [cout])
  const mu = get(z, `${bn}.running_mean`, [cout]),
    va = get(z, `${bn}.running_var`, [cout])
  const W = new Float32Array(cout * cin * 9),
    B = new Float32Array(cout)
  for (let o = 0; o < cout; o++) {
    const sc = Number(g[o]) / Math.sqrt(Number(va[o]) + BN_EPS)
    B[o] = Number(be[o]) - Number(mu[o]) * sc
    for (let k = 0; k < cin * 9; k++) W[o * cin * 9 + k] = Number(w[o * cin * 9 + k]) * sc
  }
  return { cout, cin, w: W, b: B }
}

/** Build the network from the arrays of resnet20-*.npz (readNpz output). */
export function loadResnet20(z: Record<string, NpyArray<NpyNumericData>>): Resnet20 {
  const conv1 = foldConv(z, 'conv1', 'bn1', 16, 3)
  const blocks: Block[] = []
  const planes = [16, 32, 64]
  let cin = 16
  for (let l = 0; l < 3; l++) {
    for (let b = 0; b < 3; b++) {
      const p = `layer${l + 1}.${b}`,
        cout = planes[l]
      blocks.push({
        c1: foldConv(z, `${p}.conv1`, `${p}.bn1`, cout, cin),
        c2: foldConv(z, `${p}.conv2`, `${p}.bn2`, cout, cout),
        stride: l > 0 && b === 0 ? 2 : 1,
      })
      cin = cout
    }
  }
  const lw = get(z, 'linear.weight', [10, 64]),
    lb = get(z, 'linear.bias', [10])
  return {
    conv1,
    blocks,
    linearW: Float32Array.from(lw as ArrayLike<number>),
    linearB: Float32Array.from(lb as ArrayLike<number>),
    classes: 10,
  }
}

/** Scratch space for im2col: (cin·9) × (Ho·Wo), sized for the largest layer (16·9 × 1024 = 64·9 × 256). */
let COL = new Float32Array(147456)

/**
 * 3×3 convolution, padding 1, stride 1 or 2, on CHW planes: im2col into COL (rows = cin·9 taps, columns =
 * output pixels), then out = W·COL + bias with four output channels per pass over COL; optional ReLU.
 */
export function conv3x3(
  inp: Float32Array,
  H: number,
  W: number,
  c: Conv,
  stride: number,
  out: Float32Array,
  relu: boolean,
): void {
  const Ho = H / stride,
    Wo = W / stride,
    P = Ho * Wo,
    inPlane = H * W,
    K = c.cin * 9
  if (COL.length < K * P) COL = new Float32Array(K * P)
  const col = COL
  for (let i = 0; i < c.cin; i++) {
    for (let ky = 0; ky < 3; ky++)
      for (let kx = 0; kx < 3; kx++) {
        const rb = (i * 9 + ky * 3 + kx) * P
        for (let y = 0; y < Ho; y++) {
          const iy = stride * y + ky - 1,
            ob = rb + y * Wo
          if (iy < 0 || iy >= H) {
            col.fill(0, ob, ob + Wo)
            continue
          }
          const ib = i * inPlane + iy * W + kx - 1
          for (let x = 0; x < Wo; x++) {
            const ix = stride * x + kx - 1
            col[ob + x] = ix >= 0 && ix < W ? inp[ib + stride * x] : 0
          }
        }
      }
  }
  const w = c.w
  let o = 0
  for (; o + 4 <= c.cout; o += 4) {
    const o0 = o * P,
      o1 = o0 + P,
      o2 = o1 + P,
      o3 = o2 + P
    out.fill(c.b[o], o0, o1)
    out.fill(c.b[o + 1], o1, o2)
    out.fill(c.b[o + 2], o2, o3)
    out.fill(c.b[o + 3], o3, o3 + P)
    for (let k = 0; k < K; k++) {
      const w0 = w[o * K + k],
        w1 = w[(o + 1) * K + k],
        w2 = w[(o + 2) * K + k],
        w3 = w[(o + 3) * K + k]
      const cb = k * P
      for (let p = 0; p < P; p++) {
        const v = col[cb + p]
        out[o0 + p] += w0 * v
        out[o1 + p] += w1 * v
        out[o2 + p] += w2 * v
        out[o3 + p] += w3 * v
      }
    }
  }
  for (; o < c.cout; o++) {
    const ob = o * P
    out.fill(c.b[o], ob, ob + P)
    for (let k = 0; k < K; k++) {
      const wv = w[o * K + k],
        cb = k * P
      for (let p = 0; p < P; p++) out[ob + p] += wv * col[cb + p]
    }
  }
  if (relu) for (let k = 0; k < c.cout * P; k++) if (out[k] < 0) out[k] = 0
}

/**
 * Features (n × 64, the global-average-pooled output of the last stage) and logits (n × 10) of images
 * [from, to) of a uint8 NHWC array with 32 × 32 × 3 images.
 */
export function resnet20Forward(
  net: Resnet20,
  images: Uint8Array,
  from: number,
  to: number,
  onImage?: (i: number) => void,
): { features: Float64Array; logits: Float64Array } {
  const n = to - from
  const features = new Float64Array(n * 64),
    logits = new Float64Array(n * 10)
  const A = new Float32Array(16 * 32 * 32),
    Bf = new Float32Array(16 * 32 * 32),
    Cf = new Float32Array(16 * 32 * 32)
  const x0 = new Float32Array(3 * 32 * 32)
  for (let t = 0; t < n; t++) {
    const img = (from + t) * 3072
    for (let p = 0; p < 1024; p++)
      for (let ch = 0; ch < 3; ch++)
        x0[ch * 1024 + p] = (images[img + p * 3 + ch] / 255 - IMAGENET_MEAN[ch]) / IMAGENET_STD[ch]
    conv3x3(x0, 32, 32, net.conv1, 1, A, true)
    const tmp = Bf
    let cur = A,
      nxt = Cf,
      H = 32,
      C = 16
    for (const blk of net.blocks) {
      const s = blk.stride,
        Ho = H / s,
        cout = blk.c2.cout
      conv3x3(cur, H, H, blk.c1, s, tmp, true)
      conv3x3(tmp, Ho, Ho, blk.c2, 1, nxt, false)
      const plane = Ho * Ho
      if (s === 1 && cout === C) {
        for (let k = 0; k < cout * plane; k++) {
          const v = nxt[k] + cur[k]
          nxt[k] = v > 0 ? v : 0
        }
      } else {
        // option A: x[:, :, ::2, ::2] zero-padded by (cout − C)/2 channels on each side
        const pad = (cout - C) / 2
        for (let o = 0; o < cout; o++) {
          const ci = o - pad
          for (let y = 0; y < Ho; y++)
            for (let x = 0; x < Ho; x++) {
              const k = o * plane + y * Ho + x
              const v = nxt[k] + (ci >= 0 && ci < C ? cur[ci * H * H + 2 * y * H + 2 * x] : 0)
              nxt[k] = v > 0 ? v : 0
            }
        }
      }
      const t2 = cur
      cur = nxt
      nxt = t2
      H = Ho
      C = cout
    }
    const plane = H * H
    for (let c = 0; c < 64; c++) {
      let s = 0
      for (let k = 0; k < plane; k++) s += cur[c * plane + k]
      features[t * 64 + c] = s / plane
    }
    for (let j = 0; j < 10; j++) {
      let s = net.linearB[j]
      for (let c = 0; c < 64; c++) s += net.linearW[j * 64 + c] * features[t * 64 + c]
      logits[t * 10 + j] = s
    }
    onImage?.(t)
  }
  return { features, logits }
}
