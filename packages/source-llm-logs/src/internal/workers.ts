/**
 * Per-sample JSONL in several threads: the main thread plus `threads − 1` worker threads claim chunks
 * of the file (internal/chunks.ts) until none is left, then the chunks are merged in file order, so
 * problems keep their first-appearance order and bad-row line numbers are shifted by the lines of the
 * chunks before. Only for per-sample counts of plain files: per-attempt order (keepAttempts), strict
 * mode and the duplicate checks of counts tables need one ordered pass, and gzip cannot be split.
 *
 * From TypeScript sources (tests, tsx) the worker registers tsx itself and resolves @passk/* through
 * the @passk/source condition; from built JS it starts ./jsonl-worker.js directly. A worker that cannot
 * start costs nothing but its start-up: the main thread claims the chunks it would have read.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Accumulator, BadRows } from './accumulate.js'
import { claimChunks, type ChunkJob, type ChunkResult } from './chunks.js'
import type { JsonlPlan, RangeCounts } from './jsonl.js'
import { splitAtLines } from './ranges.js'

/** Chunk size: large enough that per-chunk set-up (a fresh id table) is noise, small enough to balance. */
const CHUNK_BYTES = 32 << 20

function startWorker(job: ChunkJob): Worker {
  const self = import.meta.url
  if (self.endsWith('.ts')) {
    const entry = new URL('./jsonl-worker.ts', self).href
    // Node 20 does not hand the parent's --import tsx to a worker: register tsx's ESM loader first.
    const tsx = pathToFileURL(
      createRequire(self)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}) })`
    return new Worker(boot, { eval: true, workerData: job, execArgv: ['--conditions=@passk/source'] })
  }
  return new Worker(new URL('./jsonl-worker.js', self), { workerData: job })
}

/**
 * Count `plan.file` in the main thread and `threads − 1` workers and merge into `acc`/`bad`
 * (`chunkBytes` and `mainReads: false` are for tests). Rejects
 * when a worker fails after claiming a chunk (nothing is merged then); the caller reads the file in
 * one thread again, where exact errors come from.
 */
export async function readJsonlParallel(
  plan: JsonlPlan,
  threads: number,
  acc: Accumulator,
  bad: BadRows,
  opts: {
    onChunk?: (done: number, total: number) => void
    signal: AbortSignal
    chunkBytes?: number
    mainReads?: boolean
  },
): Promise<RangeCounts & { threads: number; chunks: number }> {
  const size = fs.statSync(plan.file).size
  const cuts = splitAtLines(plan.file, Math.max(threads, Math.ceil(size / (opts.chunkBytes ?? CHUNK_BYTES))))
  const job: ChunkJob = { plan, cuts, next: new SharedArrayBuffer(4) }
  const results: (ChunkResult | undefined)[] = new Array(cuts.length - 1).fill(undefined)
  let bytesDone = 0
  let failure: Error | undefined
  const helpers = new Set<number>()
  let mainRead = false
  const n = results.length
  let nDone = 0
  let wake = () => {}
  const settled = new Promise<void>((r) => {
    wake = r
  })
  const got = (k: number, r: ChunkResult) => {
    results[k] = r
    bytesDone += cuts[k + 1] - cuts[k]
    opts.onChunk?.(bytesDone, size)
    if (++nDone === n) wake()
  }
  const live: Worker[] = []
  let ended = 0
  for (let t = 1; t < threads; t++) {
    let w: Worker
    try {
      w = startWorker(job)
    } catch {
      continue
    } // could not start: the main thread reads its share
    live.push(w)
    let over = false
    const end = (e?: Error) => {
      if (over) return
      over = true
      if (e && nDone < n) failure ??= e // it may have claimed a chunk it never sent
      if (++ended === live.length) wake()
    }
    w.on('message', (m: { chunk?: number; result?: ChunkResult; finished?: boolean; error?: { message: string } }) => {
      if (m.result && m.chunk !== undefined) {
        helpers.add(t)
        got(m.chunk, m.result)
      } else if (m.finished) end()
      else if (m.error) end(new Error(m.error.message))
    })
    w.on('error', (e) => end(e))
    w.on('exit', (code) => end(new Error(`JSONL worker exited with code ${code} before it finished`)))
  }
  const onAbort = () => wake()
  opts.signal.addEventListener('abort', onAbort)
  try {
    // mainReads false (tests): only the workers read, unless none started
    if (opts.mainReads !== false || live.length === 0)
      await claimChunks(
        job,
        (k, r) => {
          mainRead = true
          got(k, r)
        },
        () => opts.signal.aborted || failure !== undefined,
      )
    // wait for the chunks the workers are reading (not for a worker still booting: there is nothing left to claim)
    if (nDone < n && live.length && ended < live.length) await settled
  } finally {
    opts.signal.removeEventListener('abort', onAbort)
    await Promise.all(live.map((w) => w.terminate()))
  }
  if (opts.signal.aborted) throw new Error('aborted')
  if (nDone < n) throw failure ?? new Error('a chunk was claimed but never read')
  let lines = 0,
    records = 0,
    filtered = 0
  for (const r of results as ChunkResult[]) {
    acc.merge(r.groups)
    bad.count += r.bad.count
    for (const ex of r.bad.examples)
      if (bad.examples.length < 5) bad.examples.push({ line: ex.line + lines, reason: ex.reason })
    lines += r.lines
    records += r.records
    filtered += r.filtered
  }
  return { lines, records, filtered, threads: (mainRead ? 1 : 0) + helpers.size, chunks: n }
}
