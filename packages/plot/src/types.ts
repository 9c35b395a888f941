/**
 * Plot input types. They are structural copies of @passk/core's `Series`, `Curve`/`CurveRecord` and
 * `FitRecord`, so a core Curve or a results.json record can be passed as is, while @passk/plot keeps
 * no runtime dependency on @passk/core.
 */

export interface PlotSeries {
  label: string
  x: ArrayLike<number>
  y: ArrayLike<number>
  /** Optional error band (drawn as a translucent area between lower and upper). */
  lower?: ArrayLike<number>
  upper?: ArrayLike<number>
  /** 'data' → markers (default), 'fit' → solid line, 'reference' → dashed line. */
  style?: 'data' | 'fit' | 'reference'
  /** Numeric attributes (e.g. { N: 1024 }); many series with a numeric attribute get a colour bar. */
  attrs?: Readonly<Record<string, number | string>>
}

/** A horizontal (axis 'y') or vertical (axis 'x') reference line, e.g. β or N = d. */
export interface RefLine {
  axis: 'x' | 'y'
  value: number
  /** Label drawn beside the line; `_`/`^` become sub/superscripts (β_eff, k^−β). */
  label?: string
}

export interface PlotCurve {
  /** Used to derive unique SVG element ids (several charts may share one HTML page). */
  id: string
  title: string
  xLabel: string
  yLabel: string
  xScale: 'log' | 'linear'
  yScale: 'log' | 'linear'
  series: readonly PlotSeries[]
}

/** The part of a fit record that a chart overlays (a core FitRecord fits this shape). */
export interface PlotFit {
  model: string
  /** Label of the series that was fitted; the fit line takes that series' colour. */
  target: string
  status?: string
  curve?: { x: ArrayLike<number>; y: ArrayLike<number>; lower?: ArrayLike<number>; upper?: ArrayLike<number> }
}

export interface CurveSvgOptions {
  /** Fits whose `curve` is drawn as a line over the data. */
  fits?: readonly PlotFit[]
  /** Outer size in px (default 640 × 400). */
  width?: number
  height?: number
  /** Prefix for element ids (clip paths); default derived from the curve id. */
  idPrefix?: string
  /** Reference lines (drawn dotted, labelled, inside the plot area; their values widen the axes). */
  refLines?: readonly RefLine[]
  /**
   * Attribute that colours many series on viridis with a colour bar instead of a legend (default: 'N' when
   * every series has a numeric attrs.N and there are more series than palette colours).
   */
  colorBy?: string
}

export interface ColorbarOptions {
  /** Label next to the colour bar. */
  label?: string
  /** Colour mapping of z (default 'linear'; 'log' needs positive z). */
  scale?: 'linear' | 'log'
  /** 'viridis' (sequential, default) or 'diverging' (blue–white–red, e.g. correlations). */
  palette?: 'viridis' | 'diverging'
  /** Fixed z range; default: the finite data range (symmetric about 0 for 'diverging'). */
  domain?: readonly [number, number]
}

export interface HeatmapInput {
  id?: string
  title: string
  xLabel: string
  yLabel: string
  /** Cell centres along x (length nx) and y (length ny). */
  x: ArrayLike<number>
  y: ArrayLike<number>
  /** ny × nx values, row-major: z[j·nx + i] is the cell at (x[i], y[j]). Non-finite cells are drawn grey. */
  z: ArrayLike<number>
  xScale?: 'log' | 'linear'
  yScale?: 'log' | 'linear'
  colorbar?: ColorbarOptions
  /** Category names instead of numeric ticks (e.g. parameter names of a correlation matrix). */
  xCategories?: readonly string[]
  yCategories?: readonly string[]
  /** Write each cell's value in the cell (default: on when the grid has at most 12 × 12 cells). */
  annotate?: boolean
  /** Lines drawn over the map, e.g. the compute-optimal allocation. */
  overlays?: readonly PlotSeries[]
  width?: number
  height?: number
}
