import { spawnSync } from 'node:child_process'
import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import { kernelBackend, setKernelBackend } from './backend.js'
import { dgemmEx } from './dgemm.js'
import { dpotrf } from './dpotrf.js'
import { dgramRows, dsyrkPanel } from './dsyrk-rows.js'
import { nativeAddon, nativeAddonPath, nativeUnavailableReason } from './internal/native.js'
import { randomNormals } from './internal/random.js'

const nat = nativeAddon()
if (!nat) console.warn(`native.test.ts skipped: the native backend is ${nativeUnavailableReason()}`)
/** The micro-kernel chosen for this CPU, and all those it can run (each test runs on every one of them). */
const BEST = nat?.isa()
const ISAS = nat ? (['avx512', 'avx2'] as const).filter((isa) => nat.setIsa(isa)) : []
if (nat && BEST) nat.setIsa(BEST as 'avx512' | 'avx2')

afterAll(() => {
  setKernelBackend('auto')
  if (nat && BEST) nat.setIsa(BEST as 'avx512' | 'avx2')
})

interface Case {
  ta: boolean
  tb: boolean
  m: number
  n: number
  k: number
  alpha: number
  beta: number
  pad: number
}

/** Naive triple loop with the per-entry scale Σ|α·a·b| + |β·c| (cancellation-safe relative error). */
function reference(cs: Case, a: Float64Array, offA: number, lda: number, b: Float64Array, offB: number, ldb: number) {
  return (c0: Float64Array, offC: number, ldc: number) => {
    const { m, n, k, alpha, beta, ta, tb } = cs
    const want = new Float64Array(m * n),
      scale = new Float64Array(m * n)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0,
          sc = 0
        for (let t = 0; t < k; t++) {
          const p =
            (ta ? a[offA + t * lda + i] : a[offA + i * lda + t]) * (tb ? b[offB + j * ldb + t] : b[offB + t * ldb + j])
          s += p
          sc += Math.abs(p)
        }
        const cv = beta === 0 ? 0 : beta * c0[offC + i * ldc + j]
        want[i * n + j] = alpha * s + cv
        scale[i * n + j] = Math.abs(alpha) * sc + Math.abs(cv) + Number.MIN_VALUE
      }
    return { want, scale }
  }
}

/** Shapes around every blocking edge: tiles 8×24 / 4×12, KC = 256, MC = 128, NC = 4080, the dot kernel (m ≤ 32). */
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 3],
  [7, 1, 9],
  [8, 24, 1],
  [9, 25, 7],
  [17, 49, 13],
  [32, 33, 15],
  [33, 70, 257],
  [5, 9, 300],
  [130, 30, 20],
  [16, 100, 512],
  [3, 4101, 2],
]
const CASES: Case[] = []
let q = 0
for (const [m, n, k] of SHAPES)
  for (const ta of [false, true])
    for (const tb of [false, true]) {
      q++
      CASES.push({ ta, tb, m, n, k, alpha: [1, -0.7, 0][q % 3], beta: [0, 1, 0.3][(q >> 1) % 3], pad: q % 2 ? 3 : 0 })
    }

function runCase(cs: Case, seed: number, via: 'addon' | 'dgemmEx') {
  const { ta, tb, m, n, k, pad } = cs
  const offA = pad,
    offB = 2 * pad,
    offC = pad + 1
  const lda = (ta ? m : k) + pad,
    ldb = (tb ? k : n) + pad,
    ldc = n + pad
  const a = randomNormals(offA + (ta ? k : m) * lda, seed),
    b = randomNormals(offB + (tb ? n : k) * ldb, seed + 1),
    c0 = randomNormals(offC + m * ldc + 2, seed + 2)
  if (cs.beta === 0) for (let i = 0; i < c0.length; i++) if (i % 3 === 0) c0[i] = Number.NaN // β = 0 overwrites NaN
  const c = c0.slice()
  if (via === 'addon')
    expect(nat!.gemm(ta, tb, m, n, k, cs.alpha, a, offA, lda, b, offB, ldb, cs.beta, c, offC, ldc, false)).toBe(true)
  else dgemmEx(ta, tb, m, n, k, cs.alpha, a, offA, lda, b, offB, ldb, cs.beta, c, offC, ldc)
  const { want, scale } = reference(cs, a, offA, lda, b, offB, ldb)(c0, offC, ldc)
  let worst = 0
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++)
      worst = Math.max(worst, Math.abs(c[offC + i * ldc + j] - want[i * n + j]) / scale[i * n + j])
  let outside = 0
  for (let idx = 0; idx < c.length; idx++) {
    const rel = idx - offC
    const inside = rel >= 0 && Math.floor(rel / ldc) < m && rel % ldc < n
    if (!inside && !Object.is(c[idx], c0[idx])) outside++
  }
  return { worst, outside }
}

describe.skipIf(!nat)(`native backend (${BEST ?? 'not built'})`, () => {
  it('is what auto selects, and PASSK_LINALG_BACKEND / setKernelBackend can override it', () => {
    setKernelBackend('auto')
    const env = process.env['PASSK_LINALG_BACKEND'] ?? ''
    expect(kernelBackend()).toBe(['js', 'wasm', 'native'].includes(env) ? env : 'native')
    setKernelBackend('js')
    expect(kernelBackend()).toBe('js')
    setKernelBackend('native')
    expect(kernelBackend()).toBe('native')
    expect(nativeAddonPath()).toMatch(/native[/\\]build[/\\]passk_linalg\.node$/)
  })

  it('PASSK_LINALG_BACKEND chooses what auto means in a fresh process; an unknown value warns and means auto', () => {
    for (const [v, want] of [
      ['js', 'js'],
      ['wasm', 'wasm'],
      ['native', 'native'],
      ['bogus', 'native'],
    ]) {
      const r = spawnSync(
        process.execPath,
        [
          '--conditions=@passk/source',
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          "import { kernelBackend } from '@passk/linalg'; console.log(kernelBackend())",
        ],
        { encoding: 'utf8', env: { ...process.env, PASSK_LINALG_BACKEND: v } },
      )
      expect(r.stdout.trim()).toBe(want)
      expect(r.stderr.includes('PASSK_LINALG_BACKEND=bogus is not one of')).toBe(v === 'bogus')
    }
  })

  describe.each(ISAS)('%s micro-kernel', (isa) => {
    it.each(CASES.map((c, i) => [i, c] as const))(
      'gemm case %i equals the naive triple loop to 1e-12 relative, C outside the block untouched (%o)',
      (i, cs) => {
        nat!.setIsa(isa)
        for (const via of ['addon', 'dgemmEx'] as const) {
          setKernelBackend('native')
          const r = runCase(cs, 100 + 10 * i, via)
          expect(r.worst).toBeLessThan(1e-12)
          expect(r.outside).toBe(0)
        }
      },
    )

    it.each([
      [7, 5, true],
      [20, 300, false], // A·Aᵀ with n ≤ 32: the dot-product kernel
      [137, 300, true],
      [300, 9, false],
    ] as const)(
      'upper: G += α·op(A)ᵀop(A) on the upper triangle only, lower untouched (m = %i, k = %i, AᵀA = %s)',
      (m, k, ata) => {
        nat!.setIsa(isa)
        const lda = (ata ? m : k) + 2
        const a = randomNormals((ata ? k : m) * lda, m + k)
        const g0 = randomNormals(m * m, 3)
        for (let i = 1; i < m; i++) for (let j = 0; j < i; j++) g0[i * m + j] = Number.NaN
        const g = g0.slice()
        expect(nat!.gemm(ata, !ata, m, m, k, 0.5, a, 0, lda, a, 0, lda, 1, g, 0, m, true)).toBe(true)
        let worst = 0,
          touched = 0
        for (let i = 0; i < m; i++)
          for (let j = 0; j < m; j++) {
            if (j < i) {
              if (!Number.isNaN(g[i * m + j])) touched++
              continue
            }
            let s = 0,
              sc = 0
            for (let t = 0; t < k; t++) {
              const p = ata ? a[t * lda + i] * a[t * lda + j] : a[i * lda + t] * a[j * lda + t]
              s += p
              sc += Math.abs(p)
            }
            const want = g0[i * m + j] + 0.5 * s
            worst = Math.max(worst, Math.abs(g[i * m + j] - want) / (0.5 * sc + Math.abs(g0[i * m + j])))
          }
        expect(touched).toBe(0)
        expect(worst).toBeLessThan(1e-12)
      },
    )

    it('dsyrkPanel and dgramRows (native) equal the JS kernels to 1e-12 relative', () => {
      nat!.setIsa(isa)
      for (const [m, k] of [
        [3, 40],
        [61, 129],
        [200, 70],
      ]) {
        const a = randomNormals(k * m, m)
        const out: Float64Array[] = []
        for (const backend of ['native', 'js'] as const) {
          setKernelBackend(backend)
          const g = dsyrkPanel(m, k, 1, a, 0, m, new Float64Array(m * m), 0, m)
          const h = dgramRows(k, m, a, 0, m, new Float64Array(k * k))
          out.push(g, h)
        }
        const rel = (x: Float64Array, y: Float64Array, d: number) => {
          let e = 0
          for (let i = 0; i < d; i++)
            for (let j = i; j < d; j++)
              e = Math.max(e, Math.abs(x[i * d + j] - y[i * d + j]) / Math.sqrt(y[i * d + i] * y[j * d + j]))
          return e
        }
        expect(rel(out[0], out[2], m)).toBeLessThan(1e-12)
        expect(rel(out[1], out[3], k)).toBeLessThan(1e-12)
      }
    })

    it.each([1, 2, 16, 95, 97, 200, 301])(
      'dpotrf (n = %i, lda = n + 3) matches the JS factorisation to 1e-12 relative; padding untouched',
      (n) => {
        nat!.setIsa(isa)
        const lda = n + 3
        const z = randomNormals(2 * n * n, n)
        const a = new Float64Array(n * lda).fill(Number.NaN)
        const g = new Float64Array(n * n)
        setKernelBackend('js')
        dsyrkPanel(n, 2 * n, 1 / (2 * n), z, 0, n, g, 0, n)
        for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * lda + j] = g[i * n + j] + (i === j ? 0.1 : 0)
        const ref = a.slice()
        expect(dpotrf(n, ref, lda)).toBe(0)
        setKernelBackend('native')
        expect(nat!.potrf(n, a, 0, lda)).toBe(0)
        let worst = 0,
          touched = 0
        for (let i = 0; i < n; i++)
          for (let j = 0; j < lda; j++) {
            if (j < i || j >= n) {
              if (!Number.isNaN(a[i * lda + j])) touched++
            } else worst = Math.max(worst, Math.abs(a[i * lda + j] - ref[i * lda + j]) / ref[i * lda + i])
          }
        expect(touched).toBe(0)
        expect(worst).toBeLessThan(1e-12)
      },
    )

    it('dpotrf reports the first non-positive or NaN pivot like LAPACK (info = j + 1)', () => {
      nat!.setIsa(isa)
      const n = 150
      for (const [bad, v] of [
        [0, -1],
        [120, Number.NaN],
        [149, 0],
      ] as const) {
        const a = new Float64Array(n * n)
        for (let i = 0; i < n; i++) a[i * n + i] = i === bad ? v : 2
        expect(nat!.potrf(n, a, 0, n)).toBe(bad + 1)
        setKernelBackend('native')
        const b = new Float64Array(n * n)
        for (let i = 0; i < n; i++) b[i * n + i] = i === bad ? v : 2
        expect(dpotrf(n, b)).toBe(bad + 1)
      }
    })
  })

  it('refuses spans outside the arrays, other element types and bad strides (false, nothing written)', () => {
    const a = new Float64Array(12),
      b = new Float64Array(12),
      c = new Float64Array(9).fill(7)
    const call = (over: Partial<Record<'m' | 'lda' | 'offC', number>>, cc: Float64Array = c, aa: unknown = a) =>
      nat!.gemm(
        false,
        false,
        over.m ?? 3,
        3,
        4,
        1,
        aa as Float64Array,
        0,
        over.lda ?? 4,
        b,
        0,
        3,
        0,
        cc,
        over.offC ?? 0,
        3,
        false,
      )
    expect(call({})).toBe(true)
    c.fill(7)
    expect(call({ m: 4 })).toBe(false) // A would need 16 numbers
    expect(call({ offC: 1 })).toBe(false)
    expect(call({ lda: -1 })).toBe(false)
    expect(call({ lda: 2.5 })).toBe(false)
    expect(call({}, c, new Float32Array(12))).toBe(false)
    expect(call({}, c, [1, 2, 3])).toBe(false)
    expect([...c]).toEqual(Array(9).fill(7))
    expect(nat!.potrf(3, new Float64Array(8), 0, 3)).toBe(-1)
    expect(nat!.gemm(false, true, 2, 3, 1, 1, a, 0, 1, b, 0, 1, 0, c, 0, 3, true)).toBe(false) // upper needs m = n
  })

  it('loads and computes in a worker_thread (context-aware addon), same result as the main thread', async () => {
    const m = 20,
      n = 30,
      k = 50
    const a = randomNormals(m * k, 1),
      b = randomNormals(k * n, 2)
    const c = new Float64Array(m * n)
    nat!.gemm(false, false, m, n, k, 1, a, 0, k, b, 0, n, 0, c, 0, n, false)
    const code = `
      const { parentPort, workerData } = require('node:worker_threads')
      const nat = require(workerData.path)
      const { a, b, m, n, k } = workerData
      const c = new Float64Array(m * n)
      const ok = nat.gemm(false, false, m, n, k, 1, a, 0, k, b, 0, n, 0, c, 0, n, false)
      parentPort.postMessage({ ok, c, isa: nat.isa() })`
    const w = new Worker(code, { eval: true, workerData: { path: nativeAddonPath(), a, b, m, n, k } })
    const msg = await new Promise<{ ok: boolean; c: Float64Array; isa: string }>((resolve, reject) => {
      w.once('message', resolve)
      w.once('error', reject)
    })
    await w.terminate()
    expect(msg.ok).toBe(true)
    expect(msg.isa).toBe(BEST)
    if (nat!.isa() === BEST) expect([...msg.c]).toEqual([...c])
  })
})
