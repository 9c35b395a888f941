// @passk/plot: SVG charts (curves with bands and fit overlays, heat maps), PNG export, terminal charts.
export { renderCurveSvg, FIT_DASHES } from './curve-svg.js'
export { renderFigureSvg, type FigurePanel, type FigureSvgOptions } from './figure-svg.js'
export { withReferenceOverlays, type OverlayableCurve } from './overlays.js'
export { mathParts, mathPlain, mathSvg } from './internal/math-text.js'
export { renderHeatmapSvg } from './heatmap-svg.js'
export { svgToPng, type PngOptions } from './png.js'
export { svgToPdf, type PdfOptions } from './pdf.js'
export { gridFromColumns, type SurfaceColumn, type SurfaceGrid } from './grid-columns.js'
export {
  tableHeatmap,
  HEATMAP_TABLES,
  heatmapSpecFor,
  type HeatmapTable,
  type TableHeatmapOptions,
  type TableHeatmapResult,
  type TableHeatmapSpec,
} from './table-heatmap.js'
export { linearAxis, logAxis, makeAxis, niceStep, type Axis } from './ticks.js'
export { SERIES_COLORS, seriesColor, colorAt } from './palette.js'
export {
  renderTerminalChart,
  type TerminalChartOptions,
  type TerminalCurve,
  type TerminalSeries,
  type TerminalFit,
  SERIES_GLYPHS,
  FIT_PATTERNS,
} from './terminal.js'
export type * from './types.js'
