import { describe, expect, it } from 'vitest'
import { createRng, type Rng } from './rng.js'
import { betaIncReg, gammaIncReg, normCdf } from '@passk/stats/special'

// Goodness of fit at fixed seeds. KS: D_n = sup |F_n − F| against the exact CDF (special.ts, itself checked
// against mpmath), compared with the asymptotic critical value at α = 0.001: √(−½ ln(α/2)) / √n = 1.9495/√n
// (Kolmogorov distribution). Moment checks allow 5 standard errors. A correct sampler fails a single check
// with probability ≤ 0.001 at a random seed; the seeds are fixed, so the outcome is deterministic.

const KS_C = Math.sqrt(-0.5 * Math.log(0.001 / 2)) // 1.9495

function ksStatistic(sample: Float64Array, cdf: (x: number) => number): number {
  const xs = Float64Array.from(sample).sort()
  const n = xs.length
  let d = 0
  for (let i = 0; i < n; i++) {
    const f = cdf(xs[i])
    d = Math.max(d, (i + 1) / n - f, f - i / n)
  }
  return d
}

function draw(n: number, f: () => number): Float64Array {
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = f()
  return out
}

function moments(x: Float64Array): { mean: number; variance: number } {
  let m = 0
  for (let i = 0; i < x.length; i++) m += x[i]
  m /= x.length
  let v = 0
  for (let i = 0; i < x.length; i++) v += (x[i] - m) ** 2
  return { mean: m, variance: v / (x.length - 1) }
}

function expectKs(sample: Float64Array, cdf: (x: number) => number) {
  const d = ksStatistic(sample, cdf)
  expect(d).toBeLessThan(KS_C / Math.sqrt(sample.length))
}

/** mean within 5 SE (SE = √(var/n)) and variance within 5 SE (SE ≈ √((μ4 − σ⁴)/n)). */
function expectMoments(x: Float64Array, mean: number, variance: number, mu4: number) {
  const n = x.length,
    m = moments(x)
  expect(Math.abs(m.mean - mean)).toBeLessThan(5 * Math.sqrt(variance / n))
  expect(Math.abs(m.variance - variance)).toBeLessThan(5 * Math.sqrt((mu4 - variance * variance) / n))
}

const N = 20000

describe('uniform', () => {
  it('passes KS and matches the moments of U(0,1)', () => {
    const r = createRng(11)
    const x = draw(N, () => r.uniform())
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...x)).toBeLessThan(1)
    expectKs(x, (t) => Math.min(1, Math.max(0, t)))
    expectMoments(x, 0.5, 1 / 12, 1 / 80)
  })
})

describe('normal', () => {
  it('passes KS and matches the moments of N(0,1) (normal() and fillNormal)', () => {
    const r = createRng(12)
    expectKs(
      draw(N, () => r.normal()),
      normCdf,
    )
    const y = r.fillNormal(new Float64Array(200_000))
    expectKs(y, normCdf)
    expectMoments(y, 0, 1, 3)
  })
  it('samples the ziggurat tail beyond R = 3.4426 at the right rate, symmetric', () => {
    const y = createRng(13).fillNormal(new Float64Array(400_000))
    const R = 3.442619855899
    let hi = 0,
      lo = 0,
      far = 0
    for (const v of y) {
      if (v > R) hi++
      if (v < -R) lo++
      if (Math.abs(v) > 4.5) far++
    }
    const p = normCdf(-R) * y.length // expected count per side ≈ 115
    expect(Math.abs(hi - p)).toBeLessThan(4 * Math.sqrt(p))
    expect(Math.abs(lo - p)).toBeLessThan(4 * Math.sqrt(p))
    const pf = 2 * normCdf(-4.5) * y.length // ≈ 2.7
    expect(far).toBeLessThanOrEqual(12)
    expect(pf).toBeGreaterThan(2)
  })
  it('fillNormal writes exactly the numbers of repeated normal() calls, and only its range', () => {
    const a = createRng(5),
      b = createRng(5)
    const out = new Float64Array(1003).fill(7)
    a.fillNormal(out, 2, 1000)
    expect(out[0]).toBe(7)
    expect(out[1]).toBe(7)
    expect(out[1002]).toBe(7)
    for (let i = 2; i < 1002; i++) expect(out[i]).toBe(b.normal())
    expect(a.uniform()).toBe(b.uniform()) // same state afterwards
    expect(() => a.fillNormal(new Float64Array(3), 2, 5)).toThrow(RangeError)
  })
  it('long fills (WebAssembly path, several 8192-value blocks, offset) equal normal() one at a time (JS path)', () => {
    const a = createRng('zig'),
      b = createRng('zig')
    const out = a.fillNormal(new Float64Array(20003), 3, 20000)
    for (let i = 3; i < 20003; i++) expect(out[i]).toBe(b.normal())
    expect(a.uint32()).toBe(b.uint32())
  })
  it('keeps its stream: pinned values of createRng(2026) (recorded before the int32-state fast loop)', () => {
    const r = createRng(2026)
    const a = r.fillNormal(new Float64Array(200000))
    expect(Array.from(a.subarray(0, 4))).toEqual([
      -0.22634901235025887, -0.13925853600609386, -0.1642335121185062, -0.3954432851456148,
    ])
    expect(a[199999]).toBe(-0.09404524576135007)
    let s = 0,
      s2 = 0
    for (const v of a) {
      s += v
      s2 += v * v
    }
    expect(s).toBe(-269.33474295083505)
    expect(s2).toBe(201284.926579822)
    expect(r.uint32()).toBe(1823912491) // the same state after 200000 draws (edge and tail cases included)
  })
})

describe('gamma', () => {
  for (const shape of [0.05, 0.5, 1, 3, 50]) {
    it(`Gamma(${shape}) passes KS and matches mean = var = ${shape}`, () => {
      const r = createRng(`gamma-${shape}`)
      const x = draw(N, () => r.gamma(shape))
      expect(Math.min(...x)).toBeGreaterThanOrEqual(0)
      expectKs(x, (t) => gammaIncReg(shape, t))
      expectMoments(x, shape, shape, 3 * shape * shape + 6 * shape)
    })
  }
  it('rejects invalid shapes', () => {
    const r = createRng(1)
    expect(() => r.gamma(0)).toThrow(RangeError)
    expect(() => r.gamma(NaN)).toThrow(RangeError)
    expect(() => r.gamma(Infinity)).toThrow(RangeError)
  })
})

describe('beta', () => {
  for (const [a, b] of [
    [0.3, 0.5],
    [2, 5],
    [10, 0.35],
  ] as const) {
    it(`Beta(${a}, ${b}) passes KS and matches mean and variance`, () => {
      const r = createRng(`beta-${a}-${b}`)
      const x = draw(N, () => r.beta(a, b))
      expect(Math.min(...x)).toBeGreaterThanOrEqual(0)
      expect(Math.max(...x)).toBeLessThanOrEqual(1)
      expectKs(x, (t) => betaIncReg(Math.min(1, Math.max(0, t)), a, b))
      const s = a + b,
        mean = a / s,
        variance = (a * b) / (s * s * (s + 1))
      // 4th central moment of Beta(a, b) (closed form).
      const mu4 = (3 * a * b * (a * b * (s - 2) + 2 * s * s)) / (s ** 4 * (s + 1) * (s + 2) * (s + 3))
      expectMoments(x, mean, variance, mu4)
    })
  }
})

describe('beta with tiny shapes', () => {
  it('Beta(0.02, 0.02) puts the right mass below 1e-100 … 0.5 (drawn in logs; KS is not usable: ~25% of draws round to exactly 1)', () => {
    const r = createRng('beta-tiny'),
      x = draw(N, () => r.beta(0.02, 0.02))
    for (const t of [1e-100, 1e-20, 1e-5, 0.5]) {
      let c = 0
      for (const v of x) if (v < t) c++
      const p = betaIncReg(t, 0.02, 0.02)
      expect(Math.abs(c / N - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N))
    }
    expect(() => r.beta(0, 1)).toThrow(RangeError)
  })
})

describe('int', () => {
  it('is unbiased for n = 7 (χ² with 6 df below its α = 0.001 critical value 22.458)', () => {
    const r = createRng(21),
      n = 7,
      draws = 70000
    const counts = new Float64Array(n)
    for (let i = 0; i < draws; i++) counts[r.int(n)]++
    const e = draws / n
    let chi2 = 0
    for (const c of counts) chi2 += (c - e) ** 2 / e
    expect(chi2).toBeLessThan(22.458)
  })
  it('covers [0, n) for n = 3·2^30 (where modulo bias would be 50%) and for n > 2^32', () => {
    const r = createRng(22),
      n = 3 * 2 ** 30
    let low = 0
    const draws = 30000
    let max = 0
    for (let i = 0; i < draws; i++) {
      const v = r.int(n)
      if (v > max) max = v
      if (v < n / 3) low++
    }
    expect(max).toBeLessThan(n)
    // P(v < n/3) = 1/3; naive uint32 % n would give 1/2.
    expect(Math.abs(low / draws - 1 / 3)).toBeLessThan(5 * Math.sqrt(((1 / 3) * (2 / 3)) / draws))
    const big = 3e12
    let m = 0,
      ok = true
    for (let i = 0; i < draws; i++) {
      const v = r.int(big)
      ok &&= Number.isInteger(v) && v >= 0 && v < big
      m += v / big
    }
    expect(ok).toBe(true)
    expect(Math.abs(m / draws - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / draws))
    expect(() => r.int(0)).toThrow(RangeError)
    expect(() => r.int(2.5)).toThrow(RangeError)
  })
})

describe('seeding and split', () => {
  const first = (r: Rng, n = 5) => Array.from({ length: n }, () => r.uint32())
  it('the same seed gives the same stream; different seeds differ', () => {
    expect(first(createRng(42))).toEqual(first(createRng(42)))
    expect(first(createRng(42))).not.toEqual(first(createRng(43)))
    expect(first(createRng(-1))).not.toEqual(first(createRng(1)))
    expect(() => createRng(1.5)).toThrow(RangeError)
  })
  it('split(label) depends on the seed and label only, not on how much the parent drew', () => {
    const p1 = createRng(7),
      p2 = createRng(7)
    for (let i = 0; i < 1000; i++) p2.normal()
    expect(first(p1.split('stage-2'))).toEqual(first(p2.split('stage-2')))
    expect(p1.split('a').key).toBe(p2.split('a').key)
    expect(first(p1.split('a'))).not.toEqual(first(p1.split('b')))
    expect(first(p1.split(1))).toEqual(first(p1.split('1')))
    expect(first(p1.split('a').split('b'))).not.toEqual(first(p1.split('b').split('a')))
  })
  it('sibling, parent/child and neighbouring-seed streams are uncorrelated (|r| < 4.5/√n)', () => {
    const n = 50000,
      tol = 4.5 / Math.sqrt(n)
    const corr = (x: Float64Array, y: Float64Array) => {
      const mx = moments(x),
        my = moments(y)
      let s = 0
      for (let i = 0; i < x.length; i++) s += (x[i] - mx.mean) * (y[i] - my.mean)
      return s / ((x.length - 1) * Math.sqrt(mx.variance * my.variance))
    }
    const root = createRng(2024)
    const streams = [root.split(0), root.split(1), root.split('1a'), root.split(0).split(0), createRng(2025), root].map(
      (r) => r.fillNormal(new Float64Array(n)),
    )
    for (let i = 0; i < streams.length; i++) {
      for (let j = i + 1; j < streams.length; j++) expect(Math.abs(corr(streams[i], streams[j]))).toBeLessThan(tol)
    }
    // lag-1 autocorrelation within a stream
    const s = streams[0]
    expect(Math.abs(corr(s.subarray(0, n - 1), s.subarray(1)))).toBeLessThan(tol)
  })
})
