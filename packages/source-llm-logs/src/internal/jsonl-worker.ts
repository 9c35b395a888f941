/**
 * Worker-thread entry: reads one byte range of a plain JSONL file with the same code as the main
 * thread (internal/jsonl.ts) and posts back the per-(group, problem) counts, the bad-row count with
 * the first examples (line numbers relative to the range), and progress messages per chunk.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { Accumulator, BadRows } from './accumulate.js'
import { readJsonlLines, type JsonlPlan } from './jsonl.js'
import { forEachLineInRange } from './ranges.js'

export interface JsonlWorkerData { plan: JsonlPlan; start: number; end: number }

const { plan, start, end } = workerData as JsonlWorkerData
try {
  const acc = new Accumulator(false, plan.file)
  const bad = new BadRows(plan.file, null)
  const r = await readJsonlLines(plan, acc, bad, (sink) => forEachLineInRange(plan.file, start, end, sink, { onChunk: (done) => parentPort!.postMessage({ progress: done }) }))
  parentPort!.postMessage({ done: { ...r, groups: acc.exportGroups(), bad: { count: bad.count, examples: bad.examples } } })
} catch (e) {
  parentPort!.postMessage({ error: { message: (e as Error)?.message ?? String(e), code: (e as { code?: string })?.code } })
}
