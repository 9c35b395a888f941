/**
 * evaluators/passk-asymptote: the bias-free large-k reference (LID Eq. 15 = Eq. 45 = Eq. 48)
 *   L_inf(k) ~ C1·k^−β,  C1 = 2Γ(β) / (Γ(β/2)·c_δ^β),  c_δ = √(2/π)·δ/σ_η,
 * as a 'reference' series, computed in log space. β and σ_η come from the source's population law
 * (β = 2·tauShape) or, failing that, from its meta ({beta, sigmaEta}).
 */
import { PasskError, defineEvaluator, expandGrid, gridSchema, special, z } from '@passk/core'
import type { Curve, LinearPredictors, PluginContext, StochasticRegression } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }

export const passkAsymptoteOptions = z
  .object({
    k: gridSchema
      .default({ from: 1, to: 1e4, num: 40, scale: 'log', integer: false })
      .describe('Numbers of attempts k (list or {from, to, num})'),
    delta: z
      .number()
      .positive()
      .default(1e-3)
      .describe("Verifier tolerance δ (multiplied by the data's deltaScale when set)"),
  })
  .strict()

const ID = 'evaluators/passk-asymptote'

/** log C1 = log 2 + lgamma(β) − lgamma(β/2) − β·log c_δ (LID Eq. 15). */
export function logC1(beta: number, delta: number, sigmaEta: number): number {
  const cd = (Math.sqrt(2 / Math.PI) * delta) / sigmaEta
  return Math.LN2 + special.lgamma(beta) - special.lgamma(beta / 2) - beta * Math.log(cd)
}

function lawOf(data: StochasticRegression): { beta: number; sigmaEta: number } {
  if (data.population) return { beta: 2 * data.population.tauShape, sigmaEta: data.population.sigmaEta }
  const b = data.meta.beta,
    s = data.meta.sigmaEta
  if (typeof b === 'number' && b > 0 && typeof s === 'number' && s > 0) return { beta: b, sigmaEta: s }
  throw new PasskError(
    'PASSK_NO_POPULATION',
    `${ID}: the data (${String(data.meta.source ?? 'unknown source')}) states neither a population law nor meta.beta and meta.sigmaEta.`,
    'The bias-free asymptote needs the difficulty index β and noise scale σ_η; use a source that knows them (sources/lid).',
  )
}

function run(
  input: StochasticRegression | LinearPredictors,
  o: z.output<typeof passkAsymptoteOptions>,
  ctx: PluginContext,
): Curve {
  const data = input.kind === 'LinearPredictors' ? input.data : input
  const { beta, sigmaEta } = lawOf(data)
  const delta = o.delta * (data.deltaScale ?? 1)
  const ks = expandGrid(o.k)
  const lc = logC1(beta, delta, sigmaEta)
  const y = ks.map((k) => Math.exp(lc - beta * Math.log(k)))
  let under = 0
  for (let i = 0; i < y.length; i++)
    if (!(y[i] >= 1e-300) || !Number.isFinite(y[i])) {
      y[i] = NaN
      under++
    }
  if (under)
    ctx.warn('LINF_UNDERFLOW', `${ID}: ${under} value(s) of C1·k^−β lie outside [1e-300, ∞) and are reported as NaN.`)
  ctx.progress({ done: 1, total: 1 })
  return {
    kind: 'Curve',
    id: 'linf-asymptote',
    title: 'Bias-free asymptote C1·k^−β (LID Eq. 15/48)',
    xLabel: 'k (attempts)',
    yLabel: 'L_inf(k)',
    xScale: 'log',
    yScale: 'log',
    quantity: 'failure',
    series: [{ label: `C1·k^−β (β = ${beta})`, x: ks, y, style: 'reference', attrs: { beta, C1: Math.exp(lc) } }],
    meta: { beta, sigmaEta, delta, C1: Math.exp(lc), logC1: lc, cDelta: (Math.sqrt(2 / Math.PI) * delta) / sigmaEta },
  }
}

export const passkAsymptote = defineEvaluator({
  name: 'passk-asymptote',
  version: pkg.version,
  summary: 'Bias-free pass@k reference C1·k^−β, C1 = 2Γ(β)/(Γ(β/2) c_δ^β) (LID Eq. 15/48)',
  refs: ['LID Eq. 15', 'LID Eq. 45', 'LID Eq. 48'],
  accepts: ['StochasticRegression', 'LinearPredictors'],
  produces: 'Curve',
  options: passkAsymptoteOptions,
  run,
})
