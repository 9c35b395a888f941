/**
 * A fixed pool of worker threads for W1 seeds. Workers start from the esbuild bundle of worker.ts
 * (dist/bundle/worker.js, built with the CLI by the root `prepare` script) when it is newer than every
 * source it was built from — plain JavaScript, so a worker is up in milliseconds; otherwise from the
 * TypeScript sources, inheriting the parent's execArgv (--conditions=@passk/source --import tsx). The
 * same code runs as in process either way; `npm run bench` is the only user.
 */
import { readFileSync, statSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { KernelBackend } from '@passk/linalg'
import type { SeedResult, W1Config } from './w1.js'

export interface Pool {
  run(config: W1Config, seeds: number[]): Promise<SeedResult[]>
  close(): Promise<void>
  startMs: number
}

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

export async function createPool(size: number, backend: KernelBackend): Promise<Pool> {
  const t0 = performance.now()
  const entry = benchWorkerEntry()
  const workers = await Promise.all(
    Array.from(
      { length: size },
      () =>
        new Promise<Worker>((resolve, reject) => {
          const w = new Worker(entry.url, {
            workerData: { backend },
            execArgv: entry.bundled ? [] : process.execArgv,
          })
          const onMsg = (m: { ready?: boolean }) => {
            if (m.ready) {
              w.off('message', onMsg)
              resolve(w)
            }
          }
          w.on('message', onMsg)
          w.once('error', reject)
        }),
    ),
  )
  const startMs = performance.now() - t0
  return {
    startMs,
    async run(config, seeds) {
      const queue = [...seeds],
        out: SeedResult[] = []
      await Promise.all(
        workers.map(async (w) => {
          for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
            out.push(
              await new Promise<SeedResult>((resolve, reject) => {
                // a crashed worker (error, out of memory, exit) must fail the run, not hang it
                const onError = (e: Error) => {
                  cleanup()
                  reject(e)
                }
                const onExit = (code: number) => {
                  cleanup()
                  reject(new Error(`bench worker exited with code ${code} during seed ${s}`))
                }
                const onMessage = (m: { ok: boolean; res: SeedResult; error?: string }) => {
                  cleanup()
                  if (m.ok) resolve(m.res)
                  else reject(new Error(m.error))
                }
                const cleanup = () => {
                  w.off('error', onError)
                  w.off('exit', onExit)
                  w.off('message', onMessage)
                }
                w.on('error', onError)
                w.on('exit', onExit)
                w.on('message', onMessage)
                w.postMessage({ config, seed: s })
              }),
            )
          }
        }),
      )
      return out.sort((a, b) => a.seed - b.seed)
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()))
    },
  }
}
