/**
 * evaluators/failure — Curve of pass rates → Curve of failure rates 1 − y on log-log axes.
 * A power law in k shows up in the failure rate, 1 − pass@k ≈ A·k^(−β) (Levi 2024 Eq. 7; LID Eq. 15),
 * which is a straight line only on log-log axes. So power-law fits and their plots go on this curve.
 * Intervals flip with the values: lower′ = 1 − upper and upper′ = 1 − lower. Standard errors stay the same.
 */
import { PasskError, defineEvaluator, z, type Curve, type PluginContext, type Series } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }

export const failureOptions = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/)
      .optional()
      .describe('Id of the output curve (file names); default "<input id>-failure"'),
  })
  .strict()

const ID = 'evaluators/failure'

function flipSeries(curve: Curve, s: Series): Series {
  const out: Series = { label: s.label, x: s.x.slice(), y: s.y.map((v) => 1 - v) }
  for (let i = 0; i < s.y.length; i++) {
    const v = s.y[i]
    // NaN passes through as a missing point (fitters drop it with a warning); anything else must be a rate.
    if (!Number.isNaN(v) && !(v >= 0 && v <= 1)) {
      throw new PasskError(
        'PASSK_BAD_VALUE',
        `${ID}: curve "${curve.id}", series "${s.label}", point ${i} (x = ${s.x[i]}): y = ${v} is not a pass rate in [0, 1].`,
        'evaluators/failure expects pass rates (e.g. from evaluators/passk-unbiased); apply it to a curve of quantity "pass".',
      )
    }
  }
  if (s.lower && s.upper) {
    out.lower = s.upper.map((v) => 1 - v)
    out.upper = s.lower.map((v) => 1 - v)
  } else if (s.lower) out.upper = s.lower.map((v) => 1 - v)
  else if (s.upper) out.lower = s.upper.map((v) => 1 - v)
  if (s.se) out.se = s.se.slice()
  if (s.attrs) out.attrs = { ...s.attrs }
  if (s.style) out.style = s.style
  return out
}

function run(curve: Curve, o: z.output<typeof failureOptions>, ctx: PluginContext): Curve {
  if (curve.quantity !== undefined && curve.quantity !== 'pass') {
    throw new PasskError(
      'PASSK_BAD_QUANTITY',
      `${ID}: curve "${curve.id}" measures "${curve.quantity}", not pass rates.`,
      'Apply evaluators/failure to a pass@k curve (quantity "pass"), e.g. the output of evaluators/passk-unbiased.',
    )
  }
  if (curve.quantity === undefined)
    ctx.warn(
      'FAILURE_QUANTITY_UNKNOWN',
      `${ID}: curve "${curve.id}" does not say what it measures; its y values are taken as pass rates.`,
    )
  if (curve.series.length === 0)
    throw new PasskError(
      'PASSK_EMPTY_INPUT',
      `${ID}: curve "${curve.id}" has no series.`,
      'Check the stage before this one: it produced an empty curve.',
    )
  const series = curve.series.map((s) => flipSeries(curve, s))
  ctx.progress({ done: 1, total: 1 })
  const yLabel = curve.yLabel ? `1 − ${curve.yLabel}` : '1 − pass@k'
  return {
    kind: 'Curve',
    id: o.id ?? `${curve.id}-failure`,
    title: `Failure rate: 1 − ${curve.title || 'pass@k'}`,
    xLabel: curve.xLabel,
    yLabel,
    xScale: 'log',
    yScale: 'log',
    quantity: 'failure',
    series,
    meta: { ...(curve.meta ?? {}), from: curve.id },
  }
}

export const failure = defineEvaluator({
  name: 'failure',
  version: pkg.version,
  summary: 'Failure rate 1 − y of a pass@k curve on log-log axes (intervals flipped), for power-law fits and plots',
  refs: ['Levi 2024 Eq. 7', 'LID Eq. 15'],
  accepts: 'Curve',
  produces: 'Curve',
  options: failureOptions,
  run,
})
