/**
 * buildReport: one self-contained report.html for a run — the spec, the fits (parameters ± SE,
 * intervals, status), every curve as an inline SVG chart with its fits overlaid and its data in a
 * collapsible table, extra tables, warnings, versions and the seed. No network access is needed to
 * view it: CSS and SVG are inline, fonts are the system's, and the only script is a small inline
 * check that marks each chart `data-rendered="yes"` once the browser has laid it out (used by the
 * headless-Chromium test, harmless otherwise).
 */
import {
  checkRunResults,
  fitsForCurve,
  readRunDir,
  type CurveRecord,
  type FitRecord,
  type RunResults,
  type TableRecord,
} from '@passk/core'
import { renderCurveSvg, renderHeatmapSvg, tableHeatmap, withReferenceOverlays } from '@passk/plot'
import { esc, fmt, slug, table, valueHtml } from './internal/html.js'
import { CSS } from './internal/style.js'

export interface ReportInput {
  results: RunResults
  /** run.json: non-deterministic run metadata (versions, platform, timings). */
  runInfo?: Record<string, unknown>
}

export interface ReportOptions {
  /** Page title (default: the spec's name, or "passk run"). */
  title?: string
  /** Rows shown per curve data table before it is cut (the CSV in curves/ has all). Default 2000. */
  maxTableRows?: number
}

/**
 * Check a results document with the schema `passk run` writes with (@passk/core's runResultsSchema): results.json
 * is untrusted input. Throws PASSK_BAD_RESULTS naming the field.
 */
export function checkResults(r: unknown, where = 'results'): RunResults {
  return checkRunResults(r, where, 'report')
}

/** The run directory reader is @passk/core's (one reader and validator for the TUI, reports and tests). */
export { readRunDir }

/** Fits whose stage consumed the stage that produced `curve` and whose target names one of its series. */

function statusBadge(status: string): string {
  return `<span class="badge ${esc(slug(status))}">${esc(status)}</span>`
}

function fitSection(f: FitRecord, i: number, problems: string[]): string {
  const hasInterval = f.params.some((p) => p.lower !== undefined || p.upper !== undefined)
  const cols = ['parameter', 'value ± SE', ...(hasInterval ? ['interval'] : []), '']
  const rows = f.params.map((p) => [
    `<code>${esc(p.name)}</code>`,
    `${fmt(p.value)}${p.stdErr === null || p.stdErr === undefined ? (p.fixed ? '' : ' <span class="muted">± n/a</span>') : ` ± ${fmt(p.stdErr)}`}`,
    ...(hasInterval
      ? [p.lower !== undefined || p.upper !== undefined ? `[${fmt(p.lower)}, ${fmt(p.upper)}]` : '—']
      : []),
    p.fixed ? '<span class="muted">fixed</span>' : '',
  ])
  const g = f.goodness ?? ({} as FitRecord['goodness'])
  const good = [
    ['n', g.n],
    ['dof', g.dof],
    ['RSS', g.rss],
    ['R²', g.r2],
    ['log-lik', g.logLik],
    ['AIC', g.aic],
  ]
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${esc(k)} = ${fmt(v)}`)
    .join(' · ')
  const derived =
    f.derived && Object.keys(f.derived).length
      ? table(
          ['derived', 'value'],
          Object.entries(f.derived).map(([k, v]) => [`<code>${esc(k)}</code>`, fmt(v)]),
        )
      : ''
  let corr = ''
  if (Array.isArray(f.correlation) && f.correlation.length > 1 && f.correlation.length === f.params.length) {
    try {
      const names = f.params.map((p) => p.name)
      corr = `<figure data-chart="heatmap">${renderHeatmapSvg({ id: `fit${i}-corr`, title: 'Parameter correlation', xLabel: '', yLabel: '', x: [], y: [], xCategories: names, yCategories: names, z: f.correlation.flat().map((v) => (v === null ? NaN : v)), colorbar: { palette: 'diverging', domain: [-1, 1], label: 'correlation' }, width: 360, height: 300 })}</figure>`
    } catch (e) {
      problems.push(`fit ${f.model} (${f.stage}): correlation matrix not drawn: ${(e as Error).message}`)
    }
  }
  return `<div class="fit" id="fit-${i}"><h3>${esc(f.model)} <span class="muted">→ ${esc(f.target)}</span> ${statusBadge(f.status)}</h3>
<p class="muted">stage <code>${esc(f.stage)}</code> · ${esc(f.iterations ?? 0)} iterations${good ? ` · ${good}` : ''}</p>
${f.message ? `<p>${esc(f.message)}</p>` : ''}${table(cols, rows, 'params')}${derived}${corr}</div>`
}

function curveTable(c: CurveRecord, maxRows: number): string {
  const hasBand = c.series.some((s) => s.lower || s.upper),
    hasSe = c.series.some((s) => s.se)
  const cols = ['series', 'x', 'y', ...(hasSe ? ['SE'] : []), ...(hasBand ? ['lower', 'upper'] : [])]
  const rows: string[][] = []
  let total = 0
  for (const s of c.series)
    for (let j = 0; j < s.x.length; j++) {
      total++
      if (rows.length >= maxRows) continue
      rows.push([
        esc(s.label),
        fmt(s.x[j]),
        fmt(s.y[j]),
        ...(hasSe ? [fmt(s.se?.[j])] : []),
        ...(hasBand ? [fmt(s.lower?.[j]), fmt(s.upper?.[j])] : []),
      ])
    }
  const cut =
    total > rows.length
      ? `<p class="muted">Showing ${rows.length} of ${total} rows; all are in <code>curves/${esc(c.stage)}.${esc(c.id)}.csv</code>.</p>`
      : ''
  return `<details><summary>Data (${total} points)</summary>${table(cols, rows, 'data')}${cut}</details>`
}

/**
 * Tables a reader acts on, by id, in the order the Summary section shows them — open, above the charts: the
 * extrapolation's recommended prediction and its backtest (fitters/extrapolate, issue 14) and the scaling run's
 * saturation verdict, compute split and per-checkpoint exponents (issue 15). Every other table stays collapsed.
 */
export const KEY_TABLES: readonly string[] = [
  'extrapolation-recommended',
  'extrapolation-backtest',
  'saturation-verdict',
  'compute-split',
  'scaling-checkpoints',
]

function extraTable(t: TableRecord, maxRows: number, figure = '', open = false): string {
  const rows = t.rows.slice(0, maxRows).map((r) => r.map((v) => (typeof v === 'number' ? fmt(v) : esc(v ?? '—'))))
  const cut =
    t.rows.length > maxRows
      ? `<p class="muted">Showing ${maxRows} of ${t.rows.length} rows; all are in <code>tables/${esc(t.stage)}.${esc(t.id)}.csv</code>.</p>`
      : ''
  return `<div class="table-block" data-table="${esc(`${t.stage}.${t.id}`)}"><h3>${esc(t.title)} <span class="muted">(${esc(t.stage)})</span></h3>${figure}<details${open ? ' open' : ''}><summary>${t.rows.length} rows</summary>${table(t.columns, rows)}${cut}</details></div>`
}

/** A table that @passk/plot draws as a heat map (HEATMAP_TABLES: surfaces and matrices), as a figure; '' otherwise. */
function surfaceFigure(t: TableRecord, i: number, results: RunResults, problems: string[]): string {
  const h = tableHeatmap(t, { id: `surface${i}`, curves: results.curves.filter((c) => c.stage === t.stage) })
  if (!h) return ''
  if ('problem' in h) {
    problems.push(`table ${t.stage}.${t.id}: ${h.problem}`)
    return ''
  }
  return `<figure data-chart="heatmap" data-table="${esc(`${t.stage}.${t.id}`)}">${h.svg}<figcaption>${esc(h.caption)}</figcaption></figure>`
}

/** Marks each chart figure data-rendered="yes" when its SVG has a non-empty layout box and drawn marks. */
const CHECK_SCRIPT = `(function () {
  function drawn(svg) {
    if (!svg || !svg.getBBox) return false;
    var b = svg.getBBox(), r = svg.getBoundingClientRect();
    if (!(b.width > 0 && b.height > 0 && r.width > 0 && r.height > 0)) return false;
    var marks = svg.querySelectorAll('.series path, .series circle, .series rect, .series polygon, .cells rect, text.empty');
    for (var i = 0; i < marks.length; i++) { var m = marks[i].getBBox(); if (m.width > 0 || m.height > 0) return true; }
    return false;
  }
  var figs = document.querySelectorAll('figure[data-chart]'), ok = 0;
  for (var i = 0; i < figs.length; i++) { var d = drawn(figs[i].querySelector('svg')); figs[i].setAttribute('data-rendered', d ? 'yes' : 'no'); if (d) ok++; }
  document.body.setAttribute('data-charts', String(figs.length));
  document.body.setAttribute('data-rendered', String(ok));
})();`

function metaList(entries: [string, string][]): string {
  return `<dl class="meta">${entries.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`
}

export function buildReport(input: string | ReportInput, opts: ReportOptions = {}): string {
  const { results, runInfo = {} } =
    typeof input === 'string'
      ? readRunDir(input, { purpose: 'build a report', reader: 'report' })
      : { ...input, results: checkResults(input.results) }
  const maxRows = opts.maxTableRows ?? 2000
  const spec = results.spec
  const title = opts.title ?? spec.name ?? 'passk run'
  const problems: string[] = []

  // Charts: every curve, with the fits that were made from it.
  const charts = results.curves.map((c, i) => {
    const fits = fitsForCurve(results, c)
    let svg: string
    try {
      svg = renderCurveSvg(withReferenceOverlays(c, results.curves), { fits, idPrefix: `chart${i}` })
    } catch (e) {
      problems.push(`curve ${c.stage}.${c.id}: chart not drawn: ${(e as Error).message}`)
      return `<section id="curve-${i}"><h3>${esc(c.title || c.id)}</h3><p class="error">This chart could not be drawn: ${esc((e as Error).message)}</p>${curveTable(c, maxRows)}</section>`
    }
    const overlay = fits.length
      ? ` Fits overlaid: ${fits.map((f) => `${esc(f.model)} → ${esc(f.target)}`).join(', ')}.`
      : ''
    return `<section id="curve-${i}"><h3>${esc(c.title || c.id)}</h3><figure data-chart="curve" data-curve="${esc(`${c.stage}.${c.id}`)}">${svg}<figcaption>Curve <code>${esc(c.id)}</code> from stage <code>${esc(c.stage)}</code>: ${c.series.length} series.${overlay}</figcaption></figure>${curveTable(c, maxRows)}</section>`
  })
  const fitsHtml = results.fits.map((f, i) => fitSection(f, i, problems))
  const keyRank = (t: TableRecord) => KEY_TABLES.indexOf(t.id)
  const keyHtml = results.tables
    .filter((t) => keyRank(t) >= 0)
    .sort((a, b) => keyRank(a) - keyRank(b))
    .map((t) => extraTable(t, maxRows, '', true))
  const tablesHtml = results.tables.flatMap((t, i) =>
    keyRank(t) >= 0 ? [] : [extraTable(t, maxRows, surfaceFigure(t, i, results, problems))],
  )
  const warnings = [
    ...results.warnings.map(
      (w) => `<li><code>${esc(w.code)}</code> <span class="muted">(${esc(w.stage)})</span> ${esc(w.message)}</li>`,
    ),
    ...problems.map((p) => `<li><code>REPORT</code> ${esc(p)}</li>`),
  ]

  const stageRows = spec.stages.map((s, i) => [
    String(i + 1),
    `<code>${esc(s.id)}</code>`,
    `<code>${esc(s.use)}</code>`,
    s.input ? `<code>${esc(s.input)}</code>` : i ? '<span class="muted">previous</span>' : '—',
    valueHtml(s.options),
  ])
  const info = Object.entries(runInfo)
    .filter(([k]) => k !== 'timingsMs')
    .map(([k, v]) => [k, typeof v === 'object' ? valueHtml(v) : esc(v)] as [string, string])
  const timings =
    runInfo.timingsMs && typeof runInfo.timingsMs === 'object'
      ? Object.entries(runInfo.timingsMs as Record<string, unknown>)
      : []

  const body = `<main>
<header><h1>${esc(title)}</h1>${spec.description ? `<p>${esc(spec.description)}</p>` : ''}
${metaList([['seed', `<code>${esc(results.seed)}</code>`], ['stages', String(spec.stages.length)], ['curves', String(results.curves.length)], ['fits', String(results.fits.length)], ['warnings', String(warnings.length)], ...info])}</header>
${keyHtml.length ? `<section id="summary"><h2>Summary</h2>${keyHtml.join('\n')}</section>` : ''}
<section id="warnings"><h2>Warnings</h2>${warnings.length ? `<ul class="warnings">${warnings.join('')}</ul>` : '<p class="muted">None.</p>'}</section>
<section id="curves"><h2>Curves</h2>${charts.length ? charts.join('\n') : '<p class="muted">This run produced no curves.</p>'}</section>
<section id="fits"><h2>Fits</h2>${fitsHtml.length ? fitsHtml.join('\n') : '<p class="muted">This run produced no fits.</p>'}</section>
${tablesHtml.length ? `<section id="tables"><h2>Tables</h2>${tablesHtml.join('\n')}</section>` : ''}
<section id="spec"><h2>Pipeline</h2>${table(['#', 'stage', 'plugin', 'input', 'options'], stageRows)}
<details><summary>Resolved spec (spec.json)</summary><pre>${esc(JSON.stringify(spec, null, 2))}</pre></details>
${
  timings.length
    ? `<details><summary>Timings</summary>${table(
        ['stage', 'ms'],
        timings.map(([k, v]) => [`<code>${esc(k)}</code>`, fmt(v)]),
      )}</details>`
    : ''
}</section>
<footer><p class="muted">Written by passk-lab (@passk/report). Results are reproducible from the spec and seed above: <code>passk run spec.json</code>.</p></footer>
</main>`
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="passk-lab @passk/report"><title>${esc(title)} — passk report</title>
<style>${CSS}</style></head>
<body>
${body}
<script>${CHECK_SCRIPT}</script>
</body></html>
`
}
