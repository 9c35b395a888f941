/**
 * The `where` option: COL=VALUE filters on any column, applied before grouping (several benchmarks or
 * checkpoints in one file).
 */
import { PasskError } from '@passk/core'

export interface WhereClause {
  column: string
  value: string
}

export function parseWhere(
  where: readonly string[] | undefined,
  columns: readonly string[],
  file: string,
): WhereClause[] {
  return (where ?? []).map((w) => {
    const i = w.indexOf('=')
    if (i <= 0)
      throw new PasskError(
        'PASSK_BAD_OPTIONS',
        `${file}: where ${JSON.stringify(w)} is not COL=VALUE.`,
        'Write each filter as COLUMN=VALUE, e.g. where: ["benchmark=humaneval"] (--where benchmark=humaneval).',
      )
    const column = w.slice(0, i).trim()
    if (!columns.includes(column))
      throw new PasskError(
        'PASSK_LLM_LOGS_MISSING_COLUMN',
        `${file}: where column ${JSON.stringify(column)} not found; the columns are ${columns.map((c) => JSON.stringify(c)).join(', ')}.`,
        'Fix the where option (column names are case-sensitive).',
      )
    return { column, value: w.slice(i + 1) }
  })
}

/** A row matches when every clause's column, written as text, equals the value. */
export function whereMatches(where: readonly WhereClause[], get: (column: string) => unknown): boolean {
  for (const w of where) {
    const v = get(w.column)
    const s = v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v)
    if (s !== w.value) return false
  }
  return true
}
