/// <reference path="../../../test/setup/matchers.ts" />
import { lastOutput, runPlugins } from '@passk/core/testing'
import { defineSource, z, type TrialOutcomes, type TrialScores, special } from '@passk/core'
import { describe, expect, it } from 'vitest'
import { threshold } from './threshold.js'

/** A source that emits a fixed score matrix (problems × attempts). */
function fixed(scores: number[][], higherIsBetter = false) {
  return defineSource({
    name: 'fixed-scores',
    version: '0.0.0',
    summary: 'test scores',
    options: z.object({}).strict(),
    produces: 'TrialScores',
    run: (): TrialScores => ({
      kind: 'TrialScores',
      higherIsBetter,
      meta: {},
      groups: [
        {
          label: 'g',
          nProblems: scores.length,
          nAttempts: scores[0].length,
          scores: Float64Array.from(scores.flat()),
        },
      ],
    }),
  })
}
const S = [
  [0.1, 0.5, 0.6, 0.2], // ε = 0.3 → c = 2
  [0.9, 0.8, 0.7, 0.35], // ε = 0.3 → c = 0; ε = 0.4 → c = 1
  [0.3, 0.3, 0.31, 0.0], // ε = 0.3 → c = 3 (≤ is success)
]

describe('threshold', () => {
  it('counts attempts with score ≤ ε as successes and keeps their order', async () => {
    const o = lastOutput<TrialOutcomes>(
      await runPlugins([{ plugin: fixed(S) }, { plugin: threshold, options: { epsilon: 0.3 } }]),
    )
    const g = o.groups[0]
    expect(Array.from(g.c)).toEqual([2, 0, 3])
    expect(Array.from(g.n)).toEqual([4, 4, 4])
    expect(Array.from(g.attempts![2])).toEqual([1, 1, 0, 1])
  })
  it('uses score ≥ ε when higher is better', async () => {
    const o = lastOutput<TrialOutcomes>(
      await runPlugins([{ plugin: fixed(S, true) }, { plugin: threshold, options: { epsilon: 0.6 } }]),
    )
    expect(Array.from(o.groups[0].c)).toEqual([1, 3, 0])
  })
  it('warns (PASSK_NO_SUCCESS) when no attempt passes', async () => {
    const out = await runPlugins([{ plugin: fixed(S) }, { plugin: threshold, options: { epsilon: -1 } }])
    expect(out.results.warnings.map((w) => w.code)).toContain('PASSK_NO_SUCCESS')
  })
})

describe('special.passAtK', () => {
  it('equals 1 − C(n−c,k)/C(n,k) computed with exact integer binomials', () => {
    const C = (n: number, k: number) => {
      let r = 1
      for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i
      return r
    }
    for (const [n, c, k] of [
      [10, 3, 2],
      [20, 1, 5],
      [50, 17, 10],
      [7, 0, 3],
      [7, 7, 1],
      [5, 2, 4],
    ] as const) {
      const ref = n - c < k ? 1 : 1 - C(n - c, k) / C(n, k)
      expect(special.passAtK(n, c, k)).toBeCloseToRel(ref, 1e-13)
    }
  })
})
