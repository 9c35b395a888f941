/** A JSON document holding an array of records (counts or per-sample). */
import { PasskError } from '@passk/core'
import { resolveLayout } from '../layout.js'
import { makeRowHandler, slotKeys } from '../rows.js'
import { columnOptions, emptyError, isObject, layoutFormat, rowContext } from './common.js'
import type { LogFormat } from './types.js'
import { parseWhere, whereMatches } from './where.js'

export const jsonRecords: LogFormat = {
  name: 'json-records',
  detect: (p) => p.type === 'json',
  read(p, o, st) {
    const file = p.file
    const doc = p.document()
    if (!Array.isArray(doc))
      throw new PasskError(
        'PASSK_LLM_LOGS_UNKNOWN_FORMAT',
        `${file}: a JSON object without an "eval" field is not a known log format.`,
        'Supported JSON: evalplus eval_results.json, inspect_ai logs, LiveCodeBench *_eval_all.json, or an array of records; use JSONL for one record per line.',
      )
    if (!doc.length) throw emptyError(file)
    const keys = [...new Set(doc.slice(0, 100).flatMap((r) => (typeof r === 'object' && r ? Object.keys(r) : [])))]
    const layout = resolveLayout(keys, columnOptions(o), layoutFormat(o), file, isObject(doc[0]) ? doc[0] : undefined)
    st.layout = layout
    st.columns = [...keys]
    const where = parseWhere(o.where, keys, file)
    const rc = rowContext(o, file, layout, st)
    const handle = makeRowHandler(rc)
    const names = slotKeys(layout)
    doc.forEach((r, i) => {
      st.records++
      if (typeof r !== 'object' || r === null) {
        st.bad.add(i + 1, 'not an object')
        return
      }
      const rec = r as Record<string, unknown>
      if (where.length && !whereMatches(where, (c) => rec[c])) {
        st.whereFiltered++
        return
      }
      handle((j) => {
        const k = names[j]
        return k === undefined ? undefined : rec[k]
      }, i + 1)
    })
    st.filtered += rc.filtered
    return Promise.resolve()
  },
}
