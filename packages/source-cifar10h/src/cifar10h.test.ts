import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createRng, isPasskError, writeNpy, type Curve, type StochasticRegression } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { cifar10h, cifar10hOptions } from './cifar10h.js'
import { labelHistogram } from './cifar10h-label-histogram.js'

// A small synthetic CIFAR-10H-like data set written as real .npy files: 60 label rows, 50 feature rows.
const dir = mkdtempSync(path.join(tmpdir(), 'passk-cifar10h-'))
const R = 60,
  D = 3,
  NF = 50
const rng = createRng('fixture')
const counts = new Float64Array(R * 10)
for (let i = 0; i < R; i++) {
  // row i: 50 annotators split between class (i mod 10) and class (i mod 7), share ∝ i
  const a = i % 10,
    b = i % 7,
    k = Math.floor((50 * i) / R)
  counts[i * 10 + a] += 50 - k
  counts[i * 10 + b] += k
}
const feats = new Float64Array(NF * D)
for (let i = 0; i < feats.length; i++) feats[i] = rng.normal() * 10
writeFileSync(
  path.join(dir, 'counts.npy'),
  writeNpy({ dtype: '<i8', shape: [R, 10], fortranOrder: false, data: counts }),
)
writeFileSync(
  path.join(dir, 'feats.npy'),
  writeNpy({ dtype: '<f4', shape: [NF, D], fortranOrder: true, data: Float32Array.from(feats) }),
)
writeFileSync(
  path.join(dir, 'feats1d.npy'),
  writeNpy({ dtype: '<f8', shape: [NF * D], fortranOrder: false, data: feats }),
)
writeFileSync(path.join(dir, 'map.txt'), Array.from({ length: NF }, (_, i) => String(R - 1 - i)).join('\n'))
writeFileSync(path.join(dir, 'badmap.txt'), '1 2 3')

const f32 = Float32Array.from(feats)
/** Hand-computed m_i, v_i of fixture row i. */
function moments(i: number): { m: number; v: number } {
  let tot = 0,
    m = 0
  for (let c = 0; c < 10; c++) {
    tot += counts[i * 10 + c]
    m += c * counts[i * 10 + c]
  }
  m /= tot
  let v = 0
  for (let c = 0; c < 10; c++) v += ((c - m) ** 2 * counts[i * 10 + c]) / tot
  return { m, v }
}

const opts = (o: Record<string, unknown> = {}) =>
  cifar10hOptions.parse({ labels: 'counts.npy', features: 'feats.npy', ...o })
const ctx = (seed = 1) => createTestContext({ seed, baseDir: dir })
const run = (o: Record<string, unknown> = {}, seed = 1) =>
  cifar10h.run(null, opts(o), ctx(seed)) as StochasticRegression

function err(fn: () => unknown): { code: string; message: string; hint: string } {
  try {
    fn()
  } catch (e) {
    if (isPasskError(e)) return { code: e.code, message: e.message, hint: e.hint ?? '' }
    throw e
  }
  throw new Error('expected a PasskError')
}

describe('sources/cifar10h on a synthetic fixture', () => {
  it('builds x/s, m/s and noise sd √(v + ε_v) (Eq. 26–27) with the Eq. 28 scales', () => {
    const s = 4,
      epsV = 1e-3
    const d = run({ s, epsV, valFraction: 0.2, replicates: 2 })
    expect(d).toMatchObject({
      kind: 'StochasticRegression',
      d: D,
      lambdaScale: 1 / 16,
      deltaScale: 1 / 4,
      lossScale: 16,
    })
    expect(d.replicates.length).toBe(2)
    const { train, test } = d.replicates[0]
    expect(train.n).toBe(40)
    expect(test.n).toBe(10)
    // Identify each row by its features (Fortran-ordered float32 file → C order) and check m, sd.
    const seen = new Set<number>()
    const check = (x: Float64Array, m: Float64Array, sd: Float64Array, n: number) => {
      for (let k = 0; k < n; k++) {
        const i = Array.from({ length: NF }, (_, r) => r).find((r) => Math.abs(f32[r * D] / s - x[k * D]) < 1e-12)!
        expect(i).toBeGreaterThanOrEqual(0)
        seen.add(i)
        for (let j = 0; j < D; j++) expect(x[k * D + j]).toBe(f32[i * D + j] / s)
        const mv = moments(i)
        expect(m[k]).toBeCloseToRel(mv.m / s, 1e-14)
        expect(sd[k]).toBeCloseToRel(Math.sqrt(mv.v + epsV), 1e-14)
      }
    }
    check(train.x, train.m, train.s, train.n)
    check(test.x, test.m, test.s, test.n)
    expect(seen.size).toBe(NF) // train and validation partition the 50 rows
    expect(d.meta).toMatchObject({ rows: NF, nTrain: 40, nVal: 10, s, epsV, noise: 'paper' })
  })
  it("noise: 'rescaled' divides the noise sd by s as well", () => {
    const a = run({ s: 8 }),
      b = run({ s: 8, noise: 'rescaled' })
    const ra = a.replicates[0].train,
      rb = b.replicates[0].train
    for (let i = 0; i < ra.n; i++) expect(rb.s[i]).toBeCloseToRel(ra.s[i] / 8, 1e-15)
  })
  it('draws one label per training row, y = m + sd·ξ with ξ ~ N(0,1) (moments over 4000 draws)', () => {
    const d = run({ replicates: 100, epsV: 0.5 })
    let s1 = 0,
      s2 = 0,
      n = 0
    for (const r of d.replicates) {
      const t = r.train
      expect(t.y.length).toBe(t.n)
      for (let i = 0; i < t.n; i++) {
        const z = (t.y[i] - t.m[i]) / t.s[i]
        s1 += z
        s2 += z * z
        n++
      }
    }
    expect(n).toBe(4000)
    expect(Math.abs(s1 / n)).toBeLessThan(5 / Math.sqrt(n))
    expect(Math.abs(s2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n))
    // replicates share the split and differ in their labels
    expect(d.replicates[1].train.x).toBe(d.replicates[0].train.x)
    expect(d.replicates[1].train.y).not.toEqual(d.replicates[0].train.y)
  })
  it('is deterministic in the seed; splitSeed changes the split only', () => {
    expect(run({}, 5).replicates[0].train.y).toEqual(run({}, 5).replicates[0].train.y)
    expect(run({}, 5).replicates[0].train.m).not.toEqual(run({}, 6).replicates[0].train.m)
    expect(run({ splitSeed: 1 }).replicates[0].test.m).not.toEqual(run({ splitSeed: 0 }).replicates[0].test.m)
  })
  it('maps feature rows to label rows through indexMap, and maxRows trims', () => {
    const d = run({ indexMap: 'map.txt', valFraction: 0.5, s: 1, epsV: 0 })
    const t = d.replicates[0].train
    for (let k = 0; k < t.n; k++) {
      const i = Array.from({ length: NF }, (_, r) => r).find((r) => f32[r * D] === t.x[k * D])!
      expect(t.m[k]).toBeCloseToRel(moments(R - 1 - i).m, 1e-14)
    }
    expect(run({ maxRows: 20 }).meta.rows).toBe(20)
  })
  it('reports missing files, shape mismatches and bad maps with a hint', () => {
    let e = err(() => run({ labels: 'nope.npy' }))
    expect(e.code).toBe('PASSK_FILE_NOT_FOUND')
    expect(e.message).toContain(path.join(dir, 'nope.npy'))
    e = err(() => run({ features: 'missing-features.npy' }))
    expect(e.code).toBe('PASSK_FILE_NOT_FOUND')
    e = err(() => run({ features: 'feats1d.npy' }))
    expect(e.message).toMatch(/features must be a 2-D n × d array, got shape \(150\)/)
    e = err(() => run({ labels: 'feats.npy', labelsKind: 'counts' })) // 50 × 3 "counts": fewer label rows than…
    expect(e.code).toBe('PASSK_BAD_INPUT')
    e = err(() => run({ indexMap: 'badmap.txt' }))
    expect(e.message).toMatch(/indexMap has 3 entries but the features have 50 rows/)
    // features with more rows than labels: 60-row label file, 50 features → fine; a 10-row label file is not
    writeFileSync(
      path.join(dir, 'few.npy'),
      writeNpy({
        dtype: '<f8',
        shape: [10, 10],
        fortranOrder: false,
        data: Float64Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? 1 : 0)),
      }),
    )
    e = err(() => run({ labels: 'few.npy' }))
    expect(e.message).toMatch(/maps to CIFAR-10H row \d+, but the labels have only 10 rows/)
    expect(e.hint).toMatch(/at most 10 rows/)
    e = err(() => run({ valFraction: 0.999 }))
    expect(e.code).toBe('PASSK_BAD_OPTIONS')
  })
})

describe('sources/cifar10h-label-histogram', () => {
  it('gives the histogram and the Gaussian of the highest-variance row among the data rows', () => {
    const data = run({ epsV: 0 })
    const c = labelHistogram.run(data, labelHistogram.options.parse({}), ctx()) as Curve
    // highest v among the first 50 rows, by brute force
    let best = 0
    for (let i = 1; i < NF; i++) if (moments(i).v > moments(best).v) best = i
    expect(c.meta!.image).toBe(best)
    const h = c.series[0]
    const tot = Array.from({ length: 10 }, (_, k) => counts[best * 10 + k]).reduce((a, b) => a + b, 0)
    expect(h.y).toEqual(Array.from({ length: 10 }, (_, k) => counts[best * 10 + k] / tot))
    expect(c.meta).toMatchObject(moments(best))
    // The Gaussian has the hand-computed mean and variance: ∫ g ≈ 1 and ∫ x g ≈ m on [−1, 10] for a row
    // whose sd is well inside the grid (trapezoid rule, 241 points).
    const inside = (r: number) => {
      const { m, v } = moments(r)
      return v > 0.3 && v < 2 && m - 5 * Math.sqrt(v) > -1 && m + 5 * Math.sqrt(v) < 10
    }
    const mid = Array.from({ length: NF }, (_, r) => r).find(inside)!
    expect(mid).toBeDefined()
    const c2 = labelHistogram.run(data, labelHistogram.options.parse({ image: mid }), ctx()) as Curve
    const g = c2.series[1]
    const { m, v } = moments(mid)
    let I0 = 0,
      I1 = 0,
      I2 = 0
    for (let t = 1; t < g.x.length; t++) {
      const dx = g.x[t] - g.x[t - 1],
        f = (k: number) => g.x[t] ** k * g.y[t] + g.x[t - 1] ** k * g.y[t - 1]
      I0 += 0.5 * dx * f(0)
      I1 += 0.5 * dx * f(1)
      I2 += 0.5 * dx * f(2)
    }
    expect(I0).toBeCloseToRel(1, 1e-3)
    expect(I1).toBeCloseToRel(m, 1e-3)
    expect(I2 - I1 * I1).toBeCloseToRel(v, 1e-2)
  })
  it('takes an explicit image index and rejects one out of range', () => {
    const data = run()
    const c = labelHistogram.run(data, labelHistogram.options.parse({ image: 7 }), ctx()) as Curve
    expect(c.meta!.image).toBe(7)
    expect(err(() => labelHistogram.run(data, labelHistogram.options.parse({ image: 600 }), ctx())).message).toMatch(
      /image 600 is out of range; the labels have 60 rows/,
    )
  })
})

const DATA = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/data')
describe.skipIf(!existsSync(DATA))('on ../shared/data (skipped when absent)', () => {
  // Reference numbers: tools/reference/cifar10h_moments.py (numpy).
  it('m_i, v_i of the real labels match numpy, and the default paths resolve from the repo root', () => {
    const c = createTestContext({ seed: 1, baseDir: path.resolve(DATA, '../../main') })
    const data = cifar10h.run(
      null,
      cifar10hOptions.parse({
        labels: path.join(DATA, 'cifar10h/cifar10h-counts.npy'),
        replicates: 1,
        valFraction: 0.5,
        s: 1,
        epsV: 0,
      }),
      c,
    ) as StochasticRegression
    expect(data.d).toBe(64)
    expect(data.meta.rows).toBe(1000)
    expect(data.meta.meanLabelVariance as number).toBeCloseToRel(0.6853815410833022, 1e-12)
    const t = c.tables.find((x) => x.id === 'cifar10h-difficulty')!
    expect(t.rows[0][5]).toBe(0.456)
    const h = labelHistogram.run(data, labelHistogram.options.parse({}), c) as Curve
    expect(h.meta).toMatchObject({ image: 997, m: 5.0754716981132075 })
    expect(h.meta!.v as number).toBeCloseToRel(15.994304022783908, 1e-13)
    const h0 = labelHistogram.run(data, labelHistogram.options.parse({ image: 42 }), c) as Curve
    expect(h0.meta!.m as number).toBeCloseToRel(4.962264150943396, 1e-14)
    expect(h0.meta!.v as number).toBeCloseToRel(0.07404770380918475, 1e-13)
  })
})
