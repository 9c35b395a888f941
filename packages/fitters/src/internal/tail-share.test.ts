import { describe, expect, it } from 'vitest'
import { tailAssumption } from './tail-share.js'

describe('tail assumption: what a prediction adds on never-solved problems', () => {
  it('ragged n: observed pass@k where n ≥ k, 1 for solved problems, 0 for never-solved ones (mpmath)', () => {
    // references: mpmath, u(n, c, k) = 1 − C(n − c, k)/C(n, k); v = 0.7 at k = 100, K = 10
    const n = [10, 200, 200, 150, 20],
      c = [0, 5, 0, 2, 3]
    const t = tailAssumption(n, c, 100, 0.2504655581076693681, 0.7)
    expect(t.unsolved).toBeCloseTo(2 / 5, 15)
    expect(t.open).toBeCloseTo(1 / 5, 15)
    expect(t.established).toBeCloseTo(0.57213774159296237031, 13)
    expect(t.assumed).toBeCloseTo(0.12786225840703762969, 13)
    expect(t.share).toBeCloseTo(0.28443261848590971811, 12)
    // only (n = 10, c = 0) is never solved with n < k: the prediction solves 64% of it
    expect(t.solvedOfUnsolved).toBeCloseTo(0.63931129203518814847, 12)
  })
  it('uniform n = K: all of the gain is on never-solved problems; a prediction below what is established adds 0', () => {
    const n = [10, 10, 10, 10],
      c = [0, 0, 4, 10]
    const t = tailAssumption(n, c, 100, 0.5, 0.8)
    expect(t.established).toBe(0.5)
    expect(t.assumed).toBeCloseTo(0.3, 15)
    expect(t.share).toBeCloseTo(1, 15)
    expect(t.solvedOfUnsolved).toBeCloseTo(0.6, 15)
    expect(tailAssumption(n, c, 100, 0.5, 0.45).assumed).toBe(0)
    // no gain (v = pass@K): no share; nothing unsolved: solvedOfUnsolved undefined
    expect(tailAssumption(n, c, 100, 0.5, 0.5).share).toBeNaN()
    expect(tailAssumption([10], [3], 100, 1, 1).solvedOfUnsolved).toBeNaN()
  })
})
