import { describe, expect, it } from 'vitest'
import { createRegistry, optionsJsonSchema } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import estimators, { ridge, ols, minNorm } from './index.js'

describe('@passk/estimators package', () => {
  it('exports { meta, plugins } matching package.json, with namespace estimators', () => {
    expect(estimators.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'estimators' })
    expect(estimators.plugins.map((p) => p.name)).toEqual(['ridge', 'ols', 'min-norm'])
    const reg = createRegistry().use(estimators).freeze()
    expect(reg.resolve('estimators/ridge').plugin).toBe(ridge)
    expect(reg.resolve('estimators/min-norm').plugin).toBe(minNorm)
  })

  it('gives every plugin an option schema that round-trips through JSON Schema with described fields', () => {
    for (const p of [ridge, ols, minNorm]) {
      const js = optionsJsonSchema(p) as { properties: Record<string, { description?: string }> }
      const shape = Object.keys((p.options as unknown as { shape: Record<string, unknown> }).shape)
      expect(Object.keys(js.properties).sort()).toEqual([...shape].sort())
      for (const [k, v] of Object.entries(js.properties)) expect(v.description, `${p.name}.${k}`).toBeTruthy()
      expect(p.options.parse({})).toBeTruthy() // every option has a default
    }
    expect(ridge.options.parse({})).toEqual({
      lambda: 1e-9,
      lambdaMode: 'const',
      ns: { from: 16, to: 16384, num: 16, scale: 'log', integer: true },
      dual: 'auto',
    })
  })

  it('rejects unknown options (strict schemas)', () => {
    expect(ridge.options.safeParse({ lamda: 1 }).success).toBe(false)
    expect(ols.options.safeParse({ lambda: 1 }).success).toBe(false)
  })
})
