/**
 * lm-evaluation-harness samples_<task>_<date>.jsonl (lm_eval/evaluator.py: one line per doc and filter, with
 * `resps`, `filtered_resps`, `filter`, `metrics` and each metric's per-doc value), read in every shape it writes:
 * - a per-doc mean over r repeats (exact_match, acc, pass@1): c = mean·r, which must be a whole number;
 * - per-doc pass@k for k ≥ 2 (humaneval_64: HF code_eval's unbiased estimator, Chen et al. 2021 eq. 1): c is
 *   recovered by inverting the estimator, which is strictly increasing in c for c ≤ n − k; several pass@k values
 *   of the same doc narrow the candidates; no fitting integer, or more than one, is an error;
 * - a list metric: one attempt per element;
 * - filters that score only the first response or a vote of them (take_first, majority_vote: gsm8k's
 *   score-first, maj@64) are refused when repeats > 1: their per-doc value is one response's score.
 * The neighbouring results_<date>.json (same directory) gives repeats, the filter pipelines and the model name.
 */
import { describe } from '../rows.js'
import fs from 'node:fs'
import path from 'node:path'
import { PasskError, type PluginContext } from '@passk/core'
import { successOf } from '../fields.js'
import { forEachLine, readLimits } from '../lines.js'
import { isObject, progress, singleLabel } from './common.js'
import type { FormatOptions, LogFormat, Probe, ReadState } from './types.js'

/** HF evaluate code_eval `estimate_pass_at_k` for one problem: 1 − Π_{i=n−c+1}^{n} (1 − k/i) (the same product). */
export function codeEvalPassAtK(n: number, c: number, k: number): number {
  if (n - c < k) return 1
  let p = 1
  for (let i = n - c + 1; i <= n; i++) p *= 1 - k / i
  return 1 - p
}

/** Every c in 0..n whose estimator value matches v (to 1e-9). */
export function invertPassAtK(n: number, k: number, v: number): number[] {
  const out: number[] = []
  for (let c = 0; c <= n; c++) if (Math.abs(codeEvalPassAtK(n, c, k) - v) <= 1e-9) out.push(c)
  return out
}

interface LmEvalResults {
  file: string
  task: string
  repeats?: number
  /** filter name → its function names, in order. */
  filters: Map<string, string[]>
  model?: string
  /** "metric,filter" → aggregate value, as the harness reported it. */
  reported: Record<string, unknown>
}

/** samples_<task>_<date>.jsonl → task and date id. */
export function samplesName(file: string): { task: string; date: string } | undefined {
  let b = path.basename(file)
  if (b.endsWith('.gz')) b = b.slice(0, -3)
  const m = /^samples_(.+)_(\d{4}-\d{2}-\d{2}T[\d.-]+)\.jsonl$/.exec(b)
  return m ? { task: m[1], date: m[2] } : undefined
}

/** The results_<date>.json beside the samples file: the same date first, else the newest that has the task. */
export function findResults(file: string, ctx?: PluginContext): LmEvalResults | undefined {
  const name = samplesName(file)
  if (!name) return undefined
  const dir = path.dirname(file)
  let entries: string[]
  try {
    entries = fs.readdirSync(dir).filter((f) => /^results_.*\.json$/.test(f))
  } catch {
    return undefined
  }
  const same = `results_${name.date}.json`
  entries.sort((a, b) => (a === same ? -1 : b === same ? 1 : b.localeCompare(a)))
  for (const f of entries) {
    const full = path.join(dir, f)
    let doc: unknown
    try {
      doc = JSON.parse(fs.readFileSync(full, 'utf8'))
    } catch (e) {
      ctx?.warn('PASSK_LLM_LOGS_BAD_RESULTS', `${full}: not valid JSON (${(e as Error).message}); not used.`)
      continue
    }
    if (!isObject(doc) || !isObject(doc.configs) || !isObject(doc.configs[name.task])) continue
    const cfg = doc.configs[name.task] as Record<string, unknown>
    const filters = new Map<string, string[]>()
    if (Array.isArray(cfg.filter_list))
      for (const fl of cfg.filter_list as unknown[])
        if (isObject(fl) && typeof fl.name === 'string')
          filters.set(
            fl.name,
            (Array.isArray(fl.filter) ? (fl.filter as unknown[]) : []).map((s) =>
              isObject(s) && typeof s.function === 'string' ? s.function : '?',
            ),
          )
    const results = isObject(doc.results) && isObject(doc.results[name.task]) ? doc.results[name.task] : {}
    return {
      file: full,
      task: name.task,
      ...(typeof cfg.repeats === 'number' ? { repeats: cfg.repeats } : {}),
      filters,
      ...(typeof doc.model_name === 'string' && doc.model_name ? { model: doc.model_name } : {}),
      reported: results as Record<string, unknown>,
    }
  }
  return undefined
}

const SCORES_ONE = new Set(['take_first', 'majority_vote', 'take_first_k'])

/** Whether a filter reduces the r responses to one before scoring (by its pipeline, else by its usual names). */
function scoresOne(filter: string, res: LmEvalResults | undefined): string | undefined {
  const fns = res?.filters.get(filter)
  if (fns) {
    const hit = fns.find((f) => SCORES_ONE.has(f))
    return hit ? `its pipeline ${fns.join(' → ')} ends in one response` : undefined
  }
  if (/^(score-first|take[-_]?first|maj@\d+|majority)/i.test(filter))
    return 'by its name it scores the first response or a majority vote'
  return undefined
}

const PASS_AT = /^pass@(\d+)$/

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
  const res = findResults(file, ctx)
  const g = st.acc.group(singleLabel(o, file, res?.model), {})
  const idKey = o.problemColumn === 'auto' ? 'doc_id' : o.problemColumn
  let filter = o.filter === 'auto' ? undefined : o.filter
  const otherFilters = new Set<string>()
  let skippedOther = 0
  let usedMetric: string | undefined
  let repeatsSeen: number | undefined
  let checkedFilter = false
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
        st.bad.add(line, `${idKey} is ${describe(id)}`)
        return
      }
      const listed = Array.isArray(r.metrics) ? (r.metrics as unknown[]).filter((m) => typeof m === 'string') : []
      const passAts = listed
        .filter((m) => PASS_AT.test(m) && m in r)
        .sort((a, b) => Number(PASS_AT.exec(a)?.[1]) - Number(PASS_AT.exec(b)?.[1]))
      const metric =
        o.metric !== 'auto'
          ? o.metric
          : passAts.length
            ? passAts[0]
            : typeof listed[0] === 'string'
              ? listed[0]
              : ['exact_match', 'acc', 'pass@1', 'pass_at_1'].find((m) => m in r)
      if (!metric || !(metric in r)) {
        st.bad.add(line, `metric ${describe(metric ?? o.metric)} not found`)
        return
      }
      if (usedMetric === undefined) {
        usedMetric = metric
        const others = listed.filter((m) => m !== metric && !(PASS_AT.test(m) && PASS_AT.test(metric)))
        if (o.metric === 'auto' && others.length)
          ctx.warn(
            'PASSK_LLM_LOGS_SEVERAL_METRICS',
            `${file}: the samples carry several metrics (${listed.join(', ')}); used ${JSON.stringify(metric)} (set metric to choose).`,
          )
      }
      const v = r[metric]
      if (Array.isArray(v)) {
        for (const x of v) {
          const sx = successOf(x, o.threshold)
          if (sx < 0) {
            st.bad.add(line, `${metric} element ${describe(x)} is not a success value`)
            return
          }
        }
        for (const x of v) st.acc.addSample(g, id, successOf(x, o.threshold) as 0 | 1, undefined, undefined)
        return
      }
      const resps = r.resps
      const reps = Array.isArray(resps) && Array.isArray(resps[0]) ? (resps[0] as unknown[]).length : 1
      if (res?.repeats !== undefined && Array.isArray(resps) && Array.isArray(resps[0]) && reps !== res.repeats)
        throw new PasskError(
          'PASSK_LLM_LOGS_REPEATS_MISMATCH',
          `${file}:${line}: doc ${JSON.stringify(id)} has ${reps} responses in resps, but ${res.file} says repeats: ${res.repeats}.`,
          'The samples and results files come from different runs; keep the results_*.json of the same run beside the samples file (or remove it).',
        )
      if (repeatsSeen === undefined) repeatsSeen = reps
      if (!checkedFilter) {
        checkedFilter = true
        const why = reps > 1 && filter !== undefined ? scoresOne(filter, res) : undefined
        if (why)
          throw new PasskError(
            'PASSK_LLM_LOGS_FILTER_SCORES_ONE',
            `${file}: filter ${JSON.stringify(filter)} scores one response per doc, not each of the ${reps} repeats (${why}); its ${metric} is a single response's score and cannot give pass@k.`,
            `pass@k needs every response scored: rerun lm_eval with --log_samples on a task whose filter keeps all ${reps} responses and whose metric scores each (as humaneval_64's pass@k), or score the responses in "resps" yourself and pass a per-sample JSONL (task_id, passed). The task's filters: ${(res ? [...res.filters.keys()] : [filter]).join(', ')}${res ? ` (${res.file})` : ''}.`,
          )
      }
      const km = PASS_AT.exec(metric)
      const k = km ? Number(km[1]) : 1
      if (k >= 2) {
        // Invert the unbiased estimator; every pass@j (j ≥ 2) of the doc must agree on c.
        let cands: number[] | undefined
        for (const m of passAts.length && o.metric === 'auto' ? passAts : [metric]) {
          const j = Number(PASS_AT.exec(m)?.[1])
          const x = r[m]
          if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x > 1) {
            st.bad.add(line, `${m} is ${describe(x)}, not a probability`)
            return
          }
          const cs = j === 1 ? invertMean(reps, x) : invertPassAtK(reps, j, x)
          cands = cands ? cands.filter((c) => cs.includes(c)) : cs
        }
        if (!cands?.length)
          throw new PasskError(
            'PASSK_LLM_LOGS_PASSK_NO_FIT',
            `${file}:${line}: doc ${JSON.stringify(id)}: no whole number of successes out of ${reps} gives ${passAts.map((m) => `${m} = ${String(r[m])}`).join(', ') || `${metric} = ${String(v)}`}.`,
            'The per-doc pass@k values do not come from the unbiased estimator with n = repeats; check that resps holds every response, or pass per-sample outcomes instead.',
          )
        if (cands.length > 1)
          throw new PasskError(
            'PASSK_LLM_LOGS_PASSK_AMBIGUOUS',
            `${file}:${line}: doc ${JSON.stringify(id)}: ${passAts.join(', ') || metric} fit c = ${cands.join(' or ')} successes of ${reps} equally (pass@k is 1 for every c > n − k), so c is not determined.`,
            `Add 1 to the task's metric k list (k: [1, ${k}, …]) and rerun, so pass@1 = c/n is logged; or pass per-sample outcomes.`,
          )
        const c = cands[0]
        for (let j = 0; j < reps; j++) st.acc.addSample(g, id, j < c ? 1 : 0, undefined, undefined)
        return
      }
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
    { onChunk: progress(ctx), throwIfAborted: ctx.throwIfAborted, ...readLimits(p.file, o) },
  )
  if (skippedOther)
    ctx.warn(
      'PASSK_LLM_LOGS_OTHER_FILTERS',
      `${file}: used filter ${JSON.stringify(filter)}; skipped ${skippedOther} rows of other filters (${[...otherFilters].join(', ')}).`,
    )
  if (res) {
    st.meta.harness = 'lm-evaluation-harness'
    st.meta.task = res.task
    st.meta.resultsFile = res.file
    if (filter !== undefined) st.meta.filter = filter
    if (usedMetric !== undefined) st.meta.metric = usedMetric
    if (repeatsSeen !== undefined) st.meta.repeats = repeatsSeen
  }
}

/** pass@1 = c/n: the c that fits (as a one-element list), if any. */
function invertMean(n: number, v: number): number[] {
  const c = Math.round(v * n)
  return Math.abs(c / n - v) <= 1e-9 ? [c] : []
}
