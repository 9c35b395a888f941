import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineEvaluator, definePackage, defineSource } from './define.js'
import { isPasskError, type PasskError } from './errors.js'
import type { Curve, TrialOutcomes } from './kinds.js'
import { createRegistry } from './registry.js'
import { resultsJson, runPipeline } from './runner.js'
import { parseSpec } from './spec.js'

// A source whose output depends on its RNG stream, and an evaluator that turns it into a curve.
const draws = defineSource({
  name: 'draws',
  version: '0',
  summary: 'random outcomes',
  produces: 'TrialOutcomes',
  options: z.object({ problems: z.number().int().default(20), bad: z.boolean().default(false) }),
  run: (_: null, o, ctx): TrialOutcomes => {
    const n = Int32Array.from({ length: o.problems }, () => 10)
    const c = Int32Array.from({ length: o.problems }, () => ctx.rng.int(11))
    if (o.bad) c[3] = 11 // c > n: the runner's validator must catch it
    ctx.warn('W1', 'a warning')
    return {
      kind: 'TrialOutcomes',
      groups: [{ label: 'g', problems: Array.from({ length: o.problems }, (_, i) => `p${i}`), n, c }],
      meta: {},
    }
  },
})
const mean = defineEvaluator({
  name: 'mean',
  version: '0',
  summary: 'mean c/n',
  accepts: 'TrialOutcomes',
  produces: 'Curve',
  options: z.object({ spin: z.number().int().default(0) }),
  run: async (t: TrialOutcomes, o, ctx): Promise<Curve> => {
    for (let i = 0; i < o.spin; i++) {
      await new Promise((r) => setTimeout(r, 1))
      ctx.throwIfAborted()
    }
    const g = t.groups[0]
    const y = Array.from(g.c, (c, i) => c / g.n[i])
    return {
      kind: 'Curve',
      id: 'rate',
      title: 'rate',
      xLabel: 'i',
      yLabel: 'c/n',
      xScale: 'linear',
      yScale: 'linear',
      series: [{ label: 'rate', x: y.map((_, i) => i), y: [...y, NaN].slice(0, y.length) }],
    }
  },
})
const reg = () =>
  createRegistry().use(definePackage({ meta: { name: 't', version: '0', namespace: 't' }, plugins: [draws, mean] }))
const spec = (seed: number, o: Record<string, unknown> = {}, spin = 0) =>
  parseSpec({
    version: 1,
    seed,
    stages: [
      { use: 't/draws', options: o },
      { use: 't/mean', options: { spin } },
    ],
  })

function err(p: Promise<unknown>): Promise<PasskError> {
  return p.then(
    () => {
      throw new Error('expected a PasskError')
    },
    (e) => {
      if (isPasskError(e)) return e
      throw e
    },
  )
}

describe('runner', () => {
  it('same spec and seed → byte-identical results.json; another seed differs', async () => {
    const a = resultsJson((await runPipeline(spec(7), { registry: reg() })).results)
    const b = resultsJson((await runPipeline(spec(7), { registry: reg() })).results)
    const c = resultsJson((await runPipeline(spec(8), { registry: reg() })).results)
    expect(a).toBe(b)
    expect(a).not.toBe(c)
    expect(JSON.parse(a).warnings).toEqual([{ stage: 'draws', code: 'W1', message: 'a warning' }])
    expect(JSON.parse(a).spec.stages[1].options).toEqual({ spin: 0 })
  })
  it('the seed override replaces the spec seed', async () => {
    const a = resultsJson((await runPipeline(spec(8), { registry: reg() })).results)
    const b = resultsJson((await runPipeline(spec(7), { registry: reg(), seed: 8 })).results)
    expect(b).toBe(a)
  })
  it('validates stage outputs: c > n fails at the stage that made it, naming the field', async () => {
    const e = await err(runPipeline(spec(1, { bad: true }), { registry: reg() }))
    expect(e.code).toBe('PASSK_INVALID_DATA')
    expect(e.message).toMatch(
      /^Stage 1 \(draws, t\/draws\) output: groups\[0\] \(g\)\.c\[3\] \(problem p3\) is 11 > n = 10/,
    )
  })
  it('abort: a cancelled signal stops the run with PASSK_ABORTED', async () => {
    const ac = new AbortController()
    const p = runPipeline(spec(1, {}, 200), { registry: reg(), signal: ac.signal })
    setTimeout(() => ac.abort(), 20)
    const e = await err(p)
    expect(e.code).toBe('PASSK_ABORTED')
    const pre = new AbortController()
    pre.abort()
    expect((await err(runPipeline(spec(1), { registry: reg(), signal: pre.signal }))).message).toMatch(
      /^Run cancelled before Stage 1/,
    )
  })
  it('a plugin crash becomes PASSK_PLUGIN_FAILED naming the stage', async () => {
    const boom = defineEvaluator({
      name: 'boom',
      version: '0',
      summary: 'b',
      accepts: 'TrialOutcomes',
      produces: 'Curve',
      options: z.object({}),
      run: () => {
        throw new TypeError('x is undefined')
      },
    })
    const r = createRegistry().use(
      definePackage({ meta: { name: 't', version: '0', namespace: 't' }, plugins: [draws, boom] }),
    )
    const e = await err(
      runPipeline(parseSpec({ version: 1, stages: [{ use: 't/draws' }, { use: 't/boom' }] }), { registry: r }),
    )
    expect(e.code).toBe('PASSK_PLUGIN_FAILED')
    expect(e.message).toBe('Stage 2 (boom, t/boom) failed: x is undefined')
  })
})
