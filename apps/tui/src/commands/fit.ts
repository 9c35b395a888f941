/**
 * `passk fit LOGFILE`: the one-liner for real evaluation logs. It builds a typed pipeline spec from the
 * stage list `FIT_STAGES`:
 *   sources/llm-logs → evaluators/passk-unbiased → evaluators/failure (1 − pass@k, log-log) → fitters
 *   (beta-binomial on the outcomes; beta-passk and exp-power-law on the pass@k curve; the power law on the
 *   failure curve, so its fit is drawn on the failure plot) → evaluators/coverage-at-cost
 * pass@k is over one fixed problem set at every k (beyondN 'fill-beta'): points where some problem has n < k are
 * model-based, in a separate series of style 'fit' that the curve fitters skip — curve fits use observed points
 * only. Logs sampled until a success are detected and estimated by Kaplan–Meier (evaluators/passk-unbiased).
 * Text output: the recommended prediction first, one line per model in each section, warnings grouped by code.
 * runs it through the shared headless runner (one atomic run directory, plots, --json), and presents the
 * summary sections `FIT_SECTIONS` (pass@k with intervals, fitted parameters, predicted pass@k at 10× and
 * 100× the largest observed k, coverage@cost) — typed rows, printed as text, written as fit-<id>.csv in
 * the same atomic write, and returned under "fitSummary" in --json.
 *
 * Flags: every sources/llm-logs option, and the pipeline options in FLAG_SOURCES, are generated from their
 * zod schemas (commands/fit-flags.ts), so an option added to a schema is a `passk fit` flag at once.
 *
 * Extending: a new stage is one entry in FIT_STAGES (and its options type in FitOptions); a new summary
 * section is one `section({...})` in FIT_SECTIONS (rows from the live outputs, columns with headers).
 */
import path from 'node:path'
import type { Curve, Fit, FitResult, ResolvedSpec, RunOutcome, Series, z } from '@passk/core'
import type { llmLogsOptions } from '@passk/source-llm-logs'
import type { coverageAtCostOptions, passkUnbiasedOptions } from '@passk/evaluators'
import { parse } from '../args.js'
import { colors, type CliIO, type Command } from '../io.js'
import { parseArgsOptions } from '../flags.js'
import { FIT_DEFAULTS, fitFlagHelp, fitFlags, fitOptionsFromFlags, fixedFlags, modelsHint } from './fit-flags.js'

/** The options of `passk fit`, typed by the plugins' own schemas (their input side: defaults may be left out). */
export interface FitOptions {
  /** sources/llm-logs options (`path` is the log file). */
  source: z.input<typeof llmLogsOptions>
  /** evaluators/passk-unbiased options. */
  passk?: Partial<z.input<typeof passkUnbiasedOptions>>
  /** evaluators/coverage-at-cost options. */
  coverage?: Partial<z.input<typeof coverageAtCostOptions>>
  /** Seed of every random draw (the bootstraps). */
  seed?: number
}

/** Fitted curves (plots) run to this multiple of the largest observed k: the 100× of the predictions table. */
export const EXTRAPOLATE = 100

/** One stage of the fit pipeline: its id, plugin, input stage and options from the FitOptions. */
export interface FitStage {
  id: string
  use: string
  input?: string
  options(o: FitOptions): Record<string, unknown>
}

/**
 * Refits behind the model-based intervals (fitters/beta-binomial, fitters/extrapolate): `--bootstrap` when given —
 * it then governs every interval of the run, the pass@k curve's too — else 200 (the pass@k curve's own bootstrap
 * keeps its default of 1000 resamples: resampling is cheap there, a refit is not).
 */
export const FIT_REFITS = 200
const refits = (o: FitOptions): number => o.passk?.bootstrap ?? FIT_REFITS

/** The fit pipeline, in order. Stage ids are the keys the summary sections read outputs by. */
export const FIT_STAGES = [
  { id: 'logs', use: 'sources/llm-logs', options: (o) => ({ ...o.source }) },
  {
    id: 'passk',
    use: 'evaluators/passk-unbiased',
    options: (o) => ({ ...FIT_DEFAULTS.passk, ...o.passk }),
  },
  { id: 'failure', use: 'evaluators/failure', input: 'passk', options: () => ({}) },
  {
    id: 'beta-binomial',
    use: 'fitters/beta-binomial',
    input: 'logs',
    options: (o) => ({ bootstrap: refits(o), kMaxFactor: EXTRAPOLATE }),
  },
  // pass@k at 10× and 100× the smallest n with problem-bootstrap intervals, backtested by thinning (issue 14)
  // An explicit --bootstrap governs the backtest's per-replicate bootstraps too; by default they use 50 resamples.
  {
    id: 'extrapolate',
    use: 'fitters/extrapolate',
    input: 'logs',
    options: (o) => ({
      bootstrap: refits(o),
      ...(o.passk?.bootstrap !== undefined ? { backtestBootstrap: o.passk.bootstrap } : {}),
    }),
  },
  { id: 'beta-passk', use: 'fitters/beta-passk', input: 'passk', options: () => ({ gridMaxFactor: EXTRAPOLATE }) },
  {
    id: 'exp-power-law',
    use: 'fitters/exp-power-law',
    input: 'passk',
    options: () => ({ gridMaxFactor: EXTRAPOLATE }),
  },
  { id: 'power-law', use: 'fitters/power-law', input: 'failure', options: () => ({ gridMaxFactor: EXTRAPOLATE }) },
  {
    id: 'coverage',
    use: 'evaluators/coverage-at-cost',
    input: 'logs',
    options: (o) => ({ ...FIT_DEFAULTS.coverage, ...o.coverage }),
  },
] as const satisfies readonly FitStage[]

export type FitStageId = (typeof FIT_STAGES)[number]['id']

/** Fitter stages whose fits the parameter and prediction sections report, in this order. */
const FITTER_STAGES: readonly FitStageId[] = ['beta-binomial', 'beta-passk', 'exp-power-law', 'power-law']

/** The pipeline spec `passk fit` runs (exported so the TUI and tests can show or reuse it). */
export function fitSpec(o: FitOptions): ResolvedSpec {
  const file = o.source.path
  return {
    version: 1,
    name: `fit-${path
      .basename(file)
      .replace(/\.(gz)$/i, '')
      .replace(/\.[^.]+$/, '')}`,
    description: `passk fit ${file}`,
    seed: o.seed ?? 0,
    stages: FIT_STAGES.map((s: FitStage) => ({
      id: s.id,
      use: s.use,
      ...(s.input ? { input: s.input } : {}),
      options: s.options(o),
    })),
  }
}

// ---------------------------------------------------------------- summary sections

type Cell = string | number | null

/**
 * One model's pass@k points: its observed series and, under beyondN 'fill-beta', its model-based series
 * ("<model> (model-based)", style 'fit') merged in k order.
 */
export interface PasskPoints {
  label: string
  x: number[]
  y: number[]
  lower: (number | undefined)[]
  upper: (number | undefined)[]
  modelBased: boolean[]
  /** Largest k whose point is observed (the curve fits' range); 0 when none is. */
  observedMax: number
}

/** What every section reads: the run's live outputs by stage, and the observed k grid. */
export interface FitContext {
  outcome: RunOutcome
  /** The pass@k curve. */
  passk: Curve
  /** Per model, observed and model-based points merged (in the curve's series order). */
  points: PasskPoints[]
  /** The k values of any model, ascending, and the largest. */
  ks: number[]
  kMax: number
  /** Output of a fitter stage (undefined when the stage did not run). */
  fit(id: FitStageId): Fit | undefined
}

export interface SummaryColumn<R> {
  header: string
  /** The value in CSV and JSON. */
  value(r: R): Cell
  /** The printed text (default: the value, formatted). */
  text?(r: R): string
}

/** One summary section: typed rows from the run, data columns (CSV, JSON) and optionally other printed columns. */
export interface SummarySection<R> {
  /** Key under "fitSummary" in --json; the CSV is fit-<csv>.csv. */
  id: string
  csv: string
  title: string
  rows(ctx: FitContext): R[]
  columns(ctx: FitContext): SummaryColumn<R>[]
  /** Printed columns when they differ from the data columns. */
  display?(ctx: FitContext): SummaryColumn<R>[]
  /** A printed table of its own (e.g. one line per model where the data has one row per point). */
  print?(ctx: FitContext, rows: R[]): { columns: string[]; rows: string[][] }
}

/** A section with its row type erased, for the list. */
export interface AnySection {
  id: string
  csv: string
  title: string
  table(ctx: FitContext): { columns: string[]; rows: Cell[][]; text: string[][]; textColumns: string[] }
}

export function section<R>(s: SummarySection<R>): AnySection {
  return {
    id: s.id,
    csv: s.csv,
    title: s.title,
    table(ctx) {
      const rows = s.rows(ctx)
      const cols = s.columns(ctx)
      const data = { columns: cols.map((c) => c.header), rows: rows.map((r) => cols.map((c) => c.value(r))) }
      const printed = s.print?.(ctx, rows)
      if (printed) return { ...data, textColumns: printed.columns, text: printed.rows }
      const shown = s.display?.(ctx) ?? cols
      return {
        ...data,
        textColumns: shown.map((c) => c.header),
        text: rows.map((r) => shown.map((c) => (c.text ? c.text(r) : fmtCell(c.value(r))))),
      }
    },
  }
}

export function fmt(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(digits - 1)
  return Number(v.toPrecision(digits)).toString()
}

const fmtCell = (v: Cell) => (typeof v === 'number' ? fmt(v) : v === null ? '—' : v)

const at = (s: PasskPoints, k: number): number | null => {
  const j = s.x.indexOf(k)
  return j < 0 ? null : s.y[j]
}

/** "0.93 [0.9, 0.95]" with a trailing * for a model-based point. */
const pointText = (s: PasskPoints, j: number): string =>
  j < 0 ? '—' : `${fmt(s.y[j])} [${fmt(s.lower[j])}, ${fmt(s.upper[j])}]${s.modelBased[j] ? '*' : ''}`

/** "1…128" for a sorted list of k, "—" for none. */
const kRange = (ks: number[]): string => (ks.length ? (ks.length === 1 ? `${ks[0]}` : `${ks[0]}…${ks.at(-1)}`) : '—')

/** The largest observed k of a model, and the prediction ks at 10× and 100× of it. */
function predictionK(ctx: FitContext, model: string): number {
  return ctx.points.find((p) => p.label === model)?.observedMax ?? ctx.kMax
}
/** One K for every model (the column headers name it), or null when the models differ. */
function commonK(ctx: FitContext): number | null {
  const ks = new Set(ctx.points.map((p) => p.observedMax))
  return ks.size <= 1 ? (ks.values().next().value ?? ctx.kMax) : null
}

interface RecommendedRow {
  model: Cell
  k: Cell
  ratio: Cell
  fitter: Cell
  value: Cell
  lower: Cell
  upper: Cell
  rmse: Cell
  supported: Cell
  note: Cell
}

interface ParamRow {
  model: string
  fitter: FitStageId
  name: string
  value: number
  stdErr: number | null
  lower: number | null
  upper: number | null
  status: string
}

interface PredictionRow {
  model: string
  fitter: FitStageId
  /** The model's largest observed k (K): predictions at 10·K and 100·K. */
  K: number
  observed: number | null
  at10: number | null
  at100: number | null
  status: string
}

interface CoverageRow {
  model: string
  target: number
  standard: number | null
  red: number | null
  ratio: number | null
  beta: number | null
  costStandard: number | null
  costRed: number | null
}

interface BasisRow {
  model: string
  k: number
  value: number | null
  lower: number | null
  upper: number | null
  basis: string
  filled: number
  problems: number
  estimator: string
}

/** Rows of a table read by column name (a missing column is an error of the producing plugin, not a blank). */
function tableRecords<K extends string>(
  ctx: FitContext,
  stage: FitStageId,
  table: string,
  cols: Record<K, string>,
): Record<K, Cell>[] {
  const t = ctx.outcome.results.tables.find((x) => x.stage === stage && x.id === table)
  if (!t) return []
  const index = Object.fromEntries(
    Object.entries<string>(cols).map(([k, header]) => {
      const j = t.columns.indexOf(header)
      if (j < 0)
        throw new Error(
          `passk fit: table ${stage}.${table} has no column "${header}" (columns: ${t.columns.join(', ')})`,
        )
      return [k, j]
    }),
  ) as Record<K, number>
  return t.rows.map(
    (r) => Object.fromEntries(Object.entries<number>(index).map(([k, j]) => [k, r[j] ?? null])) as Record<K, Cell>,
  )
}

const num = (v: Cell): number | null => (typeof v === 'number' ? v : null)

/** pass@k of a fitted model; the power law is fitted on 1 − pass@k, so its prediction is turned back. */
function passFrom(fit: Fit, f: FitResult, k: number): number | null {
  if (!f.predict || f.status === 'failed' || f.status === 'non-finite') return null
  const y = f.predict(k)
  return fit.source?.quantity === 'failure' ? 1 - y : y
}

/** The summary sections, in print order. */
export const FIT_SECTIONS: readonly AnySection[] = [
  section<RecommendedRow>({
    id: 'recommended',
    csv: 'recommended',
    title:
      'Recommended prediction per model (best backtest; 95% interval: problem bootstrap widened by the backtest error)',
    rows: (ctx) =>
      tableRecords(ctx, 'extrapolate', 'extrapolation-recommended', {
        model: 'series',
        k: 'k',
        ratio: 'ratio',
        fitter: 'model',
        value: 'pass@k',
        lower: 'lower',
        upper: 'upper',
        rmse: 'backtest_rmse',
        supported: 'supported',
        note: 'note',
      }),
    columns: () => [
      { header: 'model', value: (r) => r.model },
      { header: 'k', value: (r) => r.k },
      { header: 'ratio', value: (r) => r.ratio },
      { header: 'fitter', value: (r) => r.fitter },
      { header: 'pass@k', value: (r) => r.value },
      { header: 'lower', value: (r) => r.lower },
      { header: 'upper', value: (r) => r.upper },
      { header: 'backtest_rmse', value: (r) => r.rmse },
      { header: 'supported', value: (r) => r.supported },
      { header: 'note', value: (r) => r.note },
    ],
    display: () => [
      { header: 'model', value: (r) => r.model },
      { header: 'k', value: (r) => r.k, text: (r) => `${fmtCell(r.k)} (${fmtCell(r.ratio)}×)` },
      {
        header: 'pass@k [95% interval]',
        value: (r) => r.value,
        text: (r) => `${fmtCell(r.value)} [${fmtCell(r.lower)}, ${fmtCell(r.upper)}]`,
      },
      { header: 'from', value: (r) => r.fitter },
      { header: 'backtest error', value: (r) => r.rmse },
      { header: 'note', value: (r) => r.note },
    ],
  }),
  section<PasskPoints>({
    id: 'passk',
    csv: 'passk',
    title:
      'pass@k (unbiased estimator over all problems, 95% bootstrap interval over problems; * = model-based: problems with n < k filled in by the Beta-Binomial posterior, not used by the curve fits)',
    rows: (ctx) => ctx.points,
    columns: (ctx) => [
      { header: 'model', value: (s) => s.label },
      ...ctx.ks.map((k) => ({
        header: `pass@${k}`,
        value: (s: PasskPoints) => at(s, k),
        text: (s: PasskPoints) => pointText(s, s.x.indexOf(k)),
      })),
    ],
    // Printed: the powers of 2 shared by the grids, then each model's largest k (ragged logs give every model its own).
    print: (ctx, rows) => {
      const pow2 = ctx.ks.filter((k) => (k & (k - 1)) === 0)
      if (pow2.length === ctx.ks.length || ctx.ks.length <= 12)
        return {
          columns: ['model', ...ctx.ks.map((k) => `pass@${k}`)],
          rows: rows.map((s) => [s.label, ...ctx.ks.map((k) => pointText(s, s.x.indexOf(k)))]),
        }
      return {
        columns: ['model', ...pow2.map((k) => `pass@${k}`), 'pass@(largest k)'],
        rows: rows.map((s) => [
          s.label,
          ...pow2.map((k) => pointText(s, s.x.indexOf(k))),
          s.x.length ? `k = ${s.x.at(-1)}: ${pointText(s, s.x.length - 1)}` : '—',
        ]),
      }
    },
  }),
  section<BasisRow>({
    id: 'basis',
    csv: 'passk-basis',
    title:
      'Basis of each pass@k point: observed (every problem has ≥ k attempts) or model-based (problems with n < k filled in); curve fits (beta-passk, exp-power-law, power-law) use observed points only',
    rows: (ctx) =>
      tableRecords(ctx, 'passk', 'passk', {
        model: 'group',
        k: 'k',
        value: 'pass@k',
        lower: 'lower',
        upper: 'upper',
        basis: 'basis',
        filled: 'problems model-based',
        problems: 'problems used',
        estimator: 'estimator',
      })
        .filter((r) => r.value !== null)
        .map((r) => ({
          model: String(r.model),
          k: Number(r.k),
          value: num(r.value),
          lower: num(r.lower),
          upper: num(r.upper),
          basis: String(r.basis),
          filled: Number(r.filled),
          problems: Number(r.problems),
          estimator: String(r.estimator),
        })),
    columns: () => [
      { header: 'model', value: (r) => r.model },
      { header: 'k', value: (r) => r.k },
      { header: 'pass@k', value: (r) => r.value },
      { header: 'lower', value: (r) => r.lower },
      { header: 'upper', value: (r) => r.upper },
      { header: 'basis', value: (r) => r.basis },
      { header: 'problems model-based', value: (r) => r.filled },
      { header: 'problems', value: (r) => r.problems },
      { header: 'estimator', value: (r) => r.estimator },
    ],
    // Printed: one line per model that has a model-based point or a non-default estimator.
    print: (ctx, rows) => {
      const out: string[][] = []
      for (const p of ctx.points) {
        const rs = rows.filter((r) => r.model === p.label)
        const mb = rs.filter((r) => r.basis === 'model-based')
        const est = rs[0]?.estimator ?? ''
        if (!mb.length && est.startsWith('unbiased')) continue
        out.push([
          p.label,
          kRange(rs.filter((r) => r.basis === 'observed').map((r) => r.k)),
          mb.length
            ? `${kRange(mb.map((r) => r.k))} (${[...new Set([mb[0].filled, mb.at(-1)?.filled ?? 0])].join('…')} of ${mb[0].problems} problems filled in)`
            : '—',
          est,
        ])
      }
      if (!out.length)
        return { columns: ['note'], rows: [['every point is observed: each problem has at least k attempts']] }
      return { columns: ['model', 'observed k', 'model-based k', 'estimator'], rows: out }
    },
  }),
  section<ParamRow>({
    id: 'parameters',
    csv: 'parameters',
    title: 'Fitted parameters (± s.e., [interval] when bootstrapped)',
    rows: (ctx) =>
      FITTER_STAGES.flatMap((id) =>
        (ctx.fit(id)?.fits ?? []).flatMap((f) =>
          f.params.map((p) => ({
            model: f.target,
            fitter: id,
            name: p.name,
            value: p.value,
            stdErr: p.stdErr,
            lower: p.lower ?? null,
            upper: p.upper ?? null,
            status: f.status,
          })),
        ),
      ),
    columns: () => [
      { header: 'model', value: (r) => r.model },
      { header: 'fitter', value: (r) => r.fitter },
      { header: 'parameter', value: (r) => r.name },
      { header: 'value', value: (r) => r.value },
      { header: 'stdErr', value: (r) => r.stdErr },
      { header: 'lower', value: (r) => r.lower },
      { header: 'upper', value: (r) => r.upper },
      { header: 'status', value: (r) => r.status },
    ],
    display: () => [
      { header: 'model', value: (r) => r.model },
      { header: 'fitter', value: (r) => r.fitter },
      { header: 'parameter', value: (r) => r.name },
      { header: 'value', value: (r) => r.value },
      { header: '± s.e.', value: (r) => r.stdErr, text: (r) => (r.stdErr === null ? '—' : fmt(r.stdErr, 2)) },
      {
        header: 'interval',
        value: () => null,
        text: (r) => (r.lower !== null && r.upper !== null ? `[${fmt(r.lower)}, ${fmt(r.upper)}]` : ''),
      },
      { header: 'status', value: (r) => r.status },
    ],
    // Printed: one line per model and fitter, the parameters side by side.
    print: (_ctx, rows) => {
      const out: string[][] = []
      for (const r of rows) {
        const last = out.at(-1)
        const text = `${r.name} = ${fmt(r.value)}${r.stdErr === null ? '' : ` ± ${fmt(r.stdErr, 2)}`}${r.lower !== null && r.upper !== null ? ` [${fmt(r.lower)}, ${fmt(r.upper)}]` : ''}`
        if (last && last[0] === r.model && last[1] === r.fitter) last[2] += `;  ${text}`
        else out.push([r.model, r.fitter, text, r.status])
      }
      return { columns: ['model', 'fitter', 'parameters (± s.e. [interval])', 'status'], rows: out }
    },
  }),
  section<PredictionRow>({
    id: 'predictions',
    csv: 'predictions',
    title:
      "Predicted pass@k beyond the data, at 10× and 100× each model's largest observed k (curve fits use observed points only)",
    rows: (ctx) =>
      FITTER_STAGES.flatMap((id) => {
        const fit = ctx.fit(id)
        if (!fit) return []
        return fit.fits.map((f) => {
          const s = ctx.points.find((x) => x.label === f.target)
          const K = predictionK(ctx, f.target)
          return {
            model: f.target,
            fitter: id,
            K,
            observed: s ? at(s, K) : null,
            at10: passFrom(fit, f, 10 * K),
            at100: passFrom(fit, f, 100 * K),
            status: f.status,
          }
        })
      }),
    columns: (ctx) => {
      const K = commonK(ctx)
      return [
        { header: 'model', value: (r: PredictionRow) => r.model },
        { header: 'fitter', value: (r: PredictionRow) => r.fitter },
        ...(K === null
          ? [
              { header: 'K (largest observed k)', value: (r: PredictionRow) => r.K },
              { header: 'pass@K (observed)', value: (r: PredictionRow) => r.observed },
              { header: 'pass@10K', value: (r: PredictionRow) => r.at10 },
              { header: 'pass@100K', value: (r: PredictionRow) => r.at100 },
            ]
          : [
              { header: `pass@${K} (observed)`, value: (r: PredictionRow) => r.observed },
              { header: `pass@${10 * K}`, value: (r: PredictionRow) => r.at10 },
              { header: `pass@${100 * K}`, value: (r: PredictionRow) => r.at100 },
            ]),
        { header: 'status', value: (r: PredictionRow) => r.status },
      ]
    },
    // Printed: one line per model, the fitters side by side as "10× / 100×".
    print: (ctx, rows) => {
      const fitters = FITTER_STAGES.filter((id) => rows.some((r) => r.fitter === id))
      const models = [...new Set(rows.map((r) => r.model))]
      const K = commonK(ctx)
      const ten = K === null ? '10K' : `${10 * K}`,
        hundred = K === null ? '100K' : `${100 * K}`
      return {
        columns: [
          'model',
          'K',
          `pass@${K ?? 'K'} (observed)`,
          ...fitters.map((f) => `${f}: pass@${ten} / pass@${hundred}`),
        ],
        rows: models.map((m) => {
          const rs = rows.filter((r) => r.model === m)
          return [
            m,
            String(rs[0]?.K ?? ctx.kMax),
            fmt(rs[0]?.observed),
            ...fitters.map((f) => {
              const r = rs.find((x) => x.fitter === f)
              if (!r) return '—'
              return `${fmt(r.at10)} / ${fmt(r.at100)}${r.status === 'converged' ? '' : ` (${r.status})`}`
            }),
          ]
        }),
      }
    },
  }),
  section<CoverageRow>({
    id: 'coverage',
    csv: 'coverage',
    title:
      "Coverage@cost: attempts to reach a target coverage, standard (k per problem) vs Reset-and-Discard — attempts = total over all of the model's problems; cost in the log's cost units (when it has costs)",
    rows: (ctx) => {
      const savings = tableRecords(ctx, 'coverage', 'coverage-at-cost-savings', {
        group: 'group',
        target: 'target coverage',
        standard: 'attempts standard',
        red: 'attempts ReD',
        ratio: 'ReD / standard',
        costStandard: 'cost standard',
        costRed: 'cost ReD',
      })
      const exponents = tableRecords(ctx, 'coverage', 'red-exponent', {
        group: 'group',
        beta: 'beta (per-round attempts)',
      })
      return savings.map((r) => ({
        model: String(r.group),
        target: Number(r.target),
        standard: num(r.standard),
        red: num(r.red),
        ratio: num(r.ratio),
        beta: num(exponents.find((e) => e.group === r.group)?.beta ?? null),
        costStandard: num(r.costStandard),
        costRed: num(r.costRed),
      }))
    },
    columns: (ctx) => {
      const cols: SummaryColumn<CoverageRow>[] = [
        { header: 'model', value: (r) => r.model },
        { header: 'target coverage', value: (r) => r.target },
        { header: 'attempts standard', value: (r) => r.standard },
        { header: 'attempts ReD', value: (r) => r.red },
        { header: 'ReD / standard', value: (r) => r.ratio },
        { header: 'beta from ReD', value: (r) => r.beta },
      ]
      const costs = tableRecords(ctx, 'coverage', 'coverage-at-cost-savings', { c: 'cost standard' }).some(
        (r) => r.c !== null,
      )
      if (costs)
        cols.push(
          { header: 'cost standard', value: (r) => r.costStandard },
          { header: 'cost ReD', value: (r) => r.costRed },
        )
      return cols
    },
    // Printed: one line per model, the targets side by side.
    print: (_ctx, rows) => {
      const targets = [...new Set(rows.map((r) => r.target))]
      const models = [...new Set(rows.map((r) => r.model))]
      const cost = rows.some((r) => r.costStandard !== null)
      return {
        columns: [
          'model',
          ...targets.map((t) => `coverage ${t}: attempts standard / ReD${cost ? ' (cost)' : ''}`),
          'beta from ReD',
        ],
        rows: models.map((m) => {
          const rs = rows.filter((r) => r.model === m)
          return [
            m,
            ...targets.map((t) => {
              const r = rs.find((x) => x.target === t)
              if (!r || r.standard === null) return 'not reached'
              return `${fmt(r.standard)} / ${fmt(r.red)}${r.costStandard !== null ? ` (${fmt(r.costStandard)} / ${fmt(r.costRed)})` : ''}`
            }),
            fmt(rs[0]?.beta),
          ]
        }),
      }
    },
  }),
]

/** Per model: its observed series with its model-based series (if any) merged in k order. */
export function passkPoints(passk: Curve): PasskPoints[] {
  const out: PasskPoints[] = []
  const isMb = (s: Series) => s.style === 'fit' && s.attrs?.basis === 'model-based'
  const groupOf = (s: Series) =>
    typeof s.attrs?.group === 'string' ? s.attrs.group : s.label.replace(/ \(model-based\)$/, '')
  for (const s of passk.series) {
    const label = isMb(s) ? groupOf(s) : s.label
    let p = out.find((q) => q.label === label)
    if (!p) {
      p = { label, x: [], y: [], lower: [], upper: [], modelBased: [], observedMax: 0 }
      out.push(p)
    }
    s.x.forEach((x, j) => {
      p.x.push(x)
      p.y.push(s.y[j])
      p.lower.push(s.lower?.[j])
      p.upper.push(s.upper?.[j])
      p.modelBased.push(isMb(s))
      if (!isMb(s)) p.observedMax = Math.max(p.observedMax, x)
    })
  }
  for (const p of out) {
    const order = p.x.map((_, j) => j).sort((a, b) => p.x[a] - p.x[b])
    for (const key of ['x', 'y', 'lower', 'upper', 'modelBased'] as const) {
      const v = p[key] as unknown[]
      const sorted = order.map((j) => v[j])
      v.splice(0, v.length, ...sorted)
    }
  }
  return out
}

function fitContext(outcome: RunOutcome): FitContext {
  const passk = outcome.outputs.get('passk' satisfies FitStageId) as Curve
  const ks = [...new Set(passk.series.flatMap((s) => s.x))].sort((a, b) => a - b)
  return {
    outcome,
    passk,
    points: passkPoints(passk),
    ks,
    kMax: ks.length ? ks[ks.length - 1] : 0,
    fit: (id) => outcome.outputs.get(id) as Fit | undefined,
  }
}

export interface FitSummaryTable {
  columns: string[]
  rows: Cell[][]
}

/** Every section as data ({columns, rows}), keyed by section id, from the live run outputs. */
export function fitSummary(outcome: RunOutcome): Record<string, FitSummaryTable> {
  const ctx = fitContext(outcome)
  return Object.fromEntries(
    FIT_SECTIONS.map((s) => {
      const t = s.table(ctx)
      return [s.id, { columns: t.columns, rows: t.rows }]
    }),
  )
}

/** The text, CSV files and JSON fields of a finished fit run. */
export async function presentFit(outcome: RunOutcome, io: CliIO, verbose = false) {
  const [{ toCsv }, { textTable, warningsBlock }] = await Promise.all([import('@passk/core'), import('../headless.js')])
  const ctx = fitContext(outcome)
  const c = colors(io, 'stdout')
  const tables = FIT_SECTIONS.map((s) => ({ s, t: s.table(ctx) }))
  const out = tables.map(({ s, t }) => `${c.bold(s.title)}\n${textTable(t.textColumns, t.text)}`)
  if (outcome.results.warnings.length) out.push(warningsBlock(outcome.results.warnings, io, verbose))
  return {
    text: out.join('\n\n') + '\n',
    files: Object.fromEntries(tables.map(({ s, t }) => [`fit-${s.csv}.csv`, toCsv(t.columns, t.rows)])),
    json: { fitSummary: Object.fromEntries(tables.map(({ s, t }) => [s.id, { columns: t.columns, rows: t.rows }])) },
  }
}

export const fitCommand: Command = {
  name: 'fit',
  summary: 'Fit pass@k scaling to your own LLM evaluation logs (one command)',
  usage: 'passk fit LOGFILE [--model NAME] [--k 1,2,4,…] [--out DIR] [--format F] [--json] [--<log option> …]',
  get help() {
    return `Reads an evaluation log (counts per problem, per-sample records, lm-evaluation-harness samples,
evalplus eval_results.json; CSV/TSV/JSONL/JSON/Parquet, gzip or not), computes unbiased pass@k with
bootstrap intervals, fits Beta-Binomial, Beta pass@k (Levi Eq. 6–7), exp-power-law and a power law on
1 − pass@k, predicts pass@k at 10× and 100× the largest observed k, and compares coverage@cost of the
standard protocol with Reset-and-Discard. The output leads with the recommended (backtested) prediction
per model. One row per model; plots and CSVs go to the run directory.

Ragged n: pass@k is over all problems at every k; where some problems have n < k their missing attempts
come from the Beta-Binomial posterior and the point is marked model-based (* in the text, "basis" in the
JSON and fit-passk-basis.csv); curve fits use observed points only. Logs sampled until a success
(e.g. batches until the first success) are detected (warning PASSK_ADAPTIVE_STOPPING) and pass@k is
estimated by Kaplan–Meier. --bootstrap, when given, sets the resamples of every interval of the run
(default: 1000 for the pass@k curve, 200 refits for the Beta-Binomial and extrapolation intervals).

${fitFlagHelp()}

Examples:
  passk fit humaneval/all_models.csv
  passk fit samples.jsonl.gz --model gpt-4 --k 1,2,4,8,16
  passk fit results.csv --problem-column task --success-column passed --group-by temperature
  passk fit results.parquet --json > fit.json`
  },
  async run(args, io) {
    const flags = fitFlags()
    const { values, positionals } = parse('fit', args, { ...fixedFlags, ...parseArgsOptions(flags) })
    if (positionals.length !== 1) {
      const { PasskError } = await import('@passk/core')
      throw new PasskError(
        'PASSK_USAGE',
        `passk fit expects exactly one log file, got ${positionals.length}.`,
        'Usage: passk fit LOGFILE [--model NAME] [--k 1,2,4] [--out DIR] [--json]; passk fit --help lists every flag.',
      )
    }
    const options = fitOptionsFromFlags(path.resolve(io.cwd, positionals[0]), flags, values)
    const [{ runAndWrite, parsePlotFormats }, { loadDefaultRegistry }] = await Promise.all([
      import('../headless.js'),
      import('../lazy-registry.js'),
    ])
    const registry = await loadDefaultRegistry({
      cwd: io.cwd,
      ...(values.config ? { configPath: path.resolve(io.cwd, values.config) } : {}),
      noConfig: values['no-config'] ?? false,
    })
    const r = await runAndWrite(
      fitSpec(options),
      {
        registry,
        baseDir: io.cwd,
        json: values.json ?? false,
        report: values.report ?? false,
        plots: parsePlotFormats('fit', values.plots) ?? ['svg'],
        quiet: values.quiet ?? false,
        verbose: values.verbose ?? false,
        debug: values.debug ?? false,
        ...(values.out ? { out: values.out } : {}),
        ...(values.force ? { force: true } : {}),
        present: (outcome) => presentFit(outcome, io, values.verbose ?? false),
      },
      io,
    )
    if (r.code !== 0 && options.source.model !== undefined && !r.outcome) {
      const hint = await modelsHint(options, registry)
      if (hint) io.stderr.write(hint + '\n')
    }
    return r.code
  },
}
