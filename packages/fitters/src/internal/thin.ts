/**
 * Thinning of per-problem counts for the backtest: keep m of a problem's n attempts, chosen uniformly without
 * replacement, so the kept successes are hypergeometric, c' ~ Hypergeometric(N = n, K = c, draws = m). This is the
 * exact law of "what the log would have held had we stopped after m attempts" for exchangeable attempts.
 */
import type { Rng } from '@passk/core'

/** One hypergeometric draw by sequential sampling without replacement: O(min(m, n − m, c, n − c)). */
export function hypergeometric(rng: Rng, n: number, c: number, m: number): number {
  if (m >= n) return c
  if (m <= 0 || c <= 0) return 0
  if (c >= n) return m
  // Symmetry: Hypergeometric(N, K, draws) = Hypergeometric(N, draws, K) — choose the cheaper role for each.
  if (Math.min(c, n - c) < Math.min(m, n - m)) {
    const t = c
    c = m
    m = t
  }
  // Draw the smaller of the kept and the dropped sets; successes kept = c − successes dropped.
  const drawKept = m <= n - m
  const draws = drawKept ? m : n - m
  let succ = c,
    total = n,
    got = 0
  for (let j = 0; j < draws && succ > 0; j++) {
    if (rng.uniform() * total < succ) {
      got++
      succ--
    }
    total--
  }
  return drawKept ? got : c - got
}

/** Thin every problem to min(n_i, max(minKeep, round(n_i·fraction))) attempts. */
export function thinCounts(
  rng: Rng,
  n: ArrayLike<number>,
  c: ArrayLike<number>,
  fraction: number,
  minKeep = 1,
): { n: Int32Array; c: Int32Array } {
  const tn = new Int32Array(n.length),
    tc = new Int32Array(n.length)
  for (let i = 0; i < n.length; i++) {
    const m = n[i] > 0 ? Math.min(n[i], Math.max(minKeep, Math.round(n[i] * fraction))) : 0
    tn[i] = m
    tc[i] = hypergeometric(rng, n[i], c[i], m)
  }
  return { n: tn, c: tc }
}
