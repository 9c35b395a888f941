/**
 * Gauss–Legendre nodes and weights on [−1, 1]: Newton iteration on the three-term recurrence of
 * P_n from the Chebyshev-like start cos(π(i − ¼)/(n + ½)) (the classic `gauleg` of Press et al.,
 * Numerical Recipes §4.6). Cached per n.
 * @example
 * gaussLegendre(2) // → { x: [−0.5773502691896257, 0.5773502691896257], w: [1, 1] }
 */
const cache = new Map<number, { x: Float64Array; w: Float64Array }>()

export function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const hit = cache.get(n)
  if (hit) return hit
  const x = new Float64Array(n),
    w = new Float64Array(n)
  const half = Math.floor((n + 1) / 2)
  for (let i = 0; i < half; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5))
    let dp = 0
    for (let it = 0; it < 100; it++) {
      let p0 = 1,
        p1 = 0
      for (let j = 1; j <= n; j++) {
        const p2 = p1
        p1 = p0
        p0 = ((2 * j - 1) * z * p1 - (j - 1) * p2) / j
      }
      dp = (n * (z * p0 - p1)) / (z * z - 1)
      const dz = p0 / dp
      z -= dz
      if (Math.abs(dz) < 1e-16) break
    }
    // Recompute the derivative at the converged node for the weight.
    let p0 = 1,
      p1 = 0
    for (let j = 1; j <= n; j++) {
      const p2 = p1
      p1 = p0
      p0 = ((2 * j - 1) * z * p1 - (j - 1) * p2) / j
    }
    dp = (n * (z * p0 - p1)) / (z * z - 1)
    x[i] = -z
    x[n - 1 - i] = z
    w[i] = w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp)
  }
  const out = { x, w }
  cache.set(n, out)
  return out
}
