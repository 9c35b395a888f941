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
export function resolveField(
  role: FieldRole,
  option: string,
  columns: readonly string[],
  where: string,
  required: boolean,
  exclude: readonly string[] = [],
): string | undefined {
  if (option === 'none') {
    if (required)
      throw new PasskError(
        'PASSK_BAD_OPTIONS',
        `${where}: the ${role} column is required and cannot be 'none'.`,
        `Name the column with the ${role}Column option.`,
      )
    return undefined
  }
  if (option !== 'auto') {
    if (!columns.includes(option)) {
      throw new PasskError(
        'PASSK_LLM_LOGS_MISSING_COLUMN',
        `${where}: column ${JSON.stringify(option)} (${role}) not found; the columns are ${columns.map((c) => JSON.stringify(c)).join(', ') || '(none)'}.`,
        `Fix the ${role}Column option, or set it to 'auto'.`,
      )
    }
    return option
  }
  const hit = CANDIDATES[role].find((c) => columns.includes(c) && !exclude.includes(c))
  if (hit === undefined && required) {
    throw new PasskError(
      'PASSK_LLM_LOGS_MISSING_COLUMN',
      `${where}: no ${role} column found among ${columns.map((c) => JSON.stringify(c)).join(', ') || '(none)'} (looked for ${CANDIDATES[role].join(', ')}).`,
      `Name it with the ${role}Column option, e.g. "${role}Column": "${columns[0] ?? 'my_column'}".`,
    )
  }
  return hit
}

export { countOf, successOf } from './values.js'
