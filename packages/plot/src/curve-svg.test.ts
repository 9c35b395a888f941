import { describe, expect, it } from 'vitest'
import { renderCurveSvg } from './curve-svg.js'
import { byClass, findAll, parseXml, textOf, type El } from './internal/parse-svg.js'
import type { PlotCurve } from './types.js'

const k = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000]
const loglog = (extra: Partial<PlotCurve> = {}): PlotCurve => ({
  id: 'passk',
  title: 'Failure vs attempts',
  xLabel: 'k',
  yLabel: '1 − pass@k',
  xScale: 'log',
  yScale: 'log',
  series: [
    { label: 'model A', x: k, y: k.map((x) => 0.5 * x ** -0.5) },
    {
      label: 'model B',
      x: k,
      y: k.map((x) => 0.1 * x ** -0.3),
      lower: k.map((x) => 0.08 * x ** -0.3),
      upper: k.map((x) => 0.12 * x ** -0.3),
    },
  ],
  ...extra,
})

function frameOf(root: El) {
  const r = findAll(root, byClass('frame'))[0]
  return { left: +r.attrs.x, top: +r.attrs.y, width: +r.attrs.width, height: +r.attrs.height }
}
const domains = (root: El) => {
  const g = findAll(root, byClass('plot-area'))[0]
  return { x: g.attrs['data-x-domain'].split(' ').map(Number), y: g.attrs['data-y-domain'].split(' ').map(Number) }
}
const tickLabels = (root: El, cls: string) => findAll(root, byClass(cls))[0].children.map(textOf)

describe('renderCurveSvg', () => {
  it('draws a well-formed log-log chart with decade ticks and one group per series', () => {
    const svg = renderCurveSvg(loglog())
    const root = parseXml(svg)
    expect(findAll(root, byClass('series')).length).toBe(2)
    // x data 1…1000 → decades 1, 10, 100, 1000 (ticks.ts rule, checked in ticks.test.ts)
    expect(tickLabels(root, 'x-ticks')).toEqual(['1', '10', '100', '1000'])
    const d = domains(root)
    expect(d.x[0]).toBeCloseToRel(10 ** -0.12, 1e-12)
    expect(d.x[1]).toBeCloseToRel(10 ** 3.12, 1e-12)
    // y extent: min over series and band = 0.08·1000^-0.3, max = 0.5
    const ymin = 0.08 * 1000 ** -0.3,
      L = Math.log10(0.5 / ymin)
    expect(d.y[0]).toBeCloseToRel(ymin / 10 ** (0.04 * L), 1e-9)
    expect(d.y[1]).toBeCloseToRel(0.5 * 10 ** (0.04 * L), 1e-9)
    expect(svg).not.toMatch(/NaN|Infinity|undefined/)
    expect(findAll(root, (e) => e.name === 'text' && textOf(e) === 'model B').length).toBe(1)
  })

  it('places each marker at the log-scaled position of its data point (to 0.01 px)', () => {
    const root = parseXml(renderCurveSvg(loglog(), { width: 800, height: 500 }))
    const f = frameOf(root),
      d = domains(root)
    const markers = findAll(findAll(root, byClass('series'))[0], (e) => e.name === 'circle')
    expect(markers.length).toBe(k.length)
    k.forEach((x, i) => {
      const y = 0.5 * x ** -0.5
      const px = f.left + (f.width * (Math.log10(x) - Math.log10(d.x[0]))) / (Math.log10(d.x[1]) - Math.log10(d.x[0]))
      const py =
        f.top + f.height - (f.height * (Math.log10(y) - Math.log10(d.y[0]))) / (Math.log10(d.y[1]) - Math.log10(d.y[0]))
      expect(Math.abs(+markers[i].attrs.cx - px)).toBeLessThanOrEqual(0.01)
      expect(Math.abs(+markers[i].attrs.cy - py)).toBeLessThanOrEqual(0.01)
    })
  })

  it('skips non-finite and non-positive points on log axes, breaks the line there and says so', () => {
    const svg = renderCurveSvg({
      ...loglog(),
      series: [{ label: 's', x: [1, 2, 3, 4, 5, 6, 7], y: [0.5, NaN, 0.3, 0, -1, Infinity, 0.1] }],
    })
    expect(svg).not.toMatch(/NaN|Infinity/)
    const root = parseXml(svg)
    const s = findAll(root, byClass('series'))[0]
    expect(s.attrs['data-skipped']).toBe('4')
    expect(s.attrs['data-points']).toBe('3')
    // segments: {0.5}, {0.3}, {0.1} → three subpaths, each a single M
    const path = findAll(s, (e) => e.name === 'path' && byClass('line')(e))[0]
    expect(path.attrs.d.match(/M/g)!.length).toBe(3)
    expect(textOf(findAll(root, byClass('note'))[0])).toBe('4 points not shown (non-finite or ≤ 0 on a log axis)')
  })

  it('draws an empty frame with a message when no point is drawable', () => {
    const svg = renderCurveSvg({ ...loglog(), series: [{ label: 'none', x: [0, -1], y: [NaN, 1] }] })
    expect(svg).not.toMatch(/NaN|Infinity/)
    const root = parseXml(svg)
    expect(textOf(findAll(root, byClass('empty'))[0])).toBe('no finite data to plot')
    expect(tickLabels(root, 'x-ticks')).toEqual(['1', '10'])
  })

  it('uses 1-2-5 ticks on linear axes', () => {
    const root = parseXml(
      renderCurveSvg({
        id: 'b',
        title: '',
        xLabel: 'N',
        yLabel: 'β',
        xScale: 'linear',
        yScale: 'linear',
        series: [{ label: 'β', x: [0, 100, 200, 300, 400], y: [0.1, 0.35, 0.42, 0.47, 0.49] }],
      }),
    )
    expect(tickLabels(root, 'x-ticks')).toEqual(['0', '100', '200', '300', '400'])
    expect(tickLabels(root, 'y-ticks')).toEqual(['0.1', '0.2', '0.3', '0.4', '0.5'])
    expect(findAll(root, byClass('title')).length).toBe(0)
  })

  it('splits an error band at a missing bound into separate polygons', () => {
    const root = parseXml(
      renderCurveSvg({
        ...loglog(),
        series: [
          {
            label: 'b',
            x: [1, 2, 3, 4, 5],
            y: [1, 1, 1, 1, 1],
            lower: [0.5, 0.5, NaN, 0.5, 0.5],
            upper: [2, 2, 2, 2, 2],
          },
        ],
      }),
    )
    const polys = findAll(root, byClass('band'))
    expect(polys.length).toBe(2)
    expect(polys[0].attrs.points.split(' ').length).toBe(4)
  })

  it('overlays a fit as a solid line in the colour of its target series, without letting its extrapolation set the y range', () => {
    const svg = renderCurveSvg(loglog(), {
      fits: [
        { model: 'power-law', target: 'model B', curve: { x: [1, 1000, 1e6], y: [0.1, 0.1 * 1000 ** -0.3, 1e-9] } },
      ],
    })
    const root = parseXml(svg)
    const groups = findAll(root, byClass('series'))
    expect(groups.length).toBe(3)
    const fit = groups[2]
    expect(fit.attrs['data-style']).toBe('fit')
    expect(fit.attrs['data-label']).toBe('power-law fit (model B)')
    const bColor = findAll(groups[1], byClass('markers'))[0].attrs.fill
    expect(findAll(fit, byClass('line'))[0].attrs.stroke).toBe(bColor)
    expect(findAll(fit, byClass('markers')).length).toBe(0)
    const d = domains(root)
    expect(d.x[1]).toBeGreaterThan(1e6) // x range includes the whole fit line …
    expect(d.y[0]).toBeGreaterThan(1e-3) // … y range only the fit inside the data's x range
  })

  it('draws reference series dashed, escapes labels and gives each chart its own clip-path id', () => {
    const c = loglog({ series: [{ label: 'ref <k^-1> & "c"', x: [1, 10], y: [1, 0.1], style: 'reference' }] })
    const a = renderCurveSvg(c),
      b = renderCurveSvg({ ...c, id: 'other' })
    const ra = parseXml(a)
    expect(findAll(ra, byClass('line'))[0].attrs['stroke-dasharray']).toBe('6 4')
    expect(findAll(ra, byClass('legend-item'))[0].attrs['data-label']).toBe('ref <k^-1> & "c"')
    const idOf = (s: string) => /clipPath id="([^"]+)"/.exec(s)![1]
    expect(idOf(a)).not.toBe(idOf(b))
    expect(a).toContain(`clip-path="url(#${idOf(a)})"`)
  })

  it('moves the legend under the plot when labels are long, keeping the SVG size', () => {
    const short = parseXml(renderCurveSvg(loglog()))
    const long = parseXml(
      renderCurveSvg(
        loglog({ series: [{ label: 'Beta(α=5, β=0.35), A=0.9 with a long description', x: [1, 10], y: [1, 0.1] }] }),
      ),
    )
    expect(findAll(short, byClass('legend'))[0].attrs['data-position']).toBe('right')
    expect(findAll(long, byClass('legend'))[0].attrs['data-position']).toBe('bottom')
    // one legend row (18 px + 6 px padding) comes off the plot height; the plot gets the full width
    expect(frameOf(short).height - frameOf(long).height).toBe(24)
    expect(frameOf(long).width).toBeGreaterThan(frameOf(short).width)
    expect(long.children[0].attrs.width).toBe('640')
  })

  it('colours many series along viridis and lists evenly spaced ones, first and last included', () => {
    const series = Array.from({ length: 21 }, (_, i) => ({ label: `N = ${i}`, x: [1, 10], y: [1, 10 ** -(i / 10)] }))
    const root = parseXml(renderCurveSvg(loglog({ series })))
    const fills = findAll(root, byClass('markers')).map((m) => m.attrs.fill)
    expect(fills[0]).toBe('#440154') // viridis(0)
    expect(new Set(fills).size).toBe(21)
    const labels = findAll(root, byClass('legend-item')).map((e) => e.attrs['data-label'])
    // 14 entries at round(j·20/13), j = 0…13
    expect(labels).toEqual([0, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20].map((i) => `N = ${i}`))
    expect(textOf(findAll(root, byClass('legend-more'))[0])).toBe('14 of 21 shown')
  })

  it('throws a RangeError naming the series when x and y differ in length', () => {
    expect(() => renderCurveSvg({ ...loglog(), series: [{ label: 'bad', x: [1, 2, 3], y: [1, 2] }] })).toThrow(
      /series 1 "bad": x has 3 values but y has 2/,
    )
    expect(() => renderCurveSvg(loglog(), { width: 10 })).toThrow(RangeError)
  })
})
