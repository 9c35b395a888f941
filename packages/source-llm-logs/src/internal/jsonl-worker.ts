/**
 * Worker-thread entry: claims chunks (byte ranges cut at line starts) of a plain JSONL file from a
 * counter shared with the main thread, reads each with the same code as the main thread
 * (internal/jsonl.ts), and posts back per chunk the per-(group, problem) counts and the bad-row count
 * with the first examples (line numbers relative to the chunk). No @passk/core import (start-up time).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { claimChunks, type ChunkJob } from './chunks.js'

const job = workerData as ChunkJob
try {
  await claimChunks(job, (chunk, result) => parentPort!.postMessage({ chunk, result }))
  parentPort!.postMessage({ finished: true })
} catch (e) {
  parentPort!.postMessage({ error: { message: (e as Error)?.message ?? String(e) } })
}
