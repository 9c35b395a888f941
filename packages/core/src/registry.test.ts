import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineEvaluator, defineFitter, definePackage, defineSource } from './define.js'
import { isPasskError, type PasskError } from './errors.js'
import type { Curve, Fit, TrialOutcomes } from './kinds.js'
import { createRegistry, stageId } from './registry.js'
import { parseSpec } from './spec.js'

const toySource = defineSource({
  name: 'toy',
  version: '0',
  summary: 'toy outcomes',
  options: z.object({}),
  produces: 'TrialOutcomes',
  run: (): TrialOutcomes => ({
    kind: 'TrialOutcomes',
    groups: [{ label: 'g', problems: ['a'], n: Int32Array.of(2), c: Int32Array.of(1) }],
    meta: {},
  }),
})
const toyCurve = defineEvaluator({
  name: 'toy-curve',
  version: '0',
  summary: 'outcomes → curve',
  accepts: 'TrialOutcomes',
  produces: 'Curve',
  options: z.object({}),
  run: (): Curve => ({
    kind: 'Curve',
    id: 'c',
    title: 't',
    xLabel: 'x',
    yLabel: 'y',
    xScale: 'linear',
    yScale: 'linear',
    series: [],
  }),
})
const toyFit = defineFitter({
  name: 'toy-fit',
  version: '0',
  summary: 'curve → fit',
  accepts: 'Curve',
  produces: 'Fit',
  options: z.object({}),
  run: (): Fit => ({ kind: 'Fit', fits: [] }),
})
const pkg = (ns: string, plugins = [toySource, toyCurve, toyFit]) =>
  definePackage({ meta: { name: `@t/${ns}`, version: '0', namespace: ns }, plugins })

function err(fn: () => unknown): PasskError {
  try {
    fn()
  } catch (e) {
    if (isPasskError(e)) return e
    throw e
  }
  throw new Error('expected a PasskError')
}

describe('registry', () => {
  it('registers, lists by role/kind and resolves full and unambiguous bare ids', () => {
    const r = createRegistry().use(pkg('t'))
    expect(r.list().map((p) => p.id)).toEqual(['t/toy', 't/toy-curve', 't/toy-fit'])
    expect(r.list({ accepts: 'Curve' }).map((p) => p.id)).toEqual(['t/toy-fit'])
    expect(r.list({ role: 'source' }).map((p) => p.id)).toEqual(['t/toy'])
    expect(r.resolve('toy-fit').id).toBe('t/toy-fit')
    expect(r.has('t/toy')).toBe(true)
    expect(r.has('t/nope')).toBe(false)
  })
  it('rejects a duplicate id naming both packages', () => {
    const e = err(() => createRegistry().use(pkg('t')).use(pkg('t'), 'second-package'))
    expect(e.code).toBe('PASSK_DUPLICATE_PLUGIN')
    expect(e.message).toBe('Plugin id "t/toy" is registered twice: by @t/t and by second-package.')
  })
  it('suggests near names for an unknown plugin, and flags ambiguous bare names', () => {
    const r = createRegistry().use(pkg('t')).use(pkg('u'))
    const e = err(() => r.resolve('t/toy-fitt'))
    expect(e.code).toBe('PASSK_UNKNOWN_PLUGIN')
    expect(e.message).toBe('No plugin "t/toy-fitt" is registered.')
    expect(e.hint).toMatch(/^Did you mean "t\/toy-fit"/)
    expect(err(() => r.resolve('toy')).message).toBe('Plugin name "toy" is ambiguous: t/toy, u/toy.')
  })
  it('names the stage that does not connect, with a bridge suggestion', () => {
    const r = createRegistry().use(pkg('t'))
    const spec = parseSpec({ version: 1, stages: [{ use: 't/toy' }, { id: 'fit', use: 't/toy-fit' }] })
    const e = err(() => r.check(spec))
    expect(e.code).toBe('PASSK_KIND_MISMATCH')
    expect(e.message).toBe(
      'Stage 2 (fit): t/toy-fit accepts Curve, but its input, stage 1 (toy), produces TrialOutcomes.',
    )
    expect(e.hint).toBe('Insert a stage between them, e.g. t/toy-curve.')
    expect(err(() => r.check(parseSpec({ version: 1, stages: [{ use: 't/toy-curve' }] }))).message).toMatch(
      /^Stage 1 \(toy-curve\): the first stage must be a data source/,
    )
    expect(
      err(() => r.check(parseSpec({ version: 1, stages: [{ use: 't/toy' }, { use: 't/toy-curve', input: 'nope' }] })))
        .code,
    ).toBe('PASSK_BAD_INPUT_REF')
    expect(
      r
        .check(parseSpec({ version: 1, stages: [{ use: 't/toy' }, { use: 't/toy-curve' }, { use: 't/toy-fit' }] }))
        .map((p) => p.id),
    ).toEqual(['t/toy', 't/toy-curve', 't/toy-fit'])
  })
  it('freezes: use() after freeze() throws PASSK_REGISTRY_FROZEN', () => {
    const r = createRegistry().use(pkg('t')).freeze()
    expect(r.frozen).toBe(true)
    expect(err(() => r.use(pkg('u'))).code).toBe('PASSK_REGISTRY_FROZEN')
  })
  it('rejects objects that are not plugin packages or plugins', () => {
    expect(err(() => createRegistry().use({} as never, 'x.js')).code).toBe('PASSK_BAD_PLUGIN')
    const e = err(() =>
      createRegistry().use({
        meta: { name: 'x', version: '0', namespace: 'x' },
        plugins: [{ name: 'Bad Name', role: 'thing' }],
      } as never),
    )
    expect(e.message).toMatch(
      /name "Bad Name" is not kebab-case; role "thing" is not source\|estimator\|evaluator\|fitter/,
    )
  })
  it('stage ids default to the plugin name, numbered when repeated', () => {
    const spec = { version: 1 as const, stages: [{ use: 't/toy' }, { use: 't/toy-curve' }, { use: 'u/toy-curve' }] }
    expect([0, 1, 2].map((i) => stageId(spec, i))).toEqual(['toy', 'toy-curve', 'toy-curve-2'])
  })
})
