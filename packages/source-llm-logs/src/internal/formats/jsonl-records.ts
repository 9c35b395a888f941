/** Counts or per-sample records, one JSON object per line (openai/human-eval *_results.jsonl and custom logs). */
import os from 'node:os'
import { PasskError } from '@passk/core'
import { readJsonlLines, type JsonlPlan } from '../jsonl.js'
import { resolveLayout } from '../layout.js'
import { forEachLine, readLimits } from '../lines.js'
import { forEachLineInRange } from '../ranges.js'
import { readJsonlParallel } from '../workers.js'
import { makeRowHandler, slotKeys } from '../rows.js'
import { columnOptions, emptyError, isObject, layoutFormat, progress, rowContext } from './common.js'
import { parseWhere, whereMatches } from './where.js'
import type { LogFormat } from './types.js'

/**
 * threads 'auto' uses worker threads for plain JSONL files from this size on (below it, start-up costs more than it
 * saves).
 */
const AUTO_THREADS_BYTES = 64 << 20

export const jsonlRecords: LogFormat = {
  name: 'jsonl-records',
  detect: (p) => p.type === 'jsonl',
  async read(p, o, st, ctx) {
    const file = p.file
    const first = await p.firstLine()
    if (!first) throw emptyError(file)
    let obj: unknown
    try {
      obj = JSON.parse(first.text)
    } catch (e) {
      throw new PasskError(
        'PASSK_LLM_LOGS_BAD_JSON',
        `${file}:${first.line}: the first record is not valid JSON (${(e as Error).message}).`,
        'JSONL needs one JSON object per line; for CSV set fileType "csv".',
      )
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
      throw new PasskError(
        'PASSK_LLM_LOGS_BAD_JSON',
        `${file}:${first.line}: expected a JSON object per line, found ${Array.isArray(obj) ? 'an array' : typeof obj}.`,
        'Each line must be an object like {"task_id": …, "passed": true}.',
      )
    const keys = Object.keys(obj)
    const layout = resolveLayout(keys, columnOptions(o), layoutFormat(o), file, obj as Record<string, unknown>)
    const where = parseWhere(o.where, keys, file)
    st.layout = layout
    st.columns = [...keys]
    const rc = rowContext(o, file, layout, st)
    const plan: JsonlPlan = {
      file,
      layout,
      fixedLabel: rc.fixedLabel,
      models: [...rc.models],
      threshold: o.threshold,
      keepAttempts: o.keepAttempts,
    }
    const size = p.size
    const gzip = p.gzip
    // Worker threads: plain files of per-sample records only (gzip cannot be split; per-attempt order,
    // strict mode and duplicate checks of counts tables need one ordered pass).
    const threads =
      o.threads === 'auto' ? (size >= AUTO_THREADS_BYTES ? Math.min(2, os.availableParallelism()) : 1) : o.threads
    if (threads > 1 && !gzip && layout.kind === 'samples' && !o.keepAttempts && !o.strict && !where.length) {
      try {
        const r = await readJsonlParallel(plan, threads, st.acc, st.bad, { onChunk: progress(ctx), signal: ctx.signal })
        st.records += r.records
        st.filtered += r.filtered
        st.threads = r.threads
        return
      } catch (e) {
        ctx.throwIfAborted()
        ctx.log.warn(`${file}: worker threads failed (${(e as Error).message}); reading in one thread.`)
      }
    }
    const opts = { onChunk: progress(ctx), throwIfAborted: ctx.throwIfAborted, ...readLimits(p.file, o) }
    if (where.length) {
      // COL=VALUE filters: a plain JSON.parse per line (the fast paths do not see the filter columns).
      const handle = makeRowHandler(rc)
      const names = slotKeys(layout)
      let row: Record<string, unknown> = {}
      const get = (j: number) => {
        const k = names[j]
        return k === undefined ? undefined : row[k]
      }
      await forEachLine(
        file,
        (buf, s, e, line) => {
          if (e === s) return
          const text = buf.toString('utf8', s, e)
          if (text.trim() === '') return
          st.records++
          let v: unknown
          try {
            v = JSON.parse(text)
          } catch (err) {
            st.bad.add(line, `not valid JSON (${(err as Error).message})`)
            return
          }
          if (!isObject(v)) {
            st.bad.add(line, 'not a JSON object')
            return
          }
          if (!whereMatches(where, (c) => v[c])) {
            st.whereFiltered++
            return
          }
          row = v
          handle(get, line)
        },
        opts,
      )
      st.filtered += rc.filtered
      return
    }
    const r = await readJsonlLines(plan, st.acc, st.bad, (sink) =>
      gzip ? forEachLine(file, sink, opts) : forEachLineInRange(file, 0, size, sink, opts),
    )
    st.records += r.records
    st.filtered += r.filtered
  },
}
