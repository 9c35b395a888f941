/**
 * npm run bench — every benchmark section of BENCHMARKS.md in one run (issue 17), in this order:
 *   startup    start-up of each command (startup-bench.ts)                                   ≈ 0.5 min
 *   w1         W1, passk-lab vs the numpy peer, 1 thread and workers (w1-bench.ts)            ≈ 1–2 min
 *   vae        the VAE training loop vs its numpy peer (vae-bench.ts, a child process)        ≈ 1 min
 *   ingestion  sources/llm-logs at 10⁷ rows: JSONL 1 thread / 2 workers, Parquet cold (llm-logs-bench.ts)
 *              ≈ 2 min, plus ≈ 0.5 min once to generate the files (cached under os.tmpdir())
 * Each section is rewritten in BENCHMARKS.md with its run history kept (a row added per run).
 *   node --conditions=@passk/source --import tsx tools/bench/src/bench.ts [options]
 *   --only W             all (default) | startup | w1 | vae | ingestion (alias llm-logs); comma-separated for several
 *   --startup-repeats R  rounds of the start-up benchmark (default 7, at least 5)
 *   --repeats R          W1 repeats of each side (default 3), interleaved so all sides see the same load
 *   --quick              W1 in the numpy peer's --quick configuration (d = 64; BENCHMARKS.md is not written)
 *   --workers W          W1 worker threads besides the main thread (default cores − 1)
 *   --backend B          linalg kernels: auto (default: native, else wasm) | js | wasm | native
 *   --no-numpy           W1 without the numpy peer
 *   --vae-epochs E       epochs of the VAE bench (default: its own, 6)
 *   --rows N, --repeat R ingestion rows (default 10⁷) and repeats (default 3); --fresh regenerates its files
 *   --no-write           print only, do not update BENCHMARKS.md
 * Output: a progress line per workload on stdout, each workload's table, and one JSON summary (last line).
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { KernelBackend } from '@passk/linalg'
import { benchWorkerEntry, cliBundleFresh } from './pool.js'
import { load1 } from './benchmarks-md.js'

const argv = process.argv.slice(2)
const flag = (n: string) => argv.includes(n)
const opt = (n: string, dflt: string) => {
  const i = argv.indexOf(n)
  return i >= 0 && argv[i + 1] ? argv[i + 1] : dflt
}
const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '../../..')
const WORKLOADS = ['startup', 'w1', 'vae', 'ingestion'] as const
type Workload = (typeof WORKLOADS)[number]
const asked = opt('--only', 'all')
  .split(',')
  .map((s) => (s === 'llm-logs' ? 'ingestion' : s.toLowerCase()))
const unknown = asked.filter((w) => w !== 'all' && !(WORKLOADS as readonly string[]).includes(w))
if (unknown.length) {
  console.error(`bench: unknown workload "${unknown.join(', ')}" (available: all, ${WORKLOADS.join(', ')})`)
  process.exit(2)
}
const selected: Workload[] = asked.includes('all') ? [...WORKLOADS] : WORKLOADS.filter((w) => asked.includes(w))
const write = !flag('--no-write')
const t00 = performance.now()
const since = () => `${((performance.now() - t00) / 1000).toFixed(0)} s`
const progress = (i: number, w: string, what: string) =>
  console.log(`[bench ${i + 1}/${selected.length} ${w}] ${what} (at ${since()}, load ${load1().toFixed(2)})`)
const summary: Record<string, unknown> = { started: new Date().toISOString(), workloads: selected }

// The W1 pool worker and the CLI start from esbuild bundles; a stale bundle would time tsx's transpiling.
if (
  (selected.includes('w1') || selected.includes('startup')) &&
  !(benchWorkerEntry().bundled && cliBundleFresh(repoRoot))
) {
  console.log('[bench] the esbuild bundles are absent or older than the sources: building them (npm run build:cli)')
  const b = spawnSync(process.execPath, [path.join(repoRoot, 'apps/tui/build/bundle.mjs')], {
    cwd: repoRoot,
    stdio: 'inherit',
  })
  if (b.status !== 0) console.log('[bench] the build failed: workers and the CLI run from the TypeScript sources')
}

for (const [i, w] of selected.entries()) {
  progress(i, w, 'start')
  const t0 = performance.now()
  if (w === 'startup') {
    const { runStartupBench } = await import('./startup-bench.js')
    summary['startup'] = await runStartupBench({ repeats: Number(opt('--startup-repeats', '7')), write })
  } else if (w === 'w1') {
    const { runW1Bench } = await import('./w1-bench.js')
    summary['w1'] = await runW1Bench({
      repoRoot,
      quick: flag('--quick'),
      repeats: Number(opt('--repeats', '3')),
      ...(argv.includes('--workers') ? { workers: Number(opt('--workers', '3')) } : {}),
      backend: opt('--backend', 'auto') as KernelBackend,
      numpy: !flag('--no-numpy'),
      write,
    })
  } else if (w === 'vae') {
    // vae-bench.ts (engineer "kernels") runs as a script: a child process, its output passed through
    const args = [
      '--conditions=@passk/source',
      '--import',
      'tsx',
      path.join(here, 'vae-bench.ts'),
      ...(argv.includes('--vae-epochs') ? ['--epochs', opt('--vae-epochs', '6')] : []),
      ...(write ? [] : ['--no-write']),
    ]
    const r = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: 'inherit' })
    summary['vae'] = { exitCode: r.status }
    if (r.status !== 0) console.log(`[bench vae] vae-bench.ts exited with code ${r.status}`)
  } else {
    const { runLlmLogsBench } = await import('./llm-logs-bench.js')
    summary['ingestion'] = await runLlmLogsBench({
      repoRoot,
      rows: Number(opt('--rows', '10000000')),
      repeat: Number(opt('--repeat', '3')),
      fresh: flag('--fresh'),
      write,
    })
  }
  progress(i, w, `done in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
}
summary['totalS'] = (performance.now() - t00) / 1000
console.log(`[bench] all done in ${since()}${write ? '; BENCHMARKS.md updated' : ''}`)
console.log(JSON.stringify(summary))
