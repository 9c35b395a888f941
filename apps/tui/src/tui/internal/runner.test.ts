import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { PasskError, loadSpec, resultsJson, type RunEvent } from '@passk/core'
import { createBuiltinRegistry } from '../../registry.js'
import { createWorkerRunner, inlineRunner, reviveError, serializeError } from './runner.js'

const repo = fileURLToPath(new URL('../../../../../', import.meta.url))
const quickstart = path.join(repo, 'examples/quickstart.json')

describe('serializeError / reviveError', () => {
  it('carries a PasskError’s code, message, hint and cause across the worker boundary', () => {
    const e = new PasskError('PASSK_PLUGIN_FAILED', 'Stage 2 (fit) failed: boom', 'Check the options.', {
      cause: new Error('boom'),
    })
    const back = reviveError(serializeError(e)) as PasskError
    expect(back).toBeInstanceOf(PasskError)
    expect([back.code, back.message, back.hint, (back.cause as Error).message]).toEqual([
      'PASSK_PLUGIN_FAILED',
      'Stage 2 (fit) failed: boom',
      'Check the options.',
      'boom',
    ])
    expect(reviveError(serializeError(new TypeError('x is undefined')))).toEqual(new Error('x is undefined'))
  })
})

describe('createWorkerRunner', () => {
  it('gives byte-identical results to the inline runner for examples/quickstart.json, with events streamed', async () => {
    const spec = loadSpec(quickstart)
    const inline = await inlineRunner(createBuiltinRegistry()).run(spec, {
      baseDir: path.dirname(quickstart),
      onEvent: () => {},
    }).done
    const runner = createWorkerRunner(repo)
    try {
      const events: RunEvent['type'][] = []
      const out = await runner.run(spec, { baseDir: path.dirname(quickstart), onEvent: (e) => events.push(e.type) })
        .done
      expect(resultsJson(out.results)).toBe(resultsJson(inline.results))
      expect(events[0]).toBe('run-start')
      expect(events.at(-1)).toBe('run-end')
      expect(events.filter((t) => t === 'stage-end')).toHaveLength(spec.stages.length)
    } finally {
      runner.close?.()
    }
  }, 60_000)

  it('reports a bad spec as the runner’s PasskError (code and stage) instead of hanging', async () => {
    const runner = createWorkerRunner(repo)
    try {
      const spec = { version: 1 as const, seed: 0, stages: [{ id: 'x', use: 'sources/does-not-exist', options: {} }] }
      await expect(runner.run(spec, { onEvent: () => {} }).done).rejects.toMatchObject({
        code: 'PASSK_UNKNOWN_PLUGIN',
        message: 'No plugin "sources/does-not-exist" is registered.',
      })
    } finally {
      runner.close?.()
    }
  }, 60_000)
})
