/**
 * fitters/extrapolate: TrialOutcomes → Fit. pass@k at 10× and 100× the attempts every problem has, for every
 * model with a problem-bootstrap interval, a thinning backtest, and one recommended prediction per group; the
 * statistics are @passk/fitters' extrapolatePassAtK (see its header for the method and the choice of the
 * recommendation). Publishes the tables extrapolation-recommended, extrapolation-backtest, extrapolation-models and
 * the structured reports in meta.reports (extrapolationSummary turns them into rows for a CLI or report).
 */
import { z, defineFitter, type FitResult, type PluginContext, type TrialOutcomes } from '@passk/core'
import {
  EXTRAPOLATION_MODELS,
  extrapolatePassAtK,
  extrapolationTables,
  type ExtrapolationReport,
} from './extrapolate.js'
import pkg from '../package.json' with { type: 'json' }
import { selectGroups } from './internal/outcome-options.js'

const ID = 'fitters/extrapolate'

function groupFits(r: ExtrapolationReport): FitResult[] {
  return r.predictions.map((p) => {
    const derived: Record<string, number> = {}
    for (const q of p.points) {
      if (Number.isFinite(q.value)) derived[`passAt${q.k}`] = q.value
      if (Number.isFinite(q.lower)) derived[`passAt${q.k}_lower`] = q.lower
      if (Number.isFinite(q.upper)) derived[`passAt${q.k}_upper`] = q.upper
    }
    for (const b of r.backtest)
      if (b.model === p.model) {
        if (Number.isFinite(b.rmse)) derived[`backtestRmse_${b.ratio}x`] = b.rmse
        if (Number.isFinite(b.coverage)) derived[`backtestCoverage_${b.ratio}x`] = b.coverage
      }
    derived.bootstrapFailures = p.bootstrapFailures
    const fit: FitResult = {
      model: `extrapolate/${p.model}`,
      target: r.label,
      params: p.params.map((q) => ({ name: q.name, value: q.value, stdErr: q.stdErr })),
      status: p.status,
      message: p.message,
      iterations: 0,
      goodness: { n: r.problems, dof: r.problems - p.params.length },
      derived,
      quantity: 'pass',
    }
    const ok = p.curve.y.every(Number.isFinite)
    if (ok) {
      fit.curve = { x: p.curve.x, y: p.curve.y }
      if (p.curve.lower.every(Number.isFinite) && p.curve.upper.every(Number.isFinite)) {
        fit.curve.lower = p.curve.lower
        fit.curve.upper = p.curve.upper
      }
    }
    return fit
  })
}

export const extrapolate = defineFitter({
  name: 'extrapolate',
  version: pkg.version,
  summary:
    'pass@k at 10× and 100× the observed attempts: every model with bootstrap intervals, a thinning backtest, one recommended prediction',
  description:
    'Fits beta-binomial, zero-inflated beta-binomial and a power law on −log pass@k to each group, gives every prediction a problem-bootstrap interval, backtests each model by thinning the attempts (hypergeometric) and predicting the full-data pass@K, and recommends one model (beta-binomial vs zero-inflated by a likelihood-ratio test, that winner vs the power law by the backtest), its interval spanning the models the backtest cannot rule out, widened by the backtest error. Says plainly when the data do not support the extrapolation.',
  refs: [
    'Kazdan et al. 2025 (beta-binomial estimation of pass@k scaling)',
    'Verine et al. 2026 (empirical-Bayes posterior predictive, zero inflation)',
    'Schaeffer et al. 2025 (power law on −log pass@k; Kumaraswamy)',
    'Chen et al. 2021 Eq. 1 (unbiased pass@k)',
    'Levi 2024 Eq. 5–7',
  ],
  accepts: 'TrialOutcomes',
  produces: 'Fit',
  options: z
    .object({
      models: z
        .array(z.enum(EXTRAPOLATION_MODELS))
        .min(1)
        .default([...EXTRAPOLATION_MODELS])
        .describe('Models to fit, backtest and choose from'),
      ratios: z
        .array(z.number().min(1.5).max(1e6))
        .min(1)
        .default([10, 100])
        .describe('Extrapolation ratios r: predict pass@(r·K), K = the smallest n; backtest from n/r attempts'),
      bootstrap: z
        .number()
        .int()
        .min(0)
        .max(100000)
        .default(200)
        .describe('Problem-bootstrap resamples for every prediction interval (0 = no intervals)'),
      backtestBootstrap: z
        .number()
        .int()
        .min(0)
        .max(100000)
        .optional()
        .describe(
          "Resamples of the bootstrap run on each thinned replicate, for the backtest's coverage column only (default: min(bootstrap, 50); ratios × replicates × models bootstraps, so most of the run time)",
        ),
      replicates: z.number().int().min(1).max(1000).default(5).describe('Seeded thinning replicates per ratio'),
      group: z.string().optional().describe('Label of the one group to fit; all groups when omitted'),
      maxIterations: z.number().int().min(1).max(100000).default(200).describe('Iteration limit of each fit'),
      gridPoints: z.number().int().min(2).max(10000).default(60).describe('Points of each fitted curve'),
    })
    .strict(),
  run(t: TrialOutcomes, o, ctx: PluginContext) {
    const groups = selectGroups(t, o.group, ID)
    const reports = groups.map((g) =>
      extrapolatePassAtK(g.n, g.c, g.label, {
        models: o.models,
        ratios: o.ratios,
        bootstrap: o.bootstrap,
        // The backtest's coverage column needs far fewer resamples than the reported intervals: it is a fraction over
        // `replicates` thinned copies. 50 keeps `passk fit` on a 164-problem log near 1 s (issue 17 target 1).
        backtestBootstrap: o.backtestBootstrap ?? Math.min(o.bootstrap, 50),
        replicates: o.replicates,
        maxIterations: o.maxIterations,
        gridPoints: o.gridPoints,
        rng: ctx.rng.split(`extrapolate:${g.label}`),
        progress: (d, tot) => ctx.progress({ done: d, total: tot, label: `extrapolate ${g.label}` }),
        checkAbort: () => ctx.throwIfAborted(),
      }),
    )
    for (const r of reports) {
      for (const p of r.predictions)
        if (p.status === 'unidentified' || p.status === 'failed' || p.status === 'non-finite')
          ctx.warn('FIT_NOT_CONVERGED', `${ID}: group "${r.label}": ${p.model}: status ${p.status}: ${p.message}`)
      for (const x of r.recommended)
        if (!x.supported) ctx.warn('PASSK_EXTRAPOLATION_UNSUPPORTED', `${ID}: group "${r.label}": ${x.statement}`)
    }
    for (const tb of extrapolationTables(reports)) ctx.table(tb)
    return {
      kind: 'Fit' as const,
      fits: reports.flatMap((r) => groupFits(r)),
      meta: { model: 'extrapolate', reports: JSON.parse(JSON.stringify(reports)) as unknown },
    }
  },
})
