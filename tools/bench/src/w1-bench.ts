/**
 * W1 (issue 3; honest reporting, issue 17 target 2): passk-lab against the numpy peer
 * (../shared/bench/lid_w1_numpy.py through peers/w1_numpy_cpu.py, which adds its CPU time) in one run.
 * Each repeat runs four things back to back, so all see the same load on this shared machine:
 *   1. ours, W worker threads + the main thread sharing W1's task graph (w1.ts planW1; by default W = cores − 1,
 *      the workers take data generation and Gram chunks, the main thread any task): a FRESH pool each repeat,
 *      so the wall time includes worker
 *      start-up; CPU = process.cpuUsage() over start-up + run (every thread of the process, workers too);
 *   2. numpy with 1 BLAS thread (wall and CPU of its W1 run; interpreter start and imports excluded);
 *   3. ours on ONE thread (everything in the main thread: the like-for-like comparison with 2, the headline);
 *   4. numpy with its default BLAS threads.
 * Minimum over repeats of each figure. Targets (issue 17): (a) CPU ≤ 1.0× numpy single-threaded,
 * (b) wall with worker start-up ≤ 0.8× numpy with its default threads.
 */
import { execFileSync } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { setKernelBackend, kernelBackend, type KernelBackend } from '@passk/linalg'
import { localSlope, betaEffSaturation } from '@passk/fitters'
import { createTestContext } from '@passk/core/testing'
import type { Curve } from '@passk/core'
import {
  W1,
  W1_QUICK,
  linfCurve,
  nsOf,
  ksOf,
  planW1,
  runW1InProcess,
  type SeedResult,
  type W1Config,
  type W1RunResult,
  type W1Task,
} from './w1.js'
import { benchWorkerEntry, createPool } from './pool.js'
import { machineInfo } from './machine.js'
import { load1, writeSection } from './benchmarks-md.js'

export interface W1BenchOptions {
  repoRoot: string
  quick?: boolean
  repeats?: number
  /** Worker threads sharing W1's task graph with the main thread (default os.availableParallelism() − 1). */
  workers?: number
  /**
   * The main thread runs tasks too (default true): it takes every kind, the workers only data generation
   * and Gram chunks (WORKER_KINDS), so a fresh worker JIT-compiles only those kernels.
   */
  mainThread?: boolean
  backend?: KernelBackend
  numpy?: boolean
  write?: boolean
  log?: (line: string) => void
}

/** What the workers take when the main thread works too (the rest, solves / predictions / pass@k, is ~25% of CPU). */
const WORKER_KINDS: W1Task['kind'][] = ['gen', 'gram']

const PHASES = ['data_gen', 'ridge_fits', 'predict', 'passk_exact', 'beta_eff_slopes', 'beta_eff_fit'] as const

interface OurRun {
  wallS: number
  cpuS: number
  startS: number
  phaseS: Record<string, number>
  /** Phase → CPU s of the threads that ran its tasks (absent for the beta_eff phases, main thread). */
  phaseCpuS?: Record<string, number>
  /** Worker runs: CPU s of the main thread, the workers and V8's background threads (Linux). */
  cpuSplitS?: { main: number; workers: number; background: number }
  betaEffLast: number | null
  fitError: string | null
  lgenTestLast: number
  /** Hash of every θ̂ and L_inf bit of the run (the worker and 1-thread runs must agree exactly). */
  digest: string
}

function digestOf(run: W1RunResult): string {
  let h = 0x811c9dc5
  for (const s of run.seeds)
    for (const a of [s.theta, s.linf, s.lgenTest]) {
      const u = new Uint32Array(a.buffer, a.byteOffset, a.length * 2)
      for (let i = 0; i < u.length; i++) h = Math.imul(h ^ u[i], 0x01000193)
    }
  return (h >>> 0).toString(16).padStart(8, '0')
}

interface NumpyRun {
  wallS: number
  cpuS: number
  phaseS: Record<string, number>
}

function betaEffPhase(c: W1Config, seeds: SeedResult[], phaseMs: Record<string, number>) {
  const nN = nsOf(c).length,
    nK = ksOf(c).length
  let t0 = performance.now()
  const mean = new Float64Array(nN * nK)
  for (const s of seeds) for (let i = 0; i < mean.length; i++) mean[i] += s.linf[i] / seeds.length
  const ctx = createTestContext({ seed: 1 })
  const opts = localSlope.options.parse({ k1: c.kWindow[0], k2: c.kWindow[1] })
  const slopeCurve = localSlope.run(linfCurve(c, mean, 'mean', 0), opts, ctx) as Curve
  // per-seed slopes (numpy computes them for the seed-to-seed spread)
  for (const s of seeds) void localSlope.run(linfCurve(c, s.linf, `seed-${s.seed}`, 0), opts, ctx)
  phaseMs['beta_eff_slopes'] = performance.now() - t0
  t0 = performance.now()
  let fitError: string | null = null
  try {
    const curve = slopeCurve.kind === 'Curve' ? slopeCurve : (slopeCurve as unknown as { source: Curve }).source
    void betaEffSaturation.run(curve, betaEffSaturation.options.parse({}), ctx)
    void betaEffSaturation.run(curve, betaEffSaturation.options.parse({ fixBeta: c.beta }), ctx)
  } catch (e) {
    fitError = e instanceof Error ? e.message : String(e)
  }
  phaseMs['beta_eff_fit'] = performance.now() - t0
  return { betaEffLast: slopeCurve.series[0]?.y.at(-1) ?? null, fitError }
}

function finish(cfg: W1Config, run: W1RunResult, t0: number, c0: NodeJS.CpuUsage, startS: number): OurRun {
  const phaseMs: Record<string, number> = { ...run.ms }
  const be = betaEffPhase(cfg, run.seeds, phaseMs)
  const cu = process.cpuUsage(c0)
  return {
    wallS: (performance.now() - t0) / 1000,
    cpuS: (cu.user + cu.system) / 1e6,
    startS,
    phaseS: Object.fromEntries(Object.entries(phaseMs).map(([k, v]) => [k, v / 1000])),
    phaseCpuS: Object.fromEntries(Object.entries(run.cpuMs).map(([k, v]) => [k, v / 1000])),
    ...be,
    lgenTestLast: run.seeds.reduce((a, s) => a + (s.lgenTest.at(-1) ?? NaN) / run.seeds.length, 0),
    digest: digestOf(run),
  }
}

/** CPU ms of every thread of this process (/proc/self/task/TID/schedstat), or null off Linux. */
function threadTimes(): Map<string, number> | null {
  try {
    return new Map(
      readdirSync('/proc/self/task').map((t) => [
        t,
        Number(readFileSync(`/proc/self/task/${t}/schedstat`, 'utf8').split(' ')[0]) / 1e6,
      ]),
    )
  } catch {
    return null
  }
}

/**
 * Where a worker run's CPU went: the main thread, the worker threads (new since `before`), and V8's
 * background threads (TurboFan compiling, concurrent GC); in s.
 */
function cpuSplit(before: Map<string, number> | null, after: Map<string, number> | null) {
  if (!before || !after) return undefined
  const main = String(process.pid)
  let workers = 0,
    background = 0
  for (const [t, v] of after) {
    if (t === main) continue
    if (before.has(t)) background += v - before.get(t)!
    else workers += v
  }
  return { main: (after.get(main)! - before.get(main)!) / 1000, workers: workers / 1000, background: background / 1000 }
}

/** Ours with a fresh pool of `workers` threads: wall and CPU include the workers' start-up. */
async function oursPool(cfg: W1Config, workers: number, backend: KernelBackend, mainThread: boolean): Promise<OurRun> {
  const t0 = performance.now(),
    c0 = process.cpuUsage(),
    th0 = threadTimes()
  // with mainThread the run starts at once on the main thread, and the worker joins when it has loaded
  const pool = await createPool(workers, backend, mainThread ? { mainThread, workerKinds: WORKER_KINDS } : {})
  let out: OurRun
  try {
    out = finish(cfg, await pool.run(cfg), t0, c0, NaN)
    const split = cpuSplit(th0, threadTimes())
    if (split) out.cpuSplitS = split
  } finally {
    await pool.close()
  }
  return { ...out, startS: pool.startMs / 1000 }
}

/** Ours on the main thread only (no workers). */
function oursOneThread(cfg: W1Config): OurRun {
  const t0 = performance.now(),
    c0 = process.cpuUsage()
  return finish(cfg, runW1InProcess(cfg), t0, c0, 0)
}

interface NumpyInfo {
  numpy?: string
  blas?: { numpy_blas?: unknown; loaded_openblas_pools?: { num_threads?: number; corename?: string }[] }
  checks?: { N_grid?: number[]; beta_eff_exact_last?: number; L_gen_test_last?: number }
}

function numpyOnce(script: string, threads: '1' | 'default', quick: boolean): { run: NumpyRun; info: NumpyInfo } {
  const wrapper = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../peers/w1_numpy_cpu.py')
  const args = [wrapper, script, '--threads', threads, '--repeats', '1', '--no-extras', ...(quick ? ['--quick'] : [])]
  // OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (set in this machine's environment) slow a current OpenBLAS:
  // unset both for the peer only, as the VAE bench does, so numpy runs at its best
  const env = { ...process.env }
  delete env.OPENBLAS_CORETYPE
  delete env.OPENBLAS_L2_SIZE
  const raw = execFileSync('python3', args, { encoding: 'utf8', maxBuffer: 64 << 20, env })
  const j = JSON.parse(raw) as NumpyInfo & {
    W1: { runs: Record<string, number>[]; cpu_s: number[]; checks: NonNullable<NumpyInfo['checks']> }
  }
  const r = j.W1.runs[0]
  return { run: { wallS: r['total'], cpuS: j.W1.cpu_s[0], phaseS: r }, info: { ...j, checks: j.W1.checks } }
}

const min = (xs: number[]) => (xs.length ? Math.min(...xs) : NaN)
const f3 = (s: number | undefined) => (s === undefined || !Number.isFinite(s) ? '—' : s.toFixed(3))
const f2 = (s: number | undefined) => (s === undefined || !Number.isFinite(s) ? '—' : s.toFixed(2))

export async function runW1Bench(o: W1BenchOptions): Promise<Record<string, unknown>> {
  const log = o.log ?? ((l: string) => console.log(l))
  const quick = o.quick ?? false
  const repeats = Math.max(1, o.repeats ?? 3)
  const backend = o.backend ?? 'auto'
  setKernelBackend(backend)
  const cfg: W1Config = quick ? W1_QUICK : W1
  const mainThread = o.mainThread ?? true
  const workers = Math.max(1, o.workers ?? availableParallelism() - (mainThread ? 1 : 0))
  const poolLabel = `${workers} worker${workers > 1 ? 's' : ''}${mainThread ? ' + main thread' : ''}`
  const script = path.resolve(o.repoRoot, '../shared/bench/lid_w1_numpy.py')
  const numpySkip = o.numpy === false ? 'skipped (--no-numpy)' : existsSync(script) ? null : `${script} not found`
  const machine = machineInfo()
  const started = new Date().toISOString()
  const entry = benchWorkerEntry()
  const loadBefore = load1()
  const pool: OurRun[] = [],
    one: OurRun[] = [],
    np1: NumpyRun[] = [],
    npD: NumpyRun[] = []
  let info: NumpyInfo | null = null,
    infoD: NumpyInfo | null = null
  for (let rep = 0; rep < repeats; rep++) {
    const tag = `  W1 repeat ${rep + 1}/${repeats}:`
    pool.push(await oursPool(cfg, workers, backend, mainThread))
    log(`${tag} ours ${poolLabel} ${f2(pool.at(-1)?.wallS)} s`)
    if (!numpySkip) {
      const r = numpyOnce(script, '1', quick)
      np1.push(r.run)
      info = r.info
      log(`${tag} numpy 1 thread ${f2(r.run.wallS)} s`)
    }
    one.push(oursOneThread(cfg))
    log(`${tag} ours 1 thread ${f2(one.at(-1)?.wallS)} s`)
    if (!numpySkip) {
      const r = numpyOnce(script, 'default', quick)
      npD.push(r.run)
      infoD = r.info
      log(`${tag} numpy default threads ${f2(r.run.wallS)} s`)
    }
  }
  const loadAfter = load1()

  const best = (rs: { wallS: number; cpuS: number }[]) => ({
    wall: min(rs.map((r) => r.wallS)),
    cpu: min(rs.map((r) => r.cpuS)),
  })
  const P = best(pool),
    O = best(one),
    N1 = best(np1),
    ND = best(npD)
  const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN)
  const r = {
    oneWall: ratio(O.wall, N1.wall),
    oneCpu: ratio(O.cpu, N1.cpu),
    poolCpu: ratio(P.cpu, N1.cpu),
    poolWall1: ratio(P.wall, N1.wall),
    poolWallD: ratio(P.wall, ND.wall),
  }
  const bestPool = pool.length ? pool.reduce((a, b) => (b.wallS < a.wallS ? b : a)) : undefined
  const bestSplit = bestPool?.cpuSplitS
  const met = (v: number, t: number) => (Number.isFinite(v) ? (v <= t ? 'yes' : 'NO') : '—')
  const npGrid = info?.checks?.N_grid ?? null
  const gridNote =
    npGrid === null
      ? ''
      : JSON.stringify(npGrid) === JSON.stringify(nsOf(cfg))
        ? 'N grid identical to the numpy peer'
        : `N GRID DIFFERS from numpy: ours ${nsOf(cfg).join(',')} vs ${npGrid.join(',')}`
  const phaseMin = (rs: { phaseS: Record<string, number> }[], p: string) => min(rs.map((x) => x.phaseS[p] ?? NaN))
  const defThreads = infoD?.blas?.loaded_openblas_pools?.map((x) => x.num_threads).join('/') ?? '?'
  const w = (s: string, n: number) => s.padStart(n)
  const table = [
    `W1${quick ? ' (quick)' : ''}: d=${cfg.d}, ${nsOf(cfg).length} N in ${nsOf(cfg)[0]}…${nsOf(cfg).at(-1)}, n_test=${cfg.nTest}, ${ksOf(cfg).length} k, ${cfg.seeds} seeds; min over ${repeats} interleaved repeats`,
    `${'side'.padEnd(50)}${w('wall s', 8)}${w('CPU s', 8)}${w('wall ×np1', 11)}${w('CPU ×np1', 10)}${w('wall ×npD', 11)}`,
    `${'passk-lab, 1 thread (main thread only)'.padEnd(50)}${w(f3(O.wall), 8)}${w(f3(O.cpu), 8)}${w(f2(r.oneWall), 11)}${w(f2(r.oneCpu), 10)}${w(f2(ratio(O.wall, ND.wall)), 11)}`,
    `${`passk-lab, ${poolLabel}, start-up incl.`.padEnd(50)}${w(f3(P.wall), 8)}${w(f3(P.cpu), 8)}${w(f2(r.poolWall1), 11)}${w(f2(r.poolCpu), 10)}${w(f2(r.poolWallD), 11)}`,
    `${'numpy, 1 BLAS thread (np1)'.padEnd(50)}${w(f3(N1.wall), 8)}${w(f3(N1.cpu), 8)}`,
    `${`numpy, default BLAS threads (npD: ${defThreads})`.padEnd(50)}${w(f3(ND.wall), 8)}${w(f3(ND.cpu), 8)}`,
    '',
    `${'phase (min over repeats)'.padEnd(26)}${w('ours 1 thread', 14)}${w('ours workers Σ', 16)}${w('(their CPU)', 12)}${w('numpy 1 thread', 16)}${w('numpy default', 15)}`,
    ...PHASES.map(
      (p) =>
        `${p.padEnd(26)}${w(f3(phaseMin(one, p)), 14)}${w(f3(phaseMin(pool, p)), 16)}${w(f3(min(pool.map((x) => x.phaseCpuS?.[p] ?? NaN))), 12)}${w(f3(phaseMin(np1, p)), 16)}${w(f3(phaseMin(npD, p)), 15)}`,
    ),
    ...(bestSplit
      ? [
          `CPU of the fastest worker run: main thread ${f3(bestSplit.main)} s + worker${workers > 1 ? 's' : ''} ${f3(bestSplit.workers)} s + V8 background threads (JIT compiling, GC) ${f3(bestSplit.background)} s; the tasks' own CPU ${f3(Object.values(bestPool?.phaseCpuS ?? {}).reduce((a, b) => a + b, 0))} s`,
        ]
      : []),
    '',
    `target (a) CPU ≤ 1.0× numpy 1 thread: ${poolLabel} ${f2(r.poolCpu)}× → met ${met(r.poolCpu, 1)}; 1 thread ${f2(r.oneCpu)}× → met ${met(r.oneCpu, 1)}`,
    `target (b) wall with worker start-up ≤ 0.8× numpy default threads: ${f2(r.poolWallD)}× → met ${met(r.poolWallD, 0.8)} (vs numpy 1 thread: ${f2(r.poolWall1)}×)`,
    `(c) 1-min load average ${loadBefore.toFixed(2)} before / ${loadAfter.toFixed(2)} after (${machine.nproc} cores)`,
    `worker start-up ${pool.map((x) => (x.startS * 1000).toFixed(0)).join(', ')} ms${mainThread ? ' (the main thread works meanwhile)' : ''} (${entry.bundled ? 'esbuild bundle' : 'TypeScript sources through tsx: run `npm run build:cli` for the bundle'}); Gram kernel ${kernelBackend()}`,
    `all runs (wall s): ours 1 thread ${one.map((x) => f2(x.wallS)).join(', ')}; ours workers ${pool.map((x) => f2(x.wallS)).join(', ')}; numpy 1 thread ${np1.map((x) => f2(x.wallS)).join(', ')}; numpy default ${npD.map((x) => f2(x.wallS)).join(', ')}`,
    ...(gridNote ? [gridNote] : []),
    ...(info?.checks && one[0]
      ? [
          `agreement with numpy at N = ${nsOf(cfg).at(-1)} (different random draws, 3 seeds): L_gen test ours ${one[0].lgenTestLast.toExponential(3)} vs ${info.checks.L_gen_test_last?.toExponential(3)}; β_eff ours ${one[0].betaEffLast?.toFixed(3)} vs ${info.checks.beta_eff_exact_last?.toFixed(3)}`,
        ]
      : []),
    `results of the worker and 1-thread runs identical bit for bit: ${new Set([...pool, ...one].map((x) => x.digest)).size === 1 ? 'yes' : 'NO'} (digest ${one[0]?.digest})`,
    ...(numpySkip ? [`numpy peer: ${numpySkip}`] : []),
  ]
  for (const l of table) log(l)

  const summary = {
    workload: quick ? 'W1-quick' : 'W1',
    started,
    repeats,
    workers,
    backend: kernelBackend(),
    workerEntry: entry.bundled ? 'bundle' : 'tsx',
    ours: { oneThread: O, pool: P, runsOneThread: one, runsPool: pool },
    numpy: numpySkip ? { skipped: numpySkip } : { oneThread: N1, defaultThreads: ND, runs1: np1, runsDefault: npD },
    ratios: r,
    targets: { cpuRatio: r.poolCpu <= 1, wallVsDefault: r.poolWallD <= 0.8 },
    loadAverage: { before: loadBefore, after: loadAfter },
    machine,
    numpyVersion: info?.numpy ?? null,
  }
  if (o.write !== false && !quick) {
    const blas = info?.blas
    const day = started.slice(0, 16).replace('T', ' ')
    writeSection(o.repoRoot, {
      id: 'W1',
      body: [
        '## W1: LID pipeline, passk-lab vs numpy (same run)',
        '',
        `Run ${started} with \`npm run bench\` (\`--only w1\` runs only this). Each of ${repeats} repeats runs, back to back: ours with ${poolLabel} (a fresh pool of workers, so worker start-up is in the wall time; the workers generate data and Gram chunks, the main thread takes any task), numpy with 1 BLAS thread, ours on one thread, numpy with its default threads; each figure is the minimum over the repeats. CPU is process CPU time (user + system, all threads: our workers, OpenBLAS's threads); numpy's wall and CPU cover its W1 run, not the interpreter start and imports (they are measured by peers/w1_numpy_cpu.py around the peer's \`lid_sim\`).`,
        '',
        '```',
        ...table,
        '```',
        '',
        `- **Like for like, one thread each: passk-lab ${f3(O.wall)} s vs numpy ${f3(N1.wall)} s wall (${f2(r.oneWall)}×), ${f3(O.cpu)} s vs ${f3(N1.cpu)} s CPU (${f2(r.oneCpu)}×).**`,
        `- (a) CPU time of our run with ${poolLabel} (start-up included) against numpy single-threaded: **${f2(r.poolCpu)}×** (target ≤ 1.0×: ${met(r.poolCpu, 1)}).`,
        `- (b) wall with worker start-up: **${f2(r.poolWallD)}× numpy with its default threads** (target ≤ 0.8×: ${met(r.poolWallD, 0.8)}), ${f2(r.poolWall1)}× numpy single-threaded.`,
        `- (c) 1-min load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after, on ${machine.nproc} cores shared with other jobs: a ratio holds for the load it was measured at.`,
        `- Our per-phase figures with workers are wall times summed over the tasks of the phase, which run concurrently (so they can exceed the wall time and include waiting for a core); on one thread they are plain wall times. W1 runs as a graph of ${planW1(cfg).tasks.length} tasks (row blocks of the data, Gram chunks, prefix sums, one Cholesky per N, pass@k per group of N: w1.ts), the same tasks in the same order of summation on one thread as with workers, so both give identical bits.`,
        `- Machine: ${machine.nproc} cores (nproc), ${machine.cpuModel} [${machine.cpuFlags}], ${machine.memGiB} GiB, ${machine.platform}; Node ${machine.node} (V8 ${machine.v8}).`,
        `- numpy peer: \`python3 tools/bench/peers/w1_numpy_cpu.py ../shared/bench/lid_w1_numpy.py --threads 1|default --repeats 1 --no-extras\` (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for the peer only); numpy ${info?.numpy ?? '?'}, BLAS ${JSON.stringify(blas?.numpy_blas ?? null)}, cores ${JSON.stringify(blas?.loaded_openblas_pools?.map((x) => x.corename) ?? null)}.`,
      ],
      historyHeader:
        '| run (UTC) | ours 1 thread s | numpy 1 thread s | wall ratio 1:1 | CPU ratio 1:1 | ours workers s (start-up incl.) | numpy default s | (b) wall ratio vs default | (a) CPU ratio workers | load before / after |',
      historyLine: `| ${day} | ${f2(O.wall)} | ${f2(N1.wall)} | ${f2(r.oneWall)} | ${f2(r.oneCpu)} | ${f2(P.wall)} | ${f2(ND.wall)} | ${f2(r.poolWallD)} | ${f2(r.poolCpu)} | ${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)} |`,
    })
  }
  return summary
}
