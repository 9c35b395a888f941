import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRegistry, definePackage, defineSource, z } from '@passk/core'
import { createBuiltinRegistry } from './registry.js'
import { optionsTable, readmeUpdates, repoRoot, updateReadme } from './readme-options.js'

const demo = defineSource({
  name: 'demo',
  version: '1.0.0',
  summary: 'A demo source for the README generator',
  produces: 'TrialOutcomes',
  options: z
    .object({
      file: z.string().describe('Input | file'),
      mode: z.enum(['a', 'b']).default('a').describe('Mode'),
      k: z.array(z.number()).default([1, 2]),
    })
    .strict(),
  run: () => ({ kind: 'TrialOutcomes', groups: [], meta: {} }),
})

function registry() {
  const reg = createRegistry()
  reg.use(definePackage({ meta: { name: '@passk/demo', version: '1.0.0', namespace: 'sources' }, plugins: [demo] }))
  return reg
}

describe('README option tables', () => {
  it('one row per option: type, default and description from the schema, pipes escaped', () => {
    expect(optionsTable(registry().resolve('sources/demo')).split('\n')).toEqual([
      '| option | type | default | description |',
      '| --- | --- | --- | --- |',
      '| `file` (required) | `string` |  | Input \\| file |',
      '| `mode` | `"a"\\|"b"` | `"a"` | Mode |',
      '| `k` | `number[]` | `[1,2]` |  |',
    ])
  })

  it('adds a block after the plugin table, then only rewrites it (idempotent)', () => {
    const p = registry().resolve('sources/demo')
    const text = '# demo\n\n| id | options |\n| --- | --- |\n| `sources/demo` | hand-written |\n\nMore text.\n'
    const once = updateReadme(text, [p])
    expect(once).toContain(
      '| `sources/demo` | hand-written |\n\n### Options (generated)\n\n<!-- options:start sources/demo -->',
    )
    expect(once.endsWith('<!-- options:end -->\n\nMore text.\n')).toBe(true)
    expect(updateReadme(once, [p])).toBe(once)
    // a stale table is replaced, the rest kept
    const stale = once.replace('| `mode` | `"a"\\|"b"` | `"a"` | Mode |', '| `mode` | old | `"b"` | Mode |')
    expect(stale).not.toBe(once)
    expect(updateReadme(stale, [p])).toBe(once)
  })

  it('every package README table matches the plugin schemas (run `npm run docs:options` when this fails)', () => {
    const updates = readmeUpdates(createBuiltinRegistry())
    expect(updates.length).toBeGreaterThanOrEqual(8)
    const stale = updates
      .filter(([, current, expected]) => current !== expected)
      .map(([f]) => path.relative(repoRoot, f))
    expect(stale, 'stale README option tables: run `npm run docs:options`').toEqual([])
    for (const p of createBuiltinRegistry().list())
      expect(
        updates.some(([, current]) => current.includes(`<!-- options:start ${p.id} -->`)),
        p.id,
      ).toBe(true)
  })
})
