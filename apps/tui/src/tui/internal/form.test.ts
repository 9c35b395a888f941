import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { defineFitter, gridSchema, z } from '@passk/core'
import {
  checkForm,
  formFromOptions,
  formatValue,
  parseField,
  parseRange,
  pluginFields,
  schemaFields,
  type Field,
} from './form.js'

const plugin = defineFitter({
  name: 'form-probe',
  version: '0.0.0',
  summary: 'probe',
  accepts: 'Curve',
  produces: 'Fit',
  options: z
    .object({
      n: z.number().int().positive().default(100).describe('Problems'),
      alpha: z.number().positive().default(0.5).describe('Shape'),
      mode: z.enum(['mle', 'moments']).default('mle').describe('Estimator'),
      bootstrap: z.boolean().default(false).describe('Bootstrap'),
      file: z.string().describe('Input file path'),
      note: z.string().default('').describe('Free text'),
      k: gridSchema.default({ from: 1, to: 1e4, num: 40, scale: 'log', integer: false }).describe('k grid'),
      ks: z.array(z.number().int().positive()).default([1, 2, 4]).describe('k list'),
      extra: z.object({ a: z.number() }).optional().describe('Nested'),
    })
    .strict(),
  run: () => {
    throw new Error('not run')
  },
})
const fields = pluginFields(plugin)
const existing = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'passk-form-')), 'data.csv')
fs.writeFileSync(existing, 'x\n')
const f = (name: string) => fields.find((x) => x.name === name)!

describe('schemaFields', () => {
  it('maps every JSON Schema option type to a field kind when given the zod 4 input schema', () => {
    expect(fields.map((x) => [x.name, x.kind])).toEqual([
      ['n', 'integer'],
      ['alpha', 'number'],
      ['mode', 'enum'],
      ['bootstrap', 'boolean'],
      ['file', 'path'],
      ['note', 'string'],
      ['k', 'grid'],
      ['ks', 'list'],
      ['extra', 'json'],
    ])
    expect(f('n').default).toBe(100)
    expect(f('n').bounds).toBe('> 0')
    expect(f('mode').choices).toEqual(['mle', 'moments'])
    expect(f('file').required).toBe(true)
    expect(f('alpha').required).toBe(false)
    expect(f('ks').integerItems).toBe(true)
    expect(f('k').description).toBe('k grid')
  })

  it('returns no fields for a schema without properties', () => {
    expect(schemaFields({ type: 'object' })).toEqual([])
  })
})

describe('parseRange', () => {
  it('reads "from..to xN scale [int]" and rejects other text', () => {
    expect(parseRange('1..1e4 x40 log')).toEqual({ from: 1, to: 1e4, num: 40, scale: 'log', integer: false })
    expect(parseRange(' 0.5 .. 2 x 5 linear int ')).toEqual({
      from: 0.5,
      to: 2,
      num: 5,
      scale: 'linear',
      integer: true,
    })
    expect(parseRange('1..100 ×3')).toEqual({ from: 1, to: 100, num: 3, scale: 'log', integer: false })
    expect(parseRange('1,2,3')).toBeUndefined()
    expect(parseRange('1..x')).toBeUndefined()
  })
})

describe('parseField', () => {
  it('parses numbers and integers and rejects non-numbers and fractions for integers', () => {
    expect(parseField(f('alpha'), '2.5e-1')).toEqual({ ok: true, value: 0.25 })
    expect(parseField(f('n'), '12')).toEqual({ ok: true, value: 12 })
    expect(parseField(f('n'), '1.5')).toEqual({ ok: false, error: '1.5 is not an integer' })
    expect(parseField(f('alpha'), 'abc')).toEqual({ ok: false, error: '"abc" is not a number' })
    expect(parseField(f('alpha'), 'NaN')).toEqual({ ok: false, error: '"NaN" is not a number' })
  })

  it('treats empty text as "use the default", except for a required option', () => {
    expect(parseField(f('alpha'), '  ')).toEqual({ ok: true, value: undefined })
    expect(parseField(f('file'), '')).toEqual({ ok: false, error: 'required: this option has no default' })
  })

  it('accepts enum members and booleans only', () => {
    expect(parseField(f('mode'), 'moments')).toEqual({ ok: true, value: 'moments' })
    expect(parseField(f('mode'), 'median')).toEqual({ ok: false, error: '"median" is not one of mle, moments' })
    expect(parseField(f('bootstrap'), 'yes')).toEqual({ ok: true, value: true })
    expect(parseField(f('bootstrap'), 'maybe')).toEqual({ ok: false, error: '"maybe" is not true/false' })
  })

  it('checks that a path option names an existing file, relative to the base directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-form-'))
    fs.writeFileSync(path.join(dir, 'log.csv'), 'x\n')
    expect(parseField(f('file'), 'log.csv', dir)).toEqual({ ok: true, value: 'log.csv' })
    expect(parseField(f('file'), 'missing.csv', dir)).toEqual({
      ok: false,
      error: `file not found: ${path.join(dir, 'missing.csv')}`,
    })
  })

  it('reads grids as lists or ranges (the gridSchema union)', () => {
    expect(parseField(f('k'), '1, 2,4 8')).toEqual({ ok: true, value: [1, 2, 4, 8] })
    expect(parseField(f('k'), '1..1e4 x40 log')).toEqual({
      ok: true,
      value: { from: 1, to: 1e4, num: 40, scale: 'log', integer: false },
    })
    expect(parseField(f('k'), '1,two')).toEqual({
      ok: false,
      error: '"two" is not a number (write a list like 1,2,4,8 or a range like 1..1e4 x40 log)',
    })
  })

  it('expands a range typed into a plain list option to its log-spaced integer values (10^0..10^3)', () => {
    expect(parseField(f('ks'), '1..1000 x4 log')).toEqual({ ok: true, value: [1, 10, 100, 1000] })
    // integer items: 1..100 x5 log = 10^{0,0.5,1,1.5,2} rounded = 1, 3, 10, 32, 100
    expect(parseField(f('ks'), '1..100 x5')).toEqual({ ok: true, value: [1, 3, 10, 32, 100] })
    expect(parseField(f('ks'), '1,2.5')).toEqual({ ok: false, error: '2.5 is not an integer' })
    expect(parseField(f('ks'), '0..10 x3 log')).toEqual({ ok: false, error: 'a log range needs from > 0 and to > 0' })
  })

  it('parses JSON for nested objects and unions, and leaves non-JSON text to the zod schema as a string', () => {
    expect(parseField(f('extra'), '{"a": 2}')).toEqual({ ok: true, value: { a: 2 } })
    expect(parseField(f('extra'), '{a:2}')).toEqual({ ok: true, value: '{a:2}' })
    const r = checkForm(plugin, fields, { text: { file: existing, extra: '{a:2}' } })
    expect(Object.keys(r.errors)).toEqual(['extra'])
  })
})

describe('formatValue', () => {
  it('writes values back as the text parseField reads', () => {
    const cases: [Field, unknown][] = [
      [f('alpha'), 1e-9],
      [f('n'), 250000],
      [f('k'), { from: 1, to: 1e4, num: 40, scale: 'log', integer: true }],
      [f('k'), [1, 2, 4]],
      [f('mode'), 'moments'],
      [f('bootstrap'), true],
      [f('extra'), { a: 1 }],
    ]
    for (const [field, v] of cases) {
      const r = parseField(field, formatValue(field, v))
      expect(r).toEqual({ ok: true, value: v })
    }
    expect(formatValue(f('k'), { from: 1, to: 1e4, num: 40, scale: 'log', integer: true })).toBe('1..10000 x40 log int')
  })
})

describe('checkForm', () => {
  it('validates with the plugin’s own zod schema and maps issues to fields', () => {
    const r = checkForm(plugin, fields, { text: { n: '-3', file: existing } })
    expect(r.ok).toBe(false)
    expect(Object.keys(r.errors)).toEqual(['n'])
    expect(r.errors.n).toMatch(/>0|> 0/)
  })

  it('passes only the options the user set (defaults are filled by the runner) plus unknown extras', () => {
    const form = formFromOptions(fields, { alpha: 2, file: existing, legacy: 1 })
    expect(form).toEqual({ text: { alpha: '2', file: existing }, extra: { legacy: 1 } })
    const r = checkForm(plugin, fields, form)
    // the strict schema rejects the unknown key, and says so at the options level
    expect(r.options).toEqual({ legacy: 1, alpha: 2, file: existing })
    expect(r.errors['']).toMatch(/legacy/)
    const ok = checkForm(plugin, fields, { text: { alpha: '2', file: existing } })
    expect(ok).toEqual({ options: { alpha: 2, file: existing }, errors: {}, ok: true })
  })
})
