import type { PluginContext } from '@passk/core'
import { successOf } from '../fields.js'
import { forEachLine } from '../lines.js'
import { progress, singleLabel } from './common.js'
import type { FormatOptions, LogFormat, Probe, ReadState } from './types.js'

/**
 * lm-evaluation-harness samples_<task>_<date>.jsonl: one line per doc (and filter). With repeats r,
 * `resps` holds r responses per doc and the metric is their mean, so c = metric·r (it must be a whole
 * number); a metric that is a list counts one attempt per element; several lines per doc add up.
 */
export const lmEval: LogFormat = {
  name: 'lm-eval-harness',
  async detect(p) {
    if (p.type !== 'jsonl') return false
    const r = await p.firstRecord()
    if (!r) return false
    const keys = Object.keys(r)
    return (
      keys.includes('doc_id') && (keys.includes('resps') || keys.includes('filtered_resps') || keys.includes('metrics'))
    )
  },
  read: readLmEval,
}

async function readLmEval(p: Probe, o: FormatOptions, st: ReadState, ctx: PluginContext): Promise<void> {
  const file = p.file
  const g = st.acc.group(singleLabel(o, file), {})
  const idKey = o.problemColumn === 'auto' ? 'doc_id' : o.problemColumn
  let filter = o.filter === 'auto' ? undefined : o.filter
  const otherFilters = new Set<string>()
  let skippedOther = 0
  await forEachLine(
    file,
    (buf, s, e, line) => {
      if (e === s) return
      const text = buf.toString('utf8', s, e)
      if (!text.trim()) return
      st.records++
      let r: Record<string, unknown>
      try {
        r = JSON.parse(text) as Record<string, unknown>
      } catch (err) {
        st.bad.add(line, `not valid JSON (${(err as Error).message})`)
        return
      }
      if (typeof r !== 'object' || r === null) {
        st.bad.add(line, 'not a JSON object')
        return
      }
      if (typeof r.filter === 'string') {
        filter ??= r.filter
        if (r.filter !== filter) {
          otherFilters.add(r.filter)
          skippedOther++
          st.records--
          return
        }
      }
      const id = r[idKey]
      if (!(typeof id === 'string' || typeof id === 'number')) {
        st.bad.add(line, `${idKey} is ${JSON.stringify(id)}`)
        return
      }
      const metric =
        o.metric !== 'auto'
          ? o.metric
          : Array.isArray(r.metrics) && typeof r.metrics[0] === 'string'
            ? r.metrics[0]
            : ['exact_match', 'acc', 'pass@1', 'pass_at_1'].find((m) => m in r)
      if (!metric || !(metric in r)) {
        st.bad.add(line, `metric ${JSON.stringify(metric ?? o.metric)} not found`)
        return
      }
      const v = r[metric]
      if (Array.isArray(v)) {
        for (const x of v) {
          const sx = successOf(x, o.threshold)
          if (sx < 0) {
            st.bad.add(line, `${metric} element ${JSON.stringify(x)} is not a success value`)
            return
          }
        }
        for (const x of v) st.acc.addSample(g, id, successOf(x, o.threshold) as 0 | 1, undefined, undefined)
        return
      }
      const resps = r.resps
      const reps = Array.isArray(resps) && Array.isArray(resps[0]) ? (resps[0] as unknown[]).length : 1
      if (reps <= 1 || typeof v !== 'number' || o.threshold !== null) {
        const sx = successOf(v, o.threshold)
        if (sx < 0) {
          st.bad.add(
            line,
            `${metric} is ${JSON.stringify(v)}${typeof v === 'number' ? ' (a score: set threshold)' : ''}`,
          )
          return
        }
        st.acc.addSample(g, id, sx as 0 | 1, undefined, undefined)
        return
      }
      const c = v * reps
      if (!(v >= 0 && v <= 1) || Math.abs(c - Math.round(c)) > 1e-6) {
        st.bad.add(line, `${metric} = ${v} with ${reps} repeats is not a whole number of successes`)
        return
      }
      for (let j = 0; j < reps; j++) st.acc.addSample(g, id, j < Math.round(c) ? 1 : 0, undefined, undefined)
    },
    { onChunk: progress(ctx), throwIfAborted: ctx.throwIfAborted },
  )
  if (skippedOther)
    ctx.warn(
      'PASSK_LLM_LOGS_OTHER_FILTERS',
      `${file}: used filter ${JSON.stringify(filter)}; skipped ${skippedOther} rows of other filters (${[...otherFilters].join(', ')}).`,
    )
}
