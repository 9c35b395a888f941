/**
 * fitters/compute-allocation: LID §4.3 (Eq. 21–25, Fig. 2). Budget C = N·c_N + k·c_k, Ñ = N·c_N,
 * k = (C − Ñ)/c_k, and (Eq. 21–23)
 *   L_tot(Ñ) = R·P_N·c_N^γ·Ñ^(−γ) + P̃·c_k^(β_eff(N))·(C − Ñ)^(−β_eff(N)),   β_eff(N) = β − Δ/(1 + c·N^ν).
 * For every budget C it reports
 *   · the grid optimum Ñ* (L_tot on a fine grid of Ñ ∈ [c_N, C − c_k], i.e. N ≥ 1 and k ≥ 1);
 *   · the analytic optimum of Eq. 24 (root of dL_tot/dÑ with the −β′_eff(N)/c_N·ln((C−Ñ)/c_k) term);
 *   · the quasi-static optimum of Eq. 25 (the same balance with β′_eff = 0);
 *   · the constant-β baseline (β_eff ≡ baselineBeta, default β) optimum by Eq. 25;
 * with boundary optima (all inference: Ñ = c_N; all training: Ñ = C − c_k) found by the endpoint
 * sign test of dL_tot/dÑ (LID §4.3 "Boundary optima"). Outputs a Curve of the optimum paths
 * N*(C) and tables: the L_tot(N, C) surface (for heat maps) and the optima per budget.
 * Parameters (β, Δ, c, ν) come from an upstream fitters/beta-eff-saturation Fit unless given.
 */
import { z, PasskError, defineFitter, expandGrid, gridSchema, type Curve, type Fit } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }

const ID = 'fitters/compute-allocation'

export interface AllocationParams {
  /** Training loss L_gen(N) ≈ P_N·N^(−γ). */
  PN: number
  gamma: number
  /** Inference loss prefactor P̃ (slowly varying in N: taken constant). */
  Ptilde: number
  beta: number
  Delta: number
  c: number
  nu: number
  cN: number
  ck: number
  R: number
}

export interface AllocationOptimum {
  C: number
  /** Optimal Ñ (compute spent on training) by each method; divide by c_N for N. */
  grid: number
  eq24: number | null
  eq25: number | null
  constantBeta: number | null
  /** Where the Eq. 24 optimum lies. */
  regime: 'interior' | 'all-inference' | 'all-training'
  lTotGrid: number
}

export function betaEffAt(p: AllocationParams, N: number): number {
  return p.beta - p.Delta / (1 + p.c * Math.pow(N, p.nu))
}
export function betaEffPrime(p: AllocationParams, N: number): number {
  const q = p.c * Math.pow(N, p.nu)
  return N > 0 ? (p.Delta * p.nu * q) / (N * (1 + q) ** 2) : 0
}

/** L_tot(Ñ; C) of Eq. 23 (β_eff fixed to `constBeta` when given). */
export function lTot(p: AllocationParams, C: number, Nt: number, constBeta?: number): number {
  const N = Nt / p.cN,
    k = (C - Nt) / p.ck
  const b = constBeta ?? betaEffAt(p, N)
  return p.R * p.PN * Math.pow(N, -p.gamma) + p.Ptilde * Math.pow(k, -b)
}

/** dL_tot/dÑ = RHS − LHS of Eq. 24 (mode 'eq24'), Eq. 25 (β′ = 0) or the constant-β case. */
function dL(p: AllocationParams, C: number, Nt: number, mode: 'eq24' | 'eq25' | 'const', constBeta: number): number {
  const N = Nt / p.cN,
    rest = C - Nt,
    k = rest / p.ck
  const lhs = p.R * p.PN * Math.pow(p.cN, p.gamma) * p.gamma * Math.pow(Nt, -(p.gamma + 1))
  const b = mode === 'const' ? constBeta : betaEffAt(p, N)
  const bp = mode === 'eq24' ? betaEffPrime(p, N) : 0
  const T = p.Ptilde * Math.pow(k, -b)
  return T * (b / rest - (bp / p.cN) * Math.log(k)) - lhs
}

function ntGrid(lo: number, hi: number, n: number): number[] {
  // Logit spacing in the fraction (Ñ − lo)/(hi − lo): dense near both ends (both boundaries matter).
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const z = -16 + (32 * i) / (n - 1)
    const f = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))
    out.push(lo + (hi - lo) * f)
  }
  out[0] = lo
  out[n - 1] = hi
  return out
}

/** Optimum of L_tot from the roots of dL (bisection on sign changes) and the endpoint sign test. */
function solve(
  p: AllocationParams,
  C: number,
  grid: number[],
  mode: 'eq24' | 'eq25' | 'const',
  constBeta: number,
): { nt: number; regime: AllocationOptimum['regime'] } | null {
  const lo = grid[0],
    hi = grid[grid.length - 1]
  const cands: { nt: number; regime: AllocationOptimum['regime'] }[] = []
  const d = grid.map((nt) => dL(p, C, nt, mode, constBeta))
  if (d[0] > 0) cands.push({ nt: lo, regime: 'all-inference' })
  if (d[d.length - 1] < 0) cands.push({ nt: hi, regime: 'all-training' })
  for (let i = 0; i + 1 < grid.length; i++) {
    if (!(d[i] < 0 && d[i + 1] >= 0)) continue // a minimum: dL goes from − to +
    let a = grid[i],
      b = grid[i + 1],
      fa = d[i]
    for (let it = 0; it < 200 && b - a > 1e-13 * b; it++) {
      const m = 0.5 * (a + b),
        fm = dL(p, C, m, mode, constBeta)
      if (fm < 0 === fa < 0) {
        a = m
        fa = fm
      } else b = m
    }
    cands.push({ nt: 0.5 * (a + b), regime: 'interior' })
  }
  if (cands.length === 0) return null
  const cb = mode === 'const' ? constBeta : undefined
  cands.sort((x, y) => lTot(p, C, x.nt, cb) - lTot(p, C, y.nt, cb))
  return cands[0]
}

export function computeAllocation(
  p: AllocationParams,
  budgets: readonly number[],
  o: { gridPoints?: number; baselineBeta?: number } = {},
): AllocationOptimum[] {
  const n = o.gridPoints ?? 2000,
    base = o.baselineBeta ?? p.beta
  const out: AllocationOptimum[] = []
  for (const C of budgets) {
    const lo = p.cN,
      hi = C - p.ck
    if (!(hi > lo)) continue
    const g = ntGrid(lo, hi, n)
    let best = 0,
      bestL = Infinity
    for (const nt of g) {
      const L = lTot(p, C, nt)
      if (L < bestL) {
        bestL = L
        best = nt
      }
    }
    const e24 = solve(p, C, g, 'eq24', base),
      e25 = solve(p, C, g, 'eq25', base),
      cst = solve(p, C, g, 'const', base)
    out.push({
      C,
      grid: best,
      eq24: e24?.nt ?? null,
      eq25: e25?.nt ?? null,
      constantBeta: cst?.nt ?? null,
      regime: e24?.regime ?? 'interior',
      lTotGrid: bestL,
    })
  }
  return out
}

export const computeAllocationPlugin = defineFitter({
  name: 'compute-allocation',
  version: pkg.version,
  summary: 'Training vs inference compute split with β_eff(N): grid, Eq. 24, Eq. 25 and constant-β optima (LID §4.3)',
  description:
    'Takes (β, Δ, c, ν) from an upstream beta-eff-saturation fit unless given as options; other parameters are options. Outputs N*(C) paths and the L_tot(N, C) surface table.',
  refs: ['LID Eq. 21–25', 'LID Fig. 2'],
  accepts: 'Fit',
  produces: 'Curve',
  options: z
    .object({
      budgets: gridSchema
        .default({ from: 1e3, to: 1e7, num: 9, scale: 'log', integer: false })
        .describe('Compute budgets C'),
      cN: z.number().positive().default(1).describe('Cost per training sample c_N'),
      ck: z.number().positive().default(1).describe('Cost per inference attempt c_k'),
      R: z.number().positive().default(1).describe('Training/inference weight R (Eq. 21)'),
      PN: z.number().positive().default(1).describe('Training-loss prefactor P_N in L_gen ≈ P_N·N^(−γ)'),
      gamma: z.number().positive().default(1).describe('Training-loss exponent γ (1 in the classical regime)'),
      Ptilde: z.number().positive().default(1).describe('Inference-loss prefactor P̃ (Eq. 22)'),
      beta: z.number().positive().optional().describe('β (else from the upstream beta-eff-saturation fit)'),
      Delta: z.number().min(0).optional().describe('Δ (else from the fit)'),
      c: z.number().positive().optional().describe('c of β_eff(N) = β − Δ/(1 + c·N^ν) (else from the fit)'),
      nu: z.number().positive().optional().describe('ν (else from the fit)'),
      baselineBeta: z.number().positive().optional().describe('Exponent of the constant-β baseline (default β)'),
      gridPoints: z
        .number()
        .int()
        .min(50)
        .max(1000000)
        .default(2000)
        .describe('Grid points in Ñ per budget for the grid optimum'),
      surfacePoints: z
        .number()
        .int()
        .min(2)
        .max(10000)
        .default(60)
        .describe('N values per budget in the L_tot surface table'),
    })
    .strict(),
  run(fit: Fit, o, ctx): Curve {
    const sat = fit.fits.find((f) => f.model === 'beta-eff-saturation' && f.status !== 'failed')
    // c is derived (c = N½^−ν) since beta-eff-saturation fits N½; older fits may carry c as a parameter.
    const fromFit = (name: string) => sat?.params.find((q) => q.name === name)?.value ?? sat?.derived?.[name]
    const pick = (name: 'beta' | 'Delta' | 'c' | 'nu') => {
      const v = o[name] ?? fromFit(name)
      if (v === undefined || !Number.isFinite(v))
        throw new PasskError(
          'PASSK_BAD_OPTIONS',
          `${ID}: parameter ${name} is neither an option nor available from an upstream fitters/beta-eff-saturation fit.`,
          `Set option ${name}, or put fitters/beta-eff-saturation before this stage.`,
        )
      return v
    }
    const p: AllocationParams = {
      PN: o.PN,
      gamma: o.gamma,
      Ptilde: o.Ptilde,
      beta: pick('beta'),
      Delta: pick('Delta'),
      c: pick('c'),
      nu: pick('nu'),
      cN: o.cN,
      ck: o.ck,
      R: o.R,
    }
    if (sat && sat.status !== 'converged')
      ctx.warn(
        'ALLOCATION_FIT_NOT_CONVERGED',
        `${ID}: the upstream beta-eff-saturation fit has status ${sat.status}; its parameters are used as they are.`,
      )
    const budgets = expandGrid(o.budgets)
    const skipped = budgets.filter((C) => !(C - o.ck > o.cN))
    if (skipped.length)
      ctx.warn(
        'ALLOCATION_BUDGET_TOO_SMALL',
        `${ID}: budget(s) ${skipped.join(', ')} cannot buy one training sample and one attempt (c_N + c_k = ${o.cN + o.ck}); skipped.`,
      )
    const opt = computeAllocation(p, budgets, {
      gridPoints: o.gridPoints,
      ...(o.baselineBeta !== undefined ? { baselineBeta: o.baselineBeta } : {}),
    })
    const surface: (number | null)[][] = []
    for (const r of opt) {
      ctx.throwIfAborted()
      for (const nt of ntGrid(p.cN, r.C - p.ck, o.surfacePoints)) {
        const L = lTot(p, r.C, nt)
        surface.push([r.C, nt / p.cN, (r.C - nt) / p.ck, L, Math.log10(L)])
      }
    }
    ctx.table({
      id: 'ltot-surface',
      title: 'L_tot(N, C) (LID Eq. 23)',
      columns: ['C', 'N', 'k', 'L_tot', 'log10_L_tot'],
      rows: surface,
    })
    const toN = (v: number | null) => (v === null ? null : v / p.cN)
    ctx.table({
      id: 'allocation-optima',
      title: 'Optimal training allocation per budget (LID Eq. 24/25)',
      columns: ['C', 'N_grid', 'N_eq24', 'N_eq25', 'N_constant_beta', 'k_grid', 'L_tot_grid', 'regime'],
      rows: opt.map((r) => [
        r.C,
        r.grid / p.cN,
        toN(r.eq24),
        toN(r.eq25),
        toN(r.constantBeta),
        (r.C - r.grid) / p.ck,
        r.lTotGrid,
        r.regime,
      ]),
    })
    const path = (
      label: string,
      pick2: (r: AllocationOptimum) => number | null,
      style: 'data' | 'fit' | 'reference',
    ) => {
      const rs = opt.filter((r) => pick2(r) !== null)
      return { label, x: rs.map((r) => r.C), y: rs.map((r) => pick2(r)! / p.cN), style }
    }
    return {
      kind: 'Curve',
      id: 'compute-allocation',
      title: 'Optimal training-set size N*(C)',
      xLabel: 'budget C',
      yLabel: 'N*',
      xScale: 'log',
      yScale: 'log',
      quantity: 'allocation',
      series: [
        path('grid optimum', (r) => r.grid, 'data'),
        path('Eq. 24 (with β′_eff)', (r) => r.eq24, 'fit'),
        path('Eq. 25 (quasi-static)', (r) => r.eq25, 'fit'),
        path('constant β', (r) => r.constantBeta, 'reference'),
      ],
      meta: { params: p },
    }
  },
})
