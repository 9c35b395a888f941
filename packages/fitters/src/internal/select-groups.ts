/**
 * The `group` option of the fitters on outcome counts (beta-binomial, kumaraswamy, eb-posterior, extrapolate): the
 * one group with that label, or all groups when the option is omitted; a label that matches nothing is a typed
 * error listing the labels there are.
 */
import { PasskError, type OutcomeGroup, type TrialOutcomes } from '@passk/core'

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
