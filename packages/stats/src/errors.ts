/**
 * The one error type of @passk/stats. The package depends on nothing (not on @passk/core), so it cannot
 * throw a PasskError; it throws a StatsError with the same three fields (a `PASSK_*` code, the message, a
 * hint), and a caller inside a plugin wraps it: `new PasskError(e.code, e.message, e.hint, { cause: e })`.
 * Numeric functions never throw (NaN outside the domain, stdlib convention); only the fitting entry points
 * that validate user data do.
 */
export class StatsError extends Error {
  readonly code: `PASSK_${string}`
  readonly hint: string | undefined
  constructor(code: `PASSK_${string}`, message: string, hint?: string) {
    super(message)
    this.name = 'StatsError'
    this.code = code
    this.hint = hint
  }
}

export function isStatsError(e: unknown): e is StatsError {
  return e instanceof Error && e.name === 'StatsError' && typeof (e as StatsError).code === 'string'
}
