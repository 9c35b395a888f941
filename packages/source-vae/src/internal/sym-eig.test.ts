/// <reference path="../../../../test/setup/matchers.ts" />
import { createRng } from '@passk/core'
import { describe, expect, it } from 'vitest'
import { symEigenvalues } from './sym-eig.js'

describe('symEigenvalues', () => {
  // Reference: tools/reference/levi-vae-eig.py (numpy.linalg.eigvalsh).
  it('matches numpy eigvalsh on a shifted Hilbert matrix (n = 6) to 1e-12 relative', () => {
    const n = 6,
      a = new Float64Array(n * n)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = 1 / (i + j + 1) + (i === j ? (i + 1) / 7 : 0)
    const ref = [
      1.9291031297816277, 0.8707081823820124, 0.7328001231608171, 0.5930038589120904, 0.4505362071027728,
      0.30205917687135814,
    ]
    symEigenvalues(n, a).forEach((v, i) => expect(v).toBeCloseToRel(ref[i], 1e-12))
  })
  it('matches numpy eigvalsh on an indefinite matrix (n = 5)', () => {
    const n = 5,
      a = new Float64Array(n * n)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = 2 * Math.cos(i * j + 1)
    const ref = [3.20496437334578, 2.5611426814077665, 0.15460816774982344, -3.130299876312177, -4.203249770878843]
    symEigenvalues(n, a).forEach((v, i) => expect(v).toBeCloseToRel(ref[i], 1e-11))
  })
  it('preserves trace and Frobenius norm (Σλ = tr A, Σλ² = ‖A‖²_F) on a random 120×120 matrix', () => {
    const n = 120,
      rng = createRng(3),
      a = new Float64Array(n * n)
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) {
        const v = rng.normal()
        a[i * n + j] = v
        a[j * n + i] = v
      }
    const lam = symEigenvalues(n, a)
    let tr = 0,
      fro = 0,
      s1 = 0,
      s2 = 0
    for (let i = 0; i < n; i++) tr += a[i * n + i]
    for (const v of a) fro += v * v
    for (const v of lam) {
      s1 += v
      s2 += v * v
    }
    expect(Math.abs(s1 - tr)).toBeLessThan(1e-9 * n)
    expect(s2).toBeCloseToRel(fro, 1e-12)
    for (let i = 1; i < n; i++) expect(lam[i]).toBeLessThanOrEqual(lam[i - 1])
  })
  it('returns the diagonal of a diagonal matrix, sorted descending, and handles n = 1', () => {
    expect(Array.from(symEigenvalues(3, new Float64Array([2, 0, 0, 0, -1, 0, 0, 0, 5])))).toEqual([5, 2, -1])
    expect(Array.from(symEigenvalues(1, new Float64Array([4])))).toEqual([4])
  })
})
