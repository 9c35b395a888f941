/**
 * sources/score-matrix — an external score matrix (problems × attempts) from the user's own generative
 * model, as .npy (2-D, any numeric dtype, C or Fortran order) or CSV, → TrialScores, so the threshold,
 * score-passk and trial-correlation analyses of Levi 2024 §4 run on their data.
 * CSV: one row per problem, one column per attempt, comma/semicolon/tab separated; a header row and a
 * leading problem-id column are detected (a non-numeric first cell); every other cell must be a finite number.
 */
import fs from 'node:fs'
import path from 'node:path'
import { defineSource, PasskError, readNpy, z, type TrialScores } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }

export const scoreMatrixOptions = z
  .object({
    file: z.string().min(1).describe('Score matrix file: .npy (2-D, problems × attempts) or .csv'),
    label: z.string().optional().describe('Group label (default: the file name)'),
    higherIsBetter: z
      .boolean()
      .default(false)
      .describe('false for errors/losses (success when score ≤ ε), true for rewards'),
  })
  .strict()

function bad(file: string, what: string, hint: string): never {
  throw new PasskError('PASSK_BAD_SCORES', `${file}: ${what}.`, hint)
}

const CSV_HINT =
  'Write one row per problem and one numeric column per attempt (an optional header row and problem-id column are allowed).'

export function parseScoreCsv(
  text: string,
  file = 'scores.csv',
): { nProblems: number; nAttempts: number; scores: Float64Array; problems?: string[] } {
  const lines = text.split(/\r?\n/)
  const sep = /[,;\t]/
  const rows: { line: number; cells: string[] }[] = []
  lines.forEach((l, i) => {
    if (l.trim() !== '' && !l.startsWith('#')) rows.push({ line: i + 1, cells: l.split(sep).map((c) => c.trim()) })
  })
  if (!rows.length) bad(file, 'has no data rows', CSV_HINT)
  const isNum = (s: string) => s !== '' && Number.isFinite(Number(s))
  let start = 0
  // Header: the first row has a non-numeric cell beyond the first column, or all of its cells are non-numeric.
  if (
    rows[0].cells.slice(1).some((c) => !isNum(c)) ||
    (rows.length > 1 && !isNum(rows[0].cells[0]) && rows[0].cells.every((c) => !isNum(c)))
  )
    start = 1
  if (start >= rows.length) bad(file, 'has a header but no data rows', CSV_HINT)
  const idCol = !isNum(rows[start].cells[0])
  const width = rows[start].cells.length - (idCol ? 1 : 0)
  if (width < 1) bad(file, `line ${rows[start].line} has no score columns`, CSV_HINT)
  const data = rows.slice(start)
  const scores = new Float64Array(data.length * width)
  const problems: string[] = []
  data.forEach((r, i) => {
    const cells = idCol ? r.cells.slice(1) : r.cells
    if (cells.length !== width)
      bad(
        file,
        `line ${r.line} has ${cells.length} score columns, expected ${width} (as on line ${data[0].line})`,
        'Every problem needs the same number of attempts; pad or trim the rows.',
      )
    if (idCol) problems.push(r.cells[0])
    cells.forEach((c, j) => {
      const v = Number(c)
      if (c === '' || !Number.isFinite(v))
        bad(
          file,
          `line ${r.line}, column ${j + 1 + (idCol ? 1 : 0)} is ${JSON.stringify(c)}, not a finite number`,
          'Remove or fill missing scores (NaN, empty cells and text are not allowed).',
        )
      scores[i * width + j] = v
    })
  })
  return { nProblems: data.length, nAttempts: width, scores, ...(idCol ? { problems } : {}) }
}

export function npyToScores(
  bytes: Uint8Array,
  file: string,
): { nProblems: number; nAttempts: number; scores: Float64Array } {
  let a: ReturnType<typeof readNpy>
  try {
    a = readNpy(bytes, file)
  } catch (e) {
    if ((e as { code?: string }).code) throw e
    bad(
      file,
      `is not a readable .npy file (${(e as Error).message})`,
      'Save it with numpy.save(path, array) as a 2-D numeric array.',
    )
  }
  if (a.shape.length !== 2)
    bad(
      file,
      `has shape (${a.shape.join(', ')}), expected 2 dimensions (problems × attempts)`,
      'Reshape to (problems, attempts) before numpy.save.',
    )
  const [n, m] = a.shape as [number, number]
  if (n < 1 || m < 1) bad(file, `has an empty shape (${n}, ${m})`, 'Save at least one problem with one attempt.')
  const scores = new Float64Array(n * m)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      const v = Number(a.data[i * m + j]) // readNpy returns C order even for Fortran-ordered files
      if (!Number.isFinite(v)) bad(file, `holds ${v} at [${i}, ${j}]`, 'Replace NaN/∞ scores before saving.')
      scores[i * m + j] = v
    }
  return { nProblems: n, nAttempts: m, scores }
}

export const scoreMatrix = defineSource({
  name: 'score-matrix',
  version: pkg.version,
  summary: 'External per-attempt score matrix (.npy or CSV, problems × attempts) → TrialScores',
  refs: ['Levi 2024, §4'],
  options: scoreMatrixOptions,
  produces: 'TrialScores',
  run(_input, o, ctx): TrialScores {
    const file = ctx.resolvePath(o.file)
    let bytes: Uint8Array
    try {
      bytes = fs.readFileSync(file)
    } catch (e) {
      throw new PasskError(
        'PASSK_FILE_NOT_FOUND',
        `Cannot read score matrix ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
        "Relative paths resolve against the spec file's directory.",
        { cause: e },
      )
    }
    const isNpy = bytes.length >= 6 && bytes[0] === 0x93 && String.fromCharCode(...bytes.subarray(1, 6)) === 'NUMPY'
    const m = isNpy ? npyToScores(bytes, file) : parseScoreCsv(new TextDecoder().decode(bytes), file)
    return {
      kind: 'TrialScores',
      higherIsBetter: o.higherIsBetter,
      groups: [{ label: o.label ?? path.basename(file), ...m }],
      meta: { source: 'sources/score-matrix', file: o.file, format: isNpy ? 'npy' : 'csv' },
    }
  },
})
