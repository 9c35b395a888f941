/**
 * Two (or more) worker threads over one plain JSONL file: the file is cut into byte ranges at line
 * starts (internal/lines.ts splitAtLines), each worker counts its range (internal/jsonl-worker.ts), and
 * the ranges are merged in file order, so problems keep their first-appearance order and bad-row line
 * numbers are shifted by the lines of the ranges before. Only for per-sample counts: per-attempt order
 * (keepAttempts), strict mode and duplicate checks of counts tables need one ordered pass.
 *
 * From TypeScript sources (tests, tsx) the worker registers tsx itself and resolves @passk/* through
 * the @passk/source condition; from built JS it starts ./jsonl-worker.js directly.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Accumulator, BadRows, ExportedGroup } from './accumulate.js'
import type { JsonlPlan, RangeCounts } from './jsonl.js'
import type { JsonlWorkerData } from './jsonl-worker.js'
import { splitAtLines } from './ranges.js'

interface RangeResult extends RangeCounts { groups: ExportedGroup[]; bad: { count: number; examples: { line: number; reason: string }[] } }

function startWorker(data: JsonlWorkerData): Worker {
  const self = import.meta.url
  if (self.endsWith('.ts')) {
    const entry = new URL('./jsonl-worker.ts', self).href
    // Node 20 does not hand the parent's --import tsx to a worker: register tsx's ESM loader first.
    const tsx = pathToFileURL(createRequire(self).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}) })`
    return new Worker(boot, { eval: true, workerData: data, execArgv: ['--conditions=@passk/source'] })
  }
  return new Worker(new URL('./jsonl-worker.js', self), { workerData: data })
}

function runWorker(data: JsonlWorkerData, onProgress: (done: number) => void, signal: AbortSignal): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    let w: Worker
    try { w = startWorker(data) } catch (e) { reject(e as Error); return }
    let settled = false
    const finish = (fn: () => void) => { if (settled) return; settled = true; signal.removeEventListener('abort', onAbort); void w.terminate(); fn() }
    const onAbort = () => finish(() => reject(new Error('aborted')))
    signal.addEventListener('abort', onAbort)
    w.on('message', (m: { progress?: number; done?: RangeResult; error?: { message: string } }) => {
      if (m.progress !== undefined) onProgress(m.progress)
      else if (m.done) finish(() => resolve(m.done!))
      else if (m.error) finish(() => reject(new Error(m.error!.message)))
    })
    w.on('error', (e) => finish(() => reject(e)))
    w.on('exit', (code) => finish(() => reject(new Error(`JSONL worker exited with code ${code} before it finished`))))
  })
}

/**
 * Count `plan.file` in `threads` worker threads and merge into `acc`/`bad`. Rejects when a worker
 * cannot start or fails; the caller then reads the file in one thread (exact errors come from there).
 */
export async function readJsonlParallel(plan: JsonlPlan, threads: number, acc: Accumulator, bad: BadRows, opts: { onChunk?: (done: number, total: number) => void; signal: AbortSignal }): Promise<RangeCounts & { ranges: number }> {
  const cuts = splitAtLines(plan.file, threads)
  const total = cuts[cuts.length - 1]!
  const done = new Array<number>(cuts.length - 1).fill(0)
  const results = await Promise.all(cuts.slice(0, -1).map((start, k) => runWorker({ plan, start, end: cuts[k + 1]! }, (d) => {
    done[k] = d
    opts.onChunk?.(done.reduce((a, b) => a + b, 0), total)
  }, opts.signal)))
  let lines = 0, records = 0, filtered = 0
  for (const r of results) {
    acc.merge(r.groups)
    bad.count += r.bad.count
    for (const ex of r.bad.examples) if (bad.examples.length < 5) bad.examples.push({ line: ex.line + lines, reason: ex.reason })
    lines += r.lines
    records += r.records
    filtered += r.filtered
  }
  return { lines, records, filtered, ranges: results.length }
}
