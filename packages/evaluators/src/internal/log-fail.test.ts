/// <reference path="../../../../test/setup/matchers.ts" />
import { describe, expect, it } from 'vitest'
import { logFailProb, successProb } from './log-fail.js'
import { gaussLegendre } from './gauss-legendre.js'

// [B, s, δ, log p] at 60 digits from tools/reference/lid-logp.py (mpmath).
const REF: [number, number, number, number][] = [
  [0.0, 1.0, 1.0, -1.1478744644493182],
  [0.3, 1.0, 0.1, -7.9218582210390033e-2],
  [-0.3, 1.0, 0.1, -7.9218582210390033e-2],
  [2.0, 0.5, 1.0, -2.3012908319408331e-2],
  [0.0, 1000.0, 1.0, -7.9820290701986936e-4],
  [5.0, 10000.0, 0.001, -7.9788449289828253e-8],
  [0.0, 0.01, 1.0, -5.0048310615136449e3],
  [0.5, 0.01, 1.0, -1.2548313611394198e3],
  [0.99, 0.01, 1.0, -1.8410216450092648],
  [1.01, 0.01, 1.0, -1.7275377902344964e-1],
  [1.5, 0.01, 1.0, -1.0805979467616929e-545],
  [30.0, 1.0, 1.0, -3.2897852667043802e-185],
  [40.0, 1.0, 0.5, -1.5850843231695179e-341],
  [0.0, 1.0, 40.0, -8.0391529483319384e2],
  [3.0, 1.0, 0.01, -8.8652716258710534e-5],
  [0.2, 0.3, 0.25, -6.9190121977565031e-1],
  [0.001, 0.001, 0.001, -6.4865168826179667e-1],
  [12.0, 1.0, 1e-6, -4.2927674714284315e-38],
  [0.0, 0.02, 1.0, -1.2541382139588599e3],
  [2.0, 1.0, 2.5, -1.1759007494670845],
]

describe('logFailProb', () => {
  it.each(REF)('matches mpmath log p (LID Eq. 13) for B = %s, s = %s, δ = %s', (B, s, d, ref) => {
    const v = logFailProb(B, s, d)
    if (ref === 0)
      expect(Math.abs(v)).toBe(0) // true value below the double range
    // 1e-6 relative: bounded by the accuracy of core special.normLogCdf in the far tails.
    else expect(v).toBeCloseToRel(ref, 1e-6)
  })

  it('keeps the tiny success probability q ≈ 2δφ(B/s)/s when the window is narrow (Eq. 16)', () => {
    const s = 1e4,
      d = 1e-3,
      B = 5
    const approx = (((2 * d) / s) * Math.exp(-0.5 * (B / s) ** 2)) / Math.sqrt(2 * Math.PI)
    expect(successProb(B, s, d)).toBeCloseToRel(approx, 1e-9)
  })

  it('is symmetric in B and decreases (more failure) as |B| grows', () => {
    let prev = -Infinity
    for (const B of [0, 0.1, 0.5, 1, 2, 4]) {
      const v = logFailProb(B, 0.7, 0.4)
      expect(logFailProb(-B, 0.7, 0.4)).toBe(v)
      expect(v).toBeGreaterThan(prev)
      prev = v
    }
  })
})

describe('gaussLegendre', () => {
  it('integrates polynomials of degree 2n − 1 exactly', () => {
    const { x, w } = gaussLegendre(6)
    let s = 0
    for (let i = 0; i < 6; i++) s += w[i] * x[i] ** 10
    expect(s).toBeCloseToRel(2 / 11, 1e-14)
    let sw = 0
    for (const v of w) sw += v
    expect(sw).toBeCloseToRel(2, 1e-15)
  })
})
