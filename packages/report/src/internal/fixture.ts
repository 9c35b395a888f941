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

/**
 * A scaling run's shapes (issue 15: fitters/scaling-exponents → beta-eff-saturation (verdict) → compute-split) and
 * fitters/extrapolate's tables (issue 14), through the real runner: the exponent-vs-tokens curve with intervals,
 * a saturating fit and a refused one, the tables saturation-verdict, compute-split, scaling-checkpoints,
 * extrapolation-recommended / -backtest, and a split-surface-<family> heat-map table with iso-compute lines.
 */
const TOKENS = [1e9, 3e9, 1e10, 3e10, 1e11, 3e11]
const satLaw = (D: number) => 0.9 - 0.5 / (1 + (D / 5e9) ** 1.5)

export const exponentsSource = defineSource({
  name: 'demo-exponents',
  version: '0.0.0',
  summary: 'Exponent against tokens for two families',
  options: z.object({}).strict(),
  produces: 'Curve',
  run(_input, _o, ctx): Curve {
    ctx.table({
      id: 'scaling-checkpoints',
      title: 'Tail exponent per checkpoint',
      columns: ['family', 'group', 'tokens', 'a', 'a_lower', 'a_upper', 'status', 'reason'],
      rows: [
        ['params=1B', 'm_1B_2M', 2e6, null, null, null, 'unidentified', 'only 0 problem(s) solved at least once'],
        ...TOKENS.map((D) => [
          'params=1B',
          `m_1B_${D}`,
          D,
          satLaw(D),
          satLaw(D) - 0.05,
          satLaw(D) + 0.05,
          'identified',
          null,
        ]),
      ],
    })
    return {
      kind: 'Curve',
      id: 'scaling-exponents',
      title: 'Tail exponent against training',
      xLabel: 'tokens',
      yLabel: 'β_eff',
      xScale: 'log',
      yScale: 'linear',
      quantity: 'exponent',
      series: [
        {
          label: 'params=1B',
          x: TOKENS,
          y: TOKENS.map(satLaw),
          lower: TOKENS.map((D) => satLaw(D) - 0.05),
          upper: TOKENS.map((D) => satLaw(D) + 0.05),
          se: TOKENS.map(() => 0.025),
        },
        { label: 'params=70M', x: TOKENS, y: TOKENS.map(() => 0.3), se: TOKENS.map(() => 0.02) },
      ],
    }
  },
})

export const saturationFit = defineFitter({
  name: 'demo-saturation',
  version: '0.0.0',
  summary: 'Saturation verdicts',
  accepts: 'Curve',
  produces: 'Fit',
  options: z.object({}).strict(),
  run(_c: Curve, _o, ctx): Fit {
    ctx.table({
      id: 'saturation-verdict',
      title: 'Does β_eff(N) saturate?',
      columns: ['series', 'verdict', 'points', 'reason'],
      rows: [
        ['params=1B', 'saturation', 6, 'slope 0.2 ± 0.03 per decade; saturating law preferred by AIC'],
        ['params=70M', 'plateau', 6, 'flat'],
      ],
    })
    const gx = [1e9, 3e9, 1e10, 3e10, 1e11, 3e11]
    return {
      kind: 'Fit',
      fits: [
        {
          model: 'beta-eff-saturation',
          target: 'params=1B',
          status: 'converged',
          iterations: 12,
          params: [
            { name: 'beta', value: 0.9, stdErr: 0.03, lower: 0.85, upper: 0.96 },
            { name: 'Delta', value: 0.5, stdErr: 0.04, lower: 0.43, upper: 0.58 },
            { name: 'Nhalf', value: 5e9, stdErr: 1e9, lower: 3.2e9, upper: 7.4e9 },
            { name: 'nu', value: 1.5, stdErr: 0.4, lower: 0.9, upper: 2.6 },
          ],
          goodness: { n: 6, dof: 2 },
          curve: { x: gx, y: gx.map(satLaw) },
        },
        {
          model: 'beta-eff-saturation',
          target: 'params=70M',
          status: 'unidentified',
          message: 'plateau: flat',
          iterations: 0,
          params: ['beta', 'Delta', 'Nhalf', 'nu'].map((name) => ({ name, value: NaN, stdErr: null })),
          goodness: { n: 6, dof: 0 },
        },
        {
          model: 'beta-eff-constant',
          target: 'params=70M',
          status: 'converged',
          iterations: 0,
          params: [{ name: 'beta', value: 0.3, stdErr: 0.01 }],
          goodness: { n: 6, dof: 5 },
        },
      ],
    }
  },
})

export const splitFit = defineFitter({
  name: 'demo-split',
  version: '0.0.0',
  summary: 'Compute split',
  accepts: 'Fit',
  produces: 'Curve',
  options: z.object({}).strict(),
  run(_f: Fit, _o, ctx): Curve {
    ctx.table({
      id: 'compute-split',
      title: 'Train more or sample more?',
      columns: ['family', 'law', 'delta_pass_training', 'training_lower', 'training_upper', 'delta_pass_attempts'],
      rows: [['params=1B', 'saturation', 0.01, 0, 0.2, 0.5]],
    })
    // pass@k = 1 − (1 + k)^(−β(D)) on a 6 × 8 grid; iso-compute D + 1e6·k = C; the optimum.
    const rows: (string | number | null)[][] = []
    const ks = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7]
    for (const D of TOKENS) for (const k of ks) rows.push([D, k, 1 - (1 + k) ** -satLaw(D), 'surface'])
    for (const D of TOKENS) if (D < 1e12) rows.push([D, (1e12 - D) / 1e6, null, 'iso-compute C = 10×C₀'])
    rows.push([3e11, 100, 1 - 101 ** -satLaw(3e11), 'reference point (D₀, k₀)'])
    rows.push([1e9, 999000, 1 - 999001 ** -satLaw(1e9), 'optimum (D*, k*) at 10×C₀ (Eq. 24)'])
    ctx.table({ id: 'split-surface-params-1b', title: 'pass@k(D, k)', columns: ['D', 'k', 'pass@k', 'role'], rows })
    const r = [1e-6, 1e-3, 1, 10, 100]
    return {
      kind: 'Curve',
      id: 'compute-split',
      title: 'pass@k against compute',
      xLabel: 'ΔC/C₀',
      yLabel: 'pass@k',
      xScale: 'log',
      yScale: 'linear',
      quantity: 'pass',
      series: [
        { label: 'params=1B · training', x: r, y: r.map(() => 0.5), style: 'fit' },
        {
          label: 'params=1B · attempts',
          x: r,
          y: r.map((v) => 0.5 + 0.04 * Math.log10(1 + v * 1e6)),
          style: 'reference',
        },
        { label: 'params=1B · optimum at 10× (D*, k*)', x: [9], y: [0.9], style: 'data' },
      ],
    }
  },
})

export const extrapolateFit = defineFitter({
  name: 'demo-extrapolate',
  version: '0.0.0',
  summary: 'Extrapolation tables (fitters/extrapolate shapes)',
  accepts: 'Curve',
  produces: 'Fit',
  options: z.object({}).strict(),
  run(_c: Curve, _o, ctx): Fit {
    ctx.table({
      id: 'extrapolation-recommended',
      title: 'Recommended pass@k prediction per series',
      columns: ['series', 'k', 'ratio', 'model', 'pass@k', 'lower', 'upper', 'backtest_rmse', 'supported', 'note'],
      rows: [['all', 1000, 10, 'beta-binomial', 0.62, 0.58, 0.66, 0.012, 'yes', 'pass@1000 = 0.62 [0.58, 0.66]']],
    })
    ctx.table({
      id: 'extrapolation-backtest',
      title: 'Backtest: thin to n/ratio attempts',
      columns: [
        'series',
        'model',
        'ratio',
        'k_from',
        'k_to',
        'target',
        'mean_abs_error',
        'rmse',
        'coverage',
        'replicates',
      ],
      rows: [
        ['all', 'beta-binomial', 10, 10, 100, 0.5, 0.01, 0.012, 0.95, 20],
        ['all', 'power-law', 10, 10, 100, 0.5, 0.03, 0.04, 0.7, 20],
      ],
    })
    return { kind: 'Fit', fits: [] }
  },
})

export async function scalingResults() {
  const o = await runPlugins(
    [
      { plugin: exponentsSource, id: 'exponents' },
      { plugin: saturationFit, id: 'saturation' },
      { plugin: splitFit, id: 'split' },
      { plugin: extrapolateFit, id: 'extrapolate' },
    ],
    3,
  )
  return o.results
}
