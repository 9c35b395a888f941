/**
 * Regenerates the README's multi-panel figures from the examples (issue 18):
 *   docs/lid-fig1.png   LID Fig. 1 from examples/lid-fig1.json: L_gen(N) | L_inf(k; N) with the C₁k^−β
 *                       asymptote dashed | β_eff(N) with the saturating fit, β and N = d reference lines.
 *   docs/levi-fig1.png  Levi 2024 Fig. 1 from examples/quickstart.json and examples/levi-beta.json (k-eff
 *                       added as a second fitter): pass@k with the Eq. 6 (Beta) and Eq. 10 (k_eff) fits per
 *                       model, and the failure curve 1 − pass@k on log-log axes.
 * Each spec is run with the `passk` CLI into a temporary directory; the SVGs are written next to the PNGs.
 * Usage: node --conditions=@passk/source --import tsx tools/figures/make-figures.ts [OUT_DIR (default docs)]
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { fitsForCurve, type CurveRecord, type RunResults } from '@passk/core'
import { renderFigureSvg, svgToPng, type FigurePanel, type PlotCurve, type PlotFit } from '@passk/plot'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'docs'))
const work = mkdtempSync(path.join(tmpdir(), 'passk-figures-'))

/** Run a spec (optionally with extra stages) with the CLI and return its results.json. */
function runSpec(name: string, extraStages: unknown[] = []): RunResults {
  const spec = JSON.parse(readFileSync(path.join(root, 'examples', `${name}.json`), 'utf8')) as {
    stages: unknown[]
  }
  spec.stages.push(...extraStages)
  const specFile = path.join(work, `${name}.json`)
  writeFileSync(specFile, JSON.stringify(spec))
  const out = path.join(work, `${name}-run`)
  process.stderr.write(`running ${name} …\n`)
  execFileSync(process.execPath, [path.join(root, 'apps/tui/bin/passk.js'), 'run', specFile, '--out', out, '--quiet'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  return JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as RunResults
}

function curveOf(r: RunResults, stage: string): CurveRecord {
  const c = r.curves.find((x) => x.stage === stage)
  if (!c) throw new Error(`no curve from stage ${stage}`)
  return c
}

function writeFigure(name: string, svg: string): void {
  const png = svgToPng(svg, { width: Math.min(2400, 2 * Number(/width="(\d+)"/.exec(svg)?.[1] ?? 1200)) })
  for (const [file, data] of [
    [`${name}.svg`, svg],
    [`${name}.png`, png],
  ] as const) {
    const dst = path.join(outDir, file),
      tmp = `${dst}.tmp-${process.pid}`
    writeFileSync(tmp, data)
    renameSync(tmp, dst)
  }
  process.stderr.write(`wrote ${path.relative(root, path.join(outDir, name))}.{svg,png}\n`)
}

// ---- LID Fig. 1 ---------------------------------------------------------------------------------
function lidFig1(): void {
  const r = runSpec('lid-fig1')
  const d = Number((r.curves.find((c) => c.stage === 'gen-loss')?.meta as { d?: number } | undefined)?.d ?? 512)
  const gen = curveOf(r, 'gen-loss')
  const linf = curveOf(r, 'passk-target')
  const asym = curveOf(r, 'asymptote')
  const beff = curveOf(r, 'local-slope')
  const beta = Number((asym.meta as { beta?: number } | undefined)?.beta ?? 3)
  const panels: FigurePanel[] = [
    {
      curve: { ...gen, title: 'Generalisation error', yLabel: 'L_gen(N)', xLabel: 'N (training samples)' },
      options: { refLines: [{ axis: 'x', value: d, label: `N = d = ${d}` }] },
    },
    {
      curve: {
        ...linf,
        title: 'Pass@k failure L_inf(k; N)',
        yLabel: 'L_inf(k; N)',
        xLabel: 'k (attempts)',
        // the bias-free asymptote C₁k^−β as a dashed overlay, as in LID Fig. 1 (centre)
        series: [
          ...linf.series,
          ...asym.series.map((s) => ({ ...s, label: `C_1 k^{−β} (β = ${beta})`, style: 'reference' as const })),
        ],
      },
      options: { colorBy: 'N' },
    },
    {
      curve: { ...beff, title: 'Effective inference exponent', yLabel: 'beta_eff(N)', xLabel: 'N (training samples)' },
      options: {
        fits: fitsForCurve(r, beff),
        refLines: [
          { axis: 'y', value: beta, label: `β = ${beta}` },
          { axis: 'x', value: d, label: 'N = d' },
        ],
      },
    },
  ]
  writeFigure('lid-fig1', renderFigureSvg(panels, { panelWidth: 560, panelHeight: 400, idPrefix: 'lid' }))
}

// ---- Levi 2024 Fig. 1 ---------------------------------------------------------------------------
function leviFig1(): void {
  const models = [
    { spec: 'quickstart', label: 'Beta(5, 0.35), A = 0.9, 500 problems' },
    { spec: 'levi-beta', label: 'Beta(3, 0.35), A = 0.9, 50k problems' },
  ]
  const series: PlotCurve['series'][number][] = []
  const fits: PlotFit[] = []
  for (const m of models) {
    const r = runSpec(m.spec, [{ id: 'k-eff', use: 'fitters/k-eff', input: 'passk', options: {} }])
    const c = curveOf(r, 'passk')
    const s = c.series[0]
    series.push({ ...s, label: m.label })
    for (const f of fitsForCurve(r, c))
      if (f.curve)
        fits.push({
          model: f.model === 'beta-passk' ? 'Beta, Eq. 6' : f.model === 'k-eff' ? 'k_eff, Eq. 10' : f.model,
          target: m.label,
          curve: f.curve,
        })
  }
  const pass: PlotCurve = {
    id: 'passk',
    title: 'pass@k with the Beta and k_eff fits',
    xLabel: 'k (attempts)',
    yLabel: 'pass@k',
    xScale: 'log',
    yScale: 'linear',
    series,
  }
  const oneMinus = (a: ArrayLike<number>) => Array.from(a, (v) => 1 - v)
  const fail: PlotCurve = {
    ...pass,
    id: 'failure',
    title: 'Failure 1 − pass@k (log-log)',
    yLabel: '1 − pass@k',
    yScale: 'log',
    series: series.map((s) => ({
      label: s.label,
      x: s.x,
      y: oneMinus(s.y),
      ...(s.lower && s.upper ? { lower: oneMinus(s.upper), upper: oneMinus(s.lower) } : {}),
    })),
  }
  const failFits = fits.map((f) => ({ ...f, curve: { x: f.curve!.x, y: oneMinus(f.curve!.y) } }))
  writeFigure(
    'levi-fig1',
    renderFigureSvg(
      [
        { curve: pass, options: { fits } },
        { curve: fail, options: { fits: failFits } },
      ],
      { panelWidth: 620, panelHeight: 420, idPrefix: 'levi' },
    ),
  )
}

try {
  lidFig1()
  leviFig1()
} finally {
  rmSync(work, { recursive: true, force: true })
}
