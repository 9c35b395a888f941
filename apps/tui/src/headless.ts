/**
 * Headless execution shared by `passk run`, `passk fit` and `npm start` off a TTY: run a resolved
 * spec through the core runner with progress, write the run directory atomically (spec, results,
 * CSVs, one SVG per curve and per heat-map table, optional report.html), and print either a human summary or --json.
 */
import path from 'node:path'
import {
  fitsForCurve,
  formatError,
  isPasskError,
  PasskError,
  resultsJson,
  runPipeline,
  writeRunDir,
  type FitRecord,
  type Registry,
  type ResolvedSpec,
  type RunOutcome,
  type RunResults,
  type CurveRecord,
  type TableRecord,
  maxOf,
  minOf,
} from '@passk/core'
import { createProgressPrinter } from './progress.js'
import { colors, type CliIO } from './io.js'
// Re-exported for the TUI (its home is @passk/core).
export { fitsForCurve } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }

export interface RunAndWriteOptions {
  registry: Registry
  /** Run directory; default runs/<spec name>-<timestamp> under the cwd. `false` writes nothing. */
  out?: string | false
  seed?: number
  json?: boolean
  report?: boolean
  quiet?: boolean
  debug?: boolean
  /** Directory that relative paths in options resolve against (the spec file's directory). */
  baseDir?: string
  /** Name for the default run directory when the spec has none (e.g. the spec file's base name). */
  label?: string
  signal?: AbortSignal
  /** Plot formats written to plots/ (default ['svg']); see parsePlotFormats. */
  plots?: readonly PlotFormat[]
}

export type PlotFormat = 'svg' | 'png' | 'pdf'
export const PLOT_FORMATS: readonly PlotFormat[] = ['svg', 'png', 'pdf']

/** `--plots svg,png,pdf` → the formats; a typed PASSK_USAGE error names a wrong one. */
export function parsePlotFormats(cmd: string, v: string | undefined): PlotFormat[] | undefined {
  if (v === undefined) return undefined
  const list = v.split(',').map((x) => x.trim().toLowerCase())
  const bad = list.filter((x) => !(PLOT_FORMATS as readonly string[]).includes(x))
  if (bad.length || list.length === 0)
    throw new PasskError(
      'PASSK_USAGE',
      `passk ${cmd}: --plots takes a comma-separated list of ${PLOT_FORMATS.join(', ')}; got ${JSON.stringify(v)}.`,
      'Example: --plots svg,png,pdf (PNG via resvg, PDF via pdfkit; SVG is the default).',
    )
  return [...new Set(list)] as PlotFormat[]
}

export interface RunAndWriteResult {
  code: number
  outcome?: RunOutcome
  outDir?: string
}

function timestamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`
}

/** runs/<name>-<timestamp> under `runsDir`, for the CLI and the TUI alike. */
export function defaultRunDir(runsDir: string, name: string | undefined): string {
  return path.join(runsDir, `${(name ?? 'run').replace(/[^A-Za-z0-9_-]+/g, '-')}-${timestamp()}`)
}

type TableHeatmap = (
  t: TableRecord,
  o: { id?: string; curves?: readonly CurveRecord[] },
) => { svg: string; caption: string } | { problem: string } | undefined

/**
 * One SVG per curve, and one heat map per surface or matrix table (ltot-surface, trial-correlation-matrix:
 * @passk/plot's tableHeatmap, the same drawing report.html uses), via @passk/plot when it provides them.
 * A heat-map table that cannot be drawn is skipped and reported through `onProblem`.
 */
export async function plotFiles(
  results: RunResults,
  onProblem?: (message: string) => void,
  formats: readonly PlotFormat[] = ['svg'],
): Promise<Record<string, string | Uint8Array>> {
  const files = await svgPlotFiles(results, onProblem)
  if (formats.length === 1 && formats[0] === 'svg') return files
  const plot = (await import('@passk/plot')) as {
    svgToPng?: (svg: string, o?: { width?: number }) => Uint8Array
    svgToPdf?: (svg: string) => Promise<Uint8Array>
  }
  const out: Record<string, string | Uint8Array> = {}
  for (const [name, svg] of Object.entries(files)) {
    const base = name.replace(/\.svg$/, '')
    if (formats.includes('svg')) out[name] = svg
    if (formats.includes('png') && plot.svgToPng) out[`${base}.png`] = plot.svgToPng(svg)
    if (formats.includes('pdf') && plot.svgToPdf) out[`${base}.pdf`] = await plot.svgToPdf(svg)
  }
  return out
}

async function svgPlotFiles(
  results: RunResults,
  onProblem?: (message: string) => void,
): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  const plot = (await import('@passk/plot')) as Record<string, unknown>
  const render = plot.renderCurveSvg as ((c: CurveRecord, o: { fits: FitRecord[] }) => string) | undefined
  const overlay = plot.withReferenceOverlays as
    ((c: CurveRecord, all: readonly CurveRecord[]) => CurveRecord) | undefined // the asymptote dashed on L_inf
  if (typeof render === 'function')
    for (const c of results.curves)
      files[`plots/${c.stage}.${c.id}.svg`] = render(overlay ? overlay(c, results.curves) : c, {
        fits: fitsForCurve(results, c),
      })
  const heatmap = plot.tableHeatmap as TableHeatmap | undefined
  if (typeof heatmap === 'function')
    results.tables.forEach((t, i) => {
      const h = heatmap(t, { id: `table${i}`, curves: results.curves.filter((c) => c.stage === t.stage) })
      if (!h) return
      if ('problem' in h) {
        onProblem?.(`table ${t.stage}.${t.id}: ${h.problem}`)
        return
      }
      const name = `plots/${t.stage}.${t.id}.svg`
      files[files[name] === undefined ? name : `plots/${t.stage}.${t.id}.heatmap.svg`] = h.svg // a curve may share the id
    })
  return files
}

/** report.html for a run (via @passk/report), as an extra run-directory file. */
export async function reportFile(
  results: RunResults,
  runInfo: Record<string, unknown>,
): Promise<Record<string, string>> {
  const report = (await import('@passk/report')) as Record<string, unknown>
  const build = report.buildReport as
    ((x: { results: RunResults; runInfo: Record<string, unknown> }) => string) | undefined
  return typeof build === 'function' ? { 'report.html': build({ results, runInfo }) } : {}
}

function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—'
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(digits - 1)
  return Number(v.toPrecision(digits)).toString()
}

/** Plain-text table with aligned columns. */
export function textTable(columns: string[], rows: string[][]): string {
  const w = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]) =>
    r
      .map((x, i) => (x ?? '').padEnd(w[i]))
      .join('  ')
      .trimEnd()
  return [line(columns), line(w.map((n) => '─'.repeat(n))), ...rows.map(line)].join('\n')
}

/** Human summary of a run: fits, curves, warnings. */
export function summarize(results: RunResults, io: CliIO): string {
  const c = colors(io, 'stdout')
  const parts: string[] = []
  if (results.fits.length) {
    parts.push(c.bold('Fits'))
    parts.push(
      textTable(
        ['stage', 'model', 'series', 'parameter', 'value', '± s.e.', 'interval', 'status'],
        results.fits.flatMap((f) =>
          f.params.map((p, j) => [
            j === 0 ? f.stage : '',
            j === 0 ? f.model : '',
            j === 0 ? f.target : '',
            p.name + (p.fixed ? ' (fixed)' : ''),
            fmt(p.value),
            p.stdErr === null ? '—' : fmt(p.stdErr, 2),
            p.lower !== undefined && p.upper !== undefined ? `[${fmt(p.lower, 3)}, ${fmt(p.upper, 3)}]` : '',
            j === 0 ? f.status : '',
          ]),
        ),
      ),
    )
    const derived = results.fits.filter((f) => f.derived && Object.keys(f.derived).length)
    if (derived.length)
      parts.push(
        textTable(
          ['model', 'series', 'derived', 'value'],
          derived.flatMap((f) =>
            Object.entries(f.derived!).map(([k, v], j) => [j === 0 ? f.model : '', j === 0 ? f.target : '', k, fmt(v)]),
          ),
        ),
      )
  }
  if (results.curves.length) {
    parts.push(c.bold('Curves'))
    parts.push(
      textTable(
        ['stage', 'curve', 'series', 'x range', 'y range'],
        results.curves.map((cv) => {
          const xs = cv.series.flatMap((s) => s.x),
            ys = cv.series.flatMap((s) => s.y).filter((y) => Number.isFinite(y))
          return [
            cv.stage,
            cv.id,
            String(cv.series.length),
            xs.length ? `${fmt(minOf(xs), 3)} … ${fmt(maxOf(xs), 3)}` : '—',
            ys.length ? `${fmt(minOf(ys), 3)} … ${fmt(maxOf(ys), 3)}` : '—',
          ]
        }),
      ),
    )
  }
  if (results.warnings.length) {
    parts.push(c.bold(c.yellow(`Warnings (${results.warnings.length})`)))
    for (const w of results.warnings.slice(0, 20)) parts.push(`  ${w.stage} ${w.code}: ${w.message}`)
    if (results.warnings.length > 20) parts.push(`  … ${results.warnings.length - 20} more in results.json`)
  }
  return parts.join('\n\n') + '\n'
}

export async function runAndWrite(spec: ResolvedSpec, opts: RunAndWriteOptions, io: CliIO): Promise<RunAndWriteResult> {
  const onEvent = createProgressPrinter(io, { quiet: opts.quiet ?? false })
  let outcome: RunOutcome
  const ac = new AbortController()
  const onSig = () => {
    ac.abort()
    io.stderr.write('\ncancelling…\n')
  }
  process.once('SIGINT', onSig)
  const signal = opts.signal ? AbortSignal.any([opts.signal, ac.signal]) : ac.signal
  try {
    outcome = await runPipeline(spec, {
      registry: opts.registry,
      onEvent,
      signal,
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      ...(opts.baseDir ? { baseDir: opts.baseDir } : {}),
    })
  } catch (e) {
    io.stderr.write('\n' + formatError(e, opts.debug) + '\n')
    return { code: isPasskError(e) ? e.exitCode : 1 }
  } finally {
    process.removeListener('SIGINT', onSig)
  }
  const { results } = outcome
  let outDir: string | undefined
  if (opts.out !== false) {
    outDir = path.resolve(io.cwd, opts.out ?? defaultRunDir('runs', spec.name ?? opts.label))
    const plugins = Object.fromEntries(
      results.spec.stages.map((s) => {
        const r = opts.registry.resolve(s.use)
        return [s.use, `${r.plugin.version} (${r.from})`]
      }),
    )
    const runInfo = {
      passkVersion: pkg.version,
      plugins,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      finishedAt: new Date().toISOString(),
      timingsMs: outcome.timings,
    }
    try {
      const files = {
        ...(await plotFiles(results, (m) => io.stderr.write(`warning: ${m}\n`), opts.plots)),
        ...(opts.report ? await reportFile(results, runInfo) : {}),
      }
      await writeRunDir(outDir, results, { files, runInfo })
    } catch (e) {
      io.stderr.write(formatError(e, opts.debug) + '\n')
      if (opts.json) io.stdout.write(resultsJson(results))
      return { code: 1, outcome }
    }
  }
  if (opts.json) io.stdout.write(resultsJson(results))
  else {
    io.stdout.write(summarize(results, io))
    if (outDir)
      io.stdout.write(
        `\nWrote ${path.relative(io.cwd, outDir) || outDir}/ (spec.json, results.json, CSVs${results.curves.length ? ', plots/*.svg' : ''}${opts.report ? ', report.html' : ''})\n`,
      )
  }
  return { code: 0, outcome, ...(outDir ? { outDir } : {}) }
}
