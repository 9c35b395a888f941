/**
 * Workload W1 (issue 3; the numpy peer is ../shared/bench/lid_w1_numpy.py + lidref.py, which this
 * mirrors phase by phase): d = 512, N = 16 log-spaced integers 32…16384 (nested prefixes of one
 * sample), n_test = 4096, k = 40 log-spaced reals in [1, 1e4], 3 seeds, α = 1, β = 3,
 * σ_η = δ = 1e-3, λ = 1e-9 (const); test-set exact pass@k; β_eff slopes in [1e2, 1e4] + saturating fits.
 *
 * Per seed, as a graph of tasks (planW1 below) run on the main thread alone or shared with workers:
 *   data_gen     sources/lid's fillLidRows per row block, unnormalised spectrum j^-(1+α) as numpy
 *   ridge_fits   the algorithm of @passk/estimators ridgePath (incremental Gram over the nested prefixes,
 *                dual for N < d, Cholesky), split into Gram chunks, prefix sums and one solve per N
 *   predict      B = (Θ̂ − θ*)·X_testᵀ with @passk/linalg dgemm; L_gen per N
 *   passk_exact  evaluators/passk-target (engineer C's plugin) in mode 'test-set' on this seed's
 *                predictors: its own predictions B = x·(θ̂ − θ*), log p per test point, log-mean-exp over k
 * After all seeds (main thread): beta_eff_slopes (fitters/local-slope on the seed-mean curve and on
 * each seed), beta_eff_fit (fitters/beta-eff-saturation, β free and β fixed) — engineer D's plugins.
 */
import { readFileSync } from 'node:fs'
import { createRng, logGrid, type Curve, type LinearPredictors, type Series } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import {
  createSpdWorkspace,
  dgemm,
  dgemvT,
  dgramRows,
  dsyrkRows,
  ridgeDual,
  ridgePrimal,
  SYRK_BLOCK_ROWS,
  type SpdWorkspace,
} from '@passk/linalg'
import { fillLidRows, lidSpectrum, lidTeacher } from '@passk/source-lid'
import { passkTarget, passkTargetOptions } from '@passk/evaluators'

export interface W1Config {
  d: number
  alpha: number
  beta: number
  sigmaEta: number
  delta: number
  lambda: number
  nGrid: { from: number; to: number; num: number }
  kGrid: { from: number; to: number; num: number }
  nTest: number
  seeds: number
  seed: number
  kWindow: [number, number]
}

export const W1: W1Config = {
  d: 512,
  alpha: 1,
  beta: 3,
  sigmaEta: 1e-3,
  delta: 1e-3,
  lambda: 1e-9,
  nGrid: { from: 32, to: 16384, num: 16 },
  kGrid: { from: 1, to: 1e4, num: 40 },
  nTest: 4096,
  seeds: 3,
  seed: 0,
  kWindow: [100, 10000],
}
/** Same as the numpy peer's --quick configuration. */
export const W1_QUICK: W1Config = { ...W1, d: 64, nGrid: { from: 16, to: 1024, num: 8 }, nTest: 512 }

export const nsOf = (c: W1Config): number[] => logGrid(c.nGrid.from, c.nGrid.to, c.nGrid.num, true)
export const ksOf = (c: W1Config): number[] => logGrid(c.kGrid.from, c.kGrid.to, c.kGrid.num, false)

/**
 * CPU time of the calling thread in ms: /proc/thread-self/schedstat (Linux: ns this thread has run, so a
 * worker's figures are its own), else the process's CPU time (every thread).
 */
export function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6
  } catch {
    const c = process.cpuUsage()
    return (c.user + c.system) / 1000
  }
}

/**
 * W1 as a graph of tasks (so that any number of threads share the work of every seed, and the answer
 * does not depend on how many there are). Per seed r:
 *   gen    (data_gen)     row block b of the training set (TRAIN_BLOCK rows) or of the test set, drawn by
 *                         sources/lid's fillLidRows from its own stream root.split('data').split('train-' + b)
 *                         (or 'test-' + b), so blocks can be drawn in any order and on any thread
 *   gram   (ridge_fits)   the partial Gram P_c = X_cᵀX_c and X_cᵀy_c of one row chunk c; the chunks tile
 *                         [0, N_max): one per increment between primal N (N ≥ d), cut into equal parts of
 *                         at most GRAM_CHUNK rows (fewer chunks: fewer prefix additions)
 *   prefix (ridge_fits)   G(N_j) = G(N_{j−1}) + Σ_{c in (N_{j−1}, N_j]} P_c (LID Eq. 6 for nested prefixes:
 *                         G_N = Σ_{i<N} x_i x_iᵀ), likewise b = Xᵀy; always summed in this order
 *   solve  (ridge_fits)   θ̂(N_j) = (G + Nλ I)⁻¹ b (ridgePrimal: Cholesky), one task per primal N
 *   dual   (ridge_fits)   every N < d: K = X_M X_Mᵀ once for the largest such M, then the dual solves
 *                         θ̂ = X_Nᵀ(K_N + NλI)⁻¹y_N (ridgeDual), as estimators' ridgePath does
 *   tail   (predict, passk_exact)  a group of N: B = (Θ̂ − θ*)·X_testᵀ, L_gen, then evaluators/passk-target
 *                         in mode 'test-set' on those N (each N is computed independently there)
 * Buffers live in SharedArrayBuffers (SeedBuffers), so a task on a worker thread reads and writes the
 * same memory as the main thread; a task's inputs are complete when its dependencies have finished.
 */
export const TRAIN_BLOCK = 2048
export const GRAM_CHUNK = 4096
/** N per tail task. */
export const TAIL_GROUP = 8

export type W1Task =
  | { kind: 'gen'; seed: number; set: 'train' | 'test'; block: number; r0: number; r1: number }
  | { kind: 'gram'; seed: number; chunk: number; r0: number; r1: number }
  | { kind: 'prefix'; seed: number; j: number }
  | { kind: 'solve'; seed: number; j: number }
  | { kind: 'dual'; seed: number }
  | { kind: 'tail'; seed: number; i0: number; i1: number }

export interface W1Plan {
  c: W1Config
  ns: number[]
  ks: number[]
  d: number
  nMax: number
  /** Indices into ns of the primal N (N ≥ d), ascending. */
  primal: number[]
  /** Indices into ns of the dual N (N < d). */
  dual: number[]
  maxDual: number
  /** Row chunks of the Gram: [r0, r1). */
  chunks: [number, number][]
  /** Chunk indices of each primal increment (N_{j−1}, N_j]. */
  increments: number[][]
  /**
   * Where chunk q's partial Gram goes: the first chunk of increment j straight into G(N_j)'s slot (slot j of
   * SeedBuffers.g, to which the prefix task then adds G(N_{j−1})), any further chunk into slot k of pg.
   */
  chunkSlot: ({ g: number } | { pg: number })[]
  /** All tasks of all seeds in a valid sequential order, and each task's dependencies (indices into tasks). */
  tasks: W1Task[]
  deps: number[][]
}

const PHASE_OF: Record<W1Task['kind'], string> = {
  gen: 'data_gen',
  gram: 'ridge_fits',
  prefix: 'ridge_fits',
  solve: 'ridge_fits',
  dual: 'ridge_fits',
  tail: 'predict',
}

export function planW1(c: W1Config): W1Plan {
  const ns = nsOf(c),
    ks = ksOf(c),
    d = c.d,
    nMax = ns.at(-1)!
  const primal: number[] = [],
    dual: number[] = []
  ns.forEach((n, i) => (n < d ? dual : primal).push(i))
  const maxDual = dual.length ? ns[dual.at(-1)!] : 0
  // one chunk per increment (N_{j−1}, N_j], increments above GRAM_CHUNK rows cut into equal parts
  const chunks: [number, number][] = []
  const increments = primal.map((i, j) => {
    const lo = j === 0 ? 0 : ns[primal[j - 1]],
      hi = ns[i],
      parts = Math.ceil((hi - lo) / GRAM_CHUNK)
    return Array.from({ length: parts }, (_, k) => {
      chunks.push([lo + Math.round(((hi - lo) * k) / parts), lo + Math.round(((hi - lo) * (k + 1)) / parts)])
      return chunks.length - 1
    })
  })
  const tasks: W1Task[] = [],
    deps: number[][] = []
  const add = (t: W1Task, dep: number[]) => {
    tasks.push(t)
    deps.push(dep)
    return tasks.length - 1
  }
  for (let seed = 0; seed < c.seeds; seed++) {
    const train: number[] = [],
      test: number[] = []
    for (let b = 0, r0 = 0; r0 < nMax; b++, r0 += TRAIN_BLOCK)
      train.push(add({ kind: 'gen', seed, set: 'train', block: b, r0, r1: Math.min(nMax, r0 + TRAIN_BLOCK) }, []))
    for (let b = 0, r0 = 0; r0 < c.nTest; b++, r0 += TRAIN_BLOCK)
      test.push(add({ kind: 'gen', seed, set: 'test', block: b, r0, r1: Math.min(c.nTest, r0 + TRAIN_BLOCK) }, []))
    const rowsDeps = (r0: number, r1: number) =>
      train.filter((_, b) => b * TRAIN_BLOCK < r1 && (b + 1) * TRAIN_BLOCK > r0)
    const solvedBy: number[] = [] // per N: the task that writes θ̂(N)
    if (dual.length) {
      const t = add({ kind: 'dual', seed }, rowsDeps(0, maxDual))
      for (const i of dual) solvedBy[i] = t
    }
    const gram = chunks.map(([r0, r1], chunk) => add({ kind: 'gram', seed, chunk, r0, r1 }, rowsDeps(r0, r1)))
    let prev = -1
    primal.forEach((i, j) => {
      prev = add({ kind: 'prefix', seed, j }, [...(prev >= 0 ? [prev] : []), ...increments[j].map((q) => gram[q])])
      solvedBy[i] = add({ kind: 'solve', seed, j }, [prev])
    })
    // a tail group waits for its own N only, so the small N are evaluated while the large N are still fitted
    for (let i0 = 0; i0 < ns.length; i0 += TAIL_GROUP) {
      const i1 = Math.min(ns.length, i0 + TAIL_GROUP)
      add({ kind: 'tail', seed, i0, i1 }, [...new Set(solvedBy.slice(i0, i1)), ...test])
    }
  }
  const chunkSlot: W1Plan['chunkSlot'] = []
  let extra = 0
  increments.forEach((qs, j) => qs.forEach((q, k) => (chunkSlot[q] = k === 0 ? { g: j } : { pg: extra++ })))
  return { c, ns, ks, d, nMax, primal, dual, maxDual, chunks, increments, chunkSlot, tasks, deps }
}

/** One seed's data and intermediate results, every array on a SharedArrayBuffer. */
export interface SeedBuffers {
  seed: number
  teacher: Float64Array
  x: Float64Array
  m: Float64Array
  s: Float64Array
  y: Float64Array
  xt: Float64Array
  mt: Float64Array
  st: Float64Array
  /** Partial Grams (upper triangles) of the chunks after the first of each increment, and Xᵀy of every chunk. */
  pg: Float64Array
  pb: Float64Array
  /** G(N_j) and b(N_j) per primal N. */
  g: Float64Array
  b: Float64Array
  theta: Float64Array
  /** Per N: dpotrf info, jitter / N. */
  info: Float64Array
  jitter: Float64Array
  linf: Float64Array
  lgenTest: Float64Array
  lgenPop: Float64Array
}

const shared = (n: number) => new Float64Array(new SharedArrayBuffer(Math.max(1, n) * 8))

function spectrumOf(c: W1Config) {
  const ev = lidSpectrum(c.d, c.alpha, 'none')
  return { ev, sd: ev.map(Math.sqrt) }
}

function seedRoot(c: W1Config, r: number) {
  return createRng(c.seed).split('bench-w1').split(`seed-${r}`)
}

/** Seed r's teacher θ*, scaled like numpy's N(0, I/d): E[θᵀΣθ] = tr Σ / d. */
function teacherOf(p: W1Plan, r: number): Float64Array {
  const { ev } = spectrumOf(p.c)
  let evSum = 0
  for (const v of ev) evSum += v
  return lidTeacher(seedRoot(p.c, r).split('teacher'), ev, {
    teacher: 'isotropic',
    teacherDecay: 0.5,
    signalVariance: evSum / p.d,
  })
}

/** Allocate seed r's buffers and draw its teacher. */
export function allocSeed(p: W1Plan, r: number): SeedBuffers {
  const { c, d, nMax, ns, ks } = p,
    nt = c.nTest,
    nN = ns.length,
    nP = p.primal.length
  const teacher = shared(d)
  teacher.set(teacherOf(p, r))
  return {
    seed: r,
    teacher,
    x: shared(nMax * d),
    m: shared(nMax),
    s: shared(nMax),
    y: shared(nMax),
    xt: shared(nt * d),
    mt: shared(nt),
    st: shared(nt),
    pg: shared(p.chunkSlot.filter((x) => 'pg' in x).length * d * d),
    pb: shared(p.chunks.length * d),
    g: shared(nP * d * d),
    b: shared(nP * d),
    theta: shared(nN * d),
    info: shared(nN),
    jitter: shared(nN),
    linf: shared(nN * ks.length),
    lgenTest: shared(nN),
    lgenPop: shared(nN),
  }
}

/** Per-thread scratch, reused across tasks. */
const scratch = new Map<string, Float64Array>()
const work = (key: string, n: number) => {
  let w = scratch.get(key)
  if (!w || w.length < n) scratch.set(key, (w = new Float64Array(n)))
  return w
}
const spdWs = new Map<number, SpdWorkspace>()
const wsOf = (n: number) => {
  let w = spdWs.get(n)
  if (!w) spdWs.set(n, (w = createSpdWorkspace(n)))
  return w
}
let specCache: { key: string; ev: Float64Array; sd: Float64Array } | undefined

export interface TaskTiming {
  /** Phase → wall ms and CPU ms of the thread that ran the task. */
  ms: Record<string, number>
  cpuMs: Record<string, number>
}

/** Run one task of the plan on seed buffers `sb` (on whichever thread calls it). */
export function runTask(p: W1Plan, sb: SeedBuffers, t: W1Task): TaskTiming {
  const tm = new Ticker()
  const key = `${p.c.d}/${p.c.alpha}`
  if (specCache?.key !== key) specCache = { key, ...spectrumOf(p.c) }
  // one small function per kind: each is optimised on its own (a fresh worker compiles less)
  if (t.kind === 'gen') genTask(p, sb, t, specCache.sd)
  else if (t.kind === 'gram') gramTask(p, sb, t)
  else if (t.kind === 'prefix') prefixTask(p, sb, t.j)
  else if (t.kind === 'solve') solveTask(p, sb, t.j)
  else if (t.kind === 'dual') dualTask(p, sb)
  else {
    predictTask(p, sb, t.i0, t.i1, specCache.ev)
    tm.tick('predict')
    passkTask(p, sb, t.i0, t.i1, specCache.ev)
    tm.tick('passk_exact')
    return tm
  }
  tm.tick(PHASE_OF[t.kind])
  return tm
}

class Ticker implements TaskTiming {
  ms: Record<string, number> = {}
  cpuMs: Record<string, number> = {}
  private t0 = performance.now()
  private c0 = threadCpuMs()
  tick(name: string): void {
    const t1 = performance.now(),
      c1 = threadCpuMs()
    this.ms[name] = (this.ms[name] ?? 0) + t1 - this.t0
    this.cpuMs[name] = (this.cpuMs[name] ?? 0) + c1 - this.c0
    this.t0 = t1
    this.c0 = c1
  }
}

function genTask(p: W1Plan, sb: SeedBuffers, t: Extract<W1Task, { kind: 'gen' }>, sd: Float64Array): void {
  const { c, d } = p
  const rng = seedRoot(c, sb.seed).split('data').split(`${t.set}-${t.block}`)
  const train = t.set === 'train'
  fillLidRows(
    rng,
    t.r1 - t.r0,
    sd,
    sb.teacher,
    c.beta / 2,
    c.sigmaEta,
    (train ? sb.x : sb.xt).subarray(t.r0 * d, t.r1 * d),
    (train ? sb.m : sb.mt).subarray(t.r0, t.r1),
    (train ? sb.s : sb.st).subarray(t.r0, t.r1),
    train ? sb.y.subarray(t.r0, t.r1) : undefined,
  )
}

function gramTask(p: W1Plan, sb: SeedBuffers, t: Extract<W1Task, { kind: 'gram' }>): void {
  const { d } = p,
    dd = d * d
  const slot = p.chunkSlot[t.chunk]
  const g =
    'g' in slot ? sb.g.subarray(slot.g * dd, (slot.g + 1) * dd) : sb.pg.subarray(slot.pg * dd, (slot.pg + 1) * dd)
  for (let i = 0; i < d; i++) g.fill(0, i * d + i, (i + 1) * d) // the upper triangle dsyrkRows adds into
  dsyrkRows(d, sb.x, t.r0, t.r1, g, work('panel', d * SYRK_BLOCK_ROWS))
  dgemvT(t.r1 - t.r0, d, 1, sb.x, t.r0 * d, sb.y, t.r0, 0, sb.pb.subarray(t.chunk * d, (t.chunk + 1) * d))
}

/**
 * G(N_j) = P_first + G(N_{j−1}) + Σ further P_c of the increment, in chunk order (upper triangles only: the
 * lower ones are never read). The first chunk's P is already in G(N_j)'s slot (gramTask).
 */
function prefixTask(p: W1Plan, sb: SeedBuffers, j: number): void {
  const { d } = p,
    dd = d * d
  const g = sb.g,
    b = sb.b,
    pb = sb.pb,
    go = j * dd,
    bo = j * d
  const addInto = (a: Float64Array, ao: number) => {
    for (let i = 0; i < d; i++) {
      const r = i * d
      for (let c = r + i, e = r + d; c < e; c++) g[go + c] += a[ao + c]
    }
  }
  if (j > 0) addInto(g, go - dd)
  p.increments[j].forEach((q, k) => {
    const slot = p.chunkSlot[q]
    if (k > 0 && 'pg' in slot) addInto(sb.pg, slot.pg * dd)
    const pbo = q * d,
      bprev = k === 0 && j > 0 ? bo - d : bo
    for (let c = 0; c < d; c++) b[bo + c] = k === 0 && j === 0 ? pb[pbo + c] : b[bprev + c] + pb[pbo + c]
  })
}

function solveTask(p: W1Plan, sb: SeedBuffers, j: number): void {
  const { c, d, ns } = p,
    dd = d * d
  const i = p.primal[j],
    n = ns[i]
  const st = ridgePrimal(
    d,
    sb.g.subarray(j * dd, (j + 1) * dd),
    sb.b.subarray(j * d, (j + 1) * d),
    n * c.lambda,
    sb.theta.subarray(i * d, (i + 1) * d),
    wsOf(d),
  )
  sb.info[i] = st.info
  sb.jitter[i] = st.jitter / n
}

function dualTask(p: W1Plan, sb: SeedBuffers): void {
  const { c, d, ns } = p,
    M = p.maxDual
  const k = work('dualK', M * M).fill(0, 0, M * M)
  dgramRows(M, d, sb.x, 0, d, k)
  const alpha = work('dualAlpha', M),
    ws = wsOf(M)
  for (const i of p.dual) {
    const n = ns[i]
    const st = ridgeDual(n, d, sb.x, sb.y, n * c.lambda, k, M, alpha, sb.theta.subarray(i * d, (i + 1) * d), ws)
    sb.info[i] = st.info
    sb.jitter[i] = st.jitter / n
  }
}

/** B = (Θ̂ − θ*)·X_testᵀ for N_{i0..i1}, L_gen on the test set and in the population (Δθᵀ Σ Δθ). */
function predictTask(p: W1Plan, sb: SeedBuffers, i0: number, i1: number, ev: Float64Array): void {
  const { c, d } = p,
    nG = i1 - i0,
    nt = c.nTest
  const dth = work('dth', nG * d),
    th = sb.theta,
    te = sb.teacher
  for (let i = 0; i < nG; i++) for (let j = 0; j < d; j++) dth[i * d + j] = th[(i0 + i) * d + j] - te[j]
  const bm = dgemm(true, nG, nt, d, 1, dth, sb.xt, 0, work('B', nG * nt)) // row i: B for N_{i0+i}
  for (let i = 0; i < nG; i++) {
    let q = 0,
      pp = 0
    for (let u = 0; u < nt; u++) q += bm[i * nt + u] ** 2
    for (let j = 0; j < d; j++) pp += ev[j] * dth[i * d + j] ** 2
    sb.lgenTest[i0 + i] = q / nt
    sb.lgenPop[i0 + i] = pp
  }
}

/** evaluators/passk-target, mode 'test-set', on N_{i0..i1} of this seed. */
function passkTask(p: W1Plan, sb: SeedBuffers, i0: number, i1: number, ev: Float64Array): void {
  const { c, d } = p
  const gns = p.ns.slice(i0, i1)
  const lp: LinearPredictors = {
    kind: 'LinearPredictors',
    d,
    ns: gns,
    estimator: 'estimators/ridge',
    diagnostics: {},
    fits: [
      {
        theta: sb.theta.subarray(i0 * d, i1 * d),
        lambda: gns.map(() => c.lambda),
        jitter: Array.from(sb.jitter.subarray(i0, i1)),
      },
    ],
    data: {
      kind: 'StochasticRegression',
      d,
      meta: {},
      population: { eigenvalues: ev, tauShape: c.beta / 2, sigmaEta: c.sigmaEta },
      replicates: [
        {
          train: { n: p.nMax, x: sb.x, m: sb.m, s: sb.s, y: sb.y },
          test: { n: c.nTest, x: sb.xt, m: sb.mt, s: sb.st },
          teacher: sb.teacher,
          seed: sb.seed,
        },
      ],
    },
  }
  const curve = passkTarget.run(
    lp,
    passkTargetOptions.parse({ mode: 'test-set', delta: c.delta, k: c.kGrid }),
    createTestContext({ seed: sb.seed }),
  ) as Curve
  const nK = p.ks.length
  curve.series.forEach((ser, i) => ser.y.forEach((v, q) => (sb.linf[(i0 + i) * nK + q] = v)))
}

export interface SeedResult {
  seed: number
  /** nN × nK L_inf(k; N) of this seed (NaN where it underflows 1e-300). */
  linf: Float64Array
  lgenTest: Float64Array
  lgenPop: Float64Array
  theta: Float64Array
}

export interface W1RunResult {
  seeds: SeedResult[]
  /** Phase → wall ms summed over tasks, and CPU ms of the threads that ran them. */
  ms: Record<string, number>
  cpuMs: Record<string, number>
  tasks: number
}

export function addTiming(into: TaskTiming, t: TaskTiming): void {
  for (const [k, v] of Object.entries(t.ms)) into.ms[k] = (into.ms[k] ?? 0) + v
  for (const [k, v] of Object.entries(t.cpuMs)) into.cpuMs[k] = (into.cpuMs[k] ?? 0) + v
}

/** Reuse a finished seed's buffers for seed r (every task overwrites what it writes), with r's teacher. */
export function recycleSeed(p: W1Plan, sb: SeedBuffers, r: number): SeedBuffers {
  sb.teacher.set(teacherOf(p, r))
  return { ...sb, seed: r }
}

/** Copy a finished seed's results out of its (reusable) buffers; throws if a ridge system stayed singular. */
export function seedResult(p: W1Plan, sb: SeedBuffers): SeedResult {
  if (sb.info.some((v) => v !== 0))
    throw new Error(`W1 seed ${sb.seed}: a ridge system was singular (info ${Array.from(sb.info).join(',')})`)
  return {
    seed: sb.seed,
    linf: sb.linf.slice(),
    lgenTest: sb.lgenTest.slice(),
    lgenPop: sb.lgenPop.slice(),
    theta: sb.theta.slice(),
  }
}

export function finishRun(p: W1Plan, seeds: SeedResult[], timing: TaskTiming): W1RunResult {
  return { seeds: [...seeds].sort((a, b) => a.seed - b.seed), ...timing, tasks: p.tasks.length }
}

/** Every task in plan order on the calling thread (one set of seed buffers, reused seed after seed). */
export function runW1InProcess(c: W1Config): W1RunResult {
  const p = planW1(c)
  const timing: TaskTiming = { ms: {}, cpuMs: {} }
  const seeds: SeedResult[] = []
  let sb: SeedBuffers | undefined
  for (let r = 0; r < c.seeds; r++) {
    sb = sb ? recycleSeed(p, sb, r) : allocSeed(p, r)
    for (const t of p.tasks) if (t.seed === r) addTiming(timing, runTask(p, sb, t))
    seeds.push(seedResult(p, sb))
  }
  return finishRun(p, seeds, timing)
}

/** The L_inf(k; N) curve (one series per N, attrs.N) in the shape fitters/local-slope reads. */
export function linfCurve(c: W1Config, L: Float64Array, label: string, resolutionFloor: number): Curve {
  const ns = nsOf(c),
    ks = ksOf(c)
  const series: Series[] = ns.map((n, i) => ({
    label: `N = ${n}`,
    x: ks,
    y: ks.map((_, j) => L[i * ks.length + j]),
    attrs: { N: n },
    style: 'data',
  }))
  return {
    kind: 'Curve',
    id: `linf-${label}`,
    title: 'L_inf(k)',
    xLabel: 'k',
    yLabel: 'L_inf',
    xScale: 'log',
    yScale: 'log',
    series,
    quantity: 'failure',
    meta: { resolutionFloor },
  }
}
