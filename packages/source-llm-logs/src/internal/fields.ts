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

const NAME_HINTS: Record<FieldRole, RegExp[]> = {
  model: [/model/i, /(^|_)(name|system|agent)$/i],
  problem: [
    /(problem|task|question|instance|behavior|behaviour|prompt|doc|item|example|sample)_?(id|idx|index|key|name)?$/i,
    /(^|_)(id|uid|key)$/i,
  ],
  n: [/(^|_)(n|num|count|total|attempts?|samples?)(_|$)/i],
  c: [/(^|_)(c|correct|passed|successes|solved|hits)(_|$)/i],
  success: [/pass|success|correct|solved|accept|is_|(^|_)(ok|label|result|outcome|score|reward|win)$/i],
  attempt: [/(attempt|sample|seed|repeat|completion|trial|run)_?(id|idx|index|no)?$/i],
  cost: [/cost|usd|tokens?|price|latency/i],
}

/** How well a column fits a role by its name (and, when known, a value): higher is better; 0 = no sign. */
export function columnFit(role: FieldRole, name: string, value?: unknown): number {
  let s = 0
  const hints = NAME_HINTS[role]
  hints.forEach((re, i) => {
    if (re.test(name)) s = Math.max(s, 4 - i)
  })
  if (name.length <= 1) s -= 2 // single letters (i, x) are loop indices more often than ids
  if (value !== undefined) {
    const isBool = typeof value === 'boolean' || value === 0 || value === 1 || value === '0' || value === '1'
    if (role === 'success') s += isBool ? 3 : typeof value === 'number' ? 1 : -1
    if (role === 'problem') s += typeof value === 'string' && value.length > 0 ? 2 : Number.isInteger(value) ? 1 : -2
    if ((role === 'n' || role === 'c') && !Number.isInteger(typeof value === 'string' ? Number(value) : value)) s -= 3
  }
  return s
}

/** Columns ranked by fit for a role (best first; ties keep the file's order). */
export function rankColumns(
  role: FieldRole,
  columns: readonly string[],
  values?: Record<string, unknown>,
  exclude: readonly string[] = [],
): string[] {
  return columns
    .filter((c) => !exclude.includes(c))
    .map((c, i) => ({ c, i, s: columnFit(role, c, values?.[c]) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.c)
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`)

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
  values?: Record<string, unknown>,
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
      (() => {
        const best = rankColumns(role, columns, values, exclude)
        const opt = `${role}Column`
        return `Name it with the ${opt} option (passk fit --${kebab(opt)} COL), e.g. "${opt}": "${best[0] ?? 'my_column'}"${best.length > 1 ? ` (likeliest first: ${best.slice(0, 4).join(', ')})` : ''}.`
      })(),
    )
  }
  return hit
}

export { countOf, successOf } from './values.js'
