/**
 * fitters/compute-split: "train more or sample more?" for a checkpoint family (issue 15; LID §4.3, Eq. 21–24).
 * Input: the Fit of fitters/beta-eff-saturation (verdict on) on the exponent-vs-tokens Curve of
 * fitters/scaling-exponents. Per family the fitted laws are the Beta-Binomial failure curve
 *   failure(D, k) = B(a, b+k)/B(a, b),  a = β_eff(D),  b = b(D) solving Γ(a+b)/Γ(b) = P̃(D),
 * whose tail is exactly P̃(D)·k^(−β_eff(D)) (LID Eq. 22; Levi 2024 Eq. 7) but which stays right at k ≲ b, where
 * the bare power law exceeds 1; P̃(D) comes from the per-checkpoint prefactors, and
 * β_eff(D) = β − Δ/(1 + (D/N½)^ν) (Eq. 20) when the saturating law is supported, else the constant β_eff the
 * verdict reports. Costs: training 6·P·D FLOPs (P parameters, D tokens), an attempt 2·P·(prompt + completion)
 * FLOPs per problem, times the number of problems (options). From the reference point (largest identified D₀,
 * k₀ attempts, compute C₀) it reports what the next 10× compute buys in pass@k₀ spent on training (D₁ at k₀) or
 * on attempts (k₁ at D₀), the LID §4.3 optimum (D*, k*) at 10·C₀ from fitters/compute-allocation's Eq. 24 with
 * R = 0 and P̃(D) (on the power-law tail; its grid optimum as check), each with a bootstrap interval over the
 * family's checkpoints
 * (the laws refitted), and how far each answer extrapolates beyond the observed tokens and attempts. For each drawn
 * family a table split-surface-<family> holds the laws' pass@k over (D, k) with the iso-compute lines and the
 * optimum (`surfaceTable`; @passk/plot draws it as a heat map in plots/ and report.html).
 */
import {
  z,
  PasskError,
  defineFitter,
  logGrid,
  special,
  type Curve,
  type Fit,
  type FitResult,
  type PluginContext,
  type Series,
} from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { betaEffSaturation, type SaturationVerdict } from './beta-eff-saturation.js'
import {
  computeAllocation,
  prefactorAt,
  prefactorLawFrom,
  type AllocationParams,
  type PrefactorLaw,
} from './compute-allocation.js'
import { percentile } from '@passk/stats'

const ID = 'fitters/compute-split'

/** β_eff(D): saturating (β, Δ, N½, ν) or constant (Δ = 0). */
export interface ExponentLaw {
  kind: 'saturation' | 'constant'
  beta: number
  Delta: number
  Nhalf: number
  nu: number
}

export const betaEffOf = (l: ExponentLaw, D: number) =>
  l.kind === 'constant' ? l.beta : l.beta - l.Delta / (1 + Math.pow(D / l.Nhalf, l.nu))

/** b > 0 with ln[Γ(a+b)/Γ(b)] = lnP (increasing in b), by bisection in ln b. */
export function bFromPrefactor(a: number, lnP: number): number {
  let lo = -40,
    hi = 700
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const m = 0.5 * (lo + hi)
    if (-special.logGammaRatio(Math.exp(m), a) < lnP) lo = m
    else hi = m
  }
  return Math.exp(0.5 * (lo + hi))
}

/** OLS of ln y on ln x: y ≈ e^u·x^v. */
function logLogLine(x: readonly number[], y: readonly number[]): { u: number; v: number } {
  const lx = x.map(Math.log),
    ly = y.map(Math.log),
    n = lx.length
  const mx = lx.reduce((a, b) => a + b, 0) / n,
    my = ly.reduce((a, b) => a + b, 0) / n
  let sxx = 0,
    sxy = 0
  for (let i = 0; i < n; i++) {
    sxx += (lx[i] - mx) ** 2
    sxy += (lx[i] - mx) * (ly[i] - my)
  }
  const v = sxx > 0 ? sxy / sxx : 0
  return { u: my - v * mx, v }
}

/** Average repeated N (bootstrap resamples repeat checkpoints) so interpolation segments have width > 0. */
function dedupe(l: PrefactorLaw): PrefactorLaw {
  const x: number[] = [],
    y: number[] = [],
    m: number[] = []
  l.x.forEach((v, i) => {
    if (x.length && x[x.length - 1] === v) {
      y[y.length - 1] += l.lnP[i]
      m[m.length - 1]++
    } else {
      x.push(v)
      y.push(l.lnP[i])
      m.push(1)
    }
  })
  return { mode: l.mode, x, lnP: y.map((v, i) => v / m[i]) }
}

export type PrefactorMode = 'b-interpolate' | 'b-power-law' | 'power-law' | 'interpolate'

/**
 * The failure law of one family: a(D) = β_eff(D) and b(D), failure(D, k) = B(a, b+k)/B(a, b) =
 * P̃(D)·Γ(b+k)/Γ(a+b+k) with P̃(D) = Γ(a+b)/Γ(b). 'b-interpolate': b(D) through the checkpoints' b, linear in
 * (log D, log b), held at the end values beyond them (beyond the data only β_eff(D) carries the training dependence);
 * 'b-power-law': b(D) = b₀·D^η fitted to the checkpoints' b
 * (P̃(D) then follows a(D) — extrapolating P̃ itself while a saturates would change the tail's scale and its slope
 * inconsistently); 'power-law' / 'interpolate': P̃(D) from the checkpoints' P̃ (compute-allocation's laws), b solved.
 */
export class FamilyLaw {
  private readonly bLine?: { u: number; v: number }
  private readonly bLaw?: PrefactorLaw
  private readonly pre?: PrefactorLaw
  constructor(
    readonly exponent: ExponentLaw,
    pts: { x: readonly number[]; y: readonly number[]; b: readonly number[] },
    readonly mode: PrefactorMode,
  ) {
    if (mode === 'b-power-law') this.bLine = logLogLine(pts.x, pts.b)
    else if (mode === 'b-interpolate') this.bLaw = dedupe(prefactorLawFrom(pts.x, pts.b, 'interpolate'))
    else this.pre = dedupe(prefactorLawFrom(pts.x, pts.y, mode))
  }
  ab(D: number): { a: number; b: number; lnP: number } {
    const a = betaEffOf(this.exponent, D)
    if (this.bLine || this.bLaw) {
      const b = this.bLaw
        ? Math.exp(prefactorAt(this.bLaw, D).lnP)
        : Math.exp((this.bLine?.u ?? 0) + (this.bLine?.v ?? 0) * Math.log(D))
      return { a, b, lnP: -special.logGammaRatio(b, a) }
    }
    const lnP = prefactorAt(this.pre as PrefactorLaw, D).lnP
    return { a, b: a > 0 ? bFromPrefactor(a, lnP) : NaN, lnP }
  }
  failure(D: number, k: number): number {
    const { a, b, lnP } = this.ab(D)
    if (!(a > 0) || !(b > 0)) return 1
    return Math.min(1, Math.exp(lnP + special.logGammaRatio(b + k, a)))
  }
  /** P̃(D) as a compute-allocation law: the given law, or P̃ = Γ(a+b)/Γ(b) tabulated on a log grid. */
  prefactorLaw(from: number, to: number): PrefactorLaw {
    if (this.pre) return this.pre
    const xs = logGrid(from, Math.max(to, from * 10), 400).filter((D) => Number.isFinite(this.ab(D).lnP))
    return { mode: 'interpolate', x: xs, lnP: xs.map((D) => this.ab(D).lnP) }
  }
}

export interface SplitAnswer {
  C0: number
  C1: number
  D1: number
  k1: number
  passRef: number
  deltaTraining: number
  deltaAttempts: number
  Dstar: number
  kstar: number
  passStar: number
  DstarGrid: number
  /** b(D₀): the tail law k^(−β_eff) of Eq. 22–24 holds for k ≫ b. */
  bRef: number
}

/**
 * The 10× comparison and the LID §4.3 optimum for one family law. The optimum is searched over D ≥ Dmin
 * (the smallest checkpoint the laws were fitted on: below it they say nothing).
 */
export function splitAnswer(
  law: FamilyLaw,
  o: { cN: number; ck: number; D0: number; Dmin: number; k0: number; factor: number; gridPoints: number },
): SplitAnswer | null {
  const l = law.exponent
  const pass = (D: number, k: number) => 1 - law.failure(D, k)
  const C0 = o.cN * o.D0 + o.ck * o.k0,
    C1 = o.factor * C0
  const D1 = (C1 - o.ck * o.k0) / o.cN,
    k1 = (C1 - o.cN * o.D0) / o.ck
  const p: AllocationParams = {
    PN: 1,
    gamma: 1,
    R: 0, // the objective is the inference failure alone (LID Eq. 21 with R = 0)
    Ptilde: 1,
    prefactorLaw: law.prefactorLaw(o.Dmin, C1 / o.cN),
    beta: l.beta,
    Delta: l.kind === 'constant' ? 0 : l.Delta,
    c: l.kind === 'constant' ? 1 : Math.pow(l.Nhalf, -l.nu),
    nu: l.kind === 'constant' ? 1 : l.nu,
    cN: o.cN,
    ck: o.ck,
  }
  const [opt] = computeAllocation(p, [C1], { gridPoints: o.gridPoints, minN: o.Dmin })
  // No finite L_tot on the grid (e.g. a refit whose β_eff(D) turns negative): no answer, counted as a failure.
  if (!opt || !Number.isFinite(opt.lTotGrid)) return null
  const nt = opt.eq24 ?? opt.grid
  const Dstar = nt / o.cN,
    kstar = (C1 - nt) / o.ck
  const passRef = pass(o.D0, o.k0)
  return {
    C0,
    C1,
    D1,
    k1,
    passRef,
    deltaTraining: pass(D1, o.k0) - passRef,
    deltaAttempts: pass(o.D0, k1) - passRef,
    Dstar,
    kstar,
    passStar: pass(Dstar, kstar),
    DstarGrid: opt.grid / o.cN,
    bRef: law.ab(o.D0).b,
  }
}

function lawFromFits(fits: FitResult[], label: string): ExponentLaw | null {
  const sat = fits.find(
    (f) =>
      f.model === 'beta-eff-saturation' && f.target === label && f.status !== 'failed' && f.status !== 'unidentified',
  )
  if (sat) {
    const v = (n: string) => sat.params.find((q) => q.name === n)?.value ?? NaN
    return { kind: 'saturation', beta: v('beta'), Delta: v('Delta'), Nhalf: v('Nhalf'), nu: v('nu') }
  }
  const cst = fits.find((f) => f.model === 'beta-eff-constant' && f.target === label)
  if (cst) return { kind: 'constant', beta: cst.params[0].value, Delta: 0, Nhalf: 1, nu: 1 }
  return null
}

/** A context that keeps refits quiet (their warnings are counted by the caller, not repeated B times). */
function quiet(ctx: PluginContext): PluginContext {
  return { ...ctx, warn: () => {}, table: () => {}, progress: () => {} }
}

/** Refit the law on one resample of a family's points (the same model kind as the original). */
function refit(kind: ExponentLaw['kind'], s: Series, idx: number[], ctx: PluginContext): ExponentLaw | null {
  const x = idx.map((i) => s.x[i]),
    y = idx.map((i) => s.y[i]),
    se = s.se ? idx.map((i) => s.se![i]) : undefined
  if (kind === 'constant') {
    const w = idx.map((_, j) => (se && se[j] > 0 ? 1 / se[j] ** 2 : 1))
    const sw = w.reduce((a, b) => a + b, 0)
    return { kind, beta: y.reduce((a, v, j) => a + w[j] * v, 0) / sw, Delta: 0, Nhalf: 1, nu: 1 }
  }
  if (new Set(x).size < 4) return null
  const curve: Curve = {
    kind: 'Curve',
    id: 'resample',
    title: '',
    xLabel: '',
    yLabel: '',
    xScale: 'log',
    yScale: 'linear',
    series: [{ label: s.label, x, y, ...(se ? { se } : {}) }],
  }
  const f = (
    betaEffSaturation.run(
      curve,
      betaEffSaturation.options.parse({ weights: se ? 'se' : 'none', gridPoints: 2 }),
      quiet(ctx),
    ) as Fit
  ).fits[0]
  return lawFromFits([f], s.label)
}

/** 'params=12B · GSM8K' → 'params-12b-gsm8k' (a table id / file-name part). */
const slugOf = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'family'

/**
 * The predicted pass@k(D, k) = 1 − B(a(D), b(D)+k)/B(a(D), b(D)) of one family (the laws above, LID Eq. 21–22) on a
 * log grid of training tokens D × attempts k ('surface' rows), with the iso-compute lines 6·P·D + c_k·k = C for
 * C = C₀ and factor·C₀ (LID §4.3: the budget constraint of Eq. 23–24), the reference point (D₀, k₀) and the
 * Eq. 24 optimum (D*, k*) at factor·C₀ — drawn as a heat map by @passk/plot (HEATMAP_TABLES 'split-surface').
 */
export function surfaceTable(
  label: string,
  law: FamilyLaw,
  so: { cN: number; ck: number; D0: number; Dmin: number; k0: number },
  ans: SplitAnswer,
  factor: number,
  points: number,
) {
  const Dhi = 3 * Math.max(ans.D1, ans.Dstar, so.D0),
    khi = 3 * Math.max(ans.k1, ans.kstar, so.k0)
  const Ds = logGrid(Math.min(so.Dmin, ans.Dstar), Dhi, points),
    ks = logGrid(1, khi, points)
  const rows: (string | number | null)[][] = []
  for (const D of Ds)
    for (const k of ks) {
      const p = 1 - law.failure(D, k)
      rows.push([D, k, Number.isFinite(p) ? p : null, 'surface'])
    }
  for (const [m, name] of [
    [1, 'C₀'],
    [factor, `${factor}×C₀`],
  ] as const) {
    const C = ans.C0 * m
    // Sampled both in D (the flat part, k ≈ C/c_k) and in k (the steep part, D ≈ C/c_N), in order of D.
    const pts: [number, number][] = []
    for (const D of logGrid(Ds[0], Dhi, 4 * points)) pts.push([D, (C - so.cN * D) / so.ck])
    for (const k of logGrid(1, khi, 4 * points)) pts.push([(C - so.ck * k) / so.cN, k])
    pts.sort((p, q) => p[0] - q[0])
    for (const [D, k] of pts)
      if (k >= 1 && k <= khi && D >= Ds[0] && D <= Dhi) rows.push([D, k, null, `iso-compute C = ${name}`])
  }
  rows.push([so.D0, so.k0, ans.passRef, 'reference point (D₀, k₀)'])
  rows.push([ans.Dstar, ans.kstar, ans.passStar, `optimum (D*, k*) at ${factor}×C₀ (Eq. 24)`])
  return {
    id: `split-surface-${slugOf(label)}`,
    title: `${label}: pass@k(D, k), iso-compute lines`,
    columns: ['D', 'k', 'pass@k', 'role'],
    rows,
  }
}

export const computeSplit = defineFitter({
  name: 'compute-split',
  version: pkg.version,
  summary: 'Train more or sample more: the next 10× compute in training (6·P·D) vs attempts (2·P·tokens), LID §4.3',
  description:
    'Input: fitters/beta-eff-saturation (verdict: true) on the curve of fitters/scaling-exponents. Per family: Δpass@k from 10× compute spent on training or on attempts, the Eq. 24 optimum (D*, k*), bootstrap intervals over checkpoints, and the extrapolation beyond the observed tokens and attempts.',
  refs: ['LID Eq. 20–24', 'Kaplan et al. 2020 (6·P·D training FLOPs, 2·P per token inference)'],
  accepts: 'Fit',
  produces: 'Curve',
  options: z
    .object({
      k: z.number().int().min(1).default(100).describe('Attempts per problem at the reference point (pass@k)'),
      factor: z.number().gt(1).default(10).describe('Compute multiple to spend (the "next 10×")'),
      trainFlopsPerParamToken: z.number().positive().default(6).describe('Training FLOPs per parameter per token'),
      sampleFlopsPerParamToken: z.number().positive().default(2).describe('Inference FLOPs per parameter per token'),
      promptTokens: z.number().min(0).default(700).describe('Prompt tokens per attempt (GSM8K 8-shot ≈ 700)'),
      completionTokens: z.number().min(0).default(256).describe('Completion tokens per attempt'),
      problems: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe('Problems the attempts are paid for (default: the benchmark size in the data)'),
      params: z
        .number()
        .positive()
        .optional()
        .describe('Parameter count P when the curve has no family covariate "params"'),
      prefactor: z
        .enum(['b-interpolate', 'b-power-law', 'power-law', 'interpolate'])
        .default('b-interpolate')
        .describe(
          "P̃(D) = Γ(a+b)/Γ(b) with b(D) through the checkpoints' b: 'b-interpolate' (log-log, held beyond the data) or 'b-power-law'; or P̃(D) through their P̃: 'power-law' P̃₀·D^ρ or log-log 'interpolate' through their P̃",
        ),
      bootstrap: z.number().int().min(0).max(100000).default(200).describe('Bootstrap resamples of the checkpoints'),
      gridPoints: z.number().int().min(50).max(100000).default(2000).describe('Grid points per budget (Eq. 24)'),
      curvePoints: z.number().int().min(2).max(1000).default(30).describe('Budgets on the pass@k-vs-compute curves'),
      surfacePoints: z
        .number()
        .int()
        .min(4)
        .max(200)
        .default(40)
        .describe('Grid points per axis of the pass@k(D, k) heat map (split-surface-<family> tables)'),
      families: z
        .array(z.string())
        .optional()
        .describe('Families (series labels) drawn on the pass@k-vs-compute curve; default the plotFamilies largest'),
      plotFamilies: z
        .number()
        .int()
        .min(1)
        .default(3)
        .describe('Without families: how many families (largest family covariate first) the curve draws'),
    })
    .strict(),
  run(fit: Fit, o, ctx): Curve {
    const src = fit.source
    const meta = src?.meta as
      | {
          prefactor?: Record<string, { x: number[]; y: number[]; b: number[] }>
          observed?: Record<string, { xMax: number; nMax: number; passAtK?: Record<number, number | null> }>
          problems?: number
          family?: string
        }
      | undefined
    if (!src || !meta?.prefactor)
      throw new PasskError(
        'PASSK_BAD_INPUT',
        `${ID}: the input fit has no exponent-vs-training curve with per-checkpoint prefactors.`,
        'Use the pipeline sources/llm-logs → fitters/scaling-exponents → fitters/beta-eff-saturation (verdict: true) → fitters/compute-split.',
      )
    const verdicts = (fit.meta?.verdicts ?? []) as SaturationVerdict[]
    const problems = o.problems ?? meta.problems ?? 1
    const rows: (string | number | null)[][] = []
    const series: Series[] = []
    const withLaw = src.series.filter((q) => q.style !== 'fit' && lawFromFits(fit.fits, q.label))
    const famKey = meta.family ?? 'params'
    const drawn = new Set(
      o.families ??
        [...withLaw]
          .sort((p, q) => Number(q.attrs?.[famKey] ?? 0) - Number(p.attrs?.[famKey] ?? 0))
          .slice(0, o.plotFamilies)
          .map((q) => q.label),
    )
    for (const s of src.series.filter((q) => q.style !== 'fit')) {
      ctx.throwIfAborted()
      const v = verdicts.find((q) => q.series === s.label)
      const law = lawFromFits(fit.fits, s.label)
      const P = Number(s.attrs?.[meta.family ?? 'params'] ?? o.params)
      const obs = meta.observed?.[s.label]
      const pre = meta.prefactor[s.label]
      const none = (why: string) => {
        rows.push([s.label, Number.isFinite(P) ? P : null, v?.verdict ?? null, ...Array<null>(21).fill(null), why])
      }
      if (!law) {
        none(
          `no law to allocate with: ${v ? `${v.verdict}: ${v.reason}` : 'no saturation or constant fit for this family'}`,
        )
        continue
      }
      if (!(P > 0)) {
        none('no parameter count (set option params or a family covariate params)')
        continue
      }
      if (!pre || pre.x.length === 0 || !obs) {
        none('no prefactors for this family')
        continue
      }
      const famLaw = new FamilyLaw(law, pre, o.prefactor)
      const cN = o.trainFlopsPerParamToken * P,
        ck = o.sampleFlopsPerParamToken * P * (o.promptTokens + o.completionTokens) * problems
      const D0 = Math.max(...s.x)
      const so = { cN, ck, D0, Dmin: Math.min(...s.x), k0: o.k, factor: o.factor, gridPoints: o.gridPoints }
      const ans = splitAnswer(famLaw, so)
      if (!ans) {
        none('budget too small for one token and one attempt')
        continue
      }
      // Bootstrap over the family's checkpoints: refit β_eff(D) and P̃(D) on each resample.
      const rng = ctx.rng.split(`split:${s.label}`)
      const reps: SplitAnswer[] = []
      let failed = 0
      for (let b = 0; b < o.bootstrap; b++) {
        if (b % 20 === 0) {
          ctx.throwIfAborted()
          ctx.progress({ done: b, total: o.bootstrap, label: `bootstrap ${s.label}` })
        }
        const idx = s.x.map(() => rng.int(s.x.length))
        const l = refit(law.kind, s, idx, ctx)
        const pick = (v: readonly number[]) => idx.map((i) => v[i])
        const r = l
          ? splitAnswer(new FamilyLaw(l, { x: pick(pre.x), y: pick(pre.y), b: pick(pre.b) }, o.prefactor), {
              ...so,
              gridPoints: Math.min(o.gridPoints, 400),
            })
          : null
        if (r && Object.values(r).every(Number.isFinite)) reps.push(r)
        else failed++
      }
      if (failed)
        ctx.warn(
          'SPLIT_BOOTSTRAP_FAILURES',
          `${ID}: ${s.label}: ${failed} of ${o.bootstrap} bootstrap refits of the laws failed and were left out of the intervals.`,
        )
      const ci = (key: keyof SplitAnswer): [number | null, number | null] => {
        if (reps.length < 10) return [null, null]
        const xs = reps.map((r) => r[key]).sort((a, b) => a - b)
        return [percentile(xs, 0.025), percentile(xs, 0.975)]
      }
      const [tl, tu] = ci('deltaTraining'),
        [al, au] = ci('deltaAttempts'),
        [dl, du] = ci('Dstar'),
        [kl, ku] = ci('kstar')
      rows.push([
        s.label,
        P,
        v?.verdict ?? law.kind,
        D0,
        o.k,
        ans.C0,
        ans.C1,
        ans.passRef,
        obs.passAtK?.[o.k] ?? null,
        ans.D1,
        ans.deltaTraining,
        tl,
        tu,
        ans.k1,
        ans.deltaAttempts,
        al,
        au,
        ans.Dstar,
        dl,
        du,
        ans.kstar,
        kl,
        ku,
        ans.passStar,
        `D₁ = ${(ans.D1 / obs.xMax).toPrecision(3)}× the largest observed tokens, D* = ${(ans.Dstar / obs.xMax).toPrecision(3)}×; k₁ = ${(ans.k1 / obs.nMax).toPrecision(3)}× the largest observed n, k* = ${(ans.kstar / obs.nMax).toPrecision(3)}×; grid D* = ${ans.DstarGrid.toPrecision(3)}; b(D₀) = ${ans.bRef.toPrecision(3)} (the k^(−β_eff) tail of Eq. 24 holds for k ≫ b)`,
      ])
      // pass@k against compute (as a multiple of C₀): extra compute to training (k = k₀), to attempts (D = D₀),
      // or split optimally (Eq. 24), with the optimum at factor × C₀ marked.
      if (!drawn.has(s.label)) continue
      // Extra compute ΔC from 10⁻⁷·C₀ (attempts are cheap next to pre-training) to 10·factor·C₀, log-spaced.
      const Cs = logGrid(1e-7, o.factor * 10, o.curvePoints).map((r) => ans.C0 * (1 + r))
      const pass = (D: number, k: number) => 1 - famLaw.failure(D, k)
      const best = Cs.map((C) => {
        const r = splitAnswer(famLaw, { ...so, factor: C / ans.C0 })
        return r ? r.passStar : NaN
      })
      const rel = (C: number) => C / ans.C0 - 1
      series.push(
        {
          label: `${s.label} · training`,
          x: Cs.map(rel),
          y: Cs.map((C) => pass((C - ck * o.k) / cN, o.k)),
          style: 'fit',
        },
        {
          label: `${s.label} · attempts`,
          x: Cs.map(rel),
          y: Cs.map((C) => pass(D0, (C - cN * D0) / ck)),
          style: 'reference',
        },
        {
          label: `${s.label} · optimal split (Eq. 24)`,
          x: Cs.filter((_, i) => Number.isFinite(best[i])).map(rel),
          y: best.filter(Number.isFinite),
          style: 'fit',
        },
        {
          label: `${s.label} · optimum at ${o.factor}× (D*, k*)`,
          x: [o.factor - 1],
          y: [ans.passStar],
          style: 'data',
          attrs: { Dstar: ans.Dstar, kstar: ans.kstar, C0: ans.C0 },
        },
      )
      ctx.table(surfaceTable(s.label, famLaw, so, ans, o.factor, o.surfacePoints))
    }
    ctx.table({
      id: 'compute-split',
      title: `Train more or sample more? The next ${o.factor}× compute (training ${o.trainFlopsPerParamToken}·P·D, attempts ${o.sampleFlopsPerParamToken}·P·(${o.promptTokens} + ${o.completionTokens}) tokens × ${problems} problems)`,
      columns: [
        'family',
        'params',
        'law',
        'D0',
        'k0',
        'C0_flops',
        'C1_flops',
        'pass@k0',
        'pass@k0_observed',
        'D1',
        'delta_pass_training',
        'training_lower',
        'training_upper',
        'k1',
        'delta_pass_attempts',
        'attempts_lower',
        'attempts_upper',
        'D_star',
        'D_star_lower',
        'D_star_upper',
        'k_star',
        'k_star_lower',
        'k_star_upper',
        'pass_star',
        'extrapolation',
      ],
      rows,
    })
    return {
      kind: 'Curve',
      id: 'compute-split',
      title: `pass@k against compute: training vs attempts (LID §4.3)`,
      xLabel: 'extra compute ΔC / C₀ (C₀ = largest checkpoint + k₀ attempts)',
      yLabel: 'pass@k',
      xScale: 'log',
      yScale: 'linear',
      quantity: 'pass',
      series,
      meta: { problems, k0: o.k, factor: o.factor },
    }
  },
})
