/**
 * How the TUI runs a pipeline. `inlineRunner` calls @passk/core's runPipeline on the UI thread (tests,
 * embedding); `createWorkerRunner` runs it in a worker thread that loads the same default registry,
 * so a plugin that computes synchronously for seconds cannot freeze the screen: progress, elapsed time,
 * the cancel key and Ctrl-C keep working, and cancel can terminate a worker stuck in a tight loop.
 */
import { Worker } from 'node:worker_threads'
import { fileURLToPath } from 'node:url'
import {
  PasskError,
  isPasskError,
  runPipeline,
  type Registry,
  type ResolvedSpec,
  type RunEvent,
  type RunOutcome,
  type RunResults,
} from '@passk/core'

export interface RunHandle {
  done: Promise<RunOutcome>
  /** Abort the run (AbortSignal); a worker that does not stop within `graceMs` is terminated. */
  cancel(): void
}

export interface PipelineRunner {
  run(spec: ResolvedSpec, opts: { baseDir?: string; onEvent(e: RunEvent): void }): RunHandle
  /** Stop background work (the worker) when the app exits. */
  close?(): void
}

export function inlineRunner(registry: Registry): PipelineRunner {
  return {
    run(spec, opts) {
      const ac = new AbortController()
      const done = runPipeline(spec, {
        registry,
        onEvent: opts.onEvent,
        signal: ac.signal,
        ...(opts.baseDir ? { baseDir: opts.baseDir } : {}),
      })
      return { done, cancel: () => ac.abort() }
    },
  }
}

/** Messages between the UI thread and run-worker.ts. */
export type ToWorker = { type: 'run'; id: number; spec: ResolvedSpec; baseDir?: string } | { type: 'abort'; id: number }
export type FromWorker =
  | { type: 'ready' }
  | { type: 'event'; id: number; event: RunEvent }
  | { type: 'done'; id: number; results: RunResults; timings: Record<string, number> }
  | { type: 'error'; id: number; error: { code?: string; message: string; hint?: string; cause?: string } }
  | { type: 'fatal'; error: { message: string } }

/** Error from a worker message back to a PasskError (code, message, hint and the cause's message). */
export function reviveError(e: { code?: string; message: string; hint?: string; cause?: string }): Error {
  if (e.code?.startsWith('PASSK_'))
    return new PasskError(
      e.code as `PASSK_${string}`,
      e.message,
      e.hint,
      e.cause ? { cause: new Error(e.cause) } : undefined,
    )
  return new Error(e.message)
}

export function serializeError(e: unknown): { code?: string; message: string; hint?: string; cause?: string } {
  if (isPasskError(e)) {
    const cause = (e as { cause?: unknown }).cause
    return {
      code: e.code,
      message: e.message,
      ...(e.hint ? { hint: e.hint } : {}),
      ...(cause instanceof Error ? { cause: cause.message } : {}),
    }
  }
  return { message: e instanceof Error ? e.message : String(e) }
}

function spawnWorker(cwd: string): Worker {
  const self = import.meta.url
  const fromSource = self.endsWith('.ts')
  const entry = new URL(fromSource ? '../run-worker.ts' : '../run-worker.js', self)
  const workerData = { cwd }
  if (!fromSource) return new Worker(fileURLToPath(entry), { workerData })
  // Source checkout: the worker registers the same loader hooks as bin/passk.js (the "@passk/source"
  // condition and tsx), then imports the TypeScript entry.
  const conditions = new URL('../../../bin/source-conditions.js', self).href
  const tsxApi = import.meta.resolve('tsx/esm/api')
  const boot = `
    const { register } = require('node:module');
    (async () => {
      register(${JSON.stringify(conditions)});
      const tsx = await import(${JSON.stringify(tsxApi)});
      tsx.register();
      await import(${JSON.stringify(entry.href)});
    })().catch((e) => { require('node:worker_threads').parentPort.postMessage({ type: 'fatal', error: { message: String(e && e.stack || e) } }); });
  `
  return new Worker(boot, { eval: true, workerData })
}

/**
 * A runner backed by one warm worker (started at once, so its registry is loaded by the first run).
 * Runs are sequential; a cancelled run whose plugin does not yield is terminated and a fresh worker started.
 */
export function createWorkerRunner(cwd: string, graceMs = 750): PipelineRunner {
  let worker: Worker | undefined
  let nextId = 1
  const pending = new Map<
    number,
    { resolve(o: RunOutcome): void; reject(e: unknown): void; onEvent(e: RunEvent): void }
  >()
  const start = () => {
    const w = spawnWorker(cwd)
    w.unref()
    w.on('message', (m: FromWorker) => {
      if (m.type === 'fatal') {
        for (const [, p] of pending)
          p.reject(
            new PasskError(
              'PASSK_WORKER_FAILED',
              `The run worker could not start: ${m.error.message}`,
              'Run the spec headless with `passk run <spec>` to see the error.',
            ),
          )
        pending.clear()
        return
      }
      if (m.type === 'ready') return
      const p = pending.get(m.id)
      if (!p) return
      if (m.type === 'event') p.onEvent(m.event)
      else if (m.type === 'done') {
        pending.delete(m.id)
        p.resolve({ results: m.results, timings: m.timings, outputs: new Map() })
      } else if (m.type === 'error') {
        pending.delete(m.id)
        p.reject(reviveError(m.error))
      }
    })
    w.on('error', (e) => {
      for (const [, p] of pending) p.reject(e)
      pending.clear()
      if (worker === w) worker = undefined
    })
    w.on('exit', () => {
      for (const [, p] of pending)
        p.reject(new PasskError('PASSK_ABORTED', 'The run was stopped.', 'Nothing was written.'))
      pending.clear()
      if (worker === w) worker = undefined
    })
    return w
  }
  worker = start()
  return {
    run(spec, opts) {
      if (!worker) worker = start()
      const w = worker
      const id = nextId++
      const done = new Promise<RunOutcome>((resolve, reject) => {
        pending.set(id, { resolve, reject, onEvent: opts.onEvent })
      })
      w.postMessage({ type: 'run', id, spec, ...(opts.baseDir ? { baseDir: opts.baseDir } : {}) } satisfies ToWorker)
      return {
        done,
        cancel() {
          if (!pending.has(id)) return
          w.postMessage({ type: 'abort', id } satisfies ToWorker)
          // a plugin in a synchronous loop never sees the abort: stop the thread, keep a fresh one warm
          setTimeout(() => {
            if (!pending.has(id)) return
            const p = pending.get(id)!
            pending.delete(id)
            p.reject(
              new PasskError(
                'PASSK_ABORTED',
                'Run cancelled (the stage did not stop by itself, so its worker was terminated).',
                'Nothing was written.',
              ),
            )
            if (worker === w) worker = undefined
            void w.terminate()
            worker = start()
          }, graceMs).unref()
        },
      }
    },
    close() {
      const w = worker
      worker = undefined
      void w?.terminate()
    },
  }
}
