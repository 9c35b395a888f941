/**
 * Headless execution shared by `passk run`, `passk fit` and `npm start` off a TTY: run a resolved
 * spec through the core runner with progress, write the run directory atomically (spec, results,
 * CSVs, one SVG per curve and per heat-map table, optional report.html), and print either a human summary or --json.
 */
import path from 'node:path'
import {
  checkDirTarget,
  fitsForCurve,
  formatError,
  isOwnRunDir,
  isPasskError,
  PasskError,
  resultsJson,
  stableJson,
  runPipeline,
  writeRunDir,
  type Registry,
  type ResolvedSpec,
  type RunOutcome,
  type RunResults,
  type RunFileProducer,
  type RunFiles,
  type RunWarning,
  maxOf,
  minOf,
} from '@passk/core'
import { configNotice, registryConfig } from './config.js'
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
  /** Print every warning (default: grouped by code, with counts and a few examples). */
  verbose?: boolean
  debug?: boolean
  /** Directory that relative paths in options resolve against (the spec file's directory). */
  baseDir?: string
  /** Name for the default run directory when the spec has none (e.g. the spec file's base name). */
  label?: string
  signal?: AbortSignal
  /** Plot formats written to plots/ (default ['svg']); see parsePlotFormats. */
  plots?: readonly PlotFormat[]
  /** Write inside an existing non-empty directory that is not a passk run (touching no other file). */
  force?: boolean
  /** More run metadata for run.json (e.g. which config and plugin modules were loaded). */
  runInfo?: Record<string, unknown>
  /**
   * A command's own presentation of a finished run (e.g. `passk fit`'s summary tables), instead of the
   * generic summary: extra run-directory files (written in the same atomic write), extra top-level
   * fields of the --json document, and the text printed (the "Wrote …" line is appended).
   */
  present?: (outcome: RunOutcome) => RunPresentation | Promise<RunPresentation>
}

export interface RunPresentation {
  files?: Record<string, string>
  json?: Record<string, unknown>
  text?: string
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

/**
 * Run-directory producer: one plot per curve (the reference asymptote dashed on L_inf, as LID Fig. 1 draws it),
 * and one heat map per surface or matrix table (ltot-surface, trial-correlation-matrix: @passk/plot's
 * tableHeatmap, the same drawing report.html uses), as SVG and/or PNG/PDF. A heat-map table that cannot be
 * drawn is skipped and reported through `onProblem`. @passk/plot loads on first use.
 */
export function plotProducer(
  onProblem?: (message: string) => void,
  formats: readonly PlotFormat[] = ['svg'],
): RunFileProducer {
  return async (results) => {
    const { renderCurveSvg, tableHeatmap, withReferenceOverlays, svgToPng, svgToPdf } = await import('@passk/plot')
    const svgs: Record<string, string> = {}
    for (const c of results.curves)
      svgs[`plots/${c.stage}.${c.id}.svg`] = renderCurveSvg(withReferenceOverlays(c, results.curves), {
        fits: fitsForCurve(results, c),
      })
    results.tables.forEach((t, i) => {
      const h = tableHeatmap(t, { id: `table${i}`, curves: results.curves.filter((c) => c.stage === t.stage) })
      if (!h) return
      if ('problem' in h) {
        onProblem?.(`table ${t.stage}.${t.id}: ${h.problem}`)
        return
      }
      const name = `plots/${t.stage}.${t.id}.svg`
      svgs[svgs[name] === undefined ? name : `plots/${t.stage}.${t.id}.heatmap.svg`] = h.svg // a curve may share the id
    })
    if (formats.length === 1 && formats[0] === 'svg') return svgs
    const out: RunFiles = {}
    for (const [name, svg] of Object.entries(svgs)) {
      const base = name.replace(/\.svg$/, '')
      if (formats.includes('svg')) out[name] = svg
      if (formats.includes('png')) out[`${base}.png`] = svgToPng(svg)
      if (formats.includes('pdf')) out[`${base}.pdf`] = await svgToPdf(svg)
    }
    return out
  }
}

/** Run-directory producer: report.html for the run (via @passk/report, loaded on first use). */
export const reportProducer: RunFileProducer = async (results, runInfo) => {
  const { buildReport } = await import('@passk/report')
  return { 'report.html': buildReport({ results, runInfo }) }
}

/** The plot files of a run (what plotProducer adds), e.g. for a TUI export. */
export async function plotFiles(
  results: RunResults,
  onProblem?: (message: string) => void,
  formats: readonly PlotFormat[] = ['svg'],
): Promise<RunFiles> {
  return plotProducer(onProblem, formats)(results, {})
}

/** Run metadata for run.json: versions, platform, timings (not deterministic, so not in results.json). */
export function runInfoFor(outcome: RunOutcome, registry: Registry, extra: Record<string, unknown> = {}) {
  const plugins = Object.fromEntries(
    outcome.results.spec.stages.map((s) => {
      const r = registry.resolve(s.use)
      return [s.use, `${r.plugin.version} (${r.from})`]
    }),
  )
  return {
    passkVersion: pkg.version,
    plugins,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    finishedAt: new Date().toISOString(),
    timingsMs: outcome.timings,
    ...extra,
  }
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

/** Split "message. Hint: do this." into the message and the hint (undefined when it has none). */
export function splitHint(message: string): { text: string; hint?: string } {
  const j = message.search(/\s(?:Hint|hint): /)
  if (j < 0) return { text: message }
  return { text: message.slice(0, j).replace(/[;.,]$/, ''), hint: message.slice(j).replace(/^\s(?:Hint|hint): /, '') }
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

/**
 * Warnings for people: one line per (stage, code) — the count, the first few messages (shortened), the hint once —
 * instead of one line per warning (a checkpoint file gave hundreds). `verbose` lists every warning in full.
 */
export function warningLines(
  warnings: readonly RunWarning[],
  opts: { verbose?: boolean; examples?: number; width?: number } = {},
): string[] {
  if (opts.verbose) return warnings.map((w) => `  ${w.stage} ${w.code}: ${w.message}`)
  const groups = new Map<string, RunWarning[]>()
  for (const w of warnings) {
    const key = `${w.stage}\u0000${w.code}`
    const g = groups.get(key)
    if (g) g.push(w)
    else groups.set(key, [w])
  }
  const examples = opts.examples ?? 2,
    width = opts.width ?? 110
  return [...groups.values()].map((ws) => {
    const { stage, code } = ws[0]
    const parts = ws.map((w) => splitHint(w.message))
    const hint = parts.find((p) => p.hint)?.hint
    const shown = parts.slice(0, examples).map((p) => clip(p.text, width))
    const more = ws.length > examples ? ` (+${ws.length - examples} more)` : ''
    return `  ${String(ws.length).padStart(4)}× ${code} (${stage}): ${shown.join(' | ')}${more}${hint ? ` — hint: ${hint}` : ''}`
  })
}

/** The warnings block of a run's text output (grouped unless verbose). */
export function warningsBlock(warnings: readonly RunWarning[], io: CliIO, verbose = false): string {
  if (!warnings.length) return ''
  const c = colors(io, 'stdout')
  const codes = new Set(warnings.map((w) => `${w.stage} ${w.code}`)).size
  const head = verbose
    ? `Warnings (${warnings.length})`
    : `Warnings (${warnings.length}, ${codes} kind${codes === 1 ? '' : 's'}; --verbose lists each, results.json has all)`
  return `${c.bold(c.yellow(head))}\n${warningLines(warnings, { verbose }).join('\n')}`
}

/** Human summary of a run: fits, curves, warnings. */
export function summarize(results: RunResults, io: CliIO, verbose = false): string {
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
  if (results.warnings.length) parts.push(warningsBlock(results.warnings, io, verbose))
  return parts.join('\n\n') + '\n'
}

export async function runAndWrite(spec: ResolvedSpec, opts: RunAndWriteOptions, io: CliIO): Promise<RunAndWriteResult> {
  const outDir =
    opts.out === false ? undefined : path.resolve(io.cwd, opts.out ?? defaultRunDir('runs', spec.name ?? opts.label))
  if (outDir) {
    // refuse a directory passk may not write before spending the run's time (the write checks again)
    try {
      checkDirTarget(outDir, { canReplace: isOwnRunDir, force: opts.force ?? false })
    } catch (e) {
      io.stderr.write(formatError(e, opts.debug) + '\n')
      return { code: isPasskError(e) ? e.exitCode : 1 }
    }
  }
  const config = registryConfig(opts.registry)
  const notice = configNotice(config, io.cwd)
  if (notice) io.stderr.write(notice + '\n')
  const onEvent = createProgressPrinter(io, { quiet: opts.quiet ?? false, verbose: opts.verbose ?? false })
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
  const shown = opts.present ? await opts.present(outcome) : undefined
  const json = () => (shown?.json ? stableJson({ ...results, ...shown.json }) : resultsJson(results))
  if (outDir) {
    const runInfo = runInfoFor(outcome, opts.registry, {
      ...(config ? { config: { file: config.file ?? null, modules: config.modules } } : {}),
      ...opts.runInfo,
    })
    try {
      await writeRunDir(outDir, results, {
        runInfo,
        producers: [
          plotProducer((m) => io.stderr.write(`warning: ${m}\n`), opts.plots),
          ...(opts.report ? [reportProducer] : []),
          ...(shown?.files ? [() => shown.files ?? {}] : []),
        ],
        ...(opts.force ? { force: true } : {}),
      })
    } catch (e) {
      io.stderr.write(formatError(e, opts.debug) + '\n')
      if (opts.json) io.stdout.write(json())
      return { code: isPasskError(e) ? e.exitCode : 1, outcome }
    }
  }
  if (opts.json) io.stdout.write(json())
  else {
    io.stdout.write(shown?.text ?? summarize(results, io, opts.verbose ?? false))
    if (outDir)
      io.stdout.write(
        `\nWrote ${path.relative(io.cwd, outDir) || outDir}/ (spec.json, results.json, CSVs${shown?.files ? `, ${Object.keys(shown.files).join(', ')}` : ''}${results.curves.length ? ', plots/*.svg' : ''}${opts.report ? ', report.html' : ''})\n`,
      )
  }
  return { code: 0, outcome, ...(outDir ? { outDir } : {}) }
}
