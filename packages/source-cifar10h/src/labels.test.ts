import { describe, expect, it } from 'vitest'
import { isPasskError, type NpyArray, type NpyNumericData } from '@passk/core'
import { labelMoments, labelsFromCsv, labelsFromMatrix } from './labels.js'

const mat = (dtype: string, rows: number[][]): NpyArray<NpyNumericData> => ({
  dtype,
  shape: [rows.length, rows[0].length],
  fortranOrder: false,
  data: dtype.includes('f') ? Float64Array.from(rows.flat()) : Float64Array.from(rows.flat()),
})

function code(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    if (isPasskError(e)) return `${e.code}: ${e.message}`
    throw e
  }
  return 'no error'
}

describe('labelMoments (m_i = Σ c·P(c), v_i = Σ (c − m_i)²·P(c), LID §5.1)', () => {
  it('matches hand-computed rows', () => {
    const L = labelsFromMatrix(
      mat('<f8', [
        [0, 0, 0, 1, 0, 0, 0, 0, 0, 0], // unanimous class 3: m = 3, v = 0
        [0, 0, 0, 0.5, 0, 0.5, 0, 0, 0, 0], // 3 or 5: m = 4, v = 1
        [0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0.5], // 0 or 9: m = 4.5, v = 20.25
        [0.25, 0.25, 0.25, 0.25, 0, 0, 0, 0, 0, 0], // uniform on 0..3: m = 1.5, v = 1.25
      ]),
      'probs',
      'hand',
    )
    const { m, v } = labelMoments(L)
    expect(Array.from(m)).toEqual([3, 4, 4.5, 1.5])
    expect(Array.from(v)).toEqual([0, 1, 20.25, 1.25])
  })
  it('normalises counts (integer dtype, auto) and keeps the annotator totals', () => {
    // 47 annotators: 40 × class 2, 7 × class 6 → P = (40/47, 7/47); m = (80 + 42)/47, v = Σ (c − m)² P
    const L = labelsFromMatrix(mat('<i8', [[0, 0, 40, 0, 0, 0, 7, 0, 0, 0]]), 'auto', 'counts')
    expect(L.source).toBe('counts')
    expect(Array.from(L.annotators!)).toEqual([47])
    const { m, v } = labelMoments(L)
    const mm = (2 * 40 + 6 * 7) / 47
    expect(m[0]).toBeCloseToRel(mm, 1e-15)
    expect(v[0]).toBeCloseToRel(((2 - mm) ** 2 * 40 + (6 - mm) ** 2 * 7) / 47, 1e-14)
  })
  it('rejects bad label matrices with the row named', () => {
    expect(code(() => labelsFromMatrix(mat('<f8', [[0.5, 0.4, 0, 0, 0, 0, 0, 0, 0, 0]]), 'auto', 'p.npy'))).toMatch(
      /PASSK_BAD_INPUT: p\.npy: probabilities of row 0 sum to 0\.9/,
    )
    expect(
      code(() =>
        labelsFromMatrix(
          mat('<f8', [
            [1, 0],
            [1.5, -0.5],
          ]),
          'probs',
          'p.npy',
        ),
      ),
    ).toMatch(/row 1, class 1 holds -0\.5/)
    expect(
      code(() =>
        labelsFromMatrix(
          mat('<i8', [
            [1, 0],
            [0, 0],
          ]),
          'auto',
          'c.npy',
        ),
      ),
    ).toMatch(/row 1 has no annotations/)
    expect(
      code(() =>
        labelsFromMatrix(
          { dtype: '<f8', shape: [10], fortranOrder: false, data: new Float64Array(10) },
          'auto',
          'v.npy',
        ),
      ),
    ).toMatch(/expected a rows × classes label matrix.*shape \(10\)/)
    expect(code(() => labelsFromMatrix(mat('<f8', [[0.2, 0.8]]), 'probs', 'p.npy'))).toBe('no error')
  })
})

describe('labelsFromCsv (raw CIFAR-10H annotations)', () => {
  const csv = [
    'annotator_id,cifar10_test_test_idx,chosen_label,is_attn_check',
    '1,0,3,0',
    '2,0,3,0',
    '3,0,5,0',
    '4,0,5,0',
    '1,1,9,0',
    '2,1,9,0',
    '1,-99999,2,1', // attention check (flag and negative index)
    '5,1,0,1', // flagged attention check on a real image: excluded
    '"6",1,"9",False',
  ].join('\n')
  it('counts chosen labels per image and excludes attention checks', () => {
    const L = labelsFromCsv(csv, 'raw.csv')
    expect(L.rows).toBe(2)
    expect(L.excluded).toBe(2)
    expect(Array.from(L.annotators!)).toEqual([4, 3])
    const { m, v } = labelMoments(L)
    expect(Array.from(m)).toEqual([4, 9])
    expect(Array.from(v)).toEqual([1, 0])
  })
  it('names missing columns, bad labels and unannotated images', () => {
    expect(code(() => labelsFromCsv('a,b\n1,2', 'x.csv'))).toMatch(
      /x\.csv: the header needs columns cifar10_test_set_idx/,
    )
    expect(code(() => labelsFromCsv('cifar10_test_set_idx,chosen_label\n0,12', 'x.csv'))).toMatch(
      /line 2: chosen_label "12" is not a class in 0\.\.9/,
    )
    expect(code(() => labelsFromCsv('cifar10_test_set_idx,chosen_label\n1,2', 'x.csv'))).toMatch(
      /1 image\(s\) have no annotations, e\.g\. index 0/,
    )
  })
})
