import { describe, expect, it } from 'vitest'
import { isPasskError } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { bFromPrefactor, computeSplit, FamilyLaw, splitAnswer, surfaceTable } from './compute-split.js'

// Reference values from mpmath (30 digits): Γ(37.5)/Γ(37) and B(0.5, 37 + k)/B(0.5, 37).
const P_37 = 6.062247953658003
const FAIL = { 100: 0.5184055772408831, 12345: 0.05448070013492842, 1e6: 0.006062136562921958 }

describe('compute-split laws', () => {
  it('solves Γ(a+b)/Γ(b) = P̃ for b', () => {
    expect(bFromPrefactor(0.5, Math.log(P_37))).toBeCloseToRel(37, 1e-10)
  })

  it('evaluates failure(D, k) = B(a, b+k)/B(a, b) from β_eff and b(D), and from β_eff and P̃(D)', () => {
    const law = { kind: 'constant' as const, beta: 0.5, Delta: 0, Nhalf: 1, nu: 1 }
    const pts = { x: [1e9, 1e10, 1e11], y: [P_37, P_37, P_37], b: [37, 37, 37] }
    for (const mode of ['b-interpolate', 'b-power-law', 'power-law', 'interpolate'] as const) {
      const f = new FamilyLaw(law, pts, mode)
      expect(f.failure(3e10, 100)).toBeCloseToRel(FAIL[100], 1e-9)
      expect(f.failure(3e10, 1e6)).toBeCloseToRel(FAIL[1e6], 1e-9)
    }
  })

  it('compares 10× compute on training vs attempts and finds the all-inference optimum when training buys nothing', () => {
    const law = new FamilyLaw(
      { kind: 'constant', beta: 0.5, Delta: 0, Nhalf: 1, nu: 1 },
      { x: [1e3, 1e4], y: [P_37, P_37], b: [37, 37] },
      'b-power-law',
    )
    // k₁ = (10·C₀ − c_N·D₀)/c_k = 9·c_N·D₀/c_k + 10·k₀ = 12345 with c_N = 1, c_k = 9, D₀ = 11345, k₀ = 100.
    const r = splitAnswer(law, { cN: 1, ck: 9, D0: 11345, Dmin: 1000, k0: 100, factor: 10, gridPoints: 500 })
    expect(r).not.toBeNull()
    expect(r!.k1).toBeCloseToRel(12345, 1e-12)
    expect(r!.deltaTraining).toBeCloseTo(0, 14)
    expect(r!.deltaAttempts).toBeCloseToRel(FAIL[100] - FAIL[12345], 1e-9)
    expect(r!.Dstar).toBeCloseToRel(1000, 1e-12)
    expect(r!.kstar).toBeCloseToRel((r!.C1 - 1000) / 9, 1e-12)
  })

  it('refuses a fit without the exponent-vs-training curve, with a hint', () => {
    try {
      void computeSplit.run({ kind: 'Fit', fits: [] }, computeSplit.options.parse({}), createTestContext())
      expect.unreachable()
    } catch (e) {
      expect(isPasskError(e) && e.code).toBe('PASSK_BAD_INPUT')
      expect(isPasskError(e) && e.hint).toMatch(/scaling-exponents/)
    }
  })

  it('tabulates pass@k(D, k) with iso-compute lines on 6·P·D + c_k·k = C and the optimum (the heat map table)', () => {
    const law = new FamilyLaw(
      { kind: 'constant', beta: 0.5, Delta: 0, Nhalf: 1, nu: 1 },
      { x: [1e3, 1e4], y: [P_37, P_37], b: [37, 37] },
      'b-power-law',
    )
    const so = { cN: 1, ck: 9, D0: 11345, Dmin: 1000, k0: 100, factor: 10, gridPoints: 500 }
    const ans = splitAnswer(law, so)
    if (!ans) throw new Error('no answer')
    const t = surfaceTable('params=1B · X', law, so, ans, 10, 12)
    expect(t.id).toBe('split-surface-params-1b-x')
    expect(t.columns).toEqual(['D', 'k', 'pass@k', 'role'])
    const surf = t.rows.filter((r) => r[3] === 'surface')
    expect(surf.length).toBe(144)
    // k = 1: pass@1 = a/(a + b) = 0.5/37.5 at every D (constant law); integer k by the product Π (b+j)/(a+b+j).
    for (const r of surf.filter((q) => q[1] === 1)) expect(r[2]).toBeCloseToRel(0.5 / 37.5, 1e-12)
    const brute = (k: number) => {
      let f = 1
      for (let j = 0; j < k; j++) f *= (37 + j) / (37.5 + j)
      return 1 - f
    }
    const k = Number(surf[5][1])
    expect(surf[5][2]).toBeCloseToRel(1 - law.failure(Number(surf[5][0]), k), 1e-14)
    expect(1 - law.failure(1e4, 7)).toBeCloseToRel(brute(7), 1e-12)
    // Iso-compute rows lie on D + 9k = C for C = C₀ and 10·C₀.
    for (const [name, m] of [
      ['C₀', 1],
      ['10×C₀', 10],
    ] as const) {
      const iso = t.rows.filter((r) => r[3] === `iso-compute C = ${name}`)
      expect(iso.length).toBeGreaterThan(5)
      for (const r of iso) expect(Number(r[0]) + 9 * Number(r[1])).toBeCloseToRel(m * ans.C0, 1e-12)
    }
    const opt = t.rows.find((r) => String(r[3]).startsWith('optimum'))
    expect(opt?.slice(0, 3)).toEqual([ans.Dstar, ans.kstar, ans.passStar])
    expect(t.rows.find((r) => String(r[3]).startsWith('reference point'))?.slice(0, 2)).toEqual([11345, 100])
  })
})
