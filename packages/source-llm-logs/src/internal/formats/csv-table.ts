/** Counts or per-sample records in CSV/TSV with a header row. */
import { PasskError } from '@passk/core'
import { splitCsvLine } from '../csv.js'
import { resolveLayout } from '../layout.js'
import { forEachLine, readLimits } from '../lines.js'
import { makeRowHandler, slotKeys } from '../rows.js'
import { columnOptions, emptyError, layoutFormat, progress, rowContext } from './common.js'
import type { LogFormat } from './types.js'
import { parseWhere, whereMatches } from './where.js'

export const csvTable: LogFormat = {
  name: 'csv-table',
  detect: (p) => p.type === 'csv' || p.type === 'tsv',
  async read(p, o, st, ctx) {
    const file = p.file
    const type = p.type === 'tsv' ? 'tsv' : 'csv'
    const delim = type === 'tsv' ? '\t' : ','
    const first = await p.firstLine()
    if (!first) throw emptyError(file)
    const header = splitCsvLine(first.text.replace(/^\uFEFF/, ''), delim)
    if (!header || header.length < 2)
      throw new PasskError(
        'PASSK_LLM_LOGS_BAD_HEADER',
        `${file}:${first.line}: expected a header row with at least two ${type === 'tsv' ? 'tab' : 'comma'}-separated column names, found ${JSON.stringify(first.text.slice(0, 80))}.`,
        'Add a header such as problem_id,n,c — or set fileType if this is not CSV.',
      )
    const columns = header.map((h) => h.trim())
    const layout = resolveLayout(
      columns,
      columnOptions(o),
      layoutFormat(o),
      file,
      firstRowValues(p.head, first.line, columns, delim),
    )
    st.layout = layout
    st.columns = [...columns]
    const where = parseWhere(o.where, columns, file)
    const whereIdx = new Map(where.map((w) => [w.column, columns.indexOf(w.column)]))
    const idx = slotKeys(layout).map((k) => (k === undefined ? -1 : columns.indexOf(k)))
    const rc = rowContext(o, file, layout, st)
    const handle = makeRowHandler(rc)
    let fields: string[] = []
    const get = (i: number) => {
      const j = idx[i]
      if (j < 0) return undefined
      const v = fields[j]
      return v === undefined || v === '' ? undefined : v
    }
    await forEachLine(
      file,
      (buf, s, e, line) => {
        if (line <= first.line || e === s) return
        const text = buf.toString('utf8', s, e)
        if (text.trim() === '') return
        st.records++
        const f = splitCsvLine(text, delim)
        if (!f) {
          st.bad.add(line, 'unbalanced quote')
          return
        }
        if (f.length !== columns.length) {
          st.bad.add(line, `${f.length} fields, the header has ${columns.length}`)
          return
        }
        if (where.length && !whereMatches(where, (c) => f[whereIdx.get(c) ?? -1])) {
          st.whereFiltered++
          return
        }
        fields = f
        handle(get, line)
      },
      { onChunk: progress(ctx), throwIfAborted: ctx.throwIfAborted, ...readLimits(p.file, o) },
    )
    st.filtered += rc.filtered
  },
}

/** The first data row from the head bytes (when it is complete there), numbers parsed: only for column hints. */
function firstRowValues(
  head: Buffer,
  headerLine: number,
  columns: string[],
  delim: string,
): Record<string, unknown> | undefined {
  const lines = head.toString('utf8').split('\n')
  if (lines.length <= headerLine + 1) return undefined // the row may be cut off at the end of the head
  const f = splitCsvLine(lines[headerLine].replace(/\r$/, ''), delim)
  if (!f || f.length !== columns.length) return undefined
  return Object.fromEntries(
    columns.map((c, i) => {
      const v = f[i].trim()
      return [c, v !== '' && Number.isFinite(Number(v)) ? Number(v) : v]
    }),
  )
}
