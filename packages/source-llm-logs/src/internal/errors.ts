/** PasskError factories handed to the core-free accumulators (internal/accumulate.ts). */
import { PasskError } from '@passk/core'

export function strictBadRow(file: string, line: number, reason: string): PasskError {
  return new PasskError(
    'PASSK_LLM_LOGS_BAD_ROW',
    `${file}:${line}: ${reason}.`,
    'Fix or remove the row, or drop strict to skip bad rows with a counted warning.',
  )
}

export function duplicateRow(file: string, line: number, label: string, problem: string): PasskError {
  return new PasskError(
    'PASSK_LLM_LOGS_DUPLICATE_ROW',
    `${file}:${line}: a second row for problem ${JSON.stringify(problem)}${label ? ` of ${JSON.stringify(label)}` : ''}; counts files need one row per (model, problem).`,
    'Remove the duplicate, group by the column that tells them apart (groupBy), or set duplicates to "sum" (add them up) or "first" (keep the first row).',
  )
}
