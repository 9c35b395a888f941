/** Which record layout a file has (counts / per-sample) and which columns play which role. */
import { PasskError } from '@passk/core'
import { resolveField } from './fields.js'

export interface ColumnOptions {
  modelColumn: string
  problemColumn: string
  nColumn: string
  cColumn: string
  successColumn: string
  attemptColumn: string
  costColumn: string
  groupBy: string[]
}

export interface Layout {
  kind: 'counts' | 'samples'
  problem: string
  /** counts: n and c; samples: success, optional attempt index and cost. */
  n?: string
  c?: string
  success?: string
  attempt?: string
  cost?: string
  /** The model column (first group column) when present. */
  model?: string
  /** All grouping columns: the model column first, then groupBy. */
  groupCols: string[]
}

/** Decide counts vs per-sample from the columns (or the forced format) and resolve every role. */
export function resolveLayout(
  columns: readonly string[],
  o: ColumnOptions,
  format: 'auto' | 'counts' | 'samples',
  where: string,
  /** One record's values, when known, to rank columns in the missing-column hint. */
  values?: Record<string, unknown>,
): Layout {
  const problem = resolveField('problem', o.problemColumn, columns, where, true, [], values)!
  const model = resolveField('model', o.modelColumn, columns, where, false)
  for (const g of o.groupBy) {
    if (!columns.includes(g))
      throw new PasskError(
        'PASSK_LLM_LOGS_MISSING_COLUMN',
        `${where}: groupBy column ${JSON.stringify(g)} not found; the columns are ${columns.map((c) => JSON.stringify(c)).join(', ')}.`,
        'Fix the groupBy option (column names are case-sensitive).',
      )
  }
  const groupCols = [...(model ? [model] : []), ...o.groupBy.filter((g) => g !== model)]
  let kind: 'counts' | 'samples'
  if (format === 'counts') kind = 'counts'
  else if (format === 'samples') kind = 'samples'
  else {
    const n = resolveField('n', o.nColumn, columns, where, false, [problem])
    const c = resolveField('c', o.cColumn, columns, where, false, [problem, ...(n ? [n] : [])])
    kind = n !== undefined && c !== undefined ? 'counts' : 'samples'
  }
  if (kind === 'counts') {
    const n = resolveField('n', o.nColumn, columns, where, true, [problem])!
    const c = resolveField('c', o.cColumn, columns, where, true, [problem, n])!
    return { kind, problem, n, c, ...(model ? { model } : {}), groupCols }
  }
  const success = resolveField('success', o.successColumn, columns, where, true, [problem, ...groupCols], values)
  if (success === undefined) {
    throw new PasskError(
      'PASSK_LLM_LOGS_MISSING_COLUMN',
      `${where}: found neither counts columns (n, c) nor a per-attempt success column among ${columns.join(', ')}.`,
      'Set format and the column options, e.g. "successColumn": "passed" or "nColumn"/"cColumn".',
    )
  }
  const attempt = resolveField('attempt', o.attemptColumn, columns, where, false, [problem, success, ...groupCols])
  const cost = resolveField('cost', o.costColumn, columns, where, false, [
    problem,
    success,
    ...groupCols,
    ...(attempt ? [attempt] : []),
  ])
  return {
    kind,
    problem,
    success,
    ...(attempt ? { attempt } : {}),
    ...(cost ? { cost } : {}),
    ...(model ? { model } : {}),
    groupCols,
  }
}
