/**
 * A fixed pool of worker threads for W1's task graph (w1.ts). Workers start from the esbuild bundle of worker.ts
 * (dist/bundle/worker.js, built with the CLI by the root `prepare` script) when it is newer than every
 * source it was built from — plain JavaScript, so a worker is up in milliseconds; otherwise from the
 * TypeScript sources, inheriting the parent's execArgv (--conditions=@passk/source --import tsx). The
 * same code runs as in process either way; `npm run bench` is the only user.
 */
import { readFileSync, statSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { KernelBackend } from '@passk/linalg'
import {
  addTiming,
  allocSeed,
  finishRun,
  planW1,
  recycleSeed,
  runTask,
  seedResult,
  type SeedBuffers,
  type SeedResult,
  type TaskTiming,
  type W1Config,
  type W1RunResult,
  type W1Task,
} from './w1.js'

/** An esbuild bundle exists and is newer than every source it was built from (its `inputs` JSON file). */
export function bundleIsFresh(bundle: URL, inputsFile: URL): boolean {
  try {
    const built = statSync(bundle).mtimeMs
    const { root, inputs } = JSON.parse(readFileSync(inputsFile, 'utf8')) as { root: string; inputs: string[] }
    const base = new URL(root, bundle)
    return inputs.every((f) => statSync(new URL(f, base)).mtimeMs <= built)
  } catch {
    return false // no bundle: the sources
  }
}

/** The worker entry: the bundle when it exists and is fresh, else the tsx boot file. */
export function benchWorkerEntry(): { url: URL; bundled: boolean } {
  const bundle = new URL('../dist/bundle/worker.js', import.meta.url)
  if (bundleIsFresh(bundle, new URL('../dist/bundle/worker.inputs.json', import.meta.url)))
    return { url: bundle, bundled: true }
  return { url: new URL('./worker-boot.mjs', import.meta.url), bundled: false }
}

/** The `passk` CLI's bundle (apps/tui/dist/bundle, what apps/tui/bin/passk.js runs when fresh). */
export function cliBundleFresh(repoRoot: string): boolean {
  const dir = pathToFileURL(`${repoRoot}/apps/tui/dist/bundle/`)
  return bundleIsFresh(new URL('passk.js', dir), new URL('inputs.json', dir))
}

export interface PoolOptions {
  /** Also run tasks on the main thread while every worker is busy (default false). */
  mainThread?: boolean
  /** Tasks queued per worker (running + waiting; default 2, so a worker never waits for the main thread). */
  depth?: number
  /**
   * Task kinds the workers take (default all). With mainThread, the other kinds run on the main thread only,
   * so a fresh worker compiles (JIT) only the code of its kinds.
   */
  workerKinds?: W1Task['kind'][]
}

export interface Pool {
  run(config: W1Config): Promise<W1RunResult>
  close(): Promise<void>
  /** Wall ms from createPool to every worker being ready. */
  startMs: number
  size: number
}

interface Slot {
  w: Worker
  /** The worker has posted {ready} (tasks go only to ready workers). */
  ready: boolean
  /** Seeds whose buffers this worker has been sent (the SeedBuffers object they were sent with). */
  known: Map<number, SeedBuffers>
  busy: number
  /** Called when the worker becomes ready or fails to start (set by a run in progress). */
  wake?: (e?: Error) => void
  startError?: Error
}

/**
 * Start `size` workers. With mainThread the pool is usable at once: a run starts on the main thread and each
 * worker joins when it has loaded (`startMs` then counts until the last one is ready); without it, this
 * waits for every worker.
 */
export async function createPool(size: number, backend: KernelBackend, o: PoolOptions = {}): Promise<Pool> {
  const t0 = performance.now()
  const entry = benchWorkerEntry()
  const depth = Math.max(1, o.depth ?? 2)
  const pool: Pool = {
    startMs: NaN,
    size,
    run: (config) =>
      runGraph(
        config,
        slots,
        depth,
        o.mainThread ?? false,
        new Set(o.mainThread && o.workerKinds ? o.workerKinds : Object.keys(KIND_ALL)),
      ),
    async close() {
      await Promise.all(slots.map((s) => s.w.terminate()))
    },
  }
  const slots: Slot[] = []
  const started = Array.from({ length: size }, () => {
    const w = new Worker(entry.url, { workerData: { backend }, execArgv: entry.bundled ? [] : process.execArgv })
    const slot: Slot = { w, ready: false, known: new Map(), busy: 0 }
    slots.push(slot)
    return new Promise<void>((resolve, reject) => {
      const onMsg = (m: { ready?: boolean }) => {
        if (!m.ready) return
        w.off('message', onMsg)
        w.off('error', onErr)
        slot.ready = true
        slot.wake?.()
        resolve()
      }
      const onErr = (e: Error) => {
        slot.startError = e
        slot.wake?.(e)
        reject(e)
      }
      w.on('message', onMsg)
      w.once('error', onErr)
    })
  })
  const allReady = Promise.all(started).then(() => {
    pool.startMs = performance.now() - t0
  })
  if (!o.mainThread) await allReady
  else allReady.catch(() => undefined) // a start-up error fails the run that waits for the worker
  return pool
}

/**
 * Run W1's task graph (w1.ts planW1) on the workers: a task is dispatched as soon as its dependencies have
 * finished, lowest plan index first (so the seeds finish roughly in order and few are in memory at once),
 * to the worker with the fewest tasks queued (at most `depth`). Seed buffers are allocated when a seed's
 * first task is dispatched and reused by a later seed once every task of theirs has finished.
 */
async function runGraph(
  config: W1Config,
  slots: Slot[],
  depth: number,
  mainThread: boolean,
  kinds: Set<string>,
): Promise<W1RunResult> {
  const p = planW1(config)
  const n = p.tasks.length
  const waiting = p.deps.map((d) => d.length)
  const dependents: number[][] = p.tasks.map(() => [])
  p.deps.forEach((ds, i) => ds.forEach((d) => dependents[d].push(i)))
  const left = new Array<number>(config.seeds).fill(0)
  for (const t of p.tasks) left[t.seed]++
  const ready: number[] = []
  for (let i = 0; i < n; i++) if (waiting[i] === 0) ready.push(i)
  const bufs = new Map<number, SeedBuffers>(),
    free: SeedBuffers[] = [],
    results: SeedResult[] = []
  const timing: TaskTiming = { ms: {}, cpuMs: {} }
  let done = 0
  const bufsOf = (seed: number) => {
    let b = bufs.get(seed)
    if (!b) bufs.set(seed, (b = free.length ? recycleSeed(p, free.pop()!, seed) : allocSeed(p, seed)))
    return b
  }
  // at most SEEDS_IN_FLIGHT seeds have buffers at once (each is ~100 MB of fresh pages to fault in)
  let lowest = 0
  const inFlight = (i: number) => p.tasks[i].seed < lowest + SEEDS_IN_FLIGHT
  const finish = (i: number) => {
    done++
    for (const j of dependents[i]) if (--waiting[j] === 0) insertSorted(ready, j)
    const seed = p.tasks[i].seed
    if (--left[seed] === 0) {
      const sb = bufs.get(seed)!
      results.push(seedResult(p, sb))
      bufs.delete(seed)
      free.push(sb)
      while (lowest < config.seeds && left[lowest] === 0) lowest++
    }
  }
  return new Promise<W1RunResult>((resolve, reject) => {
    let failed = false
    const fail = (e: Error) => {
      if (failed) return
      failed = true
      cleanup()
      reject(e)
    }
    const handlers = slots.map((slot) => {
      const onMessage = (m: { id?: number; timing?: TaskTiming; error?: string }) => {
        if (m.id === undefined) return // {ready}: see wake
        slot.busy--
        if (m.error !== undefined) return fail(new Error(m.error))
        addTiming(timing, m.timing!)
        finish(m.id)
        pump()
      }
      const onError = (e: Error) => fail(e)
      const onExit = (code: number) => fail(new Error(`bench worker exited with code ${code}`))
      slot.w.on('message', onMessage)
      slot.w.on('error', onError)
      slot.w.on('exit', onExit)
      return { onMessage, onError, onExit }
    })
    const cleanup = () =>
      slots.forEach((slot, k) => {
        delete slot.wake
        slot.w.off('message', handlers[k].onMessage)
        slot.w.off('error', handlers[k].onError)
        slot.w.off('exit', handlers[k].onExit)
      })
    for (const slot of slots) {
      if (slot.startError) return fail(slot.startError)
      slot.wake = (e?: Error) => (e ? fail(e) : pump())
    }
    let mainScheduled = false
    const pump = () => {
      if (failed) return
      for (let q = 1; q <= depth && ready.length; q++)
        for (const slot of slots) {
          if (!ready.length) break
          if (!slot.ready || slot.busy >= q) continue
          const at = ready.findIndex((i) => kinds.has(p.tasks[i].kind) && inFlight(i))
          if (at < 0) break
          const i = ready.splice(at, 1)[0],
            t = p.tasks[i]
          const sb = bufsOf(t.seed)
          const fresh = slot.known.get(t.seed) !== sb
          if (fresh) slot.known.set(t.seed, sb)
          slot.busy++
          slot.w.postMessage({ id: i, task: t, config, ...(fresh ? { sb } : {}) })
        }
      if (done === n) {
        cleanup()
        try {
          resolve(finishRun(p, results, timing))
        } catch (e) {
          reject(e)
        }
        return
      }
      if (mainThread && ready.some(inFlight) && !mainScheduled) {
        // every worker has `depth` tasks: run one here, then let the workers' messages in
        mainScheduled = true
        setImmediate(() => {
          mainScheduled = false
          const any = ready.findIndex(inFlight)
          if (failed || any < 0) return
          // prefer a kind the workers do not take
          const own = ready.findIndex((i) => !kinds.has(p.tasks[i].kind) && inFlight(i))
          const i = ready.splice(own >= 0 ? own : any, 1)[0]
          try {
            addTiming(timing, runTask(p, bufsOf(p.tasks[i].seed), p.tasks[i]))
          } catch (e) {
            return fail(e instanceof Error ? e : new Error(String(e)))
          }
          finish(i)
          pump()
        })
      }
    }
    pump()
  })
}

/** Seeds whose tasks may run at the same time (so at most this many sets of seed buffers exist). */
export const SEEDS_IN_FLIGHT = 2

const KIND_ALL: Record<W1Task['kind'], true> = {
  gen: true,
  gram: true,
  prefix: true,
  solve: true,
  dual: true,
  tail: true,
}

function insertSorted(a: number[], v: number): void {
  let i = a.length
  while (i > 0 && a[i - 1] > v) i--
  a.splice(i, 0, v)
}
