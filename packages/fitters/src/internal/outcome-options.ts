/**
 * Options shared by the fitters on outcome counts (beta-binomial, kumaraswamy, eb-posterior, extrapolate):
 *   - `group`: the one group with that label, or all groups when omitted; a label that matches nothing is a typed
 *     error listing the labels there are (selectGroups);
 *   - `kMax` / `kMaxFactor` / `gridPoints`: the k range and log grid of the pass@k curve a fit implies
 *     (curveRangeOptions, curveGrid).
 */
import { PasskError, logGrid, z, type OutcomeGroup, type TrialOutcomes } from '@passk/core'

export function selectGroups(t: TrialOutcomes, group: string | undefined, id: string): OutcomeGroup[] {
  const groups = group === undefined ? t.groups : t.groups.filter((g) => g.label === group)
  if (groups.length === 0)
    throw new PasskError(
      'PASSK_SERIES_NOT_FOUND',
      `${id}: no outcome group labelled "${group}" (groups: ${t.groups.map((g) => JSON.stringify(g.label)).join(', ')}).`,
      'Set option group to one of those labels, or omit it.',
    )
  return groups
}

/** Zod fields kMax, kMaxFactor, gridPoints (spread into a plugin's options object); `what` names the curve. */
export function curveRangeOptions(what: string, gridMax: number) {
  return {
    kMax: z.number().positive().optional().describe(`Largest k of the ${what} (default kMaxFactor × the largest n)`),
    kMaxFactor: z
      .number()
      .min(1)
      .max(1e6)
      .default(10)
      .describe(`Without kMax: the ${what} runs to this multiple of the largest n (at least to k = 10)`),
    gridPoints: z.number().int().min(2).max(gridMax).default(100).describe(`Points of the ${what}`),
  }
}

/** The log grid 1 … kMax (kMax defaults to max(kMaxFactor·nMax, 10)), capped at `cap`. */
export function curveGrid(
  o: { kMax?: number | undefined; kMaxFactor: number; gridPoints: number },
  nMax: number,
  cap = Infinity,
): number[] {
  const kMax = o.kMax ?? Math.max(o.kMaxFactor * nMax, 10)
  return logGrid(1, Math.min(kMax, cap), o.gridPoints)
}
