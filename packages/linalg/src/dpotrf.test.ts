import { afterAll, describe, expect, it } from 'vitest'
import { setKernelBackend } from './backend.js'
import { dpotrf } from './dpotrf.js'
import { dpotrs } from './dpotrs.js'
import { dtrsv } from './dtrsv.js'
import { dposvJitter, createSpdWorkspace } from './dposv-jitter.js'
import { randomNormals } from './internal/random.js'
import { nativeAddon } from './internal/native.js'

/** Every backend this machine has (native only where the addon is built: see native.test.ts). */
const BACKENDS = nativeAddon() ? (['js', 'wasm', 'native'] as const) : (['js', 'wasm'] as const)

/** A = ZᵀZ/m + shift·I (full, row-major), Z m×n standard normal: SPD for m ≥ n. */
function spd(n: number, m: number, seed: number, shift = 0): Float64Array {
  const z = randomNormals(m * n, seed)
  const a = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let r = 0; r < m; r++) s += z[r * n + i] * z[r * n + j]
      a[i * n + j] = s / m + (i === j ? shift : 0)
    }
  return a
}

/** Textbook unblocked Cholesky–Crout (upper), independent of the blocked code. */
function naiveChol(n: number, a: Float64Array): Float64Array {
  const u = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    let s = a[i * n + i]
    for (let k = 0; k < i; k++) s -= u[k * n + i] ** 2
    u[i * n + i] = Math.sqrt(s)
    for (let j = i + 1; j < n; j++) {
      let t = a[i * n + j]
      for (let k = 0; k < i; k++) t -= u[k * n + i] * u[k * n + j]
      u[i * n + j] = t / u[i * n + i]
    }
  }
  return u
}

afterAll(() => setKernelBackend('auto'))

describe('dpotrf', () => {
  it('factors a matrix stored with row stride lda = n + 5 (blocked triangular solve and trailing update on strided rows) like the unblocked Cholesky to 1e-12, padding untouched', () => {
    const n = 131,
      lda = n + 5
    const a = spd(n, 300, 7)
    const buf = new Float64Array(n * lda).fill(Number.NaN)
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) buf[i * lda + j] = a[i * n + j]
    expect(dpotrf(n, buf, lda)).toBe(0)
    const ref = naiveChol(n, a)
    let worst = 0
    for (let i = 0; i < n; i++)
      for (let j = i; j < n; j++)
        worst = Math.max(worst, Math.abs(buf[i * lda + j] - ref[i * n + j]) / Math.abs(ref[i * n + i]))
    expect(worst).toBeLessThan(1e-12)
    for (let i = 0; i < n; i++) for (let j = n; j < lda; j++) expect(buf[i * lda + j]).toBeNaN()
  })
  it.each(BACKENDS)(
    'factors an SPD matrix (n = 150, three panels, %s trailing updates) so that UᵀU = A to 1e-12 relative and matches unblocked Cholesky',
    (backend) => {
      setKernelBackend(backend)
      const n = 150
      const a = spd(n, 400, 1)
      const u = a.slice()
      expect(dpotrf(n, u)).toBe(0)
      const ref = naiveChol(n, a)
      let eRec = 0,
        eRef = 0
      for (let i = 0; i < n; i++)
        for (let j = i; j < n; j++) {
          let s = 0
          for (let k = 0; k <= i; k++) s += u[k * n + i] * u[k * n + j]
          const scale = Math.sqrt(a[i * n + i] * a[j * n + j])
          eRec = Math.max(eRec, Math.abs(s - a[i * n + j]) / scale)
          eRef = Math.max(eRef, Math.abs(u[i * n + j] - ref[i * n + j]) / Math.sqrt(a[j * n + j]))
        }
      expect(eRec).toBeLessThan(1e-12)
      expect(eRef).toBeLessThan(1e-10)
      // strict lower triangle untouched
      for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) expect(u[i * n + j]).toBe(a[i * n + j])
    },
  )

  it('returns info = j + 1 at the first non-positive pivot instead of throwing', () => {
    // diag(1, 2, 3, −1, 5): the 4th leading minor is negative
    const n = 5,
      a = new Float64Array(n * n)
    ;[1, 2, 3, -1, 5].forEach((v, i) => {
      a[i * n + i] = v
    })
    expect(dpotrf(n, a)).toBe(4)
  })

  it('reports a rank-deficient PSD matrix (v·vᵀ, n = 60) as not positive definite', () => {
    const n = 60,
      v = randomNormals(n, 2),
      a = new Float64Array(n * n)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = v[i] * v[j]
    const info = dpotrf(n, a)
    expect(info).toBeGreaterThanOrEqual(2)
    expect(info).toBeLessThanOrEqual(n)
  })

  it('reports NaN input as a failed pivot, never returning success', () => {
    const a = new Float64Array([4, 2, 0, Number.NaN])
    expect(dpotrf(2, a)).toBe(2)
  })

  it('gives the documented example', () => {
    const a = new Float64Array([4, 2, 0, 5])
    expect(dpotrf(2, a)).toBe(0)
    expect([...a]).toEqual([2, 1, 0, 2])
  })
})

describe('dtrsv', () => {
  const n = 40
  const t = randomNormals(n * n, 3)
  for (let i = 0; i < n; i++) t[i * n + i] = 3 + Math.abs(t[i * n + i]) // well conditioned
  const cases = [
    ['upper', false],
    ['upper', true],
    ['lower', false],
    ['lower', true],
  ] as const
  for (const [uplo, trans] of cases) {
    it(`solves ${uplo}${trans ? 'ᵀ' : ''} systems: op(T)·x reproduces b to 1e-13`, () => {
      const b = randomNormals(n, 4)
      const x = dtrsv(uplo, trans, n, t, b.slice())
      for (let i = 0; i < n; i++) {
        let s = 0
        for (let j = 0; j < n; j++) {
          const [r, c] = trans ? [j, i] : [i, j]
          const inTri = uplo === 'upper' ? c >= r : c <= r
          if (inTri) s += t[r * n + c] * x[j]
        }
        expect(Math.abs(s - b[i])).toBeLessThan(1e-13 * (1 + Math.abs(b[i])))
      }
    })
  }
})

describe('dpotrs', () => {
  it('solves A·x = b with the factor: residual ≤ 1e-12 relative (n = 97)', () => {
    const n = 97,
      a = spd(n, 300, 5)
    const u = a.slice()
    expect(dpotrf(n, u)).toBe(0)
    const b = randomNormals(n, 6)
    const x = dpotrs(n, u, b.slice())
    let r = 0,
      bn = 0
    for (let i = 0; i < n; i++) {
      let s = 0
      for (let j = 0; j < n; j++) s += a[i * n + j] * x[j]
      r = Math.max(r, Math.abs(s - b[i]))
      bn = Math.max(bn, Math.abs(b[i]))
    }
    expect(r / bn).toBeLessThan(1e-12)
  })
})

describe('dposvJitter', () => {
  it('solves without jitter when A is SPD', () => {
    const b = new Float64Array([8, 12])
    expect(dposvJitter(2, new Float64Array([4, 2, 0, 5]), 0, b, createSpdWorkspace(2))).toEqual({
      info: 0,
      jitter: 0,
      attempts: 1,
    })
    expect(b[0]).toBeCloseToRel(1, 1e-15)
    expect(b[1]).toBeCloseToRel(2, 1e-15)
  })

  it('adds and reports a relative jitter when A is singular (rank 1), leaving A untouched', () => {
    const a = new Float64Array([1, 1, 1, 1]),
      b = new Float64Array([2, 2])
    const st = dposvJitter(2, a, 0, b, createSpdWorkspace(2))
    expect(st.info).toBe(0)
    expect(st.jitter).toBeGreaterThan(0)
    expect(st.attempts).toBeGreaterThan(1)
    expect([...a]).toEqual([1, 1, 1, 1])
    // (A + εI)x = b with b in range(A): x → b/(2 + ε)·(1, 1)
    expect(b[0]).toBeCloseToRel(2 / (2 + st.jitter), 1e-9)
  })

  it('treats a positive but negligible pivot (numerically dependent column) as singular and jitters', () => {
    // [[1, 1], [1, 1 + 2⁻⁵²]]: Cholesky succeeds with pivot 2⁻⁵² — the solve would be rounding noise
    const a = new Float64Array([1, 1, 0, 1 + 2 ** -52])
    const b = new Float64Array([1, 2])
    const st = dposvJitter(2, a, 0, b, createSpdWorkspace(2))
    expect(st.info).toBe(0)
    expect(st.jitter).toBeGreaterThan(0)
    expect(b.every(Number.isFinite)).toBe(true)
    // without the pivot check the plain factorisation is accepted and the answer is ~2⁵² in size
    const b2 = new Float64Array([1, 2])
    expect(dposvJitter(2, a, 0, b2, createSpdWorkspace(2), 2, { pivotTol: 0 }).jitter).toBe(0)
    expect(Math.abs(b2[1])).toBeGreaterThan(1e15)
  })

  it('returns info > 0 (and does not throw) when no jitter helps (negative definite)', () => {
    const st = dposvJitter(2, new Float64Array([-1, 0, 0, -1]), 0, new Float64Array(2), createSpdWorkspace(2))
    expect(st.info).toBe(1)
    expect(st.attempts).toBe(6)
  })
})
