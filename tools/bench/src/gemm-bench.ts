/**
 * Kernel micro-benchmark (issue 17): @passk/linalg dgemmEx / dsyrkPanel GFLOP/s at the shapes the VAE's
 * training step (batch 128, 784-400-20-400-784) and W1 (d = 512: predict Θ·X_testᵀ, Gram XᵀX) use, against
 * numpy's matmul with one OpenBLAS thread on the same shapes, in one run. GFLOP/s from process CPU time
 * (user + system) over repeated calls after a warm-up, best of 5 rounds on each side; 2·m·n·k flops per product
 * (also for the symmetric Gram XᵀX, which both sides compute as a syrk: half the flops, counted as the full
 * product on both sides); n³/3 for the Cholesky factorisation (ours dpotrf, numpy np.linalg.cholesky).
 *   node --conditions=@passk/source --import tsx tools/bench/src/gemm-bench.ts [--backend native,wasm,js]
 * (one column per backend, the ratio for the first; default the current one: native where the addon is built)
 * or `runGemmBench()` from another script (returns the rows and a text table).
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { dgemmEx, dpotrf, dsyrkPanel, kernelBackend, setKernelBackend, type KernelBackend } from '@passk/linalg'
import { load1 } from './benchmarks-md.js'

export interface GemmShape {
  /** what uses it */
  use: string
  op: 'NN' | 'NT' | 'TN' | 'syrk' | 'potrf'
  m: number
  n: number
  k: number
}

/** The VAE's ten products per batch of 128 (the small 20-wide ones are left out) and W1's two kernels. */
export const GEMM_SHAPES: GemmShape[] = [
  { use: 'VAE enc h1 = x·W1ᵀ', op: 'NT', m: 128, n: 400, k: 784 },
  { use: 'VAE dec logits = h3·W4ᵀ', op: 'NT', m: 128, n: 784, k: 400 },
  { use: 'VAE enc e = h1·W2ᵀ', op: 'NT', m: 128, n: 40, k: 400 },
  { use: 'VAE grad W4 = dlᵀ·h3', op: 'TN', m: 784, n: 400, k: 128 },
  { use: 'VAE grad W1 = dh1ᵀ·x', op: 'TN', m: 400, n: 784, k: 128 },
  { use: 'VAE back dh3 = dl·W4', op: 'NN', m: 128, n: 400, k: 784 },
  { use: 'VAE back dh1 = de·W2', op: 'NN', m: 128, n: 400, k: 40 },
  { use: 'W1 predict Θ·X_testᵀ', op: 'NT', m: 16, n: 4096, k: 512 },
  { use: 'W1 Gram XᵀX (1024 rows)', op: 'syrk', m: 512, n: 512, k: 1024 },
  { use: 'W1 Cholesky (d = 512)', op: 'potrf', m: 512, n: 512, k: 512 },
]

export interface GemmRow extends GemmShape {
  /** GFLOP/s of the first backend measured */
  oursGflops: number
  numpyGflops: number
  /** GFLOP/s per backend measured ('native', 'wasm', 'js') */
  byBackend: Record<string, number>
}

/** Timed rounds per shape and side; the best round is reported (robust to other processes on the shared cores). */
const ROUNDS = 5

function fill(n: number, seed: number): Float64Array {
  const a = new Float64Array(n)
  let s = seed
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0
    a[i] = s / 4294967296 - 0.5
  }
  return a
}

function oursGflops(s: GemmShape): number {
  const { m, n, k } = s
  const flops = s.op === 'potrf' ? (m * m * m) / 3 : 2 * m * n * k
  let call: () => void
  if (s.op === 'potrf') {
    const x = fill(2 * m * m, 3),
      g = new Float64Array(m * m),
      u = new Float64Array(m * m),
      w = new Float64Array(m * 64)
    dsyrkPanel(m, 2 * m, 1 / (2 * m), x, 0, m, g, 0, m)
    for (let i = 0; i < m; i++) g[i * m + i] += 1
    call = () => {
      u.set(g)
      if (dpotrf(m, u, m, w) !== 0) throw new Error('gemm-bench: the SPD test matrix did not factor')
    }
  } else if (s.op === 'syrk') {
    const x = fill(k * m, 1),
      g = new Float64Array(m * m)
    call = () => dsyrkPanel(m, k, 1, x, 0, m, g, 0, m)
  } else {
    const ta = s.op === 'TN',
      tb = s.op === 'NT'
    const a = fill(m * k, 1),
      b = fill(k * n, 2),
      c = new Float64Array(m * n)
    const lda = ta ? m : k,
      ldb = tb ? k : n
    call = () => dgemmEx(ta, tb, m, n, k, 1, a, 0, lda, b, 0, ldb, 0, c, 0, n)
  }
  const reps = Math.max(3, Math.ceil(1e8 / flops))
  for (let i = 0; i < 3 * reps; i++) call() // warm-up (and WebAssembly tier-up)
  let best = 0
  for (let round = 0; round < ROUNDS; round++) {
    const c0 = process.cpuUsage()
    for (let i = 0; i < reps; i++) call()
    const u = process.cpuUsage(c0)
    best = Math.max(best, (flops * reps) / ((u.user + u.system) / 1e6) / 1e9)
  }
  return best
}

/** numpy 1-thread GFLOP/s for every shape, one python3 process. */
function numpyGflops(shapes: GemmShape[]): number[] {
  const script = `
import os, json, sys, time
import numpy as np
rng = np.random.default_rng(1)
out = []
for op, m, n, k in json.loads(sys.argv[1]):
    if op == 'potrf':
        x = rng.random((2 * m, m)) - 0.5
        g = x.T @ x / (2 * m) + np.eye(m)
        f = lambda: np.linalg.cholesky(g)
    elif op == 'syrk':
        x = rng.random((k, m)) - 0.5
        f = lambda: x.T @ x
    elif op == 'NT':
        a = rng.random((m, k)) - 0.5; b = rng.random((n, k)) - 0.5
        f = lambda: a @ b.T
    elif op == 'TN':
        a = rng.random((k, m)) - 0.5; b = rng.random((k, n)) - 0.5
        f = lambda: a.T @ b
    else:
        a = rng.random((m, k)) - 0.5; b = rng.random((k, n)) - 0.5
        f = lambda: a @ b
    flops = m ** 3 / 3 if op == 'potrf' else 2 * m * n * k
    reps = max(3, -(-100000000 // flops))
    for _ in range(3 * reps): f()
    best = 0
    for _ in range(${ROUNDS}):
        c0 = time.process_time()
        for _ in range(reps): f()
        best = max(best, flops * reps / (time.process_time() - c0) / 1e9)
    out.append(best)
print(json.dumps(out))
`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPENBLAS_NUM_THREADS: '1',
    OMP_NUM_THREADS: '1',
    MKL_NUM_THREADS: '1',
  }
  // as in vae-bench: these two slow a current OpenBLAS on this machine; unset for the peer only
  delete env.OPENBLAS_CORETYPE
  delete env.OPENBLAS_L2_SIZE
  const arg = JSON.stringify(shapes.map((s) => [s.op, s.m, s.n, s.k]))
  const out = execFileSync('python3', ['-c', script, arg], { encoding: 'utf8', env })
  return JSON.parse(out.trim().split('\n').at(-1) ?? '[]') as number[]
}

/**
 * Run every shape on our kernels and on numpy 1-thread; returns the rows and a text table. `backends` (default: the
 * current one) are measured in turn, one column each; the ratio column is the first backend's. The backend in
 * force before the call is restored.
 */
export function runGemmBench(
  shapes: GemmShape[] = GEMM_SHAPES,
  backends: KernelBackend[] = [kernelBackend()],
): { rows: GemmRow[]; table: string[]; load: number } {
  const before = kernelBackend()
  const ours: Record<string, number[]> = {}
  for (const b of backends) {
    setKernelBackend(b)
    ours[kernelBackend()] = shapes.map(oursGflops)
  }
  setKernelBackend(before)
  const names = Object.keys(ours)
  const np = numpyGflops(shapes)
  const rows = shapes.map((s, i) => ({
    ...s,
    oursGflops: ours[names[0]][i],
    numpyGflops: np[i],
    byBackend: Object.fromEntries(names.map((b) => [b, ours[b][i]])),
  }))
  const cols = names.map((b) => `${b} GFLOP/s`.padStart(13)).join('  ')
  const table = [
    `shape                              op    m×n×k           ${cols}  numpy 1-thr  ${names[0]}/numpy`,
    ...rows.map(
      (r) =>
        `${r.use.padEnd(34)} ${r.op.padEnd(5)} ${`${r.m}×${r.n}×${r.k}`.padEnd(15)} ${names.map((b) => r.byBackend[b].toFixed(1).padStart(13)).join('  ')}  ${r.numpyGflops.toFixed(1).padStart(11)}  ${(r.oursGflops / r.numpyGflops).toFixed(2).padStart(8 + names[0].length)}`,
    ),
  ]
  return { rows, table, load: load1() }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const argv = process.argv.slice(2)
  const i = argv.indexOf('--backend')
  const backends = i >= 0 ? ((argv[i + 1] ?? 'auto').split(',') as KernelBackend[]) : undefined
  const before = load1()
  const r = runGemmBench(GEMM_SHAPES, backends)
  console.log(r.table.join('\n'))
  console.log(`GFLOP/s from process CPU time; load average ${before} → ${r.load} (2 cores, shared)`)
}
