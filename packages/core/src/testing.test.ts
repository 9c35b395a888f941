import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineEvaluator, definePackage, defineSource } from './define.js'
import { PasskError } from './errors.js'
import type { Curve, TrialOutcomes } from './kinds.js'
import { testPlugin } from './testing.js'

const outcomes = (c: number[]): TrialOutcomes => ({
  kind: 'TrialOutcomes',
  groups: [{ label: 'g', problems: c.map((_, i) => `p${i}`), n: Int32Array.from(c, () => 4), c: Int32Array.from(c) }],
  meta: {},
})

const good = defineSource({
  name: 'good',
  version: '1.0.0',
  summary: 'seeded outcomes',
  produces: 'TrialOutcomes',
  options: z.object({
    problems: z.number().int().min(1).default(5).describe('Number of problems'),
    label: z.enum(['a', 'b']).default('a').describe('Label'),
  }),
  run: (_: null, o, ctx) => outcomes(Array.from({ length: o.problems }, () => ctx.rng.int(5))),
})
const json = { name: '@x/good', version: '1.0.0' }

async function failures(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('expected testPlugin to fail')
}

describe('testPlugin', () => {
  it('passes a plugin that keeps the contract, listing the checks it ran', async () => {
    const pkg = definePackage({ meta: { name: '@x/good', version: '1.0.0', namespace: 'x' }, plugins: [good] })
    const r = await testPlugin(good, { packageJson: json, pkg, options: { problems: 3 } })
    expect(r.checks).toEqual([
      'meta matches package.json',
      'options JSON Schema round trip',
      'same seed → same bytes',
      'abort honoured',
      'bad options rejected with a named field',
    ])
  })

  it('fails a version mismatch, an undescribed option and a schema that takes any value', async () => {
    const sloppy = defineSource({
      name: 'sloppy',
      version: '1.0.0',
      summary: 'seeded outcomes, sloppy options',
      produces: 'TrialOutcomes',
      options: z.object({
        problems: z.coerce.number().int().default(5),
        extra: z.coerce.string().default('x').describe('x'),
      }),
      run: (_: null, o, ctx) => outcomes(Array.from({ length: o.problems }, () => ctx.rng.int(5))),
    })
    const msg = await failures(testPlugin(sloppy, { packageJson: { ...json, version: '2.0.0' } }))
    expect(msg).toContain('meta matches package.json: plugin version 1.0.0 ≠ package.json version 2.0.0')
    expect(msg).toContain('option(s) without .describe(): problems')
    expect(msg).toContain('option extra = 12345 was not rejected with PASSK_BAD_OPTIONS')
  })

  it('fails a plugin whose output does not follow the seed', async () => {
    const random = defineSource({
      ...good,
      name: 'random',
      run: (_: null, o) => outcomes(Array.from({ length: o.problems }, () => Math.floor(Math.random() * 5))),
    })
    expect(await failures(testPlugin(random, { packageJson: json, options: { problems: 40 } }))).toContain(
      'same seed → same bytes: two runs with the same seed and options gave different results or output',
    )
  })

  it('fails a plugin that turns an abort into another error', async () => {
    const rude = defineEvaluator({
      name: 'rude',
      version: '1.0.0',
      summary: 'mean c/n as a curve',
      accepts: 'TrialOutcomes',
      produces: 'Curve',
      options: z.object({}),
      run: (t: TrialOutcomes, _o, ctx): Curve => {
        if (ctx.signal.aborted) throw new PasskError('PASSK_SOMETHING', 'gave up')
        const g = t.groups[0]
        return {
          kind: 'Curve',
          id: 'rate',
          title: 'rate',
          xLabel: 'i',
          yLabel: 'c/n',
          xScale: 'linear',
          yScale: 'linear',
          series: [{ label: 'rate', x: [1], y: [g.c[0] / g.n[0]] }],
        }
      },
    })
    const msg = await failures(testPlugin(rude, { packageJson: json, sampleInput: outcomes([1, 2]) }))
    expect(msg).toContain('abort honoured: an aborted run ended in PASSK_SOMETHING')
    expect(msg).not.toContain('same seed')
    expect(await failures(testPlugin(rude, { packageJson: json }))).toContain('needs sampleInput')
  })
})
