/**
 * Seeded, splittable pseudo-random numbers.
 *
 * Generator: xoshiro128** (Blackman & Vigna 2018, https://prng.di.unimi.it/xoshiro128starstar.c),
 * 32-bit state words so every step is a handful of Math.imul/shift ops (no BigInt). Doubles take
 * 53 random bits from two outputs. Seeding and splitting go through SplitMix32-style hashing
 * of (parent key, label), so `rng.split('stage-2')` is independent of how many numbers the parent
 * drew: results depend on the spec and seed only, never on execution order.
 *
 * Normals: a 128-layer ziggurat (Doornik 2005) with the generator state kept in locals in
 * `fillNormal`; `normal()` runs the same code on one element, so n calls to `normal()` give exactly
 * the numbers `fillNormal` writes into an array of length n. Fills of 64 values or more run the same
 * steps in WebAssembly (zig-wasm.ts), bit for bit. Gamma: Marsaglia–Tsang (shape ≥ 1) with
 * the U^(1/a) boost in logs below 1; Beta: ratio of gammas, in logs when a shape is below 1.
 * Goodness-of-fit tests (KS, moments, split independence): rng.test.ts.
 */

import { ZIG_BLOCK, zigWasm } from './zig-wasm.js'

export interface Rng {
  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number
  /** Uniform 32-bit unsigned integer. */
  uint32(): number
  /** Uniform integer in [0, n). */
  int(n: number): number
  /** Standard normal N(0, 1). */
  normal(): number
  /** Gamma(shape, 1) for any shape > 0 (Marsaglia–Tsang; shape < 1 via the U^(1/a) boost, in logs). */
  gamma(shape: number): number
  /** Beta(a, b) for a, b > 0 (ratio of gammas, in logs when a shape is < 1). */
  beta(a: number, b: number): number
  /** Fill `out` with N(0, 1) draws (~5.5 ns/draw; from 64 values on in WebAssembly, the same numbers). */
  fillNormal(out: Float64Array, offset?: number, length?: number): Float64Array
  /** An independent child stream named by `label` (deterministic in the parent's seed key and label). */
  split(label: string | number): Rng
  /** The 128-bit key that seeded this stream (hex), for reporting. */
  readonly key: string
}

function mix32(h: number): number {
  // MurmurHash3 fmix32 finalizer: a bijection on 32-bit integers with full avalanche.
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

function hashString(s: string, seed: number): number {
  let h = seed >>> 0
  for (let i = 0; i < s.length; i++) h = mix32(h ^ Math.imul(s.charCodeAt(i), 0x9e3779b1))
  return mix32(h ^ s.length)
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0
}

// Ziggurat tables (Doornik 2005, ZIGNOR with 128 blocks of equal area V): ZIG_X[i] are the layer edges
// (ZIG_X[0] = V/f(R) is the base strip's pseudo-width), ZIG_R[i] = ZIG_X[i+1]/ZIG_X[i].
const ZIG_C = 128,
  ZIG_RR = 3.442619855899,
  ZIG_V = 9.91256303526217e-3
const ZIG_X = new Float64Array(ZIG_C + 1),
  ZIG_R = new Float64Array(ZIG_C)
{
  let f = Math.exp(-0.5 * ZIG_RR * ZIG_RR)
  ZIG_X[0] = ZIG_V / f
  ZIG_X[1] = ZIG_RR
  ZIG_X[ZIG_C] = 0
  for (let i = 2; i < ZIG_C; i++) {
    ZIG_X[i] = Math.sqrt(-2 * Math.log(ZIG_V / ZIG_X[i - 1] + f))
    f = Math.exp(-0.5 * ZIG_X[i] * ZIG_X[i])
  }
  for (let i = 0; i < ZIG_C; i++) ZIG_R[i] = ZIG_X[i + 1] / ZIG_X[i]
}

/** Fills at least this long run in WebAssembly (zig-wasm.ts) when it is available. */
const ZIG_WASM_MIN = 64

class Xoshiro128 implements Rng {
  private a: number
  private b: number
  private c: number
  private d: number
  readonly key: string
  private readonly k: Uint32Array
  private readonly one = new Float64Array(1)

  constructor(k: Uint32Array) {
    this.k = k
    this.key = Array.from(k, (w) => w.toString(16).padStart(8, '0')).join('')
    // SplitMix-style expansion so that nearby keys give unrelated states; never all-zero.
    let s = k[0] ^ 0x9e3779b9
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0
      return mix32(s ^ k[1] ^ Math.imul(k[2], 0x632be5ab) ^ Math.imul(k[3], 0x85157af5))
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1
    for (let i = 0; i < 8; i++) this.uint32()
  }

  uint32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0
    const t = this.b << 9
    this.c ^= this.a
    this.d ^= this.b
    this.b ^= this.c
    this.a ^= this.d
    this.c ^= t
    this.d = rotl(this.d, 11)
    return r
  }

  uniform(): number {
    const hi = this.uint32() >>> 5,
      lo = this.uint32() >>> 6
    return (hi * 67108864 + lo) / 9007199254740992
  }

  int(n: number): number {
    if (!(n >= 1) || !Number.isSafeInteger(n)) throw new RangeError(`rng.int(n) needs an integer n ≥ 1, got ${n}`)
    if (n <= 0x100000000) {
      // Rejection of the top partial block, so every residue is equally likely (no modulo bias).
      const limit = Math.floor(0x100000000 / n) * n
      let x = this.uint32()
      while (x >= limit) x = this.uint32()
      return x % n
    }
    // n > 2^32: 53-bit uniform, with rejection of the partial top block as well.
    const limit = Math.floor(9007199254740992 / n) * n
    let x: number
    do {
      x = Math.floor(this.uniform() * 9007199254740992)
    } while (x >= limit)
    return x % n
  }

  normal(): number {
    return this.fillNormal(this.one, 0, 1)[0]
  }

  fillNormal(out: Float64Array, offset = 0, length = out.length - offset): Float64Array {
    // Doornik's ZIGNOR ziggurat with the xoshiro128** state held in locals for the whole loop. Each draw
    // takes two 32-bit outputs: 53 bits make the signed uniform u, 7 otherwise unused low bits pick the
    // layer (the ** scrambler leaves no weak low bits). ~98.8% of draws return after one compare.
    if (!(offset >= 0) || !(length >= 0) || offset + length > out.length)
      throw new RangeError(
        `rng.fillNormal: range [${offset}, ${offset + length}) outside an array of length ${out.length}`,
      )
    if (length >= ZIG_WASM_MIN) {
      const z = zigWasm(ZIG_X, ZIG_R, ZIG_RR)
      if (z) {
        // the same loop in WebAssembly (zig-wasm.ts): the same bits and final state, ~20% faster
        const st = z.state
        st[0] = this.a
        st[1] = this.b
        st[2] = this.c
        st[3] = this.d
        for (let i = offset; i < offset + length;) {
          const n = Math.min(ZIG_BLOCK, offset + length - i)
          z.fill(n)
          out.set(n === ZIG_BLOCK ? z.out : z.out.subarray(0, n), i)
          i += n
        }
        this.a = st[0]
        this.b = st[1]
        this.c = st[2]
        this.d = st[3]
        return out
      }
    }
    // The state is kept as int32 in the loop (`| 0`): the same bits as the uint32 words, but V8 then holds all
    // four in integer registers (a uint32 above 2³¹ would be a double and every xor a conversion): ~10 → ~6.5 ns/draw.
    let a = this.a | 0,
      b = this.b | 0,
      c = this.c | 0,
      d = this.d | 0
    const end = offset + length
    let i = offset
    while (i < end) {
      // fast path: one draw per element until an edge or tail case (u and layer kept for it)
      let u = 0,
        layer = 0
      for (; i < end; i++) {
        let q = Math.imul(b, 5)
        const r1 = Math.imul((q << 7) | (q >>> 25), 9) // rotl(b·5, 7)·9, as int32
        let t = b << 9
        c ^= a
        d ^= b
        b ^= c
        a ^= d
        c ^= t
        d = (d << 11) | (d >>> 21)
        q = Math.imul(b, 5)
        const r2 = Math.imul((q << 7) | (q >>> 25), 9)
        t = b << 9
        c ^= a
        d ^= b
        b ^= c
        a ^= d
        c ^= t
        d = (d << 11) | (d >>> 21)
        layer = (r1 & 31) | ((r2 & 3) << 5)
        u = ((r1 >>> 5) * 67108864 + (r2 >>> 6)) / 4503599627370496 - 1 // (−1, 1), 53 bits
        if (!(Math.abs(u) < ZIG_R[layer])) break
        out[i] = u * ZIG_X[layer]
      }
      if (i === end) break
      // Rare slow paths use the ordinary methods, so write the state back first; a rejection draws element i again.
      this.a = a >>> 0
      this.b = b >>> 0
      this.c = c >>> 0
      this.d = d >>> 0
      const z = this.zigSlow(u, layer)
      a = this.a | 0
      b = this.b | 0
      c = this.c | 0
      d = this.d | 0
      if (!Number.isNaN(z)) out[i++] = z
    }
    this.a = a >>> 0
    this.b = b >>> 0
    this.c = c >>> 0
    this.d = d >>> 0
    return out
  }

  /** Ziggurat edge and tail cases; NaN means "rejected, draw again". */
  private zigSlow(u: number, layer: number): number {
    if (layer === 0) {
      // Tail beyond R (Marsaglia 1964): x = −log(U1)/R, accept if −2 log U2 ≥ x².
      let x: number, y: number
      do {
        x = Math.log(1 - this.uniform()) / ZIG_RR
        y = Math.log(1 - this.uniform())
      } while (-2 * y < x * x)
      return u < 0 ? x - ZIG_RR : ZIG_RR - x
    }
    const x = u * ZIG_X[layer]
    const f0 = Math.exp(-0.5 * (ZIG_X[layer] * ZIG_X[layer] - x * x))
    const f1 = Math.exp(-0.5 * (ZIG_X[layer + 1] * ZIG_X[layer + 1] - x * x))
    return f1 + this.uniform() * (f0 - f1) < 1 ? x : NaN
  }

  gamma(shape: number): number {
    if (!(shape > 0) || !Number.isFinite(shape))
      throw new RangeError(`rng.gamma(shape) needs 0 < shape < ∞, got ${shape}`)
    return shape < 1 ? Math.exp(this.logGamma(shape)) : this.gammaMT(shape)
  }

  /** log of a Gamma(shape, 1) draw; below shape 1 as log G(a+1) + log(U)/a, so tiny shapes do not underflow. */
  private logGamma(shape: number): number {
    if (shape >= 1) return Math.log(this.gammaMT(shape))
    return Math.log(this.gammaMT(shape + 1)) + Math.log(1 - this.uniform()) / shape
  }

  /** Marsaglia & Tsang (2000), ACM TOMS 26(3):363–372, for shape ≥ 1. */
  private gammaMT(shape: number): number {
    const d = shape - 1 / 3,
      c = 1 / Math.sqrt(9 * d)
    for (;;) {
      let x: number, v: number
      do {
        x = this.normal()
        v = 1 + c * x
      } while (v <= 0)
      v = v * v * v
      const u = this.uniform()
      const x2 = x * x
      if (u < 1 - 0.0331 * x2 * x2) return d * v
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v
    }
  }

  beta(a: number, b: number): number {
    if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b))
      throw new RangeError(`rng.beta(a, b) needs 0 < a, b < ∞, got (${a}, ${b})`)
    if (a >= 1 && b >= 1) {
      const x = this.gammaMT(a),
        y = this.gammaMT(b)
      return x / (x + y)
    }
    // X/(X+Y) = 1/(1 + exp(log Y − log X)) in logs, so small shapes never give 0/0.
    const lx = this.logGamma(a),
      ly = this.logGamma(b)
    return 1 / (1 + Math.exp(ly - lx))
  }

  split(label: string | number): Rng {
    const l = String(label)
    const k = new Uint32Array(4)
    for (let i = 0; i < 4; i++) k[i] = hashString(l, this.k[i] ^ Math.imul(i + 1, 0x27d4eb2d))
    return new Xoshiro128(k)
  }
}

/** Create a stream from an integer seed (any safe integer, including negative) or a string. */
export function createRng(seed: number | string): Rng {
  const s = String(seed)
  if (typeof seed === 'number' && !Number.isSafeInteger(seed))
    throw new RangeError(`seed must be a safe integer, got ${seed}`)
  const k = new Uint32Array(4)
  for (let i = 0; i < 4; i++) k[i] = hashString(s, 0x6a09e667 + i * 0x3c6ef372)
  return new Xoshiro128(k)
}
