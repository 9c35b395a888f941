import { describe, expect, it } from 'vitest'
import { HEATMAP_TABLES, tableHeatmap } from './table-heatmap.js'
import { byClass, findAll, parseXml } from './internal/parse-svg.js'

const cellsOf = (svg: string) => findAll(findAll(parseXml(svg), byClass('cells'))[0], (e) => e.name === 'rect')

/** A trial-correlation-matrix table as evaluators/trial-correlation writes it (every 2nd attempt of K = 5). */
function matrixTable() {
  const ks = [1, 3, 5]
  // ε_kk' = 1/(1 + |k − k'|): largest (1) on the diagonal, smallest (1/5) in the corners.
  return {
    id: 'trial-correlation-matrix',
    title: "ε_kk'",
    columns: ['k', ...ks.map((k) => `k'=${k}`)],
    rows: ks.map((a) => [a, ...ks.map((b) => 1 / (1 + Math.abs(a - b)))]),
  }
}

/** An ltot-surface table: log10(1/N + N/C) for N log-spaced in [1, C/2], per budget C (as in report's test). */
function surfaceTable() {
  const rows: number[][] = []
  for (const C of [1e2, 1e3, 1e4])
    for (let j = 0; j < 8; j++) {
      const N = (C / 2) ** (j / 7)
      rows.push([C, N, Math.log10(1 / N + N / C)])
    }
  return { id: 'ltot-surface', title: 'L_tot', columns: ['C', 'N', 'log10_L_tot'], rows }
}

describe('tableHeatmap', () => {
  it('draws a trial-correlation matrix: one cell per entry, viridis ends at its smallest and largest ε', () => {
    const h = tableHeatmap(matrixTable())
    if (!h || 'problem' in h) throw new Error(`expected a heat map, got ${JSON.stringify(h)}`)
    const root = parseXml(h.svg)
    expect(root.children[0].attrs['data-nx']).toBe('3')
    expect(root.children[0].attrs['data-ny']).toBe('3')
    expect(root.children[0].attrs['data-missing']).toBe('0')
    expect(root.children[0].attrs['data-z-domain']).toBe('0.2 1')
    const cells = cellsOf(h.svg)
    expect(cells.length).toBe(9)
    // z row-major: (k=1, k'=5) is index 2 → 1/5, the minimum; the diagonal holds the maximum.
    expect(cells[2].attrs.fill).toBe('#440154')
    expect(cells[6].attrs.fill).toBe('#440154')
    for (const d of [0, 4, 8]) expect(cells[d].attrs.fill).toBe('#fde725')
    expect(h.caption).toBe("ε_kk' from table trial-correlation-matrix: 3 × 3 cells.")
  })

  it('puts an ltot-surface on a 60-row log grid with the named overlay curve of its stage', () => {
    const overlay = {
      id: 'compute-allocation',
      series: [{ label: 'grid optimum', x: [1e2, 1e3, 1e4], y: [7, 22, 70] }],
    }
    const other = { id: 'other', series: [{ label: 'not me', x: [1, 2], y: [1, 2] }] }
    const h = tableHeatmap(surfaceTable(), { id: 's0', curves: [overlay, other] })
    if (!h || 'problem' in h) throw new Error(`expected a heat map, got ${JSON.stringify(h)}`)
    expect(h.svg).toContain('data-nx="3" data-ny="60"')
    expect(h.svg).toContain('data-label="grid optimum"')
    expect(h.svg).not.toContain('data-label="not me"')
    expect(h.svg).not.toMatch(/NaN|Infinity/)
    expect(HEATMAP_TABLES['ltot-surface']).toMatchObject({ kind: 'surface', ny: 60 })
  })

  it('returns undefined for other tables and a problem (not a throw) for malformed ones', () => {
    expect(tableHeatmap({ id: 'passk', title: 't', columns: ['a'], rows: [[1]] })).toBeUndefined()
    expect(tableHeatmap({ ...surfaceTable(), columns: ['C', 'N', 'L'] })).toEqual({
      problem: 'no heat map, it lacks one of the columns C, N, log10_L_tot',
    })
    const m = matrixTable()
    expect(tableHeatmap({ ...m, columns: ['k', "k'=1", 'x', "k'=5"] })).toEqual({
      problem: `no heat map, column 3 "x" is not of the form k'=<number>`,
    })
    expect(tableHeatmap({ ...m, rows: [['a', 1, 2, 3]] })).toEqual({
      problem: 'no heat map, row 1 has k = "a", not a number',
    })
    expect(tableHeatmap({ ...m, rows: [] })).toEqual({ problem: 'no heat map, the matrix is empty' })
    // a row order renderHeatmapSvg cannot place (k not increasing) comes back as a problem too
    expect(tableHeatmap({ ...m, rows: [m.rows[1], m.rows[0], m.rows[2]] })).toEqual({
      problem: 'heat map not drawn: renderHeatmapSvg: y must be strictly increasing, but y[1] = 1 follows 3.',
    })
  })

  it('draws a split-surface-<family> table: the surface cells, iso-compute lines dashed, the optimum as a marker', () => {
    // pass@k = 1 − (1 + k)^(−0.5·log10 D) on D ∈ {1e9 … 1e11} × k ∈ {1 … 1e4}, iso lines D + 1e6·k = C, optimum.
    const rows: (string | number | null)[][] = []
    for (const D of [1e9, 1e10, 1e11])
      for (const k of [1, 10, 100, 1e3, 1e4]) rows.push([D, k, 1 - (1 + k) ** (-0.05 * Math.log10(D)), 'surface'])
    for (const D of [1e9, 3e9, 9e9]) rows.push([D, (1e10 - D) / 1e6, null, 'iso-compute C = C₀'])
    rows.push([2e9, 8000, 0.5, 'optimum (D*, k*) at 10×C₀ (Eq. 24)'])
    const h = tableHeatmap({
      id: 'split-surface-params-12b-gsm8k',
      title: 'pass@k(D, k)',
      columns: ['D', 'k', 'pass@k', 'role'],
      rows,
    })
    if (!h || 'problem' in h) throw new Error(`expected a heat map, got ${JSON.stringify(h)}`)
    const root = parseXml(h.svg)
    expect(root.children[0].attrs['data-nx']).toBe('3')
    expect(root.children[0].attrs['data-z-domain']).toBe('0 1')
    expect(cellsOf(h.svg).length).toBe(3 * 60) // ny = 60 rows per column
    expect(HEATMAP_TABLES['split-surface']).toMatchObject({ kind: 'surface', ny: 60 })
    const overlays = findAll(root, byClass('overlay'))
    expect(overlays.map((o) => o.attrs['data-label'])).toEqual([
      'iso-compute C = C₀',
      'optimum (D*, k*) at 10×C₀ (Eq. 24)',
    ])
    expect(overlays.map((o) => o.attrs['data-points'])).toEqual(['3', '1'])
    expect(findAll(overlays[1], (e) => e.name === 'circle').length).toBe(1)
    expect(findAll(overlays[0], (e) => e.name === 'path').some((e) => e.attrs['stroke-dasharray'] === '6 4')).toBe(true)
    expect(h.svg).toContain('training tokens D')
    expect(tableHeatmap({ ...matrixTable(), id: 'split-surfaceX' })).toBeUndefined()
  })
})
