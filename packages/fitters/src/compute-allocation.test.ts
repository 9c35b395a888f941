import { describe, expect, it } from 'vitest'
import { isPasskError, type Curve, type Fit } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { localSlope } from './local-slope.js'
import {
  computeAllocation,
  computeAllocationPlugin,
  lTot,
  prefactorLawFrom,
  type AllocationParams,
} from './compute-allocation.js'

const base: AllocationParams = { PN: 2, gamma: 1, Ptilde: 0.5, beta: 1, Delta: 0, c: 1, nu: 1, cN: 3, ck: 1, R: 1 }

describe('computeAllocation', () => {
  it('matches the closed-form optimum for γ = β = 1, β′ = 0: Ñ* = C·s/(1+s), s = √(R·P_N·c_N/(P̃·c_k)) (LID Eq. 25)', () => {
    const C = 1e5,
      s = Math.sqrt((base.R * base.PN * base.cN) / (base.Ptilde * base.ck)),
      exact = (C * s) / (1 + s)
    const [r] = computeAllocation(base, [C])
    expect(r.regime).toBe('interior')
    expect(r.eq24!).toBeCloseToRel(exact, 1e-10)
    expect(r.eq25!).toBeCloseToRel(exact, 1e-10)
    expect(r.constantBeta!).toBeCloseToRel(exact, 1e-10)
    expect(r.grid).toBeCloseToRel(exact, 0.01)
  })

  it('puts the Eq. 24 root (with the β′_eff log term) at the true minimum of L_tot, at larger N than the quasi-static Eq. 25', () => {
    const p = { ...base, beta: 1.2, Delta: 0.9, c: 1e-4, nu: 1 }
    for (const r of computeAllocation(p, [1e3, 1e4, 1e5], { gridPoints: 20000 })) {
      expect(r.eq24!).toBeCloseToRel(r.grid, 2e-3)
      // L_tot at the Eq. 24 root is not above the grid minimum (up to round-off).
      expect(lTot(p, r.C, r.eq24!)).toBeLessThanOrEqual(r.lTotGrid * (1 + 1e-12))
      // LID §4.3: with β′_eff > 0 and ln k > 0 the log term shifts the optimum towards larger N.
      expect(r.eq24! / r.eq25!).toBeGreaterThan(1.05)
    }
  })

  it('detects boundary optima by the endpoint sign test', () => {
    const [inf] = computeAllocation({ ...base, R: 1e-9 }, [1e4])
    expect(inf.regime).toBe('all-inference')
    expect(inf.eq24).toBe(base.cN)
    const [tr] = computeAllocation({ ...base, R: 1e9 }, [1e4])
    expect(tr.regime).toBe('all-training')
    expect(tr.eq24).toBe(1e4 - base.ck)
  })
})

describe('computeAllocationPlugin', () => {
  const satFit: Fit = {
    kind: 'Fit',
    fits: [
      {
        model: 'beta-eff-saturation',
        target: 'β_eff',
        status: 'converged',
        iterations: 1,
        goodness: { n: 10, dof: 6 },
        params: [
          { name: 'beta', value: 1.2, stdErr: 0.01 },
          { name: 'Delta', value: 0.9, stdErr: 0.01 },
          { name: 'c', value: 1e-3, stdErr: 1e-4 },
          { name: 'nu', value: 1, stdErr: 0.01 },
        ],
      },
    ],
  }
  it('takes (β, Δ, c, ν) from an upstream saturation fit and outputs the optimum paths and tables', () => {
    const ctx = createTestContext()
    const out = computeAllocationPlugin.run(
      satFit,
      computeAllocationPlugin.options.parse({ budgets: [1e4, 1e5], PN: 2, Ptilde: 0.5, cN: 3 }),
      ctx,
    ) as Curve
    expect(out.series.map((s) => s.label)).toEqual([
      'grid optimum',
      'Eq. 24 (with β′_eff)',
      'Eq. 25 (quasi-static)',
      'constant β',
    ])
    const direct = computeAllocation({ ...base, beta: 1.2, Delta: 0.9, c: 1e-3, nu: 1 }, [1e4, 1e5])
    out.series[1].y.forEach((v, i) => expect(v).toBeCloseToRel(direct[i].eq24! / 3, 1e-12))
    expect(ctx.tables.map((t) => t.id)).toEqual(['ltot-surface', 'allocation-optima'])
    expect(ctx.tables[0].rows.length).toBe(2 * 60)
  })
  it('throws PASSK_BAD_OPTIONS when a parameter is neither given nor fitted, and warns on budgets too small', () => {
    const ctx = createTestContext()
    try {
      void computeAllocationPlugin.run({ kind: 'Fit', fits: [] }, computeAllocationPlugin.options.parse({}), ctx)
      expect.unreachable()
    } catch (e) {
      expect(isPasskError(e) && e.code).toBe('PASSK_BAD_OPTIONS')
      expect((e as Error).message).toBe(
        'fitters/compute-allocation: parameter beta is neither an option nor available from an upstream fitters/beta-eff-saturation fit.',
      )
    }
    void computeAllocationPlugin.run(satFit, computeAllocationPlugin.options.parse({ budgets: [1.5, 1e3] }), ctx)
    expect(ctx.warnings.map((w) => w.code)).toEqual(['ALLOCATION_BUDGET_TOO_SMALL'])
  })
})

describe('P̃(N) from the β_eff fit intercepts (issue 18 D7; LID Eq. 23)', () => {
  // L_tot(Ñ) = R·P_N·(Ñ/c_N)^(−1) + P̃₀·(Ñ/c_N)^ρ·((C − Ñ)/c_k)^(−β) with a power-law prefactor and constant β.
  const P0 = 40,
    rho = -0.3,
    beta = 0.7,
    C = 1e5
  const p = { ...base, beta, Delta: 0, Ptilde: 1 }
  /** dL_tot/dÑ written out by hand, and its root by bisection: the independent reference. */
  const dRef = (nt: number) => {
    const N = nt / p.cN,
      k = (C - nt) / p.ck
    const train = (-p.R * p.PN) / (N * N * p.cN)
    const inf = P0 * Math.pow(N, rho) * Math.pow(k, -beta) * (rho / (N * p.cN) + beta / (C - nt))
    return train + inf
  }
  let lo = p.cN,
    hi = C - p.ck
  for (let i = 0; i < 300; i++) {
    const m = 0.5 * (lo + hi)
    if (dRef(m) < 0) lo = m
    else hi = m
  }
  const root = 0.5 * (lo + hi)
  const Ns = [1, 10, 100, 1000, 1e4, 1e5]
  const law = prefactorLawFrom(
    Ns,
    Ns.map((N) => P0 * N ** rho),
    'interpolate',
  )

  it('puts the Eq. 24 optimum at the root of dL_tot/dÑ including the P̃′(N) term', () => {
    const [r] = computeAllocation({ ...p, prefactorLaw: law }, [C])
    expect(r.regime).toBe('interior')
    expect(r.eq24!).toBeCloseToRel(root, 1e-9)
    expect(r.grid).toBeCloseToRel(root, 0.01)
    // With P̃ held at its value at the optimum (the old constant-P̃ behaviour) the answer is different.
    const [flat] = computeAllocation({ ...p, Ptilde: P0 * (root / p.cN) ** rho }, [C])
    expect(Math.abs(flat.eq24! / root - 1)).toBeGreaterThan(0.05)
  })

  it('reads the intercepts from the fitted curve (meta.prefactor) when prefactor is not constant', () => {
    const fit: Fit = {
      kind: 'Fit',
      fits: [
        {
          model: 'beta-eff-saturation',
          target: 'fam',
          status: 'converged',
          iterations: 1,
          goodness: { n: 6, dof: 2 },
          params: [
            { name: 'beta', value: beta, stdErr: 0.01 },
            { name: 'Delta', value: 0, stdErr: 0.01 },
            { name: 'c', value: 1, stdErr: 0.1 },
            { name: 'nu', value: 1, stdErr: 0.01 },
          ],
        },
      ],
      source: {
        kind: 'Curve',
        id: 'x',
        title: '',
        xLabel: '',
        yLabel: '',
        xScale: 'log',
        yScale: 'linear',
        series: [],
        meta: { prefactor: { fam: { x: Ns, y: Ns.map((N) => P0 * N ** rho) } } },
      },
    }
    for (const prefactor of ['interpolate', 'power-law'] as const) {
      const ctx = createTestContext()
      const o = computeAllocationPlugin.options.parse({ budgets: [C], PN: p.PN, cN: p.cN, prefactor })
      const out = computeAllocationPlugin.run(fit, o, ctx) as Curve
      expect(out.series[1].y[0]).toBeCloseToRel(root / p.cN, 1e-9)
    }
    try {
      void computeAllocationPlugin.run(
        { kind: 'Fit', fits: fit.fits },
        computeAllocationPlugin.options.parse({ prefactor: 'interpolate' }),
        createTestContext(),
      )
      expect.unreachable()
    } catch (e) {
      expect(isPasskError(e) && e.code).toBe('PASSK_BAD_OPTIONS')
      expect((e as Error).message).toMatch(/intercepts/)
    }
  })
})

describe('P̃(N) from fitters/local-slope intercepts (the LID pipeline, D7)', () => {
  it('local-slope publishes the intercepts P̃(N) of L ≈ P̃·k^(−β_eff), which compute-allocation reads', () => {
    const ks = [10, 20, 50, 100, 200, 500, 1000]
    const Ns = [100, 1000, 10000]
    const P = (N: number) => 3 * N ** -0.25
    const curve: Curve = {
      kind: 'Curve',
      id: 'linf',
      title: '',
      xLabel: 'k',
      yLabel: 'L',
      xScale: 'log',
      yScale: 'log',
      quantity: 'failure',
      series: Ns.map((N) => ({ label: `N=${N}`, x: ks, y: ks.map((k) => P(N) * k ** -0.8), attrs: { N } })),
    }
    const beff = localSlope.run(curve, localSlope.options.parse({ k1: 10, k2: 1000 }), createTestContext()) as Curve
    const pre = (beff.meta?.prefactor as Record<string, { x: number[]; y: number[] }>)['β_eff']
    expect(pre.x).toEqual(Ns)
    pre.y.forEach((v, i) => expect(v).toBeCloseToRel(P(Ns[i]), 1e-12))
    const fit: Fit = {
      kind: 'Fit',
      source: beff,
      fits: [
        {
          model: 'beta-eff-saturation',
          target: 'β_eff',
          status: 'converged',
          iterations: 1,
          goodness: { n: 3, dof: 0 },
          params: [
            { name: 'beta', value: 0.8, stdErr: null },
            { name: 'Delta', value: 0, stdErr: null },
            { name: 'c', value: 1, stdErr: null },
            { name: 'nu', value: 1, stdErr: null },
          ],
        },
      ],
    }
    const ctx = createTestContext()
    const o = computeAllocationPlugin.options.parse({ budgets: [1e6], prefactor: 'power-law' })
    const out = computeAllocationPlugin.run(fit, o, ctx) as Curve
    const want = computeAllocation(
      {
        ...base,
        cN: 1,
        PN: 1,
        beta: 0.8,
        Delta: 0,
        c: 1,
        nu: 1,
        prefactorLaw: prefactorLawFrom(Ns, Ns.map(P), 'power-law'),
      },
      [1e6],
    )
    expect(out.series[1].y[0]).toBeCloseToRel(want[0].eq24!, 1e-9)
  })
})
