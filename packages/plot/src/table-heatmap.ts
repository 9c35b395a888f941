/**
 * tableHeatmap: draw a run's extra table as an SVG heat map when it is a surface or a matrix, so the
 * CLI's run directory (plots/) and report.html share one rendering. Which tables qualify is decided by
 * table id in HEATMAP_TABLES:
 *   - 'surface': long-format rows (x, y, z), one column of y samples per x, put on a rectangular grid by
 *     gridFromColumns (e.g. fitters/compute-allocation's L_tot(N, C), LID Eq. 23, with the N*(C) path);
 *     A surface spec with `role` reads the table's rows whose role column is 'surface' as the grid and every other
 *     role as a labelled overlay line (style 'reference') or, for roles starting with 'optimum' / 'reference point',
 *     markers (e.g. fitters/compute-split's pass@k(D, k) with iso-compute lines and the Eq. 24 optimum);
 *     a spec with `prefix: true` also matches table ids `<key>-<anything>` (one table per family);
 *   - 'matrix': one row per row index (first column) and one column per column index, named
 *     `<prefix><index>` (e.g. source-vae's trial-correlation matrix ε_kk', Levi Eq. 15, Fig. 6 right).
 */
import { gridFromColumns } from './grid-columns.js'
import { renderHeatmapSvg } from './heatmap-svg.js'
import type { PlotSeries } from './types.js'

export type TableHeatmapSpec =
  | {
      kind: 'surface'
      x: string
      y: string
      z: string
      xScale: 'log' | 'linear'
      yScale: 'log' | 'linear'
      zLabel: string
      overlayCurve?: string
      ny: number
      /** Column naming each row's role: 'surface' rows form the grid, other roles become overlays. */
      role?: string
      /** Also match table ids `<key>-<suffix>`. */
      prefix?: boolean
      xLabel?: string
      yLabel?: string
      zDomain?: [number, number]
    }
  | { kind: 'matrix'; row: string; columnPrefix: string; xLabel: string; yLabel: string; zLabel: string }

/** Tables drawn as heat maps, by table id. */
export const HEATMAP_TABLES: Readonly<Record<string, TableHeatmapSpec>> = {
  // fitters/compute-allocation: L_tot(N, C) over training-set size N and budget C (LID Eq. 23), with the N*(C) paths.
  'ltot-surface': {
    kind: 'surface',
    x: 'C',
    y: 'N',
    z: 'log10_L_tot',
    xScale: 'log',
    yScale: 'log',
    zLabel: 'log10 L_tot',
    overlayCurve: 'compute-allocation',
    ny: 60,
  },
  // fitters/compute-split: predicted pass@k(D, k) of one family over training tokens D and attempts k (LID Eq. 21–24),
  // with iso-compute lines 6·P·D + k·c_k = C and the Eq. 24 optimum (D*, k*) marked; ids split-surface-<family>.
  'split-surface': {
    kind: 'surface',
    x: 'D',
    y: 'k',
    z: 'pass@k',
    xScale: 'log',
    yScale: 'log',
    zLabel: 'predicted pass@k',
    xLabel: 'training tokens D',
    yLabel: 'attempts k',
    ny: 60,
    role: 'role',
    prefix: true,
    zDomain: [0, 1],
  },
  // evaluators/trial-correlation (source-vae): ε_kk' = (1/n) Σ_i error_ik·error_ik' (Levi Eq. 15).
  'trial-correlation-matrix': {
    kind: 'matrix',
    row: 'k',
    columnPrefix: "k'=",
    xLabel: "attempt k'",
    yLabel: 'attempt k',
    zLabel: "ε_kk'",
  },
}

/** The parts of a run's table record a heat map needs. */
export interface HeatmapTable {
  id: string
  title: string
  columns: readonly string[]
  rows: readonly (readonly (string | number | null)[])[]
}

export interface TableHeatmapOptions {
  /** SVG id prefix (unique within a page). */
  id?: string
  /** Curves of the table's own stage; a surface overlays the one its spec names. */
  curves?: readonly { id: string; series: readonly PlotSeries[] }[]
}

/**
 * `{ svg, caption }`, `{ problem }` when the table has a heat-map spec but cannot be drawn, or undefined when it has
 * none.
 */
export type TableHeatmapResult = { svg: string; caption: string } | { problem: string } | undefined

/** The heat-map spec of a table id: exact key, else a `prefix` spec whose key + '-' starts the id. */
export function heatmapSpecFor(id: string): TableHeatmapSpec | undefined {
  if (Object.hasOwn(HEATMAP_TABLES, id)) return HEATMAP_TABLES[id]
  for (const [key, spec] of Object.entries(HEATMAP_TABLES))
    if (spec.kind === 'surface' && spec.prefix && id.startsWith(`${key}-`)) return spec
  return undefined
}

export function tableHeatmap(t: HeatmapTable, opts: TableHeatmapOptions = {}): TableHeatmapResult {
  const s = heatmapSpecFor(t.id)
  if (!s) return undefined
  try {
    return s.kind === 'surface' ? surface(t, s, opts) : matrix(t, s, opts)
  } catch (e) {
    return { problem: `heat map not drawn: ${(e as Error).message}` }
  }
}

function surface(
  t: HeatmapTable,
  s: Extract<TableHeatmapSpec, { kind: 'surface' }>,
  opts: TableHeatmapOptions,
): TableHeatmapResult {
  const [xi, yi, zi] = [s.x, s.y, s.z].map((c) => t.columns.indexOf(c))
  if (xi < 0 || yi < 0 || zi < 0) return { problem: `no heat map, it lacks one of the columns ${s.x}, ${s.y}, ${s.z}` }
  const ri = s.role !== undefined ? t.columns.indexOf(s.role) : -1
  if (s.role !== undefined && ri < 0) return { problem: `no heat map, it lacks the column ${s.role}` }
  const byX = new Map<number, { y: number[]; z: number[] }>()
  const roles = new Map<string, { x: number[]; y: number[] }>()
  for (const r of t.rows) {
    const role = ri >= 0 ? String(r[ri]) : 'surface'
    if (role !== 'surface') {
      const [x, y] = [r[xi], r[yi]]
      if (typeof x !== 'number' || typeof y !== 'number') continue
      const o = roles.get(role) ?? { x: [], y: [] }
      o.x.push(x)
      o.y.push(y)
      roles.set(role, o)
      continue
    }
    const [x, y, z] = [r[xi], r[yi], r[zi]]
    if (typeof x !== 'number' || typeof y !== 'number' || typeof z !== 'number') continue
    const col = byX.get(x) ?? { y: [], z: [] }
    col.y.push(y)
    col.z.push(z)
    byX.set(x, col)
  }
  const g = gridFromColumns(
    [...byX].map(([x, c]) => ({ x, ...c })),
    { ny: s.ny, yScale: s.yScale },
  )
  if (byX.size === 0) return { problem: 'no heat map, the table has no surface rows' }
  const overlays: PlotSeries[] = s.overlayCurve
    ? (opts.curves ?? []).filter((c) => c.id === s.overlayCurve).flatMap((c) => c.series)
    : []
  for (const [label, o] of roles)
    overlays.push({ label, ...o, style: /^(optimum|reference point)/.test(label) ? 'data' : 'reference' })
  const svg = renderHeatmapSvg({
    ...(opts.id ? { id: opts.id } : {}),
    title: t.title,
    xLabel: s.xLabel ?? s.x,
    yLabel: s.yLabel ?? s.y,
    x: g.x,
    y: g.y,
    z: g.z,
    xScale: s.xScale,
    yScale: s.yScale,
    colorbar: { label: s.zLabel, ...(s.zDomain ? { domain: s.zDomain } : {}) },
    overlays,
    annotate: false,
  })
  return {
    svg,
    caption: `${s.zLabel} over (${s.x}, ${s.y}) from table ${t.id}, interpolated onto ${s.ny} ${s.yScale === 'log' ? 'log' : 'linearly'}-spaced ${s.y} values per ${s.x}; grey cells lie outside the tabulated range.`,
  }
}

function matrix(
  t: HeatmapTable,
  s: Extract<TableHeatmapSpec, { kind: 'matrix' }>,
  opts: TableHeatmapOptions,
): TableHeatmapResult {
  if (t.columns[0] !== s.row) return { problem: `no heat map, its first column is "${t.columns[0]}", not "${s.row}"` }
  const x = t.columns.slice(1).map((c) => (c.startsWith(s.columnPrefix) ? Number(c.slice(s.columnPrefix.length)) : NaN))
  const bad = x.findIndex((v) => !Number.isFinite(v))
  if (bad >= 0)
    return {
      problem: `no heat map, column ${bad + 2} "${t.columns[bad + 1]}" is not of the form ${s.columnPrefix}<number>`,
    }
  if (t.rows.length === 0 || x.length === 0) return { problem: 'no heat map, the matrix is empty' }
  const y = t.rows.map((r) => r[0])
  const by = y.findIndex((v) => typeof v !== 'number')
  if (by >= 0) return { problem: `no heat map, row ${by + 1} has ${s.row} = ${JSON.stringify(y[by])}, not a number` }
  const nx = x.length
  const z = new Float64Array(t.rows.length * nx)
  t.rows.forEach((r, j) => {
    for (let i = 0; i < nx; i++) {
      const v = r[i + 1]
      z[j * nx + i] = typeof v === 'number' ? v : NaN
    }
  })
  const svg = renderHeatmapSvg({
    ...(opts.id ? { id: opts.id } : {}),
    title: t.title,
    xLabel: s.xLabel,
    yLabel: s.yLabel,
    x,
    y: y as number[],
    z,
    colorbar: { label: s.zLabel },
  })
  return { svg, caption: `${s.zLabel} from table ${t.id}: ${t.rows.length} × ${nx} cells.` }
}
