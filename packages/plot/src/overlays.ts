/**
 * withReferenceOverlays: a curve with the reference lines other curves of the same run draw for it, e.g. the
 * bias-free asymptote C₁k^−β (evaluators/passk-asymptote, a curve of 'reference' series only) as a dashed
 * overlay on L_inf(k; N), as LID Fig. 1 draws it, instead of a separate plot. A curve qualifies as an overlay
 * when all its series are 'reference', and it has the same quantity, x label and axis scales.
 */
import type { PlotCurve, PlotSeries } from './types.js'

export interface OverlayableCurve extends PlotCurve {
  quantity?: string
}

export function withReferenceOverlays<C extends OverlayableCurve>(curve: C, curves: readonly OverlayableCurve[]): C {
  if (curve.series.length === 0 || curve.series.every((s) => s.style === 'reference')) return curve
  const extra: PlotSeries[] = []
  for (const o of curves) {
    if (o === curve || o.series.length === 0 || !o.series.every((s) => s.style === 'reference')) continue
    if (o.quantity === undefined || o.quantity !== curve.quantity) continue
    if (o.xLabel !== curve.xLabel || o.xScale !== curve.xScale || o.yScale !== curve.yScale) continue
    for (const s of o.series) if (!curve.series.some((t) => t.label === s.label)) extra.push(s)
  }
  return extra.length ? { ...curve, series: [...curve.series, ...extra] } : curve
}
