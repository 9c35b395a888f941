/**
 * npm run bench — passk-lab vs the numpy peer on workload W1 (issue 3), in the same run.
 *   node --conditions=@passk/source --import tsx tools/bench/src/bench.ts [options]
 *   --quick            the numpy peer's --quick configuration (d = 64, 8 N values, 512 test points)
 *   --only W           all (default: startup, then W1) | w1 | startup (start-up of each command, startup-bench.ts)
 *   --startup-repeats R  rounds of the start-up benchmark (default 7, at least 5)
 *   --repeats R        repeats of each side (default 3), interleaved (ours, numpy, ours, numpy, …) so both
 *                      see the same load; the minimum is reported (the machine is shared)
 *   --workers W        worker threads across seeds (default: one per seed, so 3 seeds share the 2 cores
 *                      evenly instead of the third seed running alone; 0 = everything in the main thread)
 *   --backend B        linalg Gram kernel: auto (default) | js | wasm
 *   --no-numpy         skip the numpy peer
 *   --no-write         do not update BENCHMARKS.md
 * Output: a table on stderr-free stdout, then one JSON document (last line).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { setKernelBackend, kernelBackend, type KernelBackend } from '@passk/linalg'
import { localSlope, betaEffSaturation } from '@passk/fitters'
import { createTestContext } from '@passk/core/testing'
import type { Curve, Fit } from '@passk/core'
import { W1, W1_QUICK, linfCurve, nsOf, ksOf, runSeed, type SeedResult, type W1Config } from './w1.js'
import { createPool } from './pool.js'
import { machineInfo } from './machine.js'

const argv = process.argv.slice(2)
const flag = (n: string) => argv.includes(n)
const opt = (n: string, dflt: string) => {
  const i = argv.indexOf(n)
  return i >= 0 && argv[i + 1] ? argv[i + 1] : dflt
}
const quick = flag('--quick')
const only = opt('--only', 'all')
const repeats = Math.max(1, Number(opt('--repeats', '3')))
const backend = opt('--backend', 'auto') as KernelBackend
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const peerDir = path.resolve(repoRoot, '../shared/bench')

if (!['all', 'w1', 'startup'].includes(only)) {
  console.error(`bench: unknown workload "${only}" (available: all, w1, startup)`)
  process.exit(2)
}
if (only !== 'w1') {
  const { runStartupBench } = await import('./startup-bench.js')
  await runStartupBench({ repeats: Number(opt('--startup-repeats', '7')), write: !flag('--no-write') })
  if (only === 'startup') process.exit(0)
}
setKernelBackend(backend)
const cfg: W1Config = quick ? W1_QUICK : W1
const nWorkers = Math.max(0, Number(opt('--workers', String(cfg.seeds))))

const PHASES = ['data_gen', 'ridge_fits', 'predict', 'passk_exact', 'beta_eff_slopes', 'beta_eff_fit'] as const

interface OurRun {
  wallMs: number
  cpuMs: number
  phaseMs: Record<string, number>
  seeds: SeedResult[]
  betaEff: number[]
  fit: Fit | null
  fitError: string | null
}

function betaEffPhase(
  c: W1Config,
  seeds: SeedResult[],
  phaseMs: Record<string, number>,
): Pick<OurRun, 'betaEff' | 'fit' | 'fitError'> {
  const nN = nsOf(c).length,
    nK = ksOf(c).length
  let t0 = performance.now()
  const mean = new Float64Array(nN * nK)
  for (const s of seeds) for (let i = 0; i < mean.length; i++) mean[i] += s.linf[i] / seeds.length
  const ctx = createTestContext({ seed: 1 })
  const opts = localSlope.options.parse({ k1: c.kWindow[0], k2: c.kWindow[1] })
  const slopeCurve = localSlope.run(linfCurve(c, mean, 'mean', 0), opts, ctx) as Curve
  // per-seed slopes (numpy computes them for the seed-to-seed spread)
  for (const s of seeds) {
    void localSlope.run(linfCurve(c, s.linf, `seed-${s.seed}`, 0), opts, ctx)
  }
  phaseMs['beta_eff_slopes'] = performance.now() - t0
  t0 = performance.now()
  let fit: Fit | null = null,
    fitError: string | null = null
  try {
    const curve = slopeCurve.kind === 'Curve' ? slopeCurve : (slopeCurve as unknown as { source: Curve }).source
    fit = betaEffSaturation.run(curve, betaEffSaturation.options.parse({}), ctx) as Fit
    void betaEffSaturation.run(curve, betaEffSaturation.options.parse({ fixBeta: c.beta }), ctx)
  } catch (e) {
    fitError = e instanceof Error ? e.message : String(e)
  }
  phaseMs['beta_eff_fit'] = performance.now() - t0
  return { betaEff: slopeCurve.series[0]?.y ?? [], fit, fitError }
}

async function runOurs(
  between: () => void,
): Promise<{ runs: OurRun[]; poolStartMs: number; passkSource: string | null }> {
  const pool = nWorkers > 0 ? await createPool(nWorkers, backend) : null
  const seeds = Array.from({ length: cfg.seeds }, (_, r) => r)
  const runs: OurRun[] = []
  try {
    for (let rep = 0; rep < repeats; rep++) {
      const t0 = performance.now(),
        c0 = process.cpuUsage()
      const res = pool ? await pool.run(cfg, seeds) : seeds.map((r) => runSeed(cfg, r, kernelBackend()))
      const phaseMs: Record<string, number> = {}
      for (const s of res) for (const [k, v] of Object.entries(s.ms)) phaseMs[k] = (phaseMs[k] ?? 0) + v
      const be = betaEffPhase(cfg, res, phaseMs)
      const cu = process.cpuUsage(c0)
      runs.push({ wallMs: performance.now() - t0, cpuMs: (cu.user + cu.system) / 1000, phaseMs, seeds: res, ...be })
      between()
    }
  } finally {
    await pool?.close()
  }
  return { runs, poolStartMs: pool?.startMs ?? 0, passkSource: "evaluators/passk-target (mode 'test-set')" }
}

interface NumpyOut {
  min_s: Record<string, number>
  median_s: Record<string, number>
  runs: Record<string, number>[]
  checks: Record<string, unknown>
}
interface NumpyState {
  out: NumpyOut | null
  info: Record<string, unknown> | null
  note: string
}

/**
 * One numpy peer run (--repeats 1) after each of our runs, so both sides see the same load on this
 * shared machine; min and median are then taken over those runs here.
 */
function numpyRunner(): { once(): void; result(): NumpyState } {
  const script = path.join(peerDir, 'lid_w1_numpy.py')
  const skip = flag('--no-numpy') ? 'skipped (--no-numpy)' : existsSync(script) ? null : `skipped: ${script} not found`
  const args = [script, '--threads', '1', '--repeats', '1', '--no-extras', ...(quick ? ['--quick'] : [])]
  const runs: Record<string, number>[] = []
  let info: Record<string, unknown> | null = null,
    checks: Record<string, unknown> = {}
  return {
    once() {
      if (skip) return
      const raw = execFileSync('python3', args, { encoding: 'utf8', maxBuffer: 64 << 20 })
      const j = JSON.parse(raw) as { W1: { runs: Record<string, number>[]; checks: Record<string, unknown> } } & Record<
        string,
        unknown
      >
      const { W1: w1, W1_config: _c, ...rest } = j
      runs.push(...w1.runs)
      checks = w1.checks
      info = rest
    },
    result() {
      if (skip || runs.length === 0) return { out: null, info: null, note: skip ?? 'no runs' }
      const phases = Object.keys(runs[0])
      const med = (v: number[]) => {
        const a = [...v].sort((x, y) => x - y)
        return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2
      }
      const min_s = Object.fromEntries(phases.map((p) => [p, Math.min(...runs.map((r) => r[p]))]))
      const median_s = Object.fromEntries(phases.map((p) => [p, med(runs.map((r) => r[p]))]))
      return {
        out: { min_s, median_s, runs, checks },
        info,
        note: `python3 ${path.relative(repoRoot, script)} ${args.slice(1).join(' ')} (once after each of our ${repeats} runs)`,
      }
    },
  }
}

const minOf = (xs: number[]) => Math.min(...xs)
const fmt = (s: number | null | undefined) => (s === null || s === undefined ? '—' : s.toFixed(3))

const machine = machineInfo()
const started = new Date().toISOString()
const loadBefore = os.loadavg()[0]
const peer = numpyRunner()
const ours = await runOurs(() => peer.once())
const numpy = peer.result()
const loadAfter = os.loadavg()[0]

const best = ours.runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a))
const ourMin: Record<string, number | null> = {}
for (const p of PHASES) {
  const v = ours.runs.map((r) => r.phaseMs[p]).filter((x): x is number => x !== undefined)
  ourMin[p] = v.length ? minOf(v) / 1000 : null
}
const ourWall = minOf(ours.runs.map((r) => r.wallMs)) / 1000
const np = numpy.out
const partial = ours.passkSource === null
// When our pass@k phase is missing, compare against numpy without its pass@k (and β_eff) phases too.
const npComparable = np
  ? partial
    ? np.min_s['total'] -
      (np.min_s['passk_exact'] ?? 0) -
      (np.min_s['beta_eff_slopes'] ?? 0) -
      (np.min_s['beta_eff_fit'] ?? 0)
    : np.min_s['total']
  : null
const ratio = npComparable ? ourWall / npComparable : null

// The workloads must match: same N grid as the peer (numpy rounds half to even, we round half up).
const npGrid = (np?.checks['N_grid'] as number[] | undefined) ?? null
const gridNote =
  npGrid === null
    ? ''
    : JSON.stringify(npGrid) === JSON.stringify(nsOf(cfg))
      ? 'N grid identical to the numpy peer'
      : `N GRID DIFFERS from numpy: ours ${nsOf(cfg).join(',')} vs ${npGrid.join(',')}`
// In process (--workers 0) the process CPU clock is this thread's: report CPU seconds per phase too.
const cpuMin: Record<string, number | null> = {}
if (nWorkers === 0)
  for (const p of PHASES) {
    const v = ours.runs.map((r) => r.seeds.reduce((a, s) => a + (s.cpuMs[p] ?? 0), 0)).filter((x) => x > 0)
    cpuMin[p] = v.length ? minOf(v) / 1000 : null
  }
const rows: [string, string, string][] = PHASES.map((p) => [
  p,
  fmt(ourMin[p]) + (nWorkers === 0 && cpuMin[p] != null ? ` (cpu ${fmt(cpuMin[p])})` : ''),
  fmt(np?.min_s[p]),
])
const table = [
  `W1${quick ? ' (quick)' : ''}: d=${cfg.d}, ${nsOf(cfg).length} N in ${nsOf(cfg)[0]}…${nsOf(cfg).at(-1)}, n_test=${cfg.nTest}, ${ksOf(cfg).length} k, ${cfg.seeds} seeds; min over ${repeats} repeats`,
  `${'phase'.padEnd(18)} ${'passk-lab s (Σ seeds)'.padStart(22)} ${'numpy s (1 thread)'.padStart(19)}   (ours: each seed's phase wall time, summed; seeds overlap)`,
  ...rows.map(([p, a, b]) => `${p.padEnd(18)} ${a.padStart(22)} ${b.padStart(19)}`),
  `${'wall total'.padEnd(18)} ${ourWall.toFixed(3).padStart(22)} ${fmt(np?.min_s['total']).padStart(19)}`,
  `ratio passk-lab / numpy = ${ratio === null ? '—' : ratio.toFixed(2)}${partial ? ' (PARTIAL: pass@k and β_eff phases missing on our side; compared with numpy minus those phases)' : ''}`,
  ...(gridNote ? [gridNote] : []),
  `process CPU time of our fastest run: ${(best.cpuMs / 1000).toFixed(3)} s over all threads (so ≥ ${(best.cpuMs / 2000).toFixed(2)} s of wall on 2 idle cores)`,
  `first (cold JIT) run ${(ours.runs[0].wallMs / 1000).toFixed(3)} s; all runs ${ours.runs.map((r) => (r.wallMs / 1000).toFixed(2)).join(', ')} s`,
  `1-min load average ${loadBefore.toFixed(1)} before / ${loadAfter.toFixed(1)} after (${machine.nproc} cores)`,
  `workers: ${nWorkers} (start-up ${ours.poolStartMs.toFixed(0)} ms, not timed, like numpy's import), Gram kernel: ${kernelBackend()}`,
]
console.log(table.join('\n'))

const summary = {
  workload: (quick ? 'W1-quick' : 'W1') + (nWorkers === 0 ? '-in-process' : ''),
  started,
  repeats,
  workers: nWorkers,
  backend: kernelBackend(),
  passkLab: {
    wallMinS: ourWall,
    wallS: ours.runs.map((r) => r.wallMs / 1000),
    phaseMinS: ourMin,
    ...(nWorkers === 0 ? { phaseCpuMinS: cpuMin } : {}),
    workerStartS: ours.poolStartMs / 1000,
    passkSource: ours.passkSource,
    cpuS: ours.runs.map((r) => r.cpuMs / 1000),
    checks: {
      lgenTestLast: best.seeds.reduce((a, s) => a + s.lgenTest.at(-1)! / best.seeds.length, 0),
      betaEffLast: best.betaEff.at(-1) ?? null,
      fitError: best.fitError,
    },
  },
  numpy: np
    ? {
        totalMinS: np.min_s['total'],
        phaseMinS: np.min_s,
        medianS: np.median_s,
        checks: np.checks,
        command: numpy.note,
      }
    : { note: numpy.note },
  ratio,
  partial,
  comparableNumpyS: npComparable,
  loadAverage: { before: loadBefore, after: loadAfter },
  machine,
  numpyInfo: numpy.info,
}

if (!flag('--no-write')) writeBenchmarksMd(summary, table)
console.log(JSON.stringify(summary))

function writeBenchmarksMd(s: typeof summary, tbl: string[]): void {
  const file = path.join(repoRoot, 'BENCHMARKS.md')
  const blas = (s.numpyInfo as { blas?: { numpy_blas?: unknown; loaded_openblas_pools?: unknown } } | null)?.blas
  let section = [
    `<!-- bench:${s.workload} -->`,
    `## ${s.workload}: LID pipeline, passk-lab vs numpy (same run)`,
    '',
    `Run ${s.started} with \`npm run bench${quick ? ' -- --quick' : ''}\`. Minimum over ${s.repeats} repeats on each side, interleaved (ours, numpy, ours, …) so both see the same load: other engineers' tests share this 2-core machine (load average in the table), so medians are noisier.`,
    '',
    '```',
    ...tbl,
    '```',
    '',
    `- **passk-lab W1 wall time: ${s.passkLab.wallMinS.toFixed(3)} s**; numpy (1 BLAS thread): ${s.numpy && 'totalMinS' in s.numpy ? `${s.numpy.totalMinS.toFixed(3)} s` : 'not run'}; **ratio ${s.ratio === null ? '—' : s.ratio.toFixed(2)}×**${s.partial ? ' — partial (see table note)' : ''}. Target ≤ 1.0×.`,
    `- passk-lab phase times are each seed's phase wall time summed over seeds (${s.workers} worker threads run the seeds concurrently, so under load a phase also counts time spent waiting for a core); the wall time is end to end after the workers are up (start-up ${s.passkLab.workerStartS.toFixed(2)} s, excluded like numpy's interpreter/import time).`,
    `- pass@k source: ${s.passkLab.passkSource ?? 'not available yet (evaluators/passk-target test-set exact): phase not timed'}.`,
    `- Machine: ${s.machine.nproc} cores (nproc), ${s.machine.cpuModel} [${s.machine.cpuFlags}], ${s.machine.memGiB} GiB, ${s.machine.platform}; Node ${s.machine.node} (V8 ${s.machine.v8}); Gram kernel ${s.backend}.`,
    `- numpy peer: ${s.numpy && 'command' in s.numpy ? s.numpy.command : s.numpy.note}; numpy ${String(s.numpyInfo?.['numpy'] ?? '?')}, BLAS ${JSON.stringify(blas?.numpy_blas ?? null)}, pools ${JSON.stringify(blas?.loaded_openblas_pools ?? null)}.`,
    `<!-- /bench:${s.workload} -->`,
  ].join('\n')
  let md = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmarks\n\nWritten by `npm run bench` (tools/bench). Each section is replaced by the next run of its workload.\n'
  const re = new RegExp(`<!-- bench:${s.workload} -->[\\s\\S]*?<!-- /bench:${s.workload} -->`)
  // Keep a history of earlier runs (newest first, at most 12) so a lucky or unlucky run does not hide the others.
  const previous = re.exec(md)?.[0] ?? ''
  const oldLines = previous.split('\n').filter((l) => l.startsWith('| 20'))
  const fmtS = (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : '—')
  const line = `| ${s.started.slice(0, 16).replace('T', ' ')} | ${fmtS(s.passkLab.wallMinS)} | ${fmtS(s.numpy && 'totalMinS' in s.numpy ? s.numpy.totalMinS : null)} | ${fmtS(s.ratio)} | ${fmtS(s.loadAverage.before)} / ${fmtS(s.loadAverage.after)} |`
  const history = [
    '',
    '### Run history (newest first)',
    '',
    '| run (UTC) | passk-lab s | numpy s | ratio | load before / after |',
    '| --- | --- | --- | --- | --- |',
    line,
    ...oldLines,
  ].slice(0, 5 + 12)
  section = section.replace(`<!-- /bench:${s.workload} -->`, `${history.join('\n')}\n<!-- /bench:${s.workload} -->`)
  md = re.test(md) ? md.replace(re, section) : `${md.trimEnd()}\n\n${section}\n`
  writeFileSync(file, md)
}
