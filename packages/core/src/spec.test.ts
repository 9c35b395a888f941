import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { definePackage, defineSource } from './define.js'
import { isPasskError, type PasskError } from './errors.js'
import { createRegistry } from './registry.js'
import { jsonErrorOffset } from './json-position.js'
import { loadSpec, parseSpec, resolveSpec } from './spec.js'

function err(fn: () => unknown): PasskError {
  try {
    fn()
  } catch (e) {
    if (isPasskError(e)) return e
    throw e
  }
  throw new Error('expected a PasskError')
}
const dir = mkdtempSync(path.join(tmpdir(), 'passk-spec-'))
const file = (name: string, text: string) => {
  const p = path.join(dir, name)
  writeFileSync(p, text)
  return p
}

describe('pipeline specs', () => {
  it('malformed JSON names the line and column', () => {
    const p = file('bad.json', '{\n  "version": 1,\n  "stages": [,]\n}')
    const e = err(() => loadSpec(p))
    expect(e.code).toBe('PASSK_BAD_SPEC')
    expect(e.message).toMatch(/is not valid JSON at line 3, column 14/)
  })
  it('jsonErrorOffset finds the first syntax error (V8 on Node 20 does not always report it)', () => {
    const cases: Array<[string, number]> = [
      ['{"a": [1, 2]}', -1],
      ['{"a": "x\\n\\u00e9"}', -1],
      [' [true, false, null, -1.5e3] ', -1],
      ['{"a": [1, 2,]}', 12],
      ['{"a": 1,}', 8],
      ['{"a" 1}', 5],
      ['{"a": tru}', 6],
      ['{"a": "x\\q"}', 9],
      ['{"a": "xy}', 10],
      ['[1] 2', 4],
      ['', 0],
      ['{"a": 01}', 7],
    ]
    for (const [text, at] of cases) {
      expect(jsonErrorOffset(text), text).toBe(at)
      let parses = true
      try {
        JSON.parse(text)
      } catch {
        parses = false
      }
      expect(parses, text).toBe(at === -1) // agrees with V8 on what is valid
    }
  })
  it('a missing file is PASSK_FILE_NOT_FOUND', () => {
    expect(err(() => loadSpec(path.join(dir, 'none.json'))).code).toBe('PASSK_FILE_NOT_FOUND')
  })
  it('rejects other versions and wrong fields, naming the path', () => {
    expect(err(() => parseSpec({ version: 2, stages: [] })).message).toBe(
      'spec: spec version 2 is not supported (this passk reads version 1).',
    )
    const e = err(() => parseSpec({ version: 1, stages: [{ use: 'a/b', extra: 1 }], seed: 1.5 }))
    expect(e.code).toBe('PASSK_BAD_SPEC')
    expect(e.message).toMatch(/seed: .*; stages\.0: Unrecognized key: "extra"/)
    expect(err(() => parseSpec({ version: 1, stages: [] })).message).toMatch(
      /stages: a pipeline needs at least one stage/,
    )
  })
  it('resolveSpec fills defaults and lists every bad option field', () => {
    const src = defineSource({
      name: 'src',
      version: '0',
      summary: 's',
      produces: 'Curve',
      options: z.object({ a: z.number().default(3), b: z.string().default('x') }).strict(),
      run: () => {
        throw new Error('not run')
      },
    })
    const reg = createRegistry().use(
      definePackage({ meta: { name: 't', version: '0', namespace: 't' }, plugins: [src] }),
    )
    const r = resolveSpec(parseSpec({ version: 1, seed: 9, stages: [{ use: 'src', options: { a: 1 } }] }), reg)
    expect(r.stages[0]).toEqual({ id: 'src', use: 't/src', options: { a: 1, b: 'x' } })
    expect(r.seed).toBe(9)
    const e = err(() =>
      resolveSpec(parseSpec({ version: 1, stages: [{ use: 't/src', options: { a: 'one', b: 2, c: 0 } }] }), reg),
    )
    expect(e.code).toBe('PASSK_BAD_OPTIONS')
    expect(e.message).toMatch(/^Stage 1 \(src, t\/src\) has invalid options: /)
    for (const f of ['a:', 'b:', 'Unrecognized key: "c"']) expect(e.message).toContain(f)
  })
})
