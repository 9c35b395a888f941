import { describe, expect, it } from 'vitest'
import { createRegistry, optionsJsonSchema } from '@passk/core'
import evaluators from './index.js'
import pkg from '../package.json' with { type: 'json' }

describe('@passk/evaluators', () => {
  it('registers gen-loss, passk-target and passk-asymptote under the evaluators namespace with package meta', () => {
    expect(evaluators.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'evaluators' })
    const reg = createRegistry().use(evaluators)
    for (const id of ['evaluators/gen-loss', 'evaluators/passk-target', 'evaluators/passk-asymptote'])
      expect(reg.has(id)).toBe(true)
  })

  it('describes every option of the LID evaluators in their JSON schemas', () => {
    for (const p of evaluators.plugins.filter((q) =>
      ['gen-loss', 'passk-target', 'passk-asymptote'].includes(q.name),
    )) {
      const props = (optionsJsonSchema(p).properties ?? {}) as Record<string, { description?: string }>
      for (const [k, v] of Object.entries(props)) expect(v.description, `${p.name}.${k}`).toBeTruthy()
    }
  })
})
