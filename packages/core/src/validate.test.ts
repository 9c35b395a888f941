import { describe, expect, it } from 'vitest'
import { isPasskError, type PasskError } from './errors.js'
import { validateKind } from './validate.js'

function err(fn: () => unknown): PasskError {
  try {
    fn()
  } catch (e) {
    if (isPasskError(e)) return e
    throw e
  }
  throw new Error('expected a PasskError')
}
const reg = () => ({
  kind: 'StochasticRegression',
  d: 2,
  meta: {},
  replicates: [
    {
      seed: 0,
      train: { n: 2, x: new Float64Array(4), m: new Float64Array(2), s: Float64Array.of(1, 1), y: new Float64Array(2) },
      test: { n: 1, x: new Float64Array(2), m: new Float64Array(1), s: Float64Array.of(1) },
    },
  ],
})

describe('kind validators', () => {
  it('accept valid values', () => {
    expect(() => validateKind('StochasticRegression', reg())).not.toThrow()
  })
  it('NaN is named with its index', () => {
    const r = reg()
    r.replicates[0].train.x[3] = NaN
    expect(err(() => validateKind('StochasticRegression', r, 'src')).message).toBe(
      'src: replicates[0].train.x[3] is NaN (must be a finite number).',
    )
  })
  it('a wrong length is named with the expected size', () => {
    const r = reg()
    r.replicates[0].test.x = new Float64Array(3)
    expect(err(() => validateKind('StochasticRegression', r, 'src')).message).toBe(
      'src: replicates[0].test.x has length 3, expected 2.',
    )
  })
  it('non-positive noise scales are refused', () => {
    const r = reg()
    r.replicates[0].train.s[1] = 0
    expect(err(() => validateKind('StochasticRegression', r, 'src')).message).toBe(
      'src: replicates[0].train.s[1] is 0 (must be > 0).',
    )
  })
  it('c > n and negative counts in TrialOutcomes name the problem', () => {
    const t = (n: number[], c: number[]) => ({
      kind: 'TrialOutcomes',
      meta: {},
      groups: [{ label: 'm', problems: ['a', 'b'], n: Int32Array.from(n), c: Int32Array.from(c) }],
    })
    expect(err(() => validateKind('TrialOutcomes', t([3, 3], [1, 4]), 'logs')).message).toBe(
      'logs: groups[0] (m).c[1] (problem b) is 4 > n = 3 (more successes than attempts).',
    )
    expect(err(() => validateKind('TrialOutcomes', t([3, -1], [1, 0]), 'logs')).message).toBe(
      'logs: groups[0] (m).n[1] (problem b) is -1 (must be a non-negative integer).',
    )
    expect(
      err(() => validateKind('TrialOutcomes', { kind: 'TrialOutcomes', meta: {}, groups: [] }, 'logs')).message,
    ).toMatch(/groups is empty/)
  })
  it('curves: x/y length mismatch and infinite y', () => {
    const c = (y: number[]) => ({
      kind: 'Curve',
      id: 'c',
      title: '',
      xLabel: '',
      yLabel: '',
      xScale: 'log',
      yScale: 'log',
      series: [{ label: 's', x: [1, 2], y }],
    })
    expect(err(() => validateKind('Curve', c([1]), 'ev')).message).toBe('ev: series[0] (s).y has length 1, x has 2.')
    expect(err(() => validateKind('Curve', c([1, Infinity]), 'ev')).message).toBe('ev: series[0] (s).y[1] is infinite.')
    expect(() => validateKind('Curve', c([1, NaN]), 'ev')).not.toThrow()
  })
  it('unknown kinds are PASSK_UNKNOWN_KIND', () => {
    expect(err(() => validateKind('Nope' as never, { kind: 'Nope' })).code).toBe('PASSK_UNKNOWN_KIND')
    expect(err(() => validateKind('Curve', { kind: 'Fit' }, 'x')).message).toBe('x: kind is "Fit", expected "Curve".')
  })
})
