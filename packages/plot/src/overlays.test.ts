import { describe, expect, it } from 'vitest'
import { withReferenceOverlays, type OverlayableCurve } from './overlays.js'

const base = (id: string, quantity: string, style: 'data' | 'reference', xLabel = 'k'): OverlayableCurve => ({
  id,
  title: id,
  xLabel,
  yLabel: 'L',
  xScale: 'log',
  yScale: 'log',
  quantity,
  series: [{ label: `${id} s`, x: [1, 10], y: [1, 0.1], style }],
})

describe('withReferenceOverlays', () => {
  it('adds the asymptote curve (reference series only, same quantity and axes) to L_inf, nothing else', () => {
    const linf = base('linf', 'failure', 'data'),
      asym = base('linf-asymptote', 'failure', 'reference'),
      other = base('gen', 'loss', 'reference'),
      otherX = base('x', 'failure', 'reference', 'N')
    const out = withReferenceOverlays(linf, [linf, asym, other, otherX])
    expect(out.series.map((s) => s.label)).toEqual(['linf s', 'linf-asymptote s'])
    expect(out.series[1].style).toBe('reference')
    expect(linf.series).toHaveLength(1) // not mutated
    // the asymptote itself, and a curve with no match, come back unchanged
    expect(withReferenceOverlays(asym, [linf, asym])).toBe(asym)
    expect(withReferenceOverlays(other, [linf, asym])).toBe(other)
  })
})
