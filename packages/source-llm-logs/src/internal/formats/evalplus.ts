/**
 * evalplus eval_results.json: {"eval": {task_id: [{base_status, plus_status, …}, …]}} (evalplus ≥ 0.2,
 * evalplus/evaluate.py; statuses pass/fail/timeout, plus_status null with --base-only), or the older
 * {"eval": {task_id: {"nfiles": n, "base": [[status, details], …], "plus": [[status, details], …]}}} (0.1;
 * statuses success/failed/"timed out", plus [] with --base-only). Timeouts are failures.
 */
import { describe } from '../rows.js'
import { PasskError } from '@passk/core'
import { emptyError, isObject, singleLabel } from './common.js'
import type { LogFormat } from './types.js'

function statusPass(s: unknown): number {
  if (typeof s !== 'string') return -1
  const t = s.toLowerCase()
  return t === 'pass' || t === 'success' || t === 'passed'
    ? 1
    : t === 'fail' || t === 'failed' || t === 'failure' || t === 'timeout' || t === 'timed out' || t === 'error'
      ? 0
      : -1
}

export const evalplus: LogFormat = {
  name: 'evalplus',
  detect: (p) => p.type === 'json' && isObject(p.document()) && 'eval' in (p.document() as object),
  read(p, o, st, ctx) {
    const file = p.file
    const doc = p.document()
    const ev = (doc as { eval?: unknown } | null)?.eval
    if (typeof ev !== 'object' || ev === null || Array.isArray(ev))
      throw new PasskError(
        'PASSK_LLM_LOGS_UNKNOWN_FORMAT',
        `${file}: evalplus results need an "eval" object keyed by task id.`,
        'Pass the eval_results.json written by evalplus.evaluate.',
      )
    const g = st.acc.group(singleLabel(o, file), {})
    // --base-only output has no plus results (plus_status null, or an empty plus list): base tests, said so.
    const entries = Object.values(ev as Record<string, unknown>)
    const hasPlus = entries.some((v) =>
      Array.isArray(v)
        ? v.some((x) => isObject(x) && x.plus_status !== null && x.plus_status !== undefined)
        : isObject(v) && Array.isArray(v.plus) && v.plus.length > 0,
    )
    const plus = (o.tests ?? o.evalplusTests) === 'plus' && hasPlus
    if ((o.tests ?? o.evalplusTests) === 'plus' && !hasPlus && entries.length)
      ctx.warn(
        'PASSK_LLM_LOGS_EVALPLUS_BASE_ONLY',
        `${file}: no plus-test results (evalplus ran with --base-only); success = base tests pass.`,
      )
    st.meta.harness = 'evalplus'
    st.meta.tests = plus ? 'plus' : 'base'
    if (isObject((doc as { pass_at_k?: unknown }).pass_at_k))
      st.meta.reported = (doc as { pass_at_k: unknown }).pass_at_k
    let row = 0
    for (const [task, v] of Object.entries(ev as Record<string, unknown>)) {
      row++
      if (Array.isArray(v)) {
        v.forEach((smp, j) => {
          st.records++
          const b = statusPass((smp as Record<string, unknown>)?.base_status)
          const p = plus ? statusPass((smp as Record<string, unknown>)?.plus_status) : 1
          if (b < 0 || p < 0) {
            st.bad.add(
              row,
              `${task} sample ${j}: status ${describe((smp as Record<string, unknown> | null)?.base_status)}/${describe((smp as Record<string, unknown> | null)?.plus_status)} is not pass/fail`,
            )
            return
          }
          st.acc.addSample(g, task, b && p ? 1 : 0, j, undefined)
        })
      } else if (typeof v === 'object' && v !== null && Array.isArray((v as { base?: unknown }).base)) {
        const base = (v as { base: unknown[] }).base,
          pl = (v as { plus?: unknown[] }).plus
        base.forEach((b0, j) => {
          st.records++
          const b = statusPass(Array.isArray(b0) ? b0[0] : b0)
          const p1 = pl?.[j]
          const p = plus ? statusPass(Array.isArray(p1) ? p1[0] : p1) : 1
          if (b < 0 || p < 0) {
            st.bad.add(row, `${task} sample ${j}: status is not pass/fail`)
            return
          }
          st.acc.addSample(g, task, b && p ? 1 : 0, j, undefined)
        })
      } else st.bad.add(row, `${task}: expected a list of samples`)
    }
    if (!st.records) throw emptyError(file)
    return Promise.resolve()
  },
}
