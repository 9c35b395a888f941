/** Worker thread: runs W1 seeds on request (the pool in pool.ts sends {config, seed}). */
import { parentPort, workerData } from 'node:worker_threads'
import { setKernelBackend, kernelBackend, type KernelBackend } from '@passk/linalg'
import { runSeed, type W1Config } from './w1.js'

const { backend } = workerData as { backend: KernelBackend }
setKernelBackend(backend)

parentPort!.on('message', (msg: { config: W1Config; seed: number }) => {
  try {
    const res = runSeed(msg.config, msg.seed, kernelBackend())
    parentPort!.postMessage({ ok: true, res }, [
      res.linf.buffer as ArrayBuffer,
      res.lgenTest.buffer as ArrayBuffer,
      res.lgenPop.buffer as ArrayBuffer,
    ])
  } catch (e) {
    parentPort!.postMessage({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
  }
})
parentPort!.postMessage({ ready: true })
