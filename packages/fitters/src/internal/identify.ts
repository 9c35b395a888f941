/**
 * Identifiability check shared by the fitters. An optimiser can stop "converged" at parameters the data cannot
 * determine — e.g. a Beta-Binomial on a log where almost every problem has c = 0 gives a = 3092 ± 184,110. Such a
 * fit is reported with status 'unidentified' (never as converged) and a message saying why, so no table prints it
 * as a result. A fit is unidentified when any of:
 *   - almost all problems have c = 0 (fewer than MIN_INFORMATIVE problems with a success), or almost all c = n
 *     (fewer than MIN_INFORMATIVE problems with a failure): the success distribution is then seen only at one end;
 *   - more than half of the bootstrap refits failed;
 *   - some parameter's relative standard error (Jacobian s.e., or the bootstrap s.d. when given) exceeds
 *     MAX_RELATIVE_SE.
 * Only 'converged' and 'singular' (a stationary point with a singular information matrix) are replaced: the others
 * ('at-bound', 'failed', …) already say the fit is not a result, and their messages say why.
 */
import type { FitStatus } from '@passk/core'

export const MIN_INFORMATIVE = 3
export const MAX_RELATIVE_SE = 10
export const MAX_BOOTSTRAP_FAILURE_FRACTION = 0.5

export interface IdentifyInput {
  status: FitStatus
  names: readonly string[]
  values: ArrayLike<number>
  stdErr?: readonly (number | null)[]
  /** Bootstrap standard deviations per parameter (NaN when unavailable). */
  bootstrapSd?: ArrayLike<number>
  bootstrapFailures?: number
  bootstrapReps?: number
  /** Per-problem counts, when the fit was on counts. */
  n?: ArrayLike<number>
  c?: ArrayLike<number>
  /** Multiplicity of each (n, c) entry when they are grouped counts (default 1 each): counts as that many problems. */
  weights?: ArrayLike<number>
}

export interface Identification {
  status: FitStatus
  /** Why the fit is unidentified (empty when it is not). */
  reasons: string[]
}

/** Returns the status to report: 'unidentified' with reasons, or the input status unchanged. */
export function identify(f: IdentifyInput): Identification {
  if (f.status !== 'converged' && f.status !== 'singular') return { status: f.status, reasons: [] }
  const reasons: string[] = []
  if (f.status === 'singular') reasons.push('the observed information matrix is singular (no standard errors)')
  const { n, c, weights } = f
  if (n && c && n.length > 0) {
    let solved = 0,
      failedSome = 0,
      total = 0
    for (let i = 0; i < n.length; i++) {
      const ni = n[i],
        ci = c[i]
      if (!(ni > 0)) continue
      const w = weights ? weights[i] : 1
      total += w
      if (ci > 0) solved += w
      if (ci < ni) failedSome += w
    }
    if (solved < MIN_INFORMATIVE) reasons.push(`only ${solved} of ${total} problems have any success (c > 0)`)
    if (failedSome < MIN_INFORMATIVE) reasons.push(`only ${failedSome} of ${total} problems have any failure (c < n)`)
  }
  const reps = f.bootstrapReps ?? 0
  if (reps > 0 && (f.bootstrapFailures ?? 0) > MAX_BOOTSTRAP_FAILURE_FRACTION * reps)
    reasons.push(`${f.bootstrapFailures} of ${reps} bootstrap refits failed`)
  for (let j = 0; j < f.names.length; j++) {
    const v = f.values[j]
    const se = Math.max(f.stdErr?.[j] ?? 0, Number.isFinite(f.bootstrapSd?.[j]) ? (f.bootstrapSd?.[j] ?? 0) : 0)
    if (Number.isFinite(v) && v !== 0 && se / Math.abs(v) > MAX_RELATIVE_SE)
      reasons.push(
        `${f.names[j]} = ${v.toPrecision(4)} ± ${se.toPrecision(3)} (relative s.e. ${(se / Math.abs(v)).toFixed(0)} > ${MAX_RELATIVE_SE})`,
      )
  }
  return reasons.length ? { status: 'unidentified', reasons } : { status: f.status, reasons }
}

/** The message of an unidentified fit: the reasons, then the optimiser's own message. */
export function unidentifiedMessage(reasons: string[], message: string): string {
  return `the data cannot determine this fit: ${reasons.join('; ')}. Optimiser: ${message}`
}

/**
 * Too few problems solved at least once for the tail of the success distribution to be observed (a stricter
 * per-fit threshold than MIN_INFORMATIVE, e.g. fitters/scaling-exponents' minSolved); null when enough.
 */
export function tooFewSolved(c: ArrayLike<number>, minSolved: number): string | null {
  let solved = 0
  for (let i = 0; i < c.length; i++) if (c[i] > 0) solved++
  return solved < minSolved
    ? `only ${solved} problem(s) solved at least once (fewer than ${minSolved}): the tail is not observed`
    : null
}

/** A parameter whose (bootstrap) interval spans more than maxRatio× (or reaches 0) is not determined; else null. */
export function intervalTooWide(
  name: string,
  lower: number | undefined,
  upper: number | undefined,
  maxRatio: number,
): string | null {
  if (lower === undefined || upper === undefined) return `no interval for ${name} (bootstrap refits failed)`
  if (!(lower > 0) || upper / lower > maxRatio)
    return `${name}'s bootstrap interval [${lower.toPrecision(3)}, ${upper.toPrecision(3)}] spans more than ${maxRatio}×`
  return null
}
