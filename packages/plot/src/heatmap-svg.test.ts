import { describe, expect, it } from 'vitest'
import { renderHeatmapSvg } from './heatmap-svg.js'
import { byClass, findAll, parseXml, textOf } from './internal/parse-svg.js'

const cellsOf = (svg: string) => findAll(findAll(parseXml(svg), byClass('cells'))[0], (e) => e.name === 'rect')

describe('renderHeatmapSvg', () => {
  it('draws nx × ny cells with viridis ends at the z extremes', () => {
    const x = [1, 10, 100],
      y = [1, 2, 4, 8]
    const z = Array.from({ length: 12 }, (_, i) => i)
    const svg = renderHeatmapSvg({
      title: 'surface',
      xLabel: 'N',
      yLabel: 'k',
      x,
      y,
      z,
      xScale: 'log',
      yScale: 'log',
      colorbar: { label: 'L' },
    })
    expect(svg).not.toMatch(/NaN|Infinity/)
    const cells = cellsOf(svg)
    expect(cells.length).toBe(12)
    expect(cells[0].attrs.fill).toBe('#440154')
    expect(cells[11].attrs.fill).toBe('#fde725')
    // log x centres 1, 10, 100 → edges 10^-0.5 … 10^2.5: equal widths, first cell at the frame's left
    const root = parseXml(svg)
    const f = findAll(root, byClass('frame'))[0].attrs
    expect(Math.abs(+cells[0].attrs.x - +f.x)).toBeLessThanOrEqual(0.01)
    expect(Math.abs(+cells[0].attrs.width - 0.5 - +f.width / 3)).toBeLessThanOrEqual(0.02)
    // row j = 0 (y = 1) is the bottom row
    expect(Math.abs(+cells[0].attrs.y + +cells[0].attrs.height - 0.5 - (+f.y + +f.height))).toBeLessThanOrEqual(0.02)
    expect(root.children[0].attrs['data-z-domain']).toBe('0 11')
  })

  it('uses a symmetric diverging scale, matrix row order and cell values for a correlation matrix', () => {
    const names = ['A', 'beta', 'c']
    const svg = renderHeatmapSvg({
      title: 'corr',
      xLabel: '',
      yLabel: '',
      x: [],
      y: [],
      xCategories: names,
      yCategories: names,
      z: [1, 0.8, -0.3, 0.8, 1, 0.1, -0.3, 0.1, 1],
      colorbar: { palette: 'diverging' },
    })
    const root = parseXml(svg)
    expect(root.children[0].attrs['data-z-domain']).toBe('-1 1')
    const yt = findAll(root, byClass('y-ticks'))[0].children
    const yOf = (name: string) => +yt.find((t) => textOf(t) === name)!.attrs.y
    expect(yOf('A')).toBeLessThan(yOf('beta'))
    expect(yOf('beta')).toBeLessThan(yOf('c'))
    const labels = findAll(root, byClass('cell-labels'))[0].children.map(textOf)
    expect(labels).toEqual(['1.00', '0.80', '\u22120.30', '0.80', '1.00', '0.10', '\u22120.30', '0.10', '1.00'])
    // −0.3 on [−1, 1] sits at t = 0.35 of RdBu: between the 4th and 5th stops (#92c5de, #d1e5f0), bluish
    const c = cellsOf(svg)[2].attrs.fill
    expect(parseInt(c.slice(5, 7), 16)).toBeGreaterThan(parseInt(c.slice(1, 3), 16))
  })

  it('greys out non-finite cells and counts them', () => {
    const svg = renderHeatmapSvg({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      x: [0, 1],
      y: [0, 1],
      z: [1, NaN, Infinity, 2],
    })
    expect(svg).not.toMatch(/NaN|Infinity/)
    expect(cellsOf(svg).map((c) => c.attrs.fill)).toEqual(['#440154', '#d9d9d9', '#d9d9d9', '#fde725'])
    expect(textOf(findAll(parseXml(svg), byClass('note'))[0])).toBe('2 cells without a value (grey)')
  })

  it('maps z on a log colour scale and treats z ≤ 0 as missing there', () => {
    // log10 z = 0, 1, 2 → t = 0, 0.5, 1 → viridis ends and its middle stop (#21918c)
    const svg = renderHeatmapSvg({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      x: [0, 1, 2, 3],
      y: [0],
      z: [1, 10, 100, 0],
      colorbar: { scale: 'log' },
    })
    expect(cellsOf(svg).map((c) => c.attrs.fill)).toEqual(['#440154', '#21918c', '#fde725', '#d9d9d9'])
    expect(parseXml(svg).children[0].attrs['data-missing']).toBe('1')
  })

  it('draws overlays on numeric axes', () => {
    const svg = renderHeatmapSvg({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      x: [1, 10, 100],
      y: [1, 10],
      z: [1, 2, 3, 4, 5, 6],
      xScale: 'log',
      yScale: 'log',
      overlays: [{ label: 'optimum', x: [1, 10, 100], y: [1, 3, 10] }],
    })
    const o = findAll(parseXml(svg), byClass('overlay'))
    expect(o.length).toBe(1)
    expect(o[0].attrs['data-points']).toBe('3')
  })

  it('throws a RangeError with the sizes when z does not match the grid', () => {
    expect(() =>
      renderHeatmapSvg({ title: 't', xLabel: '', yLabel: '', x: [1, 2, 3], y: [1, 2, 3, 4], z: [1, 2] }),
    ).toThrow('z must hold ny × nx = 4 × 3 = 12 values (row-major), got 2')
    expect(() => renderHeatmapSvg({ title: 't', xLabel: '', yLabel: '', x: [1, 0.5], y: [1], z: [1, 2] })).toThrow(
      /strictly increasing/,
    )
    expect(() =>
      renderHeatmapSvg({ title: 't', xLabel: '', yLabel: '', x: [0, 1], y: [1], z: [1, 2], xScale: 'log' }),
    ).toThrow(/x\[0\] = 0 cannot be placed on a log axis/)
  })
})
