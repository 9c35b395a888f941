/**
 * Unbiased pass@k from n attempts with c successes (Chen et al. 2021, Eq. 1):
 *   pass@k = 1 − C(n − c, k)/C(n, k) = 1 − Π_{i = n−c+1..n} (1 − k/i),
 * in product form (never raw binomials, ARCHITECTURE "Numerical ground rules"); exactly 1 when n − c < k.
 */
export function unbiasedPassAtK(n: number, c: number, k: number): number {
  if (c <= 0) return 0
  if (n - c < k) return 1
  // log of the product, summed with log1p for accuracy when k/i is small.
  let s = 0
  for (let i = n - c + 1; i <= n; i++) s += Math.log1p(-k / i)
  return -Math.expm1(s)
}
