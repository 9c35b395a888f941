/**
 * One chunk of a plain JSONL file = one byte range cut at line starts, counted into its own accumulator
 * and exported as plain data. The main thread and the worker threads claim chunks from one shared
 * counter (Atomics.add on a SharedArrayBuffer), so whoever is free takes the next one — the main thread
 * starts at once while a worker is still booting — and the chunks are merged in file order afterwards.
 * No @passk/core import: this module runs in the workers.
 */
import { Accumulator, BadRows, type ExportedGroup } from './accumulate.js'
import { readJsonlLines, type JsonlPlan, type RangeCounts } from './jsonl.js'
import { forEachLineInRange, type ReadBuffer } from './ranges.js'

export interface ChunkJob {
  plan: JsonlPlan
  /** Chunk k is [cuts[k], cuts[k + 1]). */
  cuts: number[]
  /** Int32Array(1) over a SharedArrayBuffer: the next chunk to claim. */
  next: SharedArrayBuffer
}

export interface ChunkResult extends RangeCounts {
  groups: ExportedGroup[]
  bad: { count: number; examples: { line: number; reason: string }[] }
}

export async function readChunk(
  plan: JsonlPlan,
  start: number,
  end: number,
  readBuffer: ReadBuffer,
): Promise<ChunkResult> {
  const acc = new Accumulator(false, plan.file)
  const bad = new BadRows(plan.file, null)
  const r = await readJsonlLines(plan, acc, bad, (sink) =>
    forEachLineInRange(plan.file, start, end, sink, { buffer: readBuffer }),
  )
  return { ...r, groups: acc.exportGroups(), bad: { count: bad.count, examples: bad.examples } }
}

/** Claim and read chunks until none is left; `stop()` true ends the loop early (abort or failure). */
export async function claimChunks(
  job: ChunkJob,
  done: (chunk: number, r: ChunkResult) => void,
  stop: () => boolean = () => false,
): Promise<void> {
  const next = new Int32Array(job.next)
  const n = job.cuts.length - 1
  // one 4 MiB read buffer per claiming loop, reused by every chunk it reads (memory stays flat)
  const readBuffer: ReadBuffer = { buf: Buffer.allocUnsafe(1 << 22) }
  while (!stop()) {
    const k = Atomics.add(next, 0, 1)
    if (k >= n) return
    done(k, await readChunk(job.plan, job.cuts[k], job.cuts[k + 1], readBuffer))
  }
}
