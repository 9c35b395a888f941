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
 * P̃(N) (Eq. 22–23; D7 of issue 18): constant (option Ptilde), or from the β_eff fit's intercepts — the per-N
 * prefactors log P̃ of the failure law carried by the fitted curve (curve.meta.prefactor, e.g. from
 * fitters/scaling-exponents) — interpolated linearly in (log N, log P̃) (held at the end values outside) or
 * fitted by a power law P̃₀·N^ρ. Its slope enters Eq. 24 as the extra term P̃′(N)/P̃(N)/c_N (quasi-static Eq. 25
 * drops it, as it drops β′_eff).
 */
import { z, PasskError, defineFitter, expandGrid, gridSchema, type Curve, type Fit } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }

const ID = 'fitters/compute-allocation'

export interface AllocationParams {
  /** Training loss L_gen(N) ≈ P_N·N^(−γ). */
  PN: number
  gamma: number
  /** Inference loss prefactor P̃ when constant (no prefactorLaw). */
  Ptilde: number
  /** P̃(N) from per-N intercepts: points (N, ln P̃) and how to read between/beyond them. */
  prefactorLaw?: PrefactorLaw
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

export interface PrefactorLaw {
  mode: 'interpolate' | 'power-law'
  /** Ascending N > 0 and ln P̃ at each. */
  x: number[]
  lnP: number[]
}

/** Build a P̃(N) law from intercepts (N, P̃); non-finite or non-positive pairs are dropped, N sorted. */
export function prefactorLawFrom(x: readonly number[], P: readonly number[], mode: PrefactorLaw['mode']): PrefactorLaw {
  const pts = x
    .map((N, i) => [N, P[i]] as const)
    .filter(([N, q]) => N > 0 && q > 0 && Number.isFinite(N) && Number.isFinite(q))
    .sort((a, b) => a[0] - b[0])
  return { mode, x: pts.map((q) => q[0]), lnP: pts.map((q) => Math.log(q[1])) }
}

const logX = new WeakMap<PrefactorLaw, number[]>()

/** ln P̃(N) and its log-slope g = d ln P̃/d ln N under the law. */
export function prefactorAt(law: PrefactorLaw, N: number): { lnP: number; g: number } {
  let lx = logX.get(law)
  if (!lx) logX.set(law, (lx = law.x.map(Math.log)))
  const ly = law.lnP,
    n = lx.length,
    u = Math.log(N)
  if (n === 1) return { lnP: ly[0], g: 0 }
  if (law.mode === 'power-law') {
    // OLS of ln P̃ on ln N: P̃ = e^a·N^g.
    const mx = lx.reduce((a, b) => a + b, 0) / n,
      my = ly.reduce((a, b) => a + b, 0) / n
    let sxx = 0,
      sxy = 0
    for (let i = 0; i < n; i++) {
      sxx += (lx[i] - mx) ** 2
      sxy += (lx[i] - mx) * (ly[i] - my)
    }
    const g = sxx > 0 ? sxy / sxx : 0
    return { lnP: my + g * (u - mx), g }
  }
  if (u <= lx[0]) return { lnP: ly[0], g: 0 }
  if (u >= lx[n - 1]) return { lnP: ly[n - 1], g: 0 }
  // Binary search for the segment [lx[j], lx[j+1]] holding u.
  let j = 0,
    hiIdx = n - 1
  while (hiIdx - j > 1) {
    const m = (j + hiIdx) >> 1
    if (u >= lx[m]) j = m
    else hiIdx = m
  }
  const g = (ly[j + 1] - ly[j]) / (lx[j + 1] - lx[j])
  return { lnP: ly[j] + g * (u - lx[j]), g }
}

/** P̃(N) and d ln P̃/d ln N (0 for a constant P̃). */
export function ptildeAt(p: AllocationParams, N: number): { P: number; g: number } {
  if (!p.prefactorLaw) return { P: p.Ptilde, g: 0 }
  const r = prefactorAt(p.prefactorLaw, N)
  return { P: Math.exp(r.lnP), g: r.g }
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
  return p.R * p.PN * Math.pow(N, -p.gamma) + ptildeAt(p, N).P * Math.pow(k, -b)
}

/**
 * dL_tot/dÑ = RHS − LHS of Eq. 24 (mode 'eq24'), Eq. 25 (β′ = 0, P̃′ = 0) or the constant-β case. With P̃(N),
 * d/dÑ [P̃(N)·k^(−β_eff(N))] = T·[g/(N·c_N) − β′_eff/c_N·ln k + β_eff/(C − Ñ)], T = P̃(N)·k^(−β_eff(N)),
 * g = d ln P̃/d ln N (Eq. 23 differentiated; g = 0 recovers Eq. 24 as printed).
 */
function dL(p: AllocationParams, C: number, Nt: number, mode: 'eq24' | 'eq25' | 'const', constBeta: number): number {
  const N = Nt / p.cN,
    rest = C - Nt,
    k = rest / p.ck
  const lhs = p.R * p.PN * Math.pow(p.cN, p.gamma) * p.gamma * Math.pow(Nt, -(p.gamma + 1))
  const b = mode === 'const' ? constBeta : betaEffAt(p, N)
  const bp = mode === 'eq24' ? betaEffPrime(p, N) : 0
  const pt = ptildeAt(p, N)
  const g = mode === 'eq25' ? 0 : pt.g
  const T = pt.P * Math.pow(k, -b)
  return T * (b / rest - (bp / p.cN) * Math.log(k) + g / (N * p.cN)) - lhs
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
  o: { gridPoints?: number; baselineBeta?: number; minN?: number } = {},
): AllocationOptimum[] {
  const n = o.gridPoints ?? 2000,
    base = o.baselineBeta ?? p.beta
  const out: AllocationOptimum[] = []
  for (const C of budgets) {
    // N ≥ 1 (or ≥ minN, e.g. the smallest N the laws were fitted on) and k ≥ 1.
    const lo = p.cN * Math.max(1, o.minN ?? 1),
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
      R: z.number().min(0).default(1).describe('Training/inference weight R (Eq. 21); 0 = inference failure only'),
      PN: z.number().positive().default(1).describe('Training-loss prefactor P_N in L_gen ≈ P_N·N^(−γ)'),
      gamma: z.number().positive().default(1).describe('Training-loss exponent γ (1 in the classical regime)'),
      Ptilde: z
        .number()
        .positive()
        .default(1)
        .describe("Inference-loss prefactor P̃ (Eq. 22) when prefactor is 'constant'"),
      prefactor: z
        .enum(['constant', 'interpolate', 'power-law'])
        .default('constant')
        .describe(
          "P̃(N) of Eq. 23: 'constant' (option Ptilde), or from the fitted curve's per-N intercepts (curve.meta.prefactor, e.g. fitters/scaling-exponents): 'interpolate' in log-log (held constant beyond the data) or 'power-law' P̃₀·N^ρ",
        ),
      target: z
        .string()
        .optional()
        .describe('Which fitted series (FitResult target) to allocate for; default the first saturation fit'),
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
    const sat = fit.fits.find(
      (f) =>
        f.model === 'beta-eff-saturation' &&
        f.status !== 'failed' &&
        f.status !== 'unidentified' &&
        (o.target === undefined || f.target === o.target),
    )
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
    if (o.prefactor !== 'constant') {
      const label = sat?.target ?? o.target
      const table = fit.source?.meta?.prefactor as Record<string, { x: number[]; y: number[] }> | undefined
      const pts = label !== undefined ? table?.[label] : undefined
      if (!pts || pts.x.length === 0)
        throw new PasskError(
          'PASSK_BAD_OPTIONS',
          `${ID}: prefactor '${o.prefactor}' needs the per-N intercepts P̃ of series ${JSON.stringify(label ?? '')} in the fitted curve's meta.prefactor; the upstream fit has none.`,
          "Fit a curve from fitters/scaling-exponents (which carries them), or set prefactor 'constant' with option Ptilde.",
        )
      p.prefactorLaw = prefactorLawFrom(pts.x, pts.y, o.prefactor)
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
