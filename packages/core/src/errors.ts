/**
 * Typed errors. Every user-facing failure is a PasskError with a stable code, a message that says
 * what was expected, what was found and where, and a hint with the fix (STYLE §7).
 */
export type PasskErrorCode = `PASSK_${string}`

export class PasskError extends Error {
  readonly code: PasskErrorCode
  readonly hint: string | undefined
  /** Exit code the CLI maps this error to: 2 for bad usage/spec/options, 1 for a failed run. */
  readonly exitCode: 1 | 2
  constructor(code: PasskErrorCode, message: string, hint?: string, options?: ErrorOptions & { exitCode?: 1 | 2 }) {
    super(message, options)
    this.name = 'PasskError'
    this.code = code
    this.hint = hint
    this.exitCode = options?.exitCode ?? (USAGE_CODES.has(code) ? 2 : 1)
  }
}

/** Codes that describe a bad request (spec, options, usage) rather than a failed computation. */
const USAGE_CODES = new Set<string>([
  'PASSK_BAD_SPEC',
  'PASSK_BAD_OPTIONS',
  'PASSK_UNKNOWN_PLUGIN',
  'PASSK_KIND_MISMATCH',
  'PASSK_USAGE',
  'PASSK_BAD_INPUT_REF',
  'PASSK_DUPLICATE_PLUGIN',
  'PASSK_BAD_PLUGIN',
  'PASSK_FILE_NOT_FOUND',
  'PASSK_BAD_CONFIG',
])

export function isPasskError(e: unknown): e is PasskError {
  return (
    e instanceof Error && (e as { name?: string }).name === 'PasskError' && typeof (e as PasskError).code === 'string'
  )
}

/** One paragraph for a terminal: message, then the hint. */
export function formatError(e: unknown, debug = false): string {
  if (isPasskError(e)) {
    let s = `error ${e.code}: ${e.message}`
    if (e.hint) s += `\n  hint: ${e.hint}`
    const cause = (e as { cause?: unknown }).cause
    // the cause only when it adds something: wrappers usually quote it already (no message printed twice)
    if (cause instanceof Error && !debug && cause.message && !e.message.includes(cause.message.trim()))
      s += `\n  cause: ${cause.message}`
    if (debug && e.stack) s += `\n${e.stack}`
    if (debug && cause instanceof Error && cause.stack) s += `\ncaused by: ${cause.stack}`
    return s
  }
  if (e instanceof Error) return debug && e.stack ? `error: ${e.stack}` : `error: ${e.message}`
  return `error: ${String(e)}`
}
