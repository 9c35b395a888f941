import { ridgePath } from '../../../packages/estimators/src/index.ts'
import { logGrid } from '@passk/core'
import { setKernelBackend, dsyrkRows } from '../../../packages/linalg/src/index.ts'
const d = 512, n = 16384
const x = new Float64Array(n * d); for (let i = 0; i < x.length; i++) x[i] = (Math.random() - 0.5) / (1 + (i % d))
const y = new Float64Array(n).map(() => Math.random())
const ns = logGrid(32, 16384, 16, true)
const cpu = (f: () => void) => { const c = process.cpuUsage(); f(); const u = process.cpuUsage(c); return (u.user + u.system) / 1000 }
for (const be of ['wasm', 'js'] as const) {
  setKernelBackend(be)
  const ts: number[] = [], tg: number[] = []
  for (let r = 0; r < (be === 'js' ? 2 : 4); r++) {
    ts.push(cpu(() => ridgePath({ d, x, y, ns, lambdas: ns.map(() => 1e-9), dual: 'auto' })))
    tg.push(cpu(() => dsyrkRows(d, x, 0, n, new Float64Array(d * d))))
  }
  console.log(be, 'ridgePath W1 seed cpu ms best', Math.min(...ts).toFixed(0), '| Gram alone best', Math.min(...tg).toFixed(0), '| all', ts.map((t) => t.toFixed(0)).join(' '))
}
