import { describe, expect, it } from 'vitest'
import { W1, W1_QUICK, ksOf, linfCurve, nsOf } from './w1.js'

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
