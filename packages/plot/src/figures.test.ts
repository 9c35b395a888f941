// Issue 18: figures a researcher puts in a paper — dash patterns per fitter, separate legends, colour bar,
// math labels, reference lines, multi-panel figures. The SVGs are parsed, not string-matched.
import { describe, expect, it } from 'vitest'
import { renderCurveSvg, FIT_DASHES } from './curve-svg.js'
import { renderFigureSvg } from './figure-svg.js'
import { mathParts, mathPlain } from './internal/math-text.js'
import { byClass, findAll, parseXml, textOf, type El } from './internal/parse-svg.js'
import type { PlotCurve, PlotFit } from './types.js'

const ks = [1, 2, 4, 8, 16, 32, 64, 100]
const models = ['gpt-4', 'claude', 'llama']
const passk: PlotCurve = {
  id: 'passk',
  title: 'pass@k',
  xLabel: 'k',
  yLabel: 'pass@k',
  xScale: 'log',
  yScale: 'linear',
  series: models.map((m, i) => ({ label: m, x: ks, y: ks.map((k) => 0.9 * (1 - (1 + k) ** -(0.3 + 0.1 * i))) })),
}
const fitters = ['beta-binomial', 'beta-passk', 'exp-power-law']
const fits: PlotFit[] = models.flatMap((m, i) =>
  fitters.map((f, j) => ({
    model: f,
    target: m,
    curve: {
      x: [1, 10, 100, 1000],
      y: [1, 10, 100, 1000].map((k) => 0.9 * (1 - (1 + k) ** -(0.3 + 0.1 * i + 0.01 * j))),
    },
  })),
)

/** Every text anchor, with the offsets of enclosing nested <svg x y> and translate() transforms. */
function textAnchors(el: El, ox = 0, oy = 0, out: { x: number; y: number; t: string }[] = []) {
  for (const c of el.children) {
    let dx = ox,
      dy = oy
    if (c.name === 'svg') {
      dx += +(c.attrs.x ?? 0)
      dy += +(c.attrs.y ?? 0)
    }
    const tr = /translate\(([-\d.]+)[ ,]+([-\d.]+)\)/.exec(c.attrs.transform ?? '')
    if (tr) {
      dx += +tr[1]
      dy += +tr[2]
    }
    if (c.name === 'text') out.push({ x: dx + +(c.attrs.x ?? 0), y: dy + +(c.attrs.y ?? 0), t: textOf(c) })
    textAnchors(c, dx, dy, out)
  }
  return out
}
function expectTextInside(svg: string) {
  const root = parseXml(svg)
  const [, , W, H] = root.children[0].attrs.viewBox.split(' ').map(Number)
  const texts = textAnchors(root)
  expect(texts.length).toBeGreaterThan(5)
  for (const t of texts) {
    expect(t.x, t.t).toBeGreaterThanOrEqual(0)
    expect(t.x, t.t).toBeLessThanOrEqual(W)
    expect(t.y, t.t).toBeGreaterThanOrEqual(0)
    expect(t.y, t.t).toBeLessThanOrEqual(H)
  }
}

describe('fit overlays and legends (issue 18)', () => {
  const svg = renderCurveSvg(passk, { fits })
  const root = parseXml(svg)
  it('gives each fitter its own dash pattern, shared by all models, and each model its own colour', () => {
    const overlays = findAll(root, byClass('fit-overlay'))
    expect(overlays).toHaveLength(9)
    const dashOf = new Map<string, Set<string>>()
    for (const g of overlays) {
      const line = findAll(g, byClass('line'))[0]
      const dash = line.attrs['stroke-dasharray'] ?? 'solid'
      expect(g.attrs['data-dash']).toBe(dash)
      dashOf.set(g.attrs['data-model'], (dashOf.get(g.attrs['data-model']) ?? new Set()).add(dash))
    }
    expect([...dashOf.keys()]).toEqual(fitters)
    for (const s of dashOf.values()) expect(s.size).toBe(1)
    expect(new Set([...dashOf.values()].map((s) => [...s][0])).size).toBe(3)
    expect([...dashOf.values()].map((s) => [...s][0])).toEqual(['solid', FIT_DASHES[1], FIT_DASHES[2]])
    // colours: the fits of one model share that model's marker colour; models differ
    const colour = (label: string) =>
      findAll(findAll(root, (e) => byClass('series')(e) && e.attrs['data-label'] === label)[0], byClass('markers'))[0]
        .attrs.fill
    const cs = models.map(colour)
    expect(new Set(cs).size).toBe(3)
    overlays.forEach((g, i) => expect(findAll(g, byClass('line'))[0].attrs.stroke).toBe(cs[Math.floor(i / 3)]))
  })
  it('has one legend entry per series and one per fitter (6, not 9 + 3), in separate legends', () => {
    const s = findAll(root, byClass('legend-series'))[0],
      f = findAll(root, byClass('legend-fitters'))[0]
    expect(findAll(s, byClass('legend-item')).map((e) => e.attrs['data-label'])).toEqual(models)
    const fi = findAll(f, byClass('legend-item'))
    expect(fi.map((e) => e.attrs['data-label'])).toEqual(fitters)
    expect(fi.map((e) => e.attrs['data-dash'])).toEqual(['solid', FIT_DASHES[1], FIT_DASHES[2]])
    // the legend sample line carries the fitter's dash
    expect(findAll(fi[1], (e) => e.name === 'line')[0].attrs['stroke-dasharray']).toBe(FIT_DASHES[1])
  })
  it('has no NaN coordinates and all text inside the view box', () => {
    expect(svg).not.toMatch(/NaN|Infinity|undefined/)
    expectTextInside(svg)
  })
})

describe('many series with attrs.N: colour bar, thinned markers, asymptote overlay (LID Fig. 1 centre)', () => {
  const kk = Array.from({ length: 41 }, (_, i) => 10 ** (i / 10))
  const Ns = Array.from({ length: 21 }, (_, i) => Math.round(16 * 2 ** (i / 2)))
  const curve: PlotCurve = {
    id: 'linf',
    title: 'L_inf(k; N)',
    xLabel: 'k',
    yLabel: 'L_inf(k; N)',
    xScale: 'log',
    yScale: 'log',
    series: [
      ...Ns.map((N) => ({
        label: `N = ${N}`,
        attrs: { N },
        x: kk,
        y: kk.map((k) => 0.3 * k ** -((3 * N) / (N + 500))),
      })),
      { label: 'C_1 k^{−β}', x: kk, y: kk.map((k) => 0.3 * k ** -3), style: 'reference' as const },
    ],
  }
  const svg = renderCurveSvg(curve)
  const root = parseXml(svg)
  it('draws a colour bar over N (log scale) instead of 21 legend entries; the asymptote keeps its entry', () => {
    const cb = findAll(root, byClass('colorbar'))[0]
    expect(cb.attrs['data-attr']).toBe('N')
    expect(+cb.attrs['data-min']).toBe(16)
    expect(+cb.attrs['data-max']).toBe(Ns[20])
    expect(cb.attrs['data-scale']).toBe('log')
    const items = findAll(root, byClass('legend-item'))
    expect(items.map((e) => e.attrs['data-label'])).toEqual(['C_1 k^{−β}'])
    expect(items[0].attrs['data-kind']).toBe('reference')
    expect(findAll(root, byClass('legend-more'))).toHaveLength(0)
    // the asymptote is dashed and dark
    const ref = findAll(root, (e) => byClass('series')(e) && e.attrs['data-style'] === 'reference')[0]
    expect(findAll(ref, byClass('line'))[0].attrs['stroke-dasharray']).toBe('6 4')
  })
  it('colours N monotonically along viridis and thins the markers to about 12 per series', () => {
    const groups = findAll(root, (e) => byClass('series')(e) && e.attrs['data-style'] === 'data')
    expect(groups).toHaveLength(21)
    expect(findAll(groups[0], byClass('markers'))[0].attrs.fill).toBe('#440154')
    const m = findAll(groups[5], byClass('markers'))[0].children.length
    expect(m).toBeGreaterThanOrEqual(11)
    expect(m).toBeLessThanOrEqual(15)
    expect(groups[5].attrs['data-points']).toBe('41')
  })
  it('has no NaN coordinates and its text inside the view box', () => {
    expect(svg).not.toMatch(/NaN|Infinity|undefined/)
    expectTextInside(svg)
  })
})

describe('math labels (tspans)', () => {
  it('splits sub- and superscripts and writes Greek names as letters only where they are symbols', () => {
    expect(mathParts('beta_eff')).toEqual([
      { text: 'β', shift: 0 },
      { text: 'eff', shift: 1 },
    ])
    expect(mathParts('C_1 k^{-beta}')).toEqual([
      { text: 'C', shift: 0 },
      { text: '1', shift: 1 },
      { text: ' k', shift: 0 },
      { text: '−β', shift: -1 },
    ])
    expect(mathPlain('L_inf(k; N)')).toBe('Linf(k; N)')
    expect(mathPlain('beta-binomial fit (gpt-4)')).toBe('beta-binomial fit (gpt-4)')
    expect(mathPlain('1 − pass@k')).toBe('1 − pass@k')
    expect(mathPlain('N_half')).toBe('Nhalf')
  })
  it('renders axis labels with shifted, smaller tspans that return to the baseline', () => {
    const root = parseXml(renderCurveSvg({ ...passk, yLabel: 'beta_eff(N)', xLabel: 'k^{-beta} x', title: 'L_inf' }))
    const y = findAll(root, byClass('y-label'))[0]
    const sp = y.children
    expect(sp.map(textOf)).toEqual(['β', 'eff', '(N)'])
    expect(+sp[1].attrs.dy).toBeGreaterThan(0) // subscript: down
    expect(+sp[1].attrs['font-size']).toBeLessThan(12)
    expect(+sp[1].attrs.dy + +sp[2].attrs.dy).toBeCloseTo(0, 10)
    const x = findAll(root, byClass('x-label'))[0].children
    expect(x.map(textOf)).toEqual(['k', '−β', ' x'])
    expect(+x[1].attrs.dy).toBeLessThan(0) // superscript: up
    expect(textOf(findAll(root, byClass('title'))[0])).toBe('Linf')
    // one font: no text element sets its own family; the root sets it once
    expect(findAll(root, (e) => e.name === 'text' && 'font-family' in e.attrs)).toHaveLength(0)
    expect(root.children[0].attrs['font-family']).toMatch(/sans-serif/)
  })
})

describe('reference lines', () => {
  it('draws β and N = d lines at their data positions and widens the axis to show them', () => {
    const beff: PlotCurve = {
      id: 'beta-eff',
      title: '',
      xLabel: 'N',
      yLabel: 'beta_eff',
      xScale: 'log',
      yScale: 'linear',
      series: [{ label: 'β_eff', x: [100, 1000, 10000], y: [0.2, 1.5, 2.8] }],
    }
    const root = parseXml(
      renderCurveSvg(beff, {
        refLines: [
          { axis: 'y', value: 3, label: 'β = 3' },
          { axis: 'x', value: 512, label: 'N = d' },
        ],
      }),
    )
    const g = findAll(root, byClass('plot-area'))[0]
    const yd = g.attrs['data-y-domain'].split(' ').map(Number),
      xd = g.attrs['data-x-domain'].split(' ').map(Number)
    expect(yd[1]).toBeGreaterThanOrEqual(3)
    const fr = findAll(root, byClass('frame'))[0]
    const [top, h, left, w] = [+fr.attrs.y, +fr.attrs.height, +fr.attrs.x, +fr.attrs.width]
    const [ly, lx] = findAll(root, byClass('ref-line'))
    expect(ly.attrs['data-axis']).toBe('y')
    const yLine = findAll(ly, (e) => e.name === 'line')[0]
    expect(+yLine.attrs.y1).toBeCloseTo(top + h - (h * (3 - yd[0])) / (yd[1] - yd[0]), 1)
    const xLine = findAll(lx, (e) => e.name === 'line')[0]
    expect(+xLine.attrs.x1).toBeCloseTo(
      left + (w * (Math.log10(512) - Math.log10(xd[0]))) / (Math.log10(xd[1]) - Math.log10(xd[0])),
      1,
    )
    expect(textOf(findAll(lx, (e) => e.name === 'text')[0])).toBe('N = d')
  })
})

describe('renderFigureSvg', () => {
  it('lays out panels in a grid with letters, unique element ids and all text inside the view box', () => {
    const svg = renderFigureSvg(
      [{ curve: passk, options: { fits } }, { curve: { ...passk, id: 'p2', yScale: 'log' } }, { curve: passk }],
      { columns: 2, panelWidth: 500, panelHeight: 360, title: 'Figure 1: beta_eff' },
    )
    const root = parseXml(svg)
    const top = root.children[0]
    expect([top.attrs.width, top.attrs.height]).toEqual(['1000', String(30 + 2 * 360)])
    const panels = findAll(root, byClass('panel'))
    expect(panels).toHaveLength(3)
    const nested = panels.map((p) => p.children.find((c) => c.name === 'svg')!)
    expect(nested.map((s) => [s.attrs.x, s.attrs.y])).toEqual([
      ['0', '30'],
      ['500', '30'],
      ['0', '390'],
    ])
    expect(findAll(root, byClass('panel-letter')).map(textOf)).toEqual(['(a)', '(b)', '(c)'])
    const ids = findAll(root, (e) => e.name === 'clipPath').map((e) => e.attrs.id)
    expect(new Set(ids).size).toBe(3)
    expect(svg).not.toMatch(/NaN|Infinity|undefined/)
    expectTextInside(svg)
  })
})
