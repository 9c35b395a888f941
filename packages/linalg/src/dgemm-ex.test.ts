import { afterAll, describe, expect, it } from 'vitest'
import { setKernelBackend } from './backend.js'
import { dgemm, dgemmEx } from './dgemm.js'
import { randomNormals } from './internal/random.js'
import { KC, MC, packedGemm } from './internal/wasm-gemm.js'

afterAll(() => setKernelBackend('auto'))

interface Case {
  transA: boolean
  transB: boolean
  m: number
  n: number
  k: number
  alpha: number
  beta: number
  /** extra leading-dimension padding and offsets (0 = contiguous) */
  pad: number
}

/** The naive triple loop, with the scale Σ|α·a·b| + |β·c| of every entry for a cancellation-safe relative error. */
function naive(
  cs: Case,
  a: Float64Array,
  lda: number,
  offA: number,
  b: Float64Array,
  ldb: number,
  offB: number,
  c0: Float64Array,
  ldc: number,
  offC: number,
): { want: Float64Array; scale: Float64Array } {
  const { transA, transB, m, n, k, alpha, beta } = cs
  const want = new Float64Array(m * n),
    scale = new Float64Array(m * n)
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0,
        sc = 0
      for (let t = 0; t < k; t++) {
        const av = transA ? a[offA + t * lda + i] : a[offA + i * lda + t]
        const bv = transB ? b[offB + j * ldb + t] : b[offB + t * ldb + j]
        s += av * bv
        sc += Math.abs(av * bv)
      }
      const cv = beta === 0 ? 0 : beta * c0[offC + i * ldc + j]
      want[i * n + j] = alpha * s + cv
      scale[i * n + j] = Math.abs(alpha) * sc + Math.abs(cv) + Number.MIN_VALUE
    }
  return { want, scale }
}

const cases: Case[] = []
let seed = 100
for (const [m, n, k] of [
  [1, 1, 1],
  [7, 13, 5],
  [3, 2, 1],
  [5, 9, KC + 44], // k > KC: two packed k blocks
  [MC + 5, 6, 17], // m > MC: two packed row blocks
  [33, 70, 257],
  [128, 20, 40],
  [2, 1, 9],
  [3, 4101, 2], // n > 4096: two column chunks
])
  for (const transA of [false, true])
    for (const transB of [false, true])
      cases.push({
        transA,
        transB,
        m,
        n,
        k,
        alpha: seed % 3 === 0 ? 1 : -0.7,
        beta: [0, 1, 0.3][seed++ % 3],
        pad: seed % 2 ? 3 : 0,
      })

/** Through dgemmEx (backend 'auto'), or straight into one micro-kernel (small cases would stay in JS otherwise). */
function run(cs: Case, backend: 'js' | 'wasm' | 'dgemmEx', s: number) {
  const { transA, transB, m, n, k, pad } = cs
  const offA = pad,
    offB = 2 * pad,
    offC = pad
  const lda = (transA ? m : k) + pad,
    ldb = (transB ? k : n) + pad,
    ldc = n + pad
  const a = randomNormals(offA + (transA ? k : m) * lda, s),
    b = randomNormals(offB + (transB ? n : k) * ldb, s + 1),
    c0 = randomNormals(offC + m * ldc, s + 2)
  if (cs.beta === 0) for (let i = 0; i < c0.length; i++) if (i % 5 === 0) c0[i] = Number.NaN // β = 0 overwrites NaN
  const c = c0.slice()
  if (backend === 'dgemmEx')
    dgemmEx(transA, transB, m, n, k, cs.alpha, a, offA, lda, b, offB, ldb, cs.beta, c, offC, ldc)
  else
    expect(
      packedGemm(
        backend === 'wasm',
        transA,
        transB,
        m,
        n,
        k,
        cs.alpha,
        a,
        offA,
        lda,
        b,
        offB,
        ldb,
        cs.beta,
        c,
        offC,
        ldc,
      ),
    ).toBe(true)
  return { c, c0, ...naive(cs, a, lda, offA, b, ldb, offB, c0, ldc, offC), ldc, offC }
}

describe.each(['js', 'wasm', 'dgemmEx'] as const)('dgemm kernels (%s)', (backend) => {
  it.each(cases.map((c, i) => [i, c] as const))(
    'case %i: α·op(A)·op(B) + β·C equals the naive triple loop to 1e-13 relative and leaves C outside the block alone (%o)',
    (i, cs) => {
      const r = run(cs, backend, 1000 + 10 * i)
      let worst = 0
      for (let ii = 0; ii < cs.m; ii++)
        for (let j = 0; j < cs.n; j++) {
          const got = r.c[r.offC + ii * r.ldc + j]
          worst = Math.max(worst, Math.abs(got - r.want[ii * cs.n + j]) / r.scale[ii * cs.n + j])
        }
      expect(worst).toBeLessThan(1e-13)
      // padding columns and the offset prefix are untouched (NaN stays NaN there)
      for (let idx = 0; idx < r.c.length; idx++) {
        const rel = idx - r.offC
        const inside = rel >= 0 && Math.floor(rel / r.ldc) < cs.m && rel % r.ldc < cs.n
        if (!inside) expect(Object.is(r.c[idx], r.c0[idx])).toBe(true)
      }
    },
  )
})

describe('dgemmEx backends', () => {
  it('give bit-identical results (same summation order, no fused multiply–add) on every case', () => {
    for (let i = 0; i < cases.length; i++) {
      const js = run(cases[i], 'js', 5000 + 10 * i).c,
        wasm = run(cases[i], 'wasm', 5000 + 10 * i).c
      for (let q = 0; q < js.length; q++) expect(Object.is(js[q], wasm[q])).toBe(true)
    }
  })
  it('contiguous C with n a multiple of 4 and β = 0 (the one-copy write-back) equals the naive loop', () => {
    const cs: Case = { transA: false, transB: true, m: 13, n: 8, k: 300, alpha: 1, beta: 0, pad: 0 }
    for (const backend of ['js', 'wasm'] as const) {
      const r = run(cs, backend, 77)
      for (let q = 0; q < cs.m * cs.n; q++) expect(Math.abs(r.c[q] - r.want[q]) / r.scale[q]).toBeLessThan(1e-13)
    }
  })
  it('k = 0 or α = 0 gives β·C (β = 0: zeros, even over NaN)', () => {
    const c = new Float64Array([1, Number.NaN, 3, 4])
    dgemmEx(false, false, 2, 2, 0, 1, new Float64Array(0), 0, 0, new Float64Array(0), 0, 2, 0.5, c, 0, 2)
    expect([...c.slice(2)]).toEqual([1.5, 2])
    dgemmEx(false, false, 2, 2, 3, 0, new Float64Array(6), 0, 3, new Float64Array(6), 0, 2, 0, c, 0, 2)
    expect([...c]).toEqual([0, 0, 0, 0])
  })
  it('gives the documented example (Aᵀ·I)', () => {
    const c = dgemmEx(
      true,
      false,
      2,
      2,
      2,
      1,
      new Float64Array([1, 2, 3, 4]),
      0,
      2,
      new Float64Array([1, 0, 0, 1]),
      0,
      2,
      0,
      new Float64Array(4),
      0,
      2,
    )
    expect([...c]).toEqual([1, 3, 2, 4])
  })
  it('dgemm (old signature) equals dgemmEx with contiguous strides, bit for bit', () => {
    const m = 9,
      n = 14,
      k = 300
    const a = randomNormals(m * k, 1),
      b = randomNormals(n * k, 2)
    for (const tb of [false, true]) {
      const c1 = dgemm(tb, m, n, k, 1, a, b, 0, new Float64Array(m * n))
      const c2 = dgemmEx(false, tb, m, n, k, 1, a, 0, k, b, 0, tb ? k : n, 0, new Float64Array(m * n), 0, n)
      expect([...c1]).toEqual([...c2])
    }
  })
})

describe('packedGemm upper (the symmetric products of dsyrkPanel / dgramRows)', () => {
  for (const [m, k, kernels] of [
    [7, 5, ['js', 'wasm']],
    [MC + 9, KC + 3, ['js', 'wasm']], // two row blocks, two k blocks: tiles skipped per block diagonal
    [2100, 2, ['wasm']], // C needs column chunks (j0 > 0): the diagonal offset is negative there
  ] as const)
    for (const kern of kernels)
      it(`${kern}: G += α·AᵀA on the upper triangle only, lower triangle untouched (m = ${m}, k = ${k})`, () => {
        const lda = m + 1
        const a = randomNormals(k * lda, m + k)
        const g0 = randomNormals(m * m, 3)
        for (let i = 1; i < m; i++) for (let j = 0; j < i; j++) g0[i * m + j] = Number.NaN
        const g = g0.slice()
        expect(packedGemm(kern === 'wasm', true, false, m, m, k, 0.5, a, 0, lda, a, 0, lda, 1, g, 0, m, true)).toBe(
          true,
        )
        let worst = 0
        for (let i = 0; i < m; i++)
          for (let j = 0; j < m; j++) {
            if (j < i) {
              if (!Number.isNaN(g[i * m + j])) worst = Infinity
              continue
            }
            let s = 0,
              sc = 0
            for (let t = 0; t < k; t++) {
              s += a[t * lda + i] * a[t * lda + j]
              sc += Math.abs(a[t * lda + i] * a[t * lda + j])
            }
            const want = g0[i * m + j] + 0.5 * s
            worst = Math.max(worst, Math.abs(g[i * m + j] - want) / (0.5 * sc + Math.abs(g0[i * m + j])))
          }
        expect(worst).toBeLessThan(1e-13)
      })
})
