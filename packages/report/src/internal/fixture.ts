/**
 * A small real run for the report tests: a test source emits a pass@k-like curve (two series, one
 * with a band), a fitter fits a power law to series "A" in closed form (log-log least squares), and
 * both go through @passk/core's real runner (runPlugins), so results have the exact runner shape.
 */
import { defineFitter, defineSource, z, type Curve, type Fit, type RunResults } from '@passk/core'
import { runPlugins } from '@passk/core/testing'

export const K = [1, 2, 4, 8, 16, 32, 64]

export const curveSource = defineSource({
  name: 'demo-curve',
  version: '0.0.0',
  summary: 'A fixed failure curve y = 0.5·k^-0.5 (A) and 0.2·k^-0.3 (B)',
  options: z.object({}).strict(),
  produces: 'Curve',
  run(_input, _o, ctx): Curve {
    ctx.warn('DEMO_WARNING', 'A <warning> & its "quotes" are escaped.')
    ctx.table({
      id: 'per-problem',
      title: 'Per-problem flags',
      columns: ['problem', 'c'],
      rows: [
        ['p1', 3],
        ['p2', null],
      ],
    })
    const a = K.map((k) => 0.5 * k ** -0.5),
      b = K.map((k) => 0.2 * k ** -0.3)
    return {
      kind: 'Curve',
      id: 'passk',
      title: 'Failure rate vs k',
      xLabel: 'k',
      yLabel: '1 − pass@k',
      xScale: 'log',
      yScale: 'log',
      quantity: 'failure',
      series: [
        { label: 'A', x: K, y: a },
        { label: 'B', x: K, y: b, lower: b.map((v) => v * 0.9), upper: b.map((v) => v * 1.1) },
      ],
    }
  },
})

/** OLS of log y on log x for series A: exact power law, so A = 0.5 and β = 0.5 (stdErr 0: exact fit). */
export const powerFit = defineFitter({
  name: 'demo-power',
  version: '0.0.0',
  summary: 'log-log least squares',
  accepts: 'Curve',
  produces: 'Fit',
  options: z.object({}).strict(),
  run(c: Curve): Fit {
    const s = c.series[0]
    const lx = s.x.map(Math.log),
      ly = s.y.map(Math.log),
      n = lx.length
    const mx = lx.reduce((a, b) => a + b, 0) / n,
      my = ly.reduce((a, b) => a + b, 0) / n
    let sxy = 0,
      sxx = 0
    for (let i = 0; i < n; i++) {
      sxy += (lx[i] - mx) * (ly[i] - my)
      sxx += (lx[i] - mx) ** 2
    }
    const beta = -sxy / sxx,
      A = Math.exp(my + beta * mx)
    return {
      kind: 'Fit',
      fits: [
        {
          model: 'power-law',
          target: s.label,
          status: 'converged',
          iterations: 1,
          params: [
            { name: 'A', value: A, stdErr: 0.01, lower: A - 0.02, upper: A + 0.02 },
            { name: 'beta', value: beta, stdErr: null },
          ],
          goodness: { n, dof: n - 2, rss: 0, r2: 1 },
          correlation: [
            [1, -0.6],
            [-0.6, 1],
          ],
          derived: { kAt1pct: (A / 0.01) ** (1 / beta) },
          curve: { x: [1, 128], y: [A, A * 128 ** -beta] },
        },
      ],
    }
  },
})

export async function demoResults() {
  const o = await runPlugins(
    [
      { plugin: curveSource, id: 'src' },
      { plugin: powerFit, id: 'fit' },
    ],
    7,
  )
  return o.results
}

/**
 * Adds an L_tot(N, C)-style surface table and its allocation curve (the shapes fitters/compute-allocation
 * publishes): L = 1/N + N/C for N log-spaced on [1, C/2], minimised at N* = √C.
 */
export function addSurface(results: RunResults): RunResults {
  const budgets = [1e2, 1e3, 1e4]
  const rows: (number | null)[][] = []
  for (const C of budgets)
    for (let j = 0; j < 8; j++) {
      const N = (C / 2) ** (j / 7),
        L = 1 / N + N / C
      rows.push([C, N, C - N, L, Math.log10(L)])
    }
  results.tables.push({
    stage: 'src',
    id: 'ltot-surface',
    title: 'L_tot(N, C)',
    columns: ['C', 'N', 'k', 'L_tot', 'log10_L_tot'],
    rows,
  })
  results.curves.push({
    stage: 'src',
    id: 'compute-allocation',
    title: 'N*(C)',
    xLabel: 'C',
    yLabel: 'N*',
    xScale: 'log',
    yScale: 'log',
    series: [{ label: 'grid optimum', x: budgets, y: budgets.map(Math.sqrt) }],
  })
  return results
}
