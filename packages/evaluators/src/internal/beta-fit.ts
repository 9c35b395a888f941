/**
 * The per-group Beta-Binomial fit both evaluators use to go beyond the observed attempts (passk-unbiased
 * beyondN 'extrapolate-beta', coverage-at-cost probabilities 'beta-binomial'): @passk/stats' MLE (Levi 2024
 * Eq. 6–7), a typed error when it yields no usable (a, b), a counted warning when it did not converge, and the
 * record for the curve's meta.
 */
import { PasskError, type OutcomeGroup, type PluginContext } from '@passk/core'
import { betaBinomialFit, isStatsError } from '@passk/stats'

export interface BetaPrior {
  a: number
  b: number
  A: number
}

export interface GroupBetaFitOptions {
  /** Plugin id for messages. */
  id: string
  variant: 'plain' | 'mixture'
  /** What the fit is for, e.g. ' for extrapolation' (inserted after "the Beta-Binomial fit"). */
  purpose: string
  /** What the fit is used for in the warning, e.g. ' used for k > n'. */
  usedFor: string
  /** Hint when the fit fails. */
  hint: string
  /** Fits by group label (the curve's meta.betaBinomial); this fit is added. */
  record: Record<string, BetaPrior & { status: string }>
}

export function fitGroupBeta(g: OutcomeGroup, o: GroupBetaFitOptions, ctx: PluginContext): BetaPrior {
  let fit
  try {
    fit = betaBinomialFit(g.n, g.c, { variant: o.variant, checkAbort: ctx.throwIfAborted })
  } catch (e) {
    if (isStatsError(e)) throw new PasskError(e.code, e.message, e.hint)
    throw e
  }
  if (!(fit.a > 0 && fit.b > 0 && Number.isFinite(fit.a) && Number.isFinite(fit.b)))
    throw new PasskError(
      'PASSK_FIT_FAILED',
      `${o.id}: group ${JSON.stringify(g.label)}: the Beta-Binomial fit${o.purpose} failed (${fit.status}: ${fit.message}).`,
      o.hint,
    )
  if (fit.status !== 'converged')
    ctx.warn(
      'PASSK_BETA_FIT_STATUS',
      `${g.label}: Beta-Binomial fit${o.usedFor} ended with status ${fit.status} (${fit.message}).`,
    )
  const beta = { a: fit.a, b: fit.b, A: fit.A }
  o.record[g.label] = { ...beta, status: fit.status }
  return beta
}
