import { describe, expect, it } from 'vitest'
import { renderCurveSvg } from './curve-svg.js'
import { svgToPdf } from './pdf.js'

const curve = {
  id: 'c',
  title: 'beta_eff(N)',
  xLabel: 'N',
  yLabel: 'beta_eff',
  xScale: 'log' as const,
  yScale: 'linear' as const,
  series: [{ label: 'a', x: [1, 10, 100], y: [0.1, 0.5, 0.9] }],
}

describe('svgToPdf', () => {
  it('writes a one-page vector PDF of the chart at the SVG size, with its text and paths', async () => {
    const warnings: string[] = []
    const pdf = await svgToPdf(renderCurveSvg(curve, { width: 500, height: 300 }), {
      compress: false,
      onWarning: (w) => warnings.push(w),
    })
    const s = Buffer.from(pdf).toString('latin1')
    expect(s.startsWith('%PDF-1.')).toBe(true)
    expect(s.trimEnd().endsWith('%%EOF')).toBe(true)
    expect(s.match(/\/Type \/Page\b/g)).toHaveLength(1)
    expect(s).toMatch(/\/MediaBox \[0 0 500 300\]/)
    // drawn as vectors: stroked paths and text show operators, not an embedded bitmap
    expect(s).not.toMatch(/\/Subtype \/Image/)
    expect((s.match(/\bTJ\b|\bTj\b/g) ?? []).length).toBeGreaterThan(5)
    expect((s.match(/\bS\b/g) ?? []).length).toBeGreaterThan(5)
    expect(warnings.filter((w) => !/DejaVu/.test(w))).toEqual([])
  })
  it('rejects what is not an SVG', async () => {
    await expect(svgToPdf('hello')).rejects.toThrow(RangeError)
  })
})
