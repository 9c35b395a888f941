/**
 * `passk fit LOGFILE`: the one-liner for real evaluation logs. Builds a pipeline spec
 *   sources/llm-logs → evaluators/passk-unbiased → evaluators/failure (1 − pass@k, log-log) → fitters
 *   (beta-binomial on the outcomes; beta-passk and exp-power-law on the pass@k curve; the power law on the
 *   failure curve, so its fit is drawn on the failure plot) → evaluators/coverage-at-cost
 * Every fitted curve runs to 100× the largest k (gridMaxFactor / kMaxFactor), so the plots show the extrapolation.
 * runs it through the shared headless runner (run directory, plots, --json), then prints pass@k with
 * intervals, fitted parameters with intervals, predicted pass@k at 10× and 100× the largest observed k,
 * and coverage@cost for both protocols — one row per model.
 */
import path from 'node:path'
import {
  PasskError,
  resultsJson,
  writeFileAtomic,
  toCsv,
  type Curve,
  type Fit,
  type ResolvedSpec,
  type RunOutcome,
  maxOf,
} from '@passk/core'
import { parse, parseList, parseNumber } from '../args.js'
import { parsePlotFormats, runAndWrite, textTable } from '../headless.js'
import { createDefaultRegistry } from '../registry.js'
import { colors, type CliIO, type Command } from '../io.js'

const FORMATS = ['auto', 'counts', 'samples', 'lm-eval-harness', 'evalplus'] as const
const FILE_TYPES = ['auto', 'csv', 'tsv', 'jsonl', 'json', 'parquet'] as const

export interface FitSpecOptions {
  file: string
  models?: string[]
  k?: number[]
  format?: string
  fileType?: string
  threshold?: number
  beyondN?: string
  bootstrap?: number
  coverage?: string
  seed?: number
}

/** Fitted curves (plots) run to this multiple of the largest observed k: the 100× of the predictions table. */
const EXTRAPOLATE = 100

/** The pipeline spec `passk fit` runs (exported so the TUI and tests can show or reuse it). */
export function fitSpec(o: FitSpecOptions): ResolvedSpec {
  const source: Record<string, unknown> = { path: o.file }
  if (o.models?.length) source.model = o.models
  if (o.format) source.format = o.format
  if (o.fileType) source.fileType = o.fileType
  if (o.threshold !== undefined) source.threshold = o.threshold
  const passk: Record<string, unknown> = { beyondN: o.beyondN ?? 'drop', problemTable: false }
  if (o.k) passk.k = o.k
  if (o.bootstrap !== undefined) passk.bootstrap = o.bootstrap
  return {
    version: 1,
    name: `fit-${path
      .basename(o.file)
      .replace(/\.(gz)$/i, '')
      .replace(/\.[^.]+$/, '')}`,
    description: `passk fit ${o.file}`,
    seed: o.seed ?? 0,
    stages: [
      { id: 'logs', use: 'sources/llm-logs', options: source },
      { id: 'passk', use: 'evaluators/passk-unbiased', options: passk },
      { id: 'failure', use: 'evaluators/failure', input: 'passk', options: {} },
      {
        id: 'beta-binomial',
        use: 'fitters/beta-binomial',
        input: 'logs',
        options: { bootstrap: 200, kMaxFactor: EXTRAPOLATE },
      },
      { id: 'beta-passk', use: 'fitters/beta-passk', input: 'passk', options: { gridMaxFactor: EXTRAPOLATE } },
      { id: 'exp-power-law', use: 'fitters/exp-power-law', input: 'passk', options: { gridMaxFactor: EXTRAPOLATE } },
      { id: 'power-law', use: 'fitters/power-law', input: 'failure', options: { gridMaxFactor: EXTRAPOLATE } },
      {
        id: 'coverage',
        use: 'evaluators/coverage-at-cost',
        input: 'logs',
        options: { probabilities: o.coverage ?? 'beta-binomial', targets: [0.5, 0.8, 0.9] },
      },
    ],
  }
}

function fmt(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(digits - 1)
  return Number(v.toPrecision(digits)).toString()
}

const FITTERS = ['beta-binomial', 'beta-passk', 'exp-power-law', 'power-law'] as const

export interface FitSummary {
  /** pass@k values (numbers) and the same as text with intervals, one row per model. */
  passk: { columns: string[]; rows: (string | number | null)[][] }
  passkText: { columns: string[]; rows: string[][] }
  params: { columns: string[]; rows: (string | number | null)[][] }
  predictions: { columns: string[]; rows: (string | number | null)[][] }
  coverage: { columns: string[]; rows: (string | number | null)[][] }
}

/** The four summary tables, from the live run outputs (predict functions are not serialised). */
export function fitSummary(outcome: RunOutcome): FitSummary {
  const curve = outcome.outputs.get('passk') as Curve
  const kMax = maxOf(curve.series.flatMap((s) => s.x))
  const ks = [...new Set(curve.series.flatMap((s) => s.x))].sort((a, b) => a - b)
  const passk = {
    columns: ['model', ...ks.map((k) => `pass@${k}`)],
    rows: curve.series.map((s) => [
      s.label,
      ...ks.map((k) => {
        const j = s.x.indexOf(k)
        return j < 0 ? null : s.y[j]
      }),
    ]),
  }
  const passkText = curve.series.map((s) => [
    s.label,
    ...ks.map((k) => {
      const j = s.x.indexOf(k)
      return j < 0 ? '—' : `${fmt(s.y[j])} [${fmt(s.lower?.[j])}, ${fmt(s.upper?.[j])}]`
    }),
  ])
  const params: FitSummary['params'] = {
    columns: ['model', 'fitter', 'parameter', 'value', 'stdErr', 'lower', 'upper', 'status'],
    rows: [],
  }
  const predictions: FitSummary['predictions'] = {
    columns: ['model', 'fitter', `pass@${kMax} (observed)`, `pass@${10 * kMax}`, `pass@${100 * kMax}`, 'status'],
    rows: [],
  }
  for (const id of FITTERS) {
    const fit = outcome.outputs.get(id) as Fit | undefined
    if (!fit) continue
    // power-law is fitted on the failure curve (1 − pass@k): its predictions come back as pass@k = 1 − f(k).
    const onFailure = fit.source?.quantity === 'failure'
    const pass = (f: Fit['fits'][number], k: number) => (onFailure ? 1 - f.predict!(k) : f.predict!(k))
    for (const f of fit.fits) {
      const model = f.target
      for (const p of f.params)
        params.rows.push([model, id, p.name, p.value, p.stdErr, p.lower ?? null, p.upper ?? null, f.status])
      const s = curve.series.find((x) => x.label === model)
      const obs = s ? (s.y[s.x.indexOf(kMax)] ?? null) : null
      const ok = f.predict && f.status !== 'failed' && f.status !== 'non-finite'
      predictions.rows.push([model, id, obs, ok ? pass(f, 10 * kMax) : null, ok ? pass(f, 100 * kMax) : null, f.status])
    }
  }
  const tables = outcome.results.tables
  const sav = tables.find((t) => t.stage === 'coverage' && t.id === 'coverage-at-cost-savings')
  const expo = tables.find((t) => t.stage === 'coverage' && t.id === 'red-exponent')
  const coverage: FitSummary['coverage'] = {
    columns: ['model', 'target coverage', 'attempts standard', 'attempts ReD', 'ReD / standard', 'beta from ReD'],
    rows: [],
  }
  for (const r of sav?.rows ?? []) {
    const beta = expo?.rows.find((e) => e[0] === r[0])?.[4] ?? null
    coverage.rows.push([r[0]!, r[1]!, r[3] ?? null, r[4] ?? null, r[5] ?? null, beta])
  }
  return { passk, passkText: { columns: passk.columns, rows: passkText }, params, predictions, coverage }
}

function printSummary(s: FitSummary, io: CliIO): void {
  const c = colors(io, 'stdout')
  const txt = (rows: (string | number | null)[][]) =>
    rows.map((r) => r.map((v) => (typeof v === 'number' ? fmt(v) : v === null ? '—' : String(v))))
  const out: string[] = []
  out.push(c.bold('pass@k (unbiased estimator, 95% bootstrap interval over problems)'))
  out.push(textTable(s.passkText.columns, s.passkText.rows))
  out.push(c.bold('Fitted parameters (± s.e., [interval] when bootstrapped)'))
  out.push(
    textTable(
      ['model', 'fitter', 'parameter', 'value', '± s.e.', 'interval', 'status'],
      s.params.rows.map((r) => [
        String(r[0]),
        String(r[1]),
        String(r[2]),
        fmt(r[3] as number),
        r[4] === null ? '—' : fmt(r[4] as number, 2),
        r[5] !== null && r[6] !== null ? `[${fmt(r[5] as number)}, ${fmt(r[6] as number)}]` : '',
        String(r[7]),
      ]),
    ),
  )
  out.push(c.bold('Predicted pass@k beyond the data'))
  out.push(textTable(s.predictions.columns, txt(s.predictions.rows)))
  out.push(c.bold('Coverage@cost: attempts to reach a target coverage (standard k-per-problem vs Reset-and-Discard)'))
  out.push(textTable(s.coverage.columns, txt(s.coverage.rows)))
  io.stdout.write(out.join('\n\n') + '\n')
}

export const fitCommand: Command = {
  name: 'fit',
  summary: 'Fit pass@k scaling to your own LLM evaluation logs (one command)',
  usage: 'passk fit LOGFILE [--model NAME] [--k 1,2,4,…] [--out DIR] [--format F] [--json]',
  help: `Reads an evaluation log (counts per problem, per-sample records, lm-evaluation-harness samples,
evalplus eval_results.json; CSV/TSV/JSONL/JSON/Parquet, gzip or not), computes unbiased pass@k with
bootstrap intervals, fits Beta-Binomial, Beta pass@k (Levi Eq. 6–7), exp-power-law and a power law on
1 − pass@k, predicts pass@k at 10× and 100× the largest observed k, and compares coverage@cost of the
standard protocol with Reset-and-Discard. One row per model; plots and CSVs go to the run directory.

Options:
  --model NAME       keep only this model (repeat for several)
  --k LIST           k values, e.g. 1,2,4,8 (default: powers of 2 up to the largest n, and n)
  --format F         ${FORMATS.join('|')} (default auto)
  --file-type T      ${FILE_TYPES.join('|')} (default: from the extension and content)
  --threshold X      per-sample scores ≥ X count as successes
  --beyond-n P       drop|extrapolate-beta|error: k larger than a problem's n (default drop)
  --bootstrap B      bootstrap resamples of the problems (default 1000)
  --coverage M       beta-binomial|empirical|unbiased: success model for coverage@cost (default beta-binomial)
  --out DIR          run directory (default runs/fit-<file>-<timestamp>)
  --seed N           seed of the bootstrap (default 0)
  --json             print results.json (plus a "fitSummary" object) to stdout
  --report           also write report.html
  --plots LIST       plot formats in plots/: svg (default), png, pdf, e.g. --plots svg,png,pdf
  --quiet            no progress output
  --debug            show stack traces

Examples:
  passk fit humaneval/all_models.csv
  passk fit samples.jsonl.gz --model gpt-4 --k 1,2,4,8,16
  passk fit results.parquet --json > fit.json`,
  async run(args, io) {
    const { values, positionals } = parse('fit', args, {
      model: { type: 'string', multiple: true },
      k: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      'file-type': { type: 'string' },
      threshold: { type: 'string' },
      'beyond-n': { type: 'string' },
      bootstrap: { type: 'string' },
      coverage: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
      report: { type: 'boolean' },
      plots: { type: 'string' },
      quiet: { type: 'boolean' },
      debug: { type: 'boolean' },
      config: { type: 'string' },
      'no-config': { type: 'boolean' },
    })
    if (positionals.length !== 1)
      throw new PasskError(
        'PASSK_USAGE',
        `passk fit expects exactly one log file, got ${positionals.length}.`,
        'Usage: passk fit LOGFILE [--model NAME] [--k 1,2,4] [--out DIR] [--json]',
      )
    const oneOf = (flag: string, v: string | undefined, allowed: readonly string[]) => {
      if (v !== undefined && !allowed.includes(v))
        throw new PasskError(
          'PASSK_USAGE',
          `passk fit: --${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}.`,
          `Example: --${flag} ${allowed[0]}`,
        )
      return v
    }
    const file = path.resolve(io.cwd, positionals[0])
    const k = parseList('fit', 'k', values.k)
    const seed = parseNumber('fit', 'seed', values.seed, true)
    const threshold = parseNumber('fit', 'threshold', values.threshold)
    const bootstrap = parseNumber('fit', 'bootstrap', values.bootstrap, true)
    const format = oneOf('format', values.format, FORMATS)
    const fileType = oneOf('file-type', values['file-type'], FILE_TYPES)
    const beyondN = oneOf('beyond-n', values['beyond-n'], ['drop', 'extrapolate-beta', 'error'])
    const coverage = oneOf('coverage', values.coverage, ['beta-binomial', 'empirical', 'unbiased'])
    const spec = fitSpec({
      file,
      ...(values.model ? { models: values.model } : {}),
      ...(k ? { k } : {}),
      ...(format ? { format } : {}),
      ...(fileType ? { fileType } : {}),
      ...(threshold !== undefined ? { threshold } : {}),
      ...(beyondN ? { beyondN } : {}),
      ...(bootstrap !== undefined ? { bootstrap } : {}),
      ...(coverage ? { coverage } : {}),
      ...(seed !== undefined ? { seed } : {}),
    })
    const registry = await createDefaultRegistry({
      cwd: io.cwd,
      ...(values.config ? { configPath: path.resolve(io.cwd, values.config) } : {}),
      noConfig: values['no-config'] ?? false,
    })
    const json = values.json ?? false
    // runAndWrite prints a generic summary; `fit` prints its own tables instead, so its stdout is held back.
    const held: string[] = []
    const quietIO: CliIO = {
      ...io,
      stdout: Object.assign(Object.create(io.stdout) as NodeJS.WritableStream, {
        write: (s: string | Uint8Array) => {
          held.push(String(s))
          return true
        },
      }),
    }
    const r = await runAndWrite(
      spec,
      {
        registry,
        baseDir: io.cwd,
        json: false,
        report: values.report ?? false,
        plots: parsePlotFormats('fit', values.plots) ?? ['svg'],
        quiet: values.quiet ?? false,
        debug: values.debug ?? false,
        ...(values.out ? { out: values.out } : {}),
      },
      quietIO,
    )
    if (r.code !== 0 || !r.outcome) {
      if (held.length && json) io.stdout.write(held.join(''))
      return r.code
    }
    const summary = fitSummary(r.outcome)
    if (r.outDir) {
      for (const [name, t] of Object.entries({
        'fit-passk.csv': summary.passk,
        'fit-parameters.csv': summary.params,
        'fit-predictions.csv': summary.predictions,
        'fit-coverage.csv': summary.coverage,
      })) {
        writeFileAtomic(path.join(r.outDir, name), toCsv(t.columns, t.rows))
      }
    }
    if (json) {
      const doc = JSON.parse(resultsJson(r.outcome.results)) as Record<string, unknown>
      doc.fitSummary = {
        passk: summary.passk,
        parameters: summary.params,
        predictions: summary.predictions,
        coverage: summary.coverage,
      }
      io.stdout.write(JSON.stringify(doc, null, 2) + '\n')
      return 0
    }
    printSummary(summary, io)
    const warnings = r.outcome.results.warnings
    if (warnings.length) {
      const c = colors(io, 'stdout')
      io.stdout.write(
        '\n' +
          c.bold(c.yellow(`Warnings (${warnings.length})`)) +
          '\n' +
          warnings
            .slice(0, 10)
            .map((w) => `  ${w.stage} ${w.code}: ${w.message}`)
            .join('\n') +
          (warnings.length > 10 ? `\n  … ${warnings.length - 10} more in results.json` : '') +
          '\n',
      )
    }
    if (r.outDir)
      io.stdout.write(
        `\nWrote ${path.relative(io.cwd, r.outDir) || r.outDir}/ (results.json, curves/, tables/, fits.csv, fit-*.csv, plots/*.svg)\n`,
      )
    return 0
  },
}
