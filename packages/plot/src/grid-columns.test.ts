import { describe, expect, it } from 'vitest'
import { gridFromColumns } from './grid-columns.js'

describe('gridFromColumns', () => {
  it('interpolates linearly in log10 y inside each column and leaves NaN outside it', () => {
    // column x = 1: z = log10 y on [1, 100]; column x = 2: z = 5 + log10 y on [1, 10] only
    const g = gridFromColumns(
      [
        { x: 2, y: [10, 1], z: [6, 5] },
        { x: 1, y: [1, 10, 100], z: [0, 1, 2] },
      ],
      { ny: 5, yScale: 'log' },
    )
    expect(g.x).toEqual([1, 2])
    ;[1, 10 ** 0.5, 10, 10 ** 1.5, 100].forEach((v, j) => expect(g.y[j]).toBeCloseToRel(v, 1e-12))
    // rows j = 0…4 at log10 y = 0, 0.5, 1, 1.5, 2
    const col = (i: number) => [0, 1, 2, 3, 4].map((j) => g.z[j * 2 + i])
    col(0).forEach((v, j) => expect(Math.abs(v - j / 2)).toBeLessThanOrEqual(1e-12))
    expect(col(1).slice(0, 3)).toEqual([5, 5.5, 6])
    expect(col(1).slice(3).every(Number.isNaN)).toBe(true)
  })

  it('rejects duplicate x, mismatched lengths and data without a y range', () => {
    expect(() =>
      gridFromColumns([
        { x: 1, y: [1], z: [1] },
        { x: 1, y: [2], z: [2] },
      ]),
    ).toThrow('two columns share x = 1')
    expect(() => gridFromColumns([{ x: 1, y: [1, 2], z: [1] }])).toThrow(
      'column 0 (x = 1) has 2 y values but 1 z values',
    )
    expect(() => gridFromColumns([{ x: 1, y: [0, -1], z: [1, 2] }], { yScale: 'log' })).toThrow(
      /at least two distinct drawable y values/,
    )
  })
})
