/**
 * Largest and smallest element by a loop. `Math.max(...xs)` passes every element as an argument and
 * overflows the stack from ~10⁵ elements (a 200k-problem counts file, a 10⁶-point k grid): use these.
 * Empty input gives −Infinity / +Infinity, as Math.max() / Math.min() do; NaN elements are skipped.
 */
export function maxOf(xs: ArrayLike<number>): number {
  let m = -Infinity
  for (let i = 0; i < xs.length; i++) if (xs[i] > m) m = xs[i]
  return m
}

export function minOf(xs: ArrayLike<number>): number {
  let m = Infinity
  for (let i = 0; i < xs.length; i++) if (xs[i] < m) m = xs[i]
  return m
}
