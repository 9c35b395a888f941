import { describe, expect, it } from 'vitest'
import { svgToPng } from './png.js'
import { renderCurveSvg } from './curve-svg.js'

describe('svgToPng', () => {
  it('renders a chart to a PNG of the requested width with the aspect ratio kept', () => {
    const svg = renderCurveSvg(
      {
        id: 'c',
        title: 'T',
        xLabel: 'k',
        yLabel: 'y',
        xScale: 'log',
        yScale: 'log',
        series: [{ label: 'a', x: [1, 10, 100], y: [1, 0.3, 0.1] }],
      },
      { width: 640, height: 400 },
    )
    const png = svgToPng(svg, { width: 800 })
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const view = new DataView(png.buffer, png.byteOffset)
    expect(String.fromCharCode(...png.slice(12, 16))).toBe('IHDR')
    expect(view.getUint32(16)).toBe(800)
    expect(view.getUint32(20)).toBe(500)
  })

  it('rejects a non-SVG input and an out-of-range width', () => {
    expect(() => svgToPng('hello')).toThrow(RangeError)
    expect(() => svgToPng('<svg xmlns="http://www.w3.org/2000/svg"/>', { width: 0 })).toThrow(
      'width must be an integer within 16…8192 px, got 0',
    )
  })
})
