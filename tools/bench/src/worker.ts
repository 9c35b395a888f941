/** Worker thread: runs W1 tasks on request (pool.ts sends {id, task, config, sb?}; sb once per seed). */
import { parentPort, workerData } from 'node:worker_threads'
import { setKernelBackend, type KernelBackend } from '@passk/linalg'
import { planW1, runTask, type SeedBuffers, type W1Config, type W1Plan, type W1Task } from './w1.js'

const { backend } = workerData as { backend: KernelBackend }
setKernelBackend(backend)

const seeds = new Map<number, SeedBuffers>()
let plan: { key: string; p: W1Plan } | undefined

parentPort!.on('message', (msg: { id: number; task: W1Task; config: W1Config; sb?: SeedBuffers }) => {
  try {
    const key = JSON.stringify(msg.config)
    if (plan?.key !== key) plan = { key, p: planW1(msg.config) }
    if (msg.sb) seeds.set(msg.task.seed, msg.sb)
    const timing = runTask(plan.p, seeds.get(msg.task.seed)!, msg.task)
    parentPort!.postMessage({ id: msg.id, timing })
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
  }
})
parentPort!.postMessage({ ready: true })
