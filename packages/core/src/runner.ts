/**
 * The pipeline runner, shared by the CLI, the TUI and tests. It resolves the spec against the
 * registry, runs each stage with its own context (RNG split from the root seed by stage id, progress,
 * AbortSignal, logger), validates every output against its data kind, and collects curves, fits,
 * tables and warnings into a deterministic `RunResults` document. `writeRunDir` (run-dir.ts) writes it atomically.
 */
import path from 'node:path'
import { PasskError, isPasskError } from './errors.js'
import type { PluginContext, ProgressEvent, RunWarning } from './define.js'
import type { Curve, Fit, FitResult, KindName, KindValue, Table } from './kinds.js'
import type { Registry } from './registry.js'
import { createRng } from './rng.js'
import { planSpec, type ResolvedSpec } from './spec.js'
import { stageInput } from './stages.js'
import { stableJson, toCsv } from './io.js'

export const RESULTS_SCHEMA_VERSION = 1

export type RunEvent =
  | { type: 'run-start'; stages: { id: string; use: string }[] }
  | { type: 'stage-start'; stage: string; index: number; use: string }
  | { type: 'progress'; stage: string; index: number; done: number; total?: number; label?: string }
  | { type: 'log'; stage: string; level: 'debug' | 'info' | 'warn'; message: string }
  | { type: 'warning'; stage: string; code: string; message: string }
  | { type: 'stage-end'; stage: string; index: number; ms: number; produces: KindName }
  | { type: 'run-end'; ms: number }

export interface CurveRecord extends Omit<Curve, 'kind'> {
  stage: string
}
export interface FitRecord extends Omit<FitResult, 'predict'> {
  stage: string
}
export interface TableRecord extends Table {
  stage: string
}

/** The results document (results.json, `passk run --json`). Deterministic given spec + seed. */
export interface RunResults {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION
  spec: ResolvedSpec
  seed: number
  curves: CurveRecord[]
  fits: FitRecord[]
  tables: TableRecord[]
  warnings: RunWarning[]
}

export interface RunOptions {
  registry: Registry
  /** Directory relative paths in options resolve against (the spec file's directory). */
  baseDir?: string
  /** Override the spec's seed. */
  seed?: number
  signal?: AbortSignal
  onEvent?: (e: RunEvent) => void
}

export interface RunOutcome {
  results: RunResults
  /** Every stage's output value by stage id (live objects, e.g. for the TUI or tests). */
  outputs: Map<string, KindValue>
  /** Wall time per stage in ms (not part of results: it is not deterministic). */
  timings: Record<string, number>
}

function fitRecord(stage: string, f: FitResult): FitRecord {
  const { predict: _p, ...rest } = f
  return { stage, ...rest }
}

export async function runPipeline(specIn: ResolvedSpec, opts: RunOptions): Promise<RunOutcome> {
  const { registry } = opts
  registry.freeze()
  const plan = planSpec(opts.seed === undefined ? specIn : { ...specIn, seed: opts.seed }, registry)
  const spec = plan.spec
  const root = createRng(spec.seed)
  const signal = opts.signal ?? new AbortController().signal
  const emit = opts.onEvent ?? (() => {})
  const results: RunResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    spec,
    seed: spec.seed,
    curves: [],
    fits: [],
    tables: [],
    warnings: [],
  }
  const outputs = new Map<string, KindValue>()
  const timings: Record<string, number> = {}
  const t0 = performance.now()
  emit({ type: 'run-start', stages: spec.stages.map((s) => ({ id: s.id, use: s.use })) })

  for (let i = 0; i < spec.stages.length; i++) {
    const stage = spec.stages[i]
    const { plugin, id: pluginId } = plan.stages[i].plugin
    const where = `Stage ${i + 1} (${stage.id}, ${pluginId})`
    if (signal.aborted) throw new PasskError('PASSK_ABORTED', `Run cancelled before ${where}.`, 'Nothing was written.')
    const inputId = plan.stages[i].input
    const input = plugin.role === 'source' || inputId === null ? null : outputs.get(inputId)
    const ctx: PluginContext = {
      rng: root.split(`stage:${stage.id}`),
      seed: spec.seed,
      stageId: stage.id,
      signal,
      progress: (e: ProgressEvent) => emit({ type: 'progress', stage: stage.id, index: i, ...e }),
      log: {
        debug: (m) => emit({ type: 'log', stage: stage.id, level: 'debug', message: m }),
        info: (m) => emit({ type: 'log', stage: stage.id, level: 'info', message: m }),
        warn: (m) => emit({ type: 'log', stage: stage.id, level: 'warn', message: m }),
      },
      warn: (code, message) => {
        results.warnings.push({ stage: stage.id, code, message })
        emit({ type: 'warning', stage: stage.id, code, message })
      },
      table: (t) => {
        results.tables.push({ stage: stage.id, ...t })
      },
      resolvePath: (p) => path.resolve(opts.baseDir ?? process.cwd(), p),
      throwIfAborted: () => {
        if (signal.aborted)
          throw new PasskError('PASSK_ABORTED', `Run cancelled during ${where}.`, 'Nothing was written.')
      },
    }
    emit({ type: 'stage-start', stage: stage.id, index: i, use: pluginId })
    const ts = performance.now()
    let out: unknown
    try {
      out = await plugin.run(input as never, stage.options, ctx)
    } catch (e) {
      if (isPasskError(e)) {
        if (e.code === 'PASSK_ABORTED') throw e
        throw new PasskError(e.code, `${where}: ${e.message}`, e.hint, { cause: e.cause ?? e, exitCode: e.exitCode })
      }
      throw new PasskError(
        'PASSK_PLUGIN_FAILED',
        `${where} failed: ${(e as Error)?.message ?? String(e)}`,
        'This is a bug in the plugin or an input it does not handle; rerun with --debug for the stack trace.',
        { cause: e },
      )
    }
    if (signal.aborted) throw new PasskError('PASSK_ABORTED', `Run cancelled during ${where}.`, 'Nothing was written.')
    registry.validate(plugin.produces, out, `${where} output`)
    outputs.set(stage.id, out as KindValue)
    if (plugin.produces === 'Curve') {
      const { kind: _k, ...c } = out as Curve
      results.curves.push({ stage: stage.id, ...c })
    }
    if (plugin.produces === 'Fit') {
      const f = out as Fit
      for (const r of f.fits) results.fits.push(fitRecord(stage.id, r))
    }
    const ms = performance.now() - ts
    timings[stage.id] = ms
    emit({ type: 'stage-end', stage: stage.id, index: i, ms, produces: plugin.produces })
  }
  emit({ type: 'run-end', ms: performance.now() - t0 })
  return { results, outputs, timings }
}

/**
 * Fits produced by stages that consumed the stage which made `curve`, matched by series label (or all
 * of them for a one-series curve): what plots and reports overlay on that curve.
 */
export function fitsForCurve(results: RunResults, curve: CurveRecord): FitRecord[] {
  const stages = results.spec.stages
  const inputOf = new Map<string, string | null>(stages.map((s, i) => [s.id, stageInput(results.spec, i)]))
  const labels = new Set(curve.series.map((s) => s.label))
  return results.fits.filter(
    (f) =>
      (inputOf.get(f.stage) === curve.stage && (labels.has(f.target) || curve.series.length === 1)) ||
      // fits made on other data that predict this curve's quantity for one of its series (beta-binomial → pass@k)
      (f.quantity !== undefined && f.quantity === curve.quantity && labels.has(f.target)),
  )
}

/** Serialise results deterministically (NaN → null, typed arrays → arrays). */
export function resultsJson(results: RunResults): string {
  return stableJson(results)
}

/** Long-format CSV of a curve: series, x, y[, se, lower, upper], plus attribute columns. */
export function curveCsv(c: Pick<Curve, 'series'>): string {
  const attrKeys = [...new Set(c.series.flatMap((s) => Object.keys(s.attrs ?? {})))].sort()
  const hasSe = c.series.some((s) => s.se),
    hasBand = c.series.some((s) => s.lower || s.upper)
  const cols = ['series', ...attrKeys, 'x', 'y', ...(hasSe ? ['se'] : []), ...(hasBand ? ['lower', 'upper'] : [])]
  const rows: unknown[][] = []
  for (const s of c.series)
    for (let j = 0; j < s.x.length; j++) {
      rows.push([
        s.label,
        ...attrKeys.map((k) => s.attrs?.[k] ?? null),
        s.x[j],
        s.y[j],
        ...(hasSe ? [s.se?.[j] ?? null] : []),
        ...(hasBand ? [s.lower?.[j] ?? null, s.upper?.[j] ?? null] : []),
      ])
    }
  return toCsv(cols, rows)
}

export function fitsCsv(fits: readonly FitRecord[]): string {
  const rows: unknown[][] = []
  for (const f of fits)
    for (const p of f.params)
      rows.push([
        f.stage,
        f.model,
        f.target,
        f.status,
        p.name,
        p.value,
        p.stdErr,
        p.lower ?? null,
        p.upper ?? null,
        p.fixed ? 1 : 0,
        f.goodness.r2 ?? null,
        f.goodness.aic ?? null,
      ])
  return toCsv(
    ['stage', 'model', 'target', 'status', 'param', 'value', 'std_err', 'lower', 'upper', 'fixed', 'r2', 'aic'],
    rows,
  )
}
