/** Helpers shared by the format readers: option views, the row context, progress and the standard errors. */
import { PasskError, type PluginContext } from '@passk/core'
import { baseLabel } from '../detect.js'
import type { ColumnOptions, Layout } from '../layout.js'
import type { RowContext } from '../rows.js'
import type { FormatOptions, ReadState } from './types.js'

export const asList = (m: string | string[]) => (Array.isArray(m) ? m : m ? [m] : [])

export function emptyError(file: string): PasskError {
  return new PasskError(
    'PASSK_LLM_LOGS_EMPTY',
    `${file} contains no records.`,
    'Check the path (and the model filter); an evaluation log needs at least one row.',
  )
}

/** The label of a file's single group: the label option, a single model option, or the file name. */
export function singleLabel(o: FormatOptions, file: string, fromFile?: string): string {
  const models = asList(o.model)
  return o.label !== 'auto' ? o.label : models.length === 1 ? models[0] : (fromFile ?? baseLabel(file))
}

export function rowContext(o: FormatOptions, file: string, layout: Layout, st: ReadState): RowContext {
  const models = asList(o.model)
  const fixedLabel = o.label !== 'auto' ? o.label : models.length === 1 && !layout.model ? models[0] : baseLabel(file)
  return { layout, acc: st.acc, bad: st.bad, threshold: o.threshold, fixedLabel, models: new Set(models), filtered: 0 }
}

export function columnOptions(o: FormatOptions): ColumnOptions {
  return {
    modelColumn: o.modelColumn,
    problemColumn: o.problemColumn,
    nColumn: o.nColumn,
    cColumn: o.cColumn,
    successColumn: o.successColumn,
    attemptColumn: o.attemptColumn,
    costColumn: o.costColumn,
    groupBy: o.groupBy,
  }
}

export function layoutFormat(o: FormatOptions): 'auto' | 'counts' | 'samples' {
  return o.format === 'counts' || o.format === 'samples' ? o.format : 'auto'
}

export function progress(ctx: PluginContext) {
  let last = -1
  return (done: number, total: number) => {
    const pct = Math.floor((100 * done) / Math.max(1, total))
    if (pct !== last) {
      last = pct
      ctx.progress({ done, total, label: 'reading log' })
    }
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
