/// <reference path="../../../../test/setup/matchers.ts" />
import { createRng } from '@passk/core'
import { describe, expect, it } from 'vitest'
import { adamArena, expArena, expNegAbsSimd } from './vae-simd.js'

/** Distance in units in the last place between two positive finite doubles. */
function ulps(a: number, b: number): number {
  const f = new Float64Array([a, b]),
    u = new BigInt64Array(f.buffer)
  const d = u[0] - u[1]
  return Number(d < 0n ? -d : d)
}

describe('expNegAbsSimd', () => {
  it('is within 1 ulp of Math.exp(−|l|) for 200 001 logits over |l| ≤ 708 (odd count: the last by Math.exp)', () => {
    const n = 200001
    const a = expArena(n)
    expect(a).not.toBeNull() // Node 20 has WebAssembly SIMD
    const { logits, t } = a!
    const rng = createRng(21)
    for (let i = 0; i < n; i++) {
      const scale = [1e-8, 0.5, 1, 8, 40, 708][i % 6]
      logits[i] = (2 * rng.uniform() - 1) * scale
    }
    logits[0] = 0
    logits[1] = -0
    logits[2] = 708
    logits[3] = Math.LN2 / 2 // the edge of the reduced range
    logits[4] = -37.5 * Math.LN2 // a tie of the rounding to k
    expect(expNegAbsSimd(logits, t, n)).toBe(true)
    let worst = 0,
      exact = 0
    for (let i = 0; i < n; i++) {
      const want = Math.exp(-Math.abs(logits[i]))
      const d = ulps(t[i], want)
      worst = Math.max(worst, d)
      if (d === 0) exact++
    }
    expect(worst).toBeLessThanOrEqual(1)
    expect(exact / n).toBeGreaterThan(0.9) // measured ≈ 94 % bit-identical to Math.exp
    expect(t[0]).toBe(1)
    expect(t[1]).toBe(1)
  })

  it('keeps NaN and clamps at e^{−708} (≈ 3.3e-308) for |l| > 708 and ±∞, where Math.exp gives less or 0', () => {
    const a = expArena(6)!
    a.logits.set([NaN, Infinity, -Infinity, 800, -1e300, 1])
    expect(expNegAbsSimd(a.logits, a.t, 6)).toBe(true)
    expect(a.t[0]).toBeNaN()
    const floor = Math.exp(-708)
    for (let i = 1; i < 5; i++) expect(ulps(a.t[i], floor)).toBeLessThanOrEqual(1)
    expect(ulps(a.t[5], Math.exp(-1))).toBeLessThanOrEqual(1)
  })

  it('declines (false, nothing written) for arrays outside a kernel memory', () => {
    const l = new Float64Array([1, 2]),
      t = new Float64Array(2)
    expect(expNegAbsSimd(l, t, 2)).toBe(false)
    expect(Array.from(t)).toEqual([0, 0])
  })
})

describe('kernel memories', () => {
  it('are null (callers fall back to ordinary arrays) when they would exceed 2 GiB', () => {
    expect(adamArena(2 ** 28)).toBeNull() // 4 arrays of 2 GiB
    expect(expArena(2 ** 28)).toBeNull() // 2 arrays of 2 GiB
    expect(adamArena(3)?.p.length).toBe(3)
  })
})
