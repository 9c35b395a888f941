import { dsyrkRows, dpotrf, setKernelBackend } from '../../../packages/linalg/src/index.ts'
const d = 512, n = 2048
const x = new Float64Array(n * d); for (let i = 0; i < x.length; i++) x[i] = Math.random() - 0.5
const g = new Float64Array(d * d); dsyrkRows(d, x, 0, n, g)
const cpu = (f: () => void) => { const c = process.cpuUsage(); f(); const u = process.cpuUsage(c); return (u.user + u.system) / 1000 }
for (const be of ['wasm', 'js', 'wasm'] as const) {
  setKernelBackend(be)
  const ts: number[] = []
  for (let r = 0; r < 8; r++) { const a = g.slice(); ts.push(cpu(() => dpotrf(d, a))) }
  console.log(be, 'dpotrf(512) cpu ms: best', Math.min(...ts).toFixed(1), 'all', ts.map((t) => t.toFixed(0)).join(' '))
}
