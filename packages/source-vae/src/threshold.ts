/**
 * evaluators/threshold — TrialScores → TrialOutcomes: an attempt succeeds when its score is at most ε
 * (errors, higherIsBetter = false; Levi 2024 §4: "a trial is considered successful if the reconstruction
 * error falls below a threshold ε") or at least ε (higherIsBetter = true). Ordered outcomes are kept.
 */
import { defineEvaluator, z, type OutcomeGroup, type TrialScores } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }

export const thresholdOptions = z
  .object({
    epsilon: z
      .number()
      .finite()
      .default(0.35)
      .describe('Threshold ε: success when score ≤ ε (errors) or ≥ ε (higherIsBetter scores)'),
  })
  .strict()

/** Success indicators and counts for one score group at threshold ε. */
export function thresholdGroup(
  g: TrialScores['groups'][number],
  epsilon: number,
  higherIsBetter: boolean,
): { c: Int32Array; attempts: Uint8Array[] } {
  const { nProblems: n, nAttempts: m, scores } = g
  const c = new Int32Array(n)
  const attempts: Uint8Array[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const row = new Uint8Array(m)
    let s = 0
    for (let j = 0; j < m; j++) {
      const v = scores[i * m + j]
      if (higherIsBetter ? v >= epsilon : v <= epsilon) {
        row[j] = 1
        s++
      }
    }
    attempts[i] = row
    c[i] = s
  }
  return { c, attempts }
}

export const threshold = defineEvaluator({
  name: 'threshold',
  version: pkg.version,
  summary: 'Scores → successes at threshold ε (Levi 2024 §4)',
  refs: ['Levi 2024, §4, Eq. 14'],
  accepts: 'TrialScores',
  produces: 'TrialOutcomes',
  options: thresholdOptions,
  run(input, o, ctx) {
    const groups: OutcomeGroup[] = input.groups.map((g, gi) => {
      if (gi % 4 === 0) ctx.throwIfAborted()
      const { c, attempts } = thresholdGroup(g, o.epsilon, input.higherIsBetter)
      let solved = 0
      for (const x of c) if (x > 0) solved++
      if (solved === 0)
        ctx.warn(
          'PASSK_NO_SUCCESS',
          `Group "${g.label}": no attempt of any problem has a score ${input.higherIsBetter ? '≥' : '≤'} ε = ${o.epsilon}, so pass@k = 0 for every k.`,
        )
      return {
        label: `${g.label}, ε=${o.epsilon}`,
        keys: { epsilon: String(o.epsilon) },
        problems: g.problems ?? Array.from({ length: g.nProblems }, (_, i) => `p${i}`),
        n: new Int32Array(g.nProblems).fill(g.nAttempts),
        c,
        attempts,
      }
    })
    return {
      kind: 'TrialOutcomes',
      groups,
      meta: { ...input.meta, epsilon: o.epsilon, higherIsBetter: input.higherIsBetter },
    }
  },
})
