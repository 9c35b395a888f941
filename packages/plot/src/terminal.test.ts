import { describe, expect, it } from 'vitest'
import { formatTick, renderTerminalChart, type TerminalCurve } from './terminal.js'

const ANSI = /\u001b\[[0-9;]*m/g
const plain = (s: string) => s.replace(ANSI, '')

/** Decode the braille plot area back to dot coordinates (px, py) — the inverse of the renderer's bit layout. */
function litDots(lines: string[], plotRows: number, left: number): [number, number][] {
  const bitsAt = [
    [0x01, 0x02, 0x04, 0x40],
    [0x08, 0x10, 0x20, 0x80],
  ]
  const dots: [number, number][] = []
  for (let r = 0; r < plotRows; r++) {
    const row = [...plain(lines[1 + r])].slice(left)
    row.forEach((ch, c) => {
      const code = ch.codePointAt(0)! - 0x2800
      if (code <= 0 || code > 0xff) return
      for (let sx = 0; sx < 2; sx++)
        for (let sy = 0; sy < 4; sy++) if (code & bitsAt[sx][sy]) dots.push([2 * c + sx, 4 * r + sy])
    })
  }
  return dots
}

const xs = [1, 10, 100, 1000]
const powerCurve: TerminalCurve = {
  title: 'y = 1/x',
  xLabel: 'k',
  yLabel: 'y',
  xScale: 'log',
  yScale: 'log',
  series: [{ label: 'a', x: xs, y: xs.map((x) => 1 / x) }],
}

describe('renderTerminalChart', () => {
  it('returns exactly `height` lines no wider than `width` when sized 80×24, 100×30 and 20×8', () => {
    for (const [w, h] of [
      [80, 24],
      [100, 30],
      [20, 8],
    ] as const) {
      const lines = renderTerminalChart(powerCurve, { width: w, height: h, color: true })
      expect(lines).toHaveLength(h)
      for (const l of lines) expect([...plain(l)].length).toBeLessThanOrEqual(w)
    }
  })

  it('puts every lit dot of y = 1/x on the log-log diagonal (both axes span 3 decades with equal padding)', () => {
    const width = 60,
      height = 20
    const lines = renderTerminalChart(powerCurve, { width, height })
    const plotRows = height - 3 - 1 // one legend line
    const left = lines[1].search(/[│┤]/) + 1
    const plotW = width - left,
      W = 2 * plotW,
      H = 4 * plotRows
    const dots = litDots(lines, plotRows, left)
    expect(dots.length).toBeGreaterThan(W * 0.8)
    // the line through (x=1,y=1) and (x=1000,y=1e-3) maps px/(W-1) = py/(H-1); allow 1 dot of rounding per axis
    for (const [px, py] of dots)
      expect(Math.abs(px / (W - 1) - py / (H - 1))).toBeLessThan(1 / (H - 1) + 1 / (W - 1) + 1e-9)
    // it spans the whole plot: top-left and bottom-right cells are lit
    expect(dots.some(([px, py]) => px <= 2 && py <= 2)).toBe(true)
    expect(dots.some(([px, py]) => px >= W - 3 && py >= H - 3)).toBe(true)
  })

  it('labels each decade of a log x axis under its ┬ tick', () => {
    const lines = renderTerminalChart(powerCurve, { width: 60, height: 16 })
    const axis = lines.findIndex((l) => l.includes('└'))
    const tickCols = [...lines[axis]].flatMap((ch, i) => (ch === '┬' ? [i] : []))
    expect(tickCols).toHaveLength(4)
    const labels = lines[axis + 1]
    ;['1', '10', '100', '1000'].forEach((lab, i) => {
      const at = labels.indexOf(lab, i === 0 ? 0 : tickCols[i - 1] + 1)
      // centred: the label covers the tick column
      expect(at).toBeLessThanOrEqual(tickCols[i])
      expect(at + lab.length - 1).toBeGreaterThanOrEqual(tickCols[i])
    })
    expect(lines[0]).toBe('y = 1/x  (x: k, y: y)')
    // y axis: 1, 0.1, 0.01, 1e-3 appear at ┤ rows
    const yLabels = lines.filter((l) => l.includes('┤')).map((l) => l.split('┤')[0].trim())
    expect(yLabels).toEqual(['1', '0.1', '0.01', '1e-3'])
  })

  it('shows a legend entry per series and per fit, coloured only when color is true', () => {
    const curve: TerminalCurve = {
      ...powerCurve,
      series: [powerCurve.series[0], { label: 'b', x: xs, y: xs.map((x) => 2 / x) }],
    }
    const fits = [
      { model: 'power-law', target: 'b', curve: { x: xs, y: xs.map((x) => 2 / x) } },
      { model: 'no-curve', target: 'a' },
    ]
    const mono = renderTerminalChart(curve, { width: 80, height: 12, fits })
    expect(mono.join('\n')).not.toMatch(ANSI)
    expect(mono.at(-1)).toBe('━━ a  ━━ b  ┄┄ power-law fit (b)')
    const col = renderTerminalChart(curve, { width: 80, height: 12, fits, color: true })
    expect(col.at(-1)).toContain('\u001b[36m━━ a\u001b[39m')
    expect(col.at(-1)).toContain('\u001b[33m━━ b\u001b[39m')
  })

  it('draws a band’s edges as dots above and below the line, inside the axis range', () => {
    const width = 40,
      height = 12
    const band: TerminalCurve = {
      ...powerCurve,
      series: [
        { label: 'a', x: xs, y: xs.map((x) => 1 / x), lower: xs.map((x) => 0.5 / x), upper: xs.map((x) => 2 / x) },
      ],
    }
    const bandLines = renderTerminalChart(band, { width, height })
    const plotRows = height - 4
    const left = bandLines[1].search(/[│┤]/) + 1
    const withBand = litDots(bandLines, plotRows, left)
    // at x = 1 (the left-most dot column; the axis is padded) three separate marks: upper edge y = 2, the line y = 1,
    // lower edge y = 0.5;
    // a factor 2 is 0.30 of the 3.6 decades shown, i.e. ≈ 2.6 of the 32 dot rows apart
    const x1 = Math.min(...withBand.map(([px]) => px))
    const col0 = [...new Set(withBand.filter(([px]) => px === x1).map(([, py]) => py))].sort((a, b) => a - b)
    const groups = col0.filter((py, i) => i === 0 || py - col0[i - 1] >= 2)
    expect(groups).toHaveLength(3)
    // the y axis now spans 0.5/1000 … 2: its lowest decade label is 1e-3 and it reaches 1
    const yLabels = bandLines.filter((l) => l.includes('┤')).map((l) => l.split('┤')[0].trim())
    expect(yLabels[0]).toBe('1')
    expect(yLabels.at(-1)).toBe('1e-3')
    // the upper edge at x = 1 (y = 2) is the top-most dot, in the first column
    const top = Math.min(...withBand.map(([, py]) => py))
    expect(withBand.some(([px, py]) => py === top && px <= 1)).toBe(true)
  })

  it('skips NaN and non-positive points on log axes instead of drawing garbage', () => {
    const lines = renderTerminalChart(
      { ...powerCurve, series: [{ label: 'a', x: [1, 10, 100, 1000], y: [1, Number.NaN, 0, 1e-3] }] },
      { width: 40, height: 10 },
    )
    expect(lines).toHaveLength(10)
    expect(lines.join('\n')).not.toContain('NaN')
    expect(lines.filter((l) => l.includes('┤')).length).toBeGreaterThanOrEqual(2)
  })

  it('says why when nothing can be plotted (all y ≤ 0 on a log axis)', () => {
    const lines = renderTerminalChart(
      { ...powerCurve, series: [{ label: 'a', x: [1, 2], y: [0, -1] }] },
      { width: 40, height: 8 },
    )
    expect(lines).toHaveLength(8)
    expect(lines[1]).toBe('(no finite positive points to plot on log axes)')
  })

  it('draws a constant series on a linear axis without dividing by zero', () => {
    const lines = renderTerminalChart(
      { title: 't', xScale: 'linear', yScale: 'linear', series: [{ label: 'flat', x: [0, 1, 2], y: [3, 3, 3] }] },
      { width: 30, height: 9 },
    )
    expect(lines).toHaveLength(9)
    expect(lines.join('')).toMatch(/[\u2801-\u28ff]/)
  })
})

describe('formatTick', () => {
  it.each([
    [0.01, '0.01'],
    [0.001, '1e-3'],
    [0.5, '0.5'],
    [100, '100'],
    [1000, '1000'],
    [1e4, '1e4'],
    [2e5, '2e5'],
    [0, '0'],
    [-2.5, '-2.5'],
  ])('formats %d as %s', (v, s) => {
    expect(formatTick(v)).toBe(s)
  })
})

describe('renderTerminalChart glyphs (issue 18)', () => {
  const two: TerminalCurve = {
    ...powerCurve,
    series: [powerCurve.series[0], { label: 'b', x: xs, y: xs.map((x) => 0.01 / x) }],
  }
  it('marks data points with one glyph per series (markers: true) and shows it in the legend', () => {
    const lines = renderTerminalChart(two, { width: 60, height: 16, markers: true })
    const body = lines.slice(1, -3).map(plain).join('\n')
    expect(body.match(/●/g)).toHaveLength(4)
    expect(body.match(/■/g)).toHaveLength(4)
    expect(lines.at(-1)).toBe('●━ a  ■━ b')
    // series a's first point (x = 1, y = 1) is the top-left data cell
    const firstRow = plain(lines[1])
    expect(
      firstRow
        .slice(firstRow.search(/[│┤]/) + 1)
        .trimStart()
        .startsWith('●'),
    ).toBe(true)
  })
  it('draws each fitter with its own dash pattern and legend glyph, data solid', () => {
    const fits = [
      { model: 'm1', target: 'a', curve: { x: xs, y: xs.map((x) => 1 / x) } },
      { model: 'm2', target: 'a', curve: { x: xs, y: xs.map((x) => 1 / x) } },
    ]
    const lines = renderTerminalChart({ ...powerCurve, series: [] }, { width: 60, height: 20, fits })
    expect(lines.at(-1)).toBe('┄┄ m1 fit (a)  ┈┈ m2 fit (a)')
    // m1 on y = 1/x, m2 on y = 1e-3/x, in one chart; the same two curves as solid data lines for comparison
    const curves = { x: xs, hi: xs.map((x) => 1 / x), lo: xs.map((x) => 1e-3 / x) }
    const both = [
      { model: 'm1', target: 'a', curve: { x: curves.x, y: curves.hi } },
      { model: 'm2', target: 'a', curve: { x: curves.x, y: curves.lo } },
    ]
    const base = { ...powerCurve, series: [] }
    const dashed = renderTerminalChart(base, { width: 60, height: 20, fits: both })
    const solid = renderTerminalChart(
      {
        ...powerCurve,
        series: [
          { label: 'hi', x: xs, y: curves.hi },
          { label: 'lo', x: xs, y: curves.lo },
        ],
      },
      { width: 60, height: 20 },
    )
    const split = (l: string[]) => {
      const left = l[1].search(/[│┤]/) + 1,
        plotW = 60 - left,
        W = 2 * plotW,
        H = 4 * 16
      const d = litDots(l, 16, left)
      // the two lines are parallel on log-log axes; the mid-line between them separates their dots
      const upper = d.filter(([px, py]) => py / (H - 1) < (px / (W - 1)) * 0.5 + 0.25).length
      return [upper, d.length - upper]
    }
    const [d1, d2] = split(dashed),
      [s1, s2] = split(solid)
    // on/off patterns 3:2 and 1:2 light about 3/5 and 1/3 of the dots a solid line lights
    expect(d1 / s1).toBeGreaterThan(0.5)
    expect(d1 / s1).toBeLessThan(0.7)
    expect(d2 / s2).toBeGreaterThan(0.25)
    expect(d2 / s2).toBeLessThan(0.42)
  })
})
