/**
 * Seeded nonparametric bootstrap: resample n units (points of a curve, or problems) with
 * replacement, refit, and summarise each parameter by its standard deviation and percentile
 * interval (Efron & Tibshirani 1993, ch. 13). Failed refits are counted, never averaged in.
 */

/** The one thing the bootstrap needs of a random generator (@passk/core's Rng has it): an integer in [0, n). */
export interface IntRng {
  int(n: number): number
}

export interface BootstrapSummary {
  /** Successful refits. */
  done: number
  /**
   * Robust spread (q84 − q16)/2 per parameter: equals the SD for a normal sampling distribution, ignores a few wild
   * refits.
   */
  robustSd: number[]
  failed: number
  sd: number[]
  lower: number[]
  upper: number[]
  /** Row-major done × nParams matrix of the successful refits. */
  samples: Float64Array
}

export interface BootstrapOptions {
  reps: number
  /** Central interval level, e.g. 0.95. */
  level?: number
  rng: IntRng
  progress?: (done: number, total: number) => void
  checkAbort?: () => void
}

function allFinite(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false
  return true
}

/** Percentile of sorted values with linear interpolation (numpy's default 'linear' method). */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length
  if (n === 0) return NaN
  const h = (n - 1) * q,
    lo = Math.floor(h),
    hi = Math.min(lo + 1, n - 1)
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])
}

/**
 * refit(counts) receives how many times each of the n units was drawn (a multinomial count vector,
 * so grouped likelihoods can reuse it) and returns the refitted parameters or null on failure.
 */
export function bootstrap(
  n: number,
  nParams: number,
  refit: (counts: Int32Array) => ArrayLike<number> | null,
  o: BootstrapOptions,
): BootstrapSummary {
  const counts = new Int32Array(n)
  const rows: number[][] = []
  let failed = 0
  for (let b = 0; b < o.reps; b++) {
    if (b % 16 === 0) o.checkAbort?.()
    counts.fill(0)
    for (let i = 0; i < n; i++) counts[o.rng.int(n)]++
    const th = refit(counts)
    if (th && allFinite(th)) rows.push(Array.from(th))
    else failed++
    if (o.progress && ((b + 1) % 25 === 0 || b + 1 === o.reps)) o.progress(b + 1, o.reps)
  }
  const level = o.level ?? 0.95,
    a = (1 - level) / 2
  const sd: number[] = [],
    lower: number[] = [],
    upper: number[] = [],
    robustSd: number[] = []
  const col = new Float64Array(rows.length)
  for (let j = 0; j < nParams; j++) {
    // ascending numeric order (typed-array sort: no comparator calls; the values are finite)
    for (let i = 0; i < rows.length; i++) col[i] = rows[i][j]
    col.sort()
    const mean = col.reduce((s, v) => s + v, 0) / (col.length || 1)
    sd.push(col.length > 1 ? Math.sqrt(col.reduce((s, v) => s + (v - mean) ** 2, 0) / (col.length - 1)) : NaN)
    lower.push(percentile(col, a))
    upper.push(percentile(col, 1 - a))
    robustSd.push(0.5 * (percentile(col, 0.8413447460685429) - percentile(col, 0.15865525393145707)))
  }
  const samples = new Float64Array(rows.length * nParams)
  rows.forEach((r, i) => samples.set(r, i * nParams))
  return { done: rows.length, failed, sd, robustSd, lower, upper, samples }
}
