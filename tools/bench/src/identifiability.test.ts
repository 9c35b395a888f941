import { describe, expect, it } from 'vitest'
import { countLaw, klCounts, mixturePassAtK, twoPointBound, type BetaParts } from './identifiability.js'

// Reference values: scipy 1.x (betaln/gammaln), and scipy.integrate.quad of Binom(c; n, q)·density(q) for one cell.
const zi: BetaParts = [
  [0.3, 0, 0],
  [0.7, 0.5, 2],
]
const twin: BetaParts = [
  [0.3, 0.5, 300],
  [0.7, 0.5, 2],
]

describe('identifiability: count laws and the two-point bound', () => {
  it('countLaw sums to 1, matches a quadrature value and the point mass', () => {
    const p = countLaw(zi, 10),
      q = countLaw(twin, 10)
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 13)
    expect(q.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 13)
    expect(p[0]).toBeCloseTo(0.5714352278492809, 13)
    expect(p[1]).toBeCloseTo(0.12337964902240053, 13)
    // Beta(0.5, 2) at c = n: B(10.5, 2)/B(0.5, 2) = 1/230
    expect(p[10]).toBeCloseTo(1 / 230, 14)
    expect(q[3]).toBeCloseTo(0.06169209714857456, 12) // quad
    // the uniform prior gives uniform counts
    for (const v of countLaw([[1, 1, 1]], 4)) expect(v).toBeCloseTo(1 / 5, 14)
  })
  it('KL and the bound agree with scipy', () => {
    const p = countLaw(zi, 10),
      q = countLaw(twin, 10)
    expect(klCounts(p, q)).toBeCloseTo(0.00011113968628321679, 13) // a sum of cancelling terms: ~5e-11 relative
    expect(klCounts(q, p)).toBeCloseTo(0.00011222749738912866, 13)
    expect(klCounts(p, p)).toBe(0)
    expect(mixturePassAtK(zi, 1000)).toBeCloseTo(0.6705995107551329, 12)
    expect(mixturePassAtK(twin, 1000)).toBeCloseTo(0.8265303557151273, 12)
    const b = twoPointBound(zi, twin, 10, 300, 1000)
    expect(b.klTotal).toBeCloseTo(0.03334190588496504, 10)
    expect(b.tvBound).toBeCloseTo(0.12911604448124375, 10)
    expect(b.bound).toBeCloseTo(0.06789883552307092, 10)
    // with n = 100 attempts the twins separate: the data law differs by more than a nat, the bound collapses
    expect(twoPointBound(zi, twin, 100, 300, 10000).tvBound).toBe(1)
  })
})
