/** Core's seams (issue 12 step 4): no import cycle, inputs filled once, check once, kinds through registry.use. */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineEvaluator, definePackage, defineSource } from './define.js'
import type { PasskError } from './errors.js'
import type { Curve } from './kinds.js'
import { createRegistry, type Registry } from './registry.js'
import { runPipeline } from './runner.js'
import { parseSpec, planSpec } from './spec.js'
import type { KindDefinition } from './validate.js'

declare module './kinds.js' {
  interface DataKinds {
    Blob: { kind: 'Blob'; size: number }
  }
}

const here = path.dirname(fileURLToPath(import.meta.url))

async function rejects(p: Promise<unknown>): Promise<PasskError> {
  try {
    await p
  } catch (e) {
    return e as PasskError
  }
  throw new Error('expected a rejection')
}

const src = defineSource({
  name: 'src',
  version: '0',
  summary: 'a curve',
  produces: 'Curve',
  options: z.object({}),
  run: (): Curve => ({
    kind: 'Curve',
    id: 'c',
    title: 'c',
    xLabel: 'x',
    yLabel: 'y',
    xScale: 'linear',
    yScale: 'linear',
    series: [{ label: 's', x: [1], y: [1] }],
  }),
})
const same = defineEvaluator({
  name: 'same',
  version: '0',
  summary: 'the curve again',
  accepts: 'Curve',
  produces: 'Curve',
  options: z.object({ tag: z.string().default('t') }),
  run: (c: Curve) => c,
})

describe('core seams', () => {
  it('has no import cycle among its modules (type imports included)', () => {
    const graph = new Map<string, string[]>()
    for (const f of fs.readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const text = fs.readFileSync(path.join(here, f), 'utf8')
      graph.set(
        f,
        [...text.matchAll(/from '\.\/([\w-]+)\.js'/g)].map((m) => `${m[1]}.ts`),
      )
    }
    const cycles: string[] = []
    const visit = (n: string, stack: string[]) => {
      for (const m of graph.get(n) ?? []) {
        if (stack.includes(m)) cycles.push([...stack.slice(stack.indexOf(m)), m].join(' → '))
        else visit(m, [...stack, m])
      }
    }
    for (const n of graph.keys()) visit(n, [n])
    expect(graph.size).toBeGreaterThan(10)
    expect(cycles).toEqual([])
  })

  it('planSpec fills every stage input once; the resolved spec keeps only the explicit ones', () => {
    const reg = createRegistry().use(
      definePackage({ meta: { name: 't', version: '0', namespace: 't' }, plugins: [src, same] }),
    )
    const spec = parseSpec({
      version: 1,
      stages: [{ use: 't/src' }, { use: 't/same' }, { use: 't/same' }, { id: 'z', use: 't/same', input: 'src' }],
    })
    const plan = planSpec(spec, reg)
    expect(plan.stages.map((s) => s.input)).toEqual([null, 'src', 'same', 'src'])
    expect(plan.stages.map((s) => s.plugin.id)).toEqual(['t/src', 't/same', 't/same', 't/same'])
    expect(plan.spec.stages.map((s) => s.input)).toEqual([undefined, undefined, undefined, 'src'])
    expect(plan.spec.stages[1].options).toEqual({ tag: 't' })
  })

  it('runPipeline checks the stages once', async () => {
    const reg = createRegistry().use(
      definePackage({ meta: { name: 't', version: '0', namespace: 't' }, plugins: [src, same] }),
    )
    let checks = 0
    const counting: Registry = {
      ...reg,
      check: (s) => {
        checks++
        return reg.check(s)
      },
    }
    await runPipeline(parseSpec({ version: 1, stages: [{ use: 't/src' }, { use: 't/same' }] }), { registry: counting })
    expect(checks).toBe(1)
  })

  it('registers a package’s data kinds through registry.use, per registry', async () => {
    const blob: KindDefinition = {
      name: 'Blob',
      validate: (v, where) => {
        if (!(((v as { size?: unknown }).size as number) > 0))
          throw Object.assign(new Error(`${where}: size must be > 0`), {
            name: 'PasskError',
            code: 'PASSK_INVALID_DATA',
          })
      },
    }
    const blobSrc = defineSource({
      name: 'blob',
      version: '0',
      summary: 'a blob',
      produces: 'Blob',
      options: z.object({ size: z.number().default(1) }),
      run: (_: null, o) => ({ kind: 'Blob' as const, size: o.size }),
    })
    const withKind = createRegistry().use(
      definePackage({ meta: { name: 'b', version: '0', namespace: 'b' }, plugins: [blobSrc], kinds: [blob] }),
    )
    expect(withKind.kinds()).toContain('Blob')
    expect(withKind.kinds()).toContain('TrialOutcomes')
    const ok = await runPipeline(parseSpec({ version: 1, stages: [{ use: 'b/blob' }] }), { registry: withKind })
    expect(ok.outputs.get('blob')).toEqual({ kind: 'Blob', size: 1 })
    const bad = await rejects(
      runPipeline(parseSpec({ version: 1, stages: [{ use: 'b/blob', options: { size: -1 } }] }), {
        registry: createRegistry().use(
          definePackage({ meta: { name: 'b', version: '0', namespace: 'b' }, plugins: [blobSrc], kinds: [blob] }),
        ),
      }),
    )
    expect(bad.message).toContain('size must be > 0')
    // a registry that did not `use` the package does not know the kind
    const without = createRegistry().use(
      definePackage({ meta: { name: 'c', version: '0', namespace: 'c' }, plugins: [blobSrc] }),
    )
    expect(without.kinds()).not.toContain('Blob')
    const unknown = await rejects(
      runPipeline(parseSpec({ version: 1, stages: [{ use: 'c/blob' }] }), { registry: without }),
    )
    expect(unknown.code).toBe('PASSK_UNKNOWN_KIND')
  })
})
