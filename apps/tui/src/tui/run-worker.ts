/**
 * Worker-thread entry for the TUI's runs (see internal/runner.ts): loads the default registry once,
 * then runs each requested spec with @passk/core's runner and posts its events, results or error back.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { runPipeline, type Registry } from '@passk/core'
import { createDefaultRegistry } from '../registry.js'
import { serializeError, type FromWorker, type ToWorker } from './internal/runner.js'

const port = parentPort!
const post = (m: FromWorker) => port.postMessage(m)
const { cwd } = workerData as { cwd: string }
const aborts = new Map<number, AbortController>()
let registry: Promise<Registry> | undefined

port.on('message', (m: ToWorker) => {
  if (m.type === 'abort') {
    aborts.get(m.id)?.abort()
    return
  }
  const ac = new AbortController()
  aborts.set(m.id, ac)
  registry ??= createDefaultRegistry({ cwd })
  void (async () => {
    try {
      const outcome = await runPipeline(m.spec, {
        registry: await registry,
        signal: ac.signal,
        onEvent: (event) => post({ type: 'event', id: m.id, event }),
        ...(m.baseDir ? { baseDir: m.baseDir } : {}),
      })
      post({ type: 'done', id: m.id, results: outcome.results, timings: outcome.timings })
    } catch (e) {
      post({ type: 'error', id: m.id, error: serializeError(e) })
    } finally {
      aborts.delete(m.id)
    }
  })()
})

// load the plugins now, so the first run starts at once
registry = createDefaultRegistry({ cwd })
registry.then(
  () => post({ type: 'ready' }),
  (e) => post({ type: 'fatal', error: { message: serializeError(e).message } }),
)
