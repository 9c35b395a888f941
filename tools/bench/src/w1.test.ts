import { describe, expect, it } from 'vitest'
import { dgemvT, dsyrkRows } from '@passk/linalg'
import { ridgePath } from '@passk/estimators'
import { GRAM_CHUNK, W1, W1_QUICK, allocSeed, ksOf, linfCurve, nsOf, planW1, recycleSeed, runTask } from './w1.js'

// Reference grids from tools/reference/w1_grids.py (numpy, as the peer lid_w1_numpy.py builds them).
describe('W1 workload definition', () => {
  it('uses the same N grid as the numpy peer (full and --quick)', () => {
    expect(nsOf(W1)).toEqual([32, 49, 74, 111, 169, 256, 388, 588, 891, 1351, 2048, 3104, 4705, 7132, 10809, 16384])
    expect(nsOf(W1_QUICK)).toEqual([16, 29, 53, 95, 172, 312, 565, 1024])
  })

  it('uses the same 40 log-spaced k in [1, 1e4] as the peer to 1e-13', () => {
    const ks = ksOf(W1)
    expect(ks).toHaveLength(40)
    expect(ks[0]).toBe(1)
    expect(ks[1]).toBeCloseToRel(1.2663801734674032, 1e-13)
    expect(ks[20]).toBeCloseToRel(112.53355826007646, 1e-13)
    expect(ks[39]).toBe(10000)
  })

  it('builds an L_inf curve with one series per N (attrs.N) for fitters/local-slope', () => {
    const nN = nsOf(W1_QUICK).length,
      nK = ksOf(W1_QUICK).length
    const L = new Float64Array(nN * nK).map((_, i) => 1 / (1 + i))
    const c = linfCurve(W1_QUICK, L, 'x', 0)
    expect(c.series.map((s) => s.attrs!['N'])).toEqual(nsOf(W1_QUICK))
    expect(c.series[2].y[3]).toBe(1 / (1 + 2 * nK + 3))
  })
})

describe('W1 task graph (planW1 / runTask)', () => {
  const p = planW1(W1_QUICK)

  it('tiles [0, N_max) with Gram chunks of at most GRAM_CHUNK rows, edges at every primal N', () => {
    expect(p.chunks[0][0]).toBe(0)
    expect(p.chunks.at(-1)![1]).toBe(p.nMax)
    for (let q = 1; q < p.chunks.length; q++) expect(p.chunks[q][0]).toBe(p.chunks[q - 1][1])
    for (const [r0, r1] of p.chunks) expect(r1 - r0).toBeLessThanOrEqual(GRAM_CHUNK)
    const edges = new Set(p.chunks.map((c) => c[1]))
    for (const i of p.primal) expect(edges.has(p.ns[i])).toBe(true)
    // the increments partition the chunks, in order
    expect(p.increments.flat()).toEqual(p.chunks.map((_, q) => q))
    expect(p.dual.map((i) => p.ns[i])).toEqual(p.ns.filter((n) => n < W1_QUICK.d))
  })

  it('lists every task after its dependencies (the in-process order is a valid schedule)', () => {
    p.deps.forEach((ds, i) => ds.forEach((d) => expect(d).toBeLessThan(i)))
    const big = planW1(W1)
    big.deps.forEach((ds, i) => ds.forEach((d) => expect(d).toBeLessThan(i)))
    expect(big.chunks.length).toBe(10) // 9 increments, the last (5575 rows) in two
  })

  it('makes a tail group wait for the solves of its own N only (and for the test set)', () => {
    const big = planW1(W1)
    const tails = big.tasks.flatMap((t, i) => (t.kind === 'tail' && t.seed === 0 ? [i] : []))
    expect(tails.length).toBe(2)
    for (const ti of tails) {
      const t = big.tasks[ti] as Extract<(typeof big.tasks)[number], { kind: 'tail' }>
      const deps = big.deps[ti].map((d) => big.tasks[d])
      const solvedN = deps.flatMap((d) =>
        d.kind === 'solve' ? [big.ns[big.primal[d.j]]] : d.kind === 'dual' ? big.dual.map((i) => big.ns[i]) : [],
      )
      for (const n of big.ns.slice(t.i0, t.i1)) expect(solvedN).toContain(n)
      expect(deps.filter((d) => d.kind === 'solve').length).toBe(
        big.ns.slice(t.i0, t.i1).filter((n) => n >= W1.d).length,
      )
      expect(deps.filter((d) => d.kind === 'gen' && d.set === 'test').length).toBe(2)
    }
  })

  // one seed of the quick configuration through every task kind
  const sb = allocSeed(p, 0)
  for (const t of p.tasks) if (t.seed === 0) runTask(p, sb, t)
  const d = p.d

  it('chunked prefix Grams G(N_j) = Σ P_c equal the one-shot Gram X_NᵀX_N to 1e-12', () => {
    p.primal.forEach((i, j) => {
      const n = p.ns[i]
      const one = dsyrkRows(d, sb.x, 0, n, new Float64Array(d * d))
      const g = sb.g.subarray(j * d * d, (j + 1) * d * d)
      let err = 0,
        scale = 0
      for (let r = 0; r < d; r++)
        for (let c = r; c < d; c++) {
          err = Math.max(err, Math.abs(g[r * d + c] - one[r * d + c]))
          scale = Math.max(scale, Math.abs(one[r * d + c]))
        }
      expect(err / scale).toBeLessThan(1e-12)
      // b = X_Nᵀ y_N
      const b = dgemvT(n, d, 1, sb.x, 0, sb.y, 0, 0, new Float64Array(d))
      for (let c = 0; c < d; c++) expect(sb.b[j * d + c]).toBeCloseTo(b[c], 12)
    })
  })

  it('gives the same θ̂(N) as estimators ridgePath on the same data (primal and dual N)', () => {
    const ref = ridgePath({ d, x: sb.x, y: sb.y, ns: p.ns, lambdas: p.ns.map(() => W1_QUICK.lambda), dual: 'auto' })
    expect(Array.from(sb.info)).toEqual(ref.info)
    for (let i = 0; i < p.ns.length; i++) {
      let num = 0,
        den = 0
      for (let c = 0; c < d; c++) {
        num += (sb.theta[i * d + c] - ref.theta[i * d + c]) ** 2
        den += ref.theta[i * d + c] ** 2
      }
      expect(Math.sqrt(num / den)).toBeLessThan(1e-9)
    }
  })

  it('draws row blocks independently: a block does not depend on which blocks were drawn before', () => {
    const sb2 = allocSeed(p, 0)
    const gens = p.tasks.filter((t) => t.seed === 0 && t.kind === 'gen').reverse()
    for (const t of gens) runTask(p, sb2, t)
    expect(sb2.x).toEqual(sb.x)
    expect(sb2.y).toEqual(sb.y)
    expect(sb2.st).toEqual(sb.st)
  })

  it('L_gen and L_inf come out finite and ordered as the theory says (L_gen falls with N for N > d)', () => {
    const lg = Array.from(sb.lgenTest)
    for (const v of lg) expect(Number.isFinite(v) && v > 0).toBe(true)
    const big = p.primal.map((i) => lg[i])
    expect(big.at(-1)!).toBeLessThan(big[0])
    expect(sb.linf.some((v) => v > 0 && v < 1)).toBe(true)
  })

  it('reuses a finished seed’s buffers for the next seed with the same results as fresh buffers', () => {
    const fresh = allocSeed(p, 1),
      reused = recycleSeed(p, allocSeed(p, 0), 1)
    const again = recycleSeed(p, sb, 1)
    for (const t of p.tasks) if (t.seed === 1) [fresh, again].forEach((b) => runTask(p, b, t))
    expect(again.theta).toEqual(fresh.theta)
    expect(again.linf).toEqual(fresh.linf)
    expect(reused.teacher).toEqual(fresh.teacher)
  })
})
