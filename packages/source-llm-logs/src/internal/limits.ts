/** PASSK_TOO_LARGE: inputs beyond what passk stores exactly, refused with the limit and the way out. */
import { PasskError } from '@passk/core'
import { MAX_COUNT } from './accumulate.js'

/** A count above 2³¹ − 1 (TrialOutcomes keeps n and c in Int32Array): named by file, line and field. */
export function countTooLarge(file: string, line: number, what: string, value: number): PasskError {
  return new PasskError(
    'PASSK_TOO_LARGE',
    `${file}${line ? `:${line}` : ''}: ${what} = ${value} is larger than ${MAX_COUNT} (2³¹ − 1), the largest count passk stores; it is refused, not wrapped.`,
    'Check the value (a unit or overflow error upstream?); counts per problem up to 2147483647 attempts are supported.',
  )
}
