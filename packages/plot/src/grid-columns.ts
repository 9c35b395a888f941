/**
 * gridFromColumns: put an irregular surface — one column of (y, z) samples per x, each column on its
 * own y grid (e.g. the L_tot(N, C) table, where the feasible N range grows with the budget C) — onto
 * the rectangular grid renderHeatmapSvg draws. The common y grid spans all columns (log- or
 * linear-spaced); z is interpolated linearly in t(y) (t = log10 on a log axis) inside each column's
 * own y range and is NaN outside it, so cells a column never covered are drawn grey, not invented.
 */

export interface SurfaceColumn {
  x: number
  y: ArrayLike<number>
  z: ArrayLike<number>
}

export interface SurfaceGrid {
  x: number[]
  y: number[]
  z: Float64Array
}

export function gridFromColumns(
  columns: readonly SurfaceColumn[],
  opts: { ny?: number; yScale?: 'log' | 'linear' } = {},
): SurfaceGrid {
  const ny = opts.ny ?? 40,
    yScale = opts.yScale ?? 'linear'
  if (!Number.isInteger(ny) || ny < 2 || ny > 2000)
    throw new RangeError(`gridFromColumns: ny must be an integer within 2…2000, got ${ny}.`)
  const t = yScale === 'log' ? Math.log10 : (v: number) => v
  const ok = (v: number) => Number.isFinite(v) && (yScale !== 'log' || v > 0)
  // Each column: finite (t(y), z) pairs sorted by y.
  const cols = columns
    .map((c, i) => {
      if (c.y.length !== c.z.length)
        throw new RangeError(
          `gridFromColumns: column ${i} (x = ${c.x}) has ${c.y.length} y values but ${c.z.length} z values.`,
        )
      const pts: [number, number][] = []
      for (let j = 0; j < c.y.length; j++) if (ok(c.y[j]) && !Number.isNaN(c.z[j])) pts.push([t(c.y[j]), c.z[j]])
      pts.sort((a, b) => a[0] - b[0])
      return { x: c.x, pts }
    })
    .sort((a, b) => a.x - b.x)
  cols.forEach((c, i) => {
    if (!Number.isFinite(c.x)) throw new RangeError(`gridFromColumns: column x = ${c.x} is not finite.`)
    if (i > 0 && c.x === cols[i - 1].x)
      throw new RangeError(`gridFromColumns: two columns share x = ${c.x}; merge them first.`)
  })
  let lo = Infinity,
    hi = -Infinity
  for (const c of cols)
    if (c.pts.length) {
      lo = Math.min(lo, c.pts[0][0])
      hi = Math.max(hi, c.pts[c.pts.length - 1][0])
    }
  if (!(lo < hi))
    throw new RangeError('gridFromColumns: the columns need at least two distinct drawable y values in total.')
  const ty = Array.from({ length: ny }, (_, j) => lo + ((hi - lo) * j) / (ny - 1))
  const z = new Float64Array(ny * cols.length).fill(NaN)
  cols.forEach((c, i) => {
    const p = c.pts
    if (!p.length) return
    let k = 0
    for (let j = 0; j < ny; j++) {
      const v = ty[j]
      // Tolerance so grid ends that equal a column's end after rounding still count as inside.
      const eps = 1e-9 * Math.max(1, Math.abs(v))
      if (v < p[0][0] - eps || v > p[p.length - 1][0] + eps) continue
      while (k < p.length - 2 && p[k + 1][0] < v) k++
      if (p.length === 1) {
        z[j * cols.length + i] = p[0][1]
        continue
      }
      const [a, za] = p[k],
        [b, zb] = p[k + 1]
      const f = b === a ? 0 : Math.min(1, Math.max(0, (v - a) / (b - a)))
      z[j * cols.length + i] = za + f * (zb - za)
    }
  })
  return { x: cols.map((c) => c.x), y: ty.map((v) => (yScale === 'log' ? 10 ** v : v)), z }
}
