/**
 * CIFAR-10H human labels → per-image label distributions P(c | x_i) and their moments (LID §5.1):
 *   m_i = Σ_c c·P(c | x_i),   v_i = Σ_c (c − m_i)²·P(c | x_i).
 */
import { readFileSync } from 'node:fs'
import { PasskError, readNpyFile, type NpyArray, type NpyNumericData } from '@passk/core'

export const LABELS_HINT =
  'CIFAR-10H label files (cifar10h-probs.npy, cifar10h-counts.npy, cifar10h-raw.csv) come from https://github.com/jcpeterson/cifar-10h; in this workspace they are in ../shared/data/cifar10h/.'

/** Row-stochastic label distributions: rows × classes, row-major. */
export interface LabelDistributions {
  rows: number
  classes: number
  p: Float64Array
  source: string
  annotators?: Float64Array
}

/** m_i and v_i of every row (Eq. 26–27 context). Classes are numbered 0..C−1. */
export function labelMoments(L: LabelDistributions): { m: Float64Array; v: Float64Array } {
  const { rows, classes: C, p } = L
  const m = new Float64Array(rows),
    v = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    let mi = 0
    for (let c = 0; c < C; c++) mi += c * p[i * C + c]
    let vi = 0
    for (let c = 0; c < C; c++) vi += (c - mi) ** 2 * p[i * C + c]
    m[i] = mi
    v[i] = vi
  }
  return { m, v }
}

function isIntegerDtype(a: NpyArray<NpyNumericData>): boolean {
  return /[iub]\d+$/.test(a.dtype)
}

/**
 * Label distributions from a probs or counts matrix (rows × classes). `kind: 'auto'` treats integer
 * dtypes as counts. Counts are normalised by their row sums; probabilities must sum to 1 (±1e-6).
 */
export function labelsFromMatrix(
  a: NpyArray<NpyNumericData>,
  kind: 'auto' | 'probs' | 'counts',
  name: string,
): LabelDistributions {
  if (a.shape.length !== 2 || a.shape[1] < 2)
    throw new PasskError(
      'PASSK_BAD_INPUT',
      `${name}: expected a rows × classes label matrix (e.g. 10000 × 10), got shape (${a.shape.join(', ')})`,
      LABELS_HINT,
    )
  const [rows, C] = a.shape as [number, number]
  if (rows === 0) throw new PasskError('PASSK_BAD_INPUT', `${name}: the label matrix has no rows`, LABELS_HINT)
  const counts = kind === 'counts' || (kind === 'auto' && isIntegerDtype(a))
  const p = new Float64Array(rows * C)
  const annotators = counts ? new Float64Array(rows) : undefined
  for (let i = 0; i < rows; i++) {
    let s = 0
    for (let c = 0; c < C; c++) {
      const x = Number(a.data[i * C + c])
      if (!Number.isFinite(x) || x < 0)
        throw new PasskError(
          'PASSK_BAD_INPUT',
          `${name}: row ${i}, class ${c} holds ${x}; label ${counts ? 'counts' : 'probabilities'} must be finite and ≥ 0`,
          LABELS_HINT,
        )
      s += x
    }
    if (counts) {
      if (!(s > 0))
        throw new PasskError(
          'PASSK_BAD_INPUT',
          `${name}: row ${i} has no annotations (all counts are 0)`,
          'Drop that image with indexMap, or fix the counts file.',
        )
      annotators![i] = s
    } else if (Math.abs(s - 1) > 1e-6) {
      throw new PasskError(
        'PASSK_BAD_INPUT',
        `${name}: probabilities of row ${i} sum to ${s}, not 1`,
        "If the file holds annotation counts, set labelsKind: 'counts'.",
      )
    }
    for (let c = 0; c < C; c++) p[i * C + c] = Number(a.data[i * C + c]) / s
  }
  return { rows, classes: C, p, source: counts ? 'counts' : 'probs', ...(annotators ? { annotators } : {}) }
}

export function readLabelsFile(path: string, kind: 'auto' | 'probs' | 'counts'): LabelDistributions {
  return labelsFromMatrix(readNpyFile(path), kind, path)
}

/** Split one CSV line (RFC 4180 quotes). */
function splitCsv(line: string): string[] {
  const out: string[] = []
  let cur = '',
    q = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (q) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"'
          i++
        } else q = false
      } else cur += ch
    } else if (ch === '"') q = true
    else if (ch === ',') {
      out.push(cur)
      cur = ''
    } else cur += ch
  }
  out.push(cur)
  return out
}

const TRUE = new Set(['1', 'true', 'True', 'TRUE'])

/**
 * Label distributions from the raw CIFAR-10H annotation CSV: one row per human judgement with the image
 * index (`cifar10_test_set_idx`, or `cifar10_test_test_idx` as the published file spells it) and the
 * `chosen_label`. Attention checks (`is_attn_check` true, or a negative image index) are excluded.
 */
export function labelsFromCsv(
  text: string,
  name: string,
  classes = 10,
  minRows = 0,
): LabelDistributions & { excluded: number } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0)
  if (lines.length < 2)
    throw new PasskError('PASSK_BAD_INPUT', `${name}: the annotation CSV has no data rows`, LABELS_HINT)
  const head = splitCsv(lines[0]).map((h) => h.trim())
  const idxCol = head.findIndex((h) => h === 'cifar10_test_set_idx' || h === 'cifar10_test_test_idx')
  const labCol = head.indexOf('chosen_label')
  const attCol = head.indexOf('is_attn_check')
  if (idxCol < 0 || labCol < 0)
    throw new PasskError(
      'PASSK_BAD_INPUT',
      `${name}: the header needs columns cifar10_test_set_idx (or cifar10_test_test_idx) and chosen_label; found ${head.join(', ')}`,
      LABELS_HINT,
    )
  const byRow = new Map<number, Float64Array>()
  let maxRow = minRows - 1,
    excluded = 0
  for (let li = 1; li < lines.length; li++) {
    const f = splitCsv(lines[li])
    if (attCol >= 0 && TRUE.has((f[attCol] ?? '').trim())) {
      excluded++
      continue
    }
    const idx = Number(f[idxCol]),
      lab = Number(f[labCol])
    if (!Number.isInteger(idx))
      throw new PasskError(
        'PASSK_BAD_INPUT',
        `${name}: line ${li + 1}: image index ${JSON.stringify(f[idxCol])} is not an integer`,
        LABELS_HINT,
      )
    if (idx < 0) {
      excluded++
      continue
    } // attention-check trials carry a negative index (−99999)
    if (!Number.isInteger(lab) || lab < 0 || lab >= classes)
      throw new PasskError(
        'PASSK_BAD_INPUT',
        `${name}: line ${li + 1}: chosen_label ${JSON.stringify(f[labCol])} is not a class in 0..${classes - 1}`,
        LABELS_HINT,
      )
    let row = byRow.get(idx)
    if (!row) {
      row = new Float64Array(classes)
      byRow.set(idx, row)
    }
    row[lab]++
    if (idx > maxRow) maxRow = idx
  }
  const rows = maxRow + 1
  if (rows <= 0)
    throw new PasskError(
      'PASSK_BAD_INPUT',
      `${name}: no usable annotations (all rows were attention checks)`,
      LABELS_HINT,
    )
  const p = new Float64Array(rows * classes),
    annotators = new Float64Array(rows)
  const missing: number[] = []
  for (let i = 0; i < rows; i++) {
    const r = byRow.get(i)
    if (!r) {
      missing.push(i)
      continue
    }
    let s = 0
    for (let c = 0; c < classes; c++) s += r[c]
    annotators[i] = s
    for (let c = 0; c < classes; c++) p[i * classes + c] = r[c] / s
  }
  if (missing.length)
    throw new PasskError(
      'PASSK_BAD_INPUT',
      `${name}: ${missing.length} image(s) have no annotations, e.g. index ${missing.slice(0, 5).join(', ')}`,
      'Use the complete CIFAR-10H raw CSV, or the probs/counts .npy files.',
    )
  return { rows, classes, p, source: 'annotations-csv', annotators, excluded }
}

export function readAnnotationsCsv(path: string, classes = 10): LabelDistributions & { excluded: number } {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new PasskError('PASSK_FILE_NOT_FOUND', `annotation CSV not found: ${path}`, LABELS_HINT, { cause: e })
  }
  return labelsFromCsv(text, path, classes)
}
