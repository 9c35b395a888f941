/**
 * Seeded, splittable pseudo-random numbers.
 *
 * Generator: xoshiro128** (Blackman & Vigna 2018, https://prng.di.unimi.it/xoshiro128starstar.c),
 * 32-bit state words so every step is a handful of Math.imul/shift ops (no BigInt). Doubles take
 * 53 random bits from two outputs. Seeding and splitting go through SplitMix32-style hashing
 * of (parent key, label), so `rng.split('stage-2')` is independent of how many numbers the parent
 * drew: results depend on the spec and seed only, never on execution order.
 */

export interface Rng {
  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number
  /** Uniform 32-bit unsigned integer. */
  uint32(): number
  /** Uniform integer in [0, n). */
  int(n: number): number
  /** Standard normal N(0, 1). */
  normal(): number
  /** Gamma(shape, 1) for any shape > 0 (Marsaglia–Tsang; shape < 1 via the U^(1/a) boost). */
  gamma(shape: number): number
  /** Beta(a, b) for a, b > 0 (ratio of gammas). */
  beta(a: number, b: number): number
  /** Fill `out` with N(0, 1) draws. */
  fillNormal(out: Float64Array, offset?: number, length?: number): Float64Array
  /** An independent child stream named by `label` (deterministic in the parent's seed key and label). */
  split(label: string | number): Rng
  /** The 128-bit key that seeded this stream (hex), for reporting. */
  readonly key: string
}

function mix32(h: number): number {
  // MurmurHash3 fmix32 finalizer: a bijection on 32-bit integers with full avalanche.
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

function hashString(s: string, seed: number): number {
  let h = seed >>> 0
  for (let i = 0; i < s.length; i++) h = mix32(h ^ Math.imul(s.charCodeAt(i), 0x9e3779b1))
  return mix32(h ^ s.length)
}

class Xoshiro128 implements Rng {
  private a: number; private b: number; private c: number; private d: number
  private spare = NaN
  readonly key: string
  private readonly k: Uint32Array

  constructor(k: Uint32Array) {
    this.k = k
    this.key = Array.from(k, (w) => w.toString(16).padStart(8, '0')).join('')
    // SplitMix-style expansion so that nearby keys give unrelated states; never all-zero.
    let s = k[0]! ^ 0x9e3779b9
    const next = () => { s = (s + 0x9e3779b9) >>> 0; return mix32(s ^ k[1]! ^ Math.imul(k[2]!, 0x632be5ab) ^ Math.imul(k[3]!, 0x85157af5)) }
    this.a = next(); this.b = next(); this.c = next(); this.d = next()
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1
    for (let i = 0; i < 8; i++) this.uint32()
  }

  uint32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0
    const t = this.b << 9
    this.c ^= this.a; this.d ^= this.b; this.b ^= this.c; this.a ^= this.d
    this.c ^= t
    this.d = rotl(this.d, 11)
    return r
  }

  uniform(): number {
    const hi = this.uint32() >>> 5, lo = this.uint32() >>> 6
    return (hi * 67108864 + lo) / 9007199254740992
  }

  int(n: number): number {
    if (!(n >= 1)) throw new RangeError(`rng.int(n) needs n ≥ 1, got ${n}`)
    if (n <= 0x100000000) {
      // Lemire-style rejection to avoid modulo bias.
      const limit = Math.floor(0x100000000 / n) * n
      let x = this.uint32()
      while (x >= limit) x = this.uint32()
      return x % n
    }
    return Math.floor(this.uniform() * n)
  }

  normal(): number {
    // Marsaglia polar method; caches the second variate.
    if (!Number.isNaN(this.spare)) { const s = this.spare; this.spare = NaN; return s }
    let u: number, v: number, q: number
    do { u = 2 * this.uniform() - 1; v = 2 * this.uniform() - 1; q = u * u + v * v } while (q >= 1 || q === 0)
    const f = Math.sqrt(-2 * Math.log(q) / q)
    this.spare = v * f
    return u * f
  }

  fillNormal(out: Float64Array, offset = 0, length = out.length - offset): Float64Array {
    const end = offset + length
    for (let i = offset; i < end; i++) out[i] = this.normal()
    return out
  }

  gamma(shape: number): number {
    if (!(shape > 0) || !Number.isFinite(shape)) throw new RangeError(`rng.gamma(shape) needs 0 < shape < ∞, got ${shape}`)
    if (shape < 1) {
      // Boost: G(a) = G(a+1)·U^(1/a); computed in logs so tiny shapes do not underflow to 0 too early.
      const g = this.gamma(shape + 1)
      return Math.exp(Math.log(g) + Math.log(this.uniform() || Number.MIN_VALUE) / shape)
    }
    // Marsaglia & Tsang (2000), ACM TOMS 26(3):363–372.
    const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d)
    for (;;) {
      let x: number, v: number
      do { x = this.normal(); v = 1 + c * x } while (v <= 0)
      v = v * v * v
      const u = this.uniform()
      const x2 = x * x
      if (u < 1 - 0.0331 * x2 * x2) return d * v
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v
    }
  }

  beta(a: number, b: number): number {
    const x = this.gamma(a), y = this.gamma(b)
    const s = x + y
    if (s > 0) return x / s
    // Both underflowed (tiny shapes): decide by the log-ratio of the boosted draws instead.
    return this.uniform() < a / (a + b) ? 1 : 0
  }

  split(label: string | number): Rng {
    const l = String(label)
    const k = new Uint32Array(4)
    for (let i = 0; i < 4; i++) k[i] = hashString(l, this.k[i]! ^ Math.imul(i + 1, 0x27d4eb2d))
    return new Xoshiro128(k)
  }
}

function rotl(x: number, k: number): number { return ((x << k) | (x >>> (32 - k))) >>> 0 }

/** Create a stream from an integer seed (any safe integer, including negative) or a string. */
export function createRng(seed: number | string): Rng {
  const s = String(seed)
  if (typeof seed === 'number' && !Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`)
  const k = new Uint32Array(4)
  for (let i = 0; i < 4; i++) k[i] = hashString(s, 0x6a09e667 + i * 0x3c6ef372)
  return new Xoshiro128(k)
}
