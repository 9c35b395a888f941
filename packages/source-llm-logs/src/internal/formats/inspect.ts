/**
 * inspect_ai logs (src/inspect_ai/log/_recorders/eval.py and json.py): `.eval` is a zip archive with
 * `_journal/start.json` (eval spec), one `samples/<id>_epoch_<n>.json` per sample and epoch, `summaries.json`,
 * `reductions.json` and `header.json` (eval spec, results) — written with deflate by older versions and with
 * Zstandard (method 93) by current ones; `.json` is one document {version, status, eval, plan, results, stats,
 * samples}. Epochs are the attempts; each sample's `scores[scorer].value` is its outcome, mapped as inspect's
 * value_to_float does (src/inspect_ai/scorer/_metric.py): "C" → 1, "I"/"N" → 0, "P" → 0.5, booleans, numbers,
 * yes/no/true/false; 1 is a success, 0 a failure, anything in between needs threshold. The zip is streamed
 * entry by entry (fflate Unzip, fzstd): memory holds one sample at a time plus the (id, epoch, outcome) triples.
 */
import { describe } from '../rows.js'
import fs from 'node:fs'
import { PasskError, type PluginContext } from '@passk/core'
import { Unzip, UnzipInflate, UnzipPassThrough, type UnzipDecoder } from 'fflate'
import { Decompress as ZstdDecompress } from 'fzstd'
import { successOf } from '../fields.js'
import { emptyError, isObject, progress, singleLabel } from './common.js'
import type { LogFormat, Probe } from './types.js'

/** Zstandard entries (zip method 93) for fflate's streaming Unzip. */
class UnzipZstd implements UnzipDecoder {
  static compression = 93
  ondata: UnzipDecoder['ondata'] = () => undefined
  private z = new ZstdDecompress((data, final) => this.ondata(null, data as Uint8Array<ArrayBuffer>, !!final))
  push(chunk: Uint8Array, final: boolean): void {
    try {
      this.z.push(chunk, final)
    } catch (e) {
      this.ondata(Object.assign(new Error((e as Error).message), { code: 0 }), new Uint8Array(0), true)
    }
  }
}

export function isInspectDoc(doc: unknown): boolean {
  return isObject(doc) && isObject(doc.eval) && typeof doc.eval.task === 'string' && 'version' in doc
}

/** inspect's value_to_float, then 1 → success, 0 → failure, else threshold (−1 = cannot be mapped). */
export function inspectSuccess(v: unknown, threshold: number | null): number {
  let x: number
  if (typeof v === 'boolean') x = v ? 1 : 0
  else if (typeof v === 'number') x = v
  else if (v === 'C') x = 1
  else if (v === 'I' || v === 'N') x = 0
  else if (v === 'P') x = 0.5
  else if (typeof v === 'string') {
    const s = v.trim().toLowerCase()
    if (s === 'yes' || s === 'true') x = 1
    else if (s === 'no' || s === 'false') x = 0
    else if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(s)) x = Number(s)
    else return -1
  } else return -1
  if (!Number.isFinite(x)) return -1
  return successOf(x, threshold)
}

interface Outcome {
  id: string | number
  epoch: number
  success: number
  record: number
  value: unknown
}

interface Header {
  eval?: Record<string, unknown>
  results?: Record<string, unknown>
  status?: unknown
}

export const inspect: LogFormat = {
  name: 'inspect',
  detect: (p) => p.type === 'zip' || (p.type === 'json' && isInspectDoc(p.document())),
  async read(p, o, st, ctx) {
    const file = p.file
    const outcomes: Outcome[] = []
    let header: Header = {}
    const scorerNames = new Set<string>()
    let scorer = o.scorer && o.scorer !== 'auto' ? o.scorer : undefined
    let record = 0
    const take = (smp: unknown) => {
      record++
      st.records++
      if (!isObject(smp)) {
        st.bad.add(record, 'sample is not an object')
        return
      }
      const id = smp.id
      const epoch = typeof smp.epoch === 'number' ? smp.epoch : 1
      if (!(typeof id === 'string' || typeof id === 'number')) {
        st.bad.add(record, `sample id is ${describe(id)}`)
        return
      }
      const scores = isObject(smp.scores) ? smp.scores : {}
      for (const k of Object.keys(scores)) scorerNames.add(k)
      scorer ??= primaryScorer(header) ?? Object.keys(scores)[0]
      if (scorer === undefined || !isObject(scores[scorer])) {
        st.bad.add(
          record,
          `sample ${JSON.stringify(id)} epoch ${epoch}: no scores.${scorer ?? '(any scorer)'} (scorers: ${Object.keys(scores).join(', ') || 'none'})`,
        )
        return
      }
      const value = (scores[scorer] as Record<string, unknown>).value
      outcomes.push({ id, epoch, success: inspectSuccess(value, o.threshold), record, value })
    }
    if (p.type === 'zip') header = await readZip(p, ctx, take)
    else {
      const doc = p.document() as Record<string, unknown>
      header = doc
      if (!Array.isArray(doc.samples))
        throw new PasskError(
          'PASSK_LLM_LOGS_NO_SAMPLES',
          `${file}: the inspect_ai log has no samples (status ${JSON.stringify(doc.status)}).`,
          'Read the .eval log (or a JSON log written with samples); header-only logs carry only aggregate metrics.',
        )
      for (const s of doc.samples as unknown[]) take(s)
    }
    const spec = header.eval ?? {}
    const cfg = isObject(spec.config) ? spec.config : {}
    if (cfg.epochs === 0)
      throw new PasskError(
        'PASSK_LLM_LOGS_ZERO_EPOCHS',
        `${file}: eval.config.epochs is 0; the log holds no attempts.`,
        'Rerun with --epochs N (N ≥ 1); for pass@k, N ≥ k.',
      )
    if (o.scorer && o.scorer !== 'auto' && !scorerNames.has(o.scorer) && outcomes.length === 0)
      throw new PasskError(
        'PASSK_LLM_LOGS_NO_SCORER',
        `${file}: no scorer ${JSON.stringify(o.scorer)}; the samples have ${[...scorerNames].join(', ') || 'no scores'}.`,
        'Set scorer to one of those names.',
      )
    if (!outcomes.length && !st.bad.count) throw emptyError(file)
    if (!outcomes.length && scorerNames.size === 0)
      throw new PasskError(
        'PASSK_LLM_LOGS_NOT_SCORED',
        `${file}: none of the ${record} samples has a score (the task ran without a scorer).`,
        'Score the log first (inspect score LOG --scorer …), then read the scored log.',
      )
    if (scorerNames.size > 1 && !(o.scorer && o.scorer !== 'auto'))
      ctx.warn(
        'PASSK_LLM_LOGS_SEVERAL_SCORERS',
        `${file}: the samples carry ${scorerNames.size} scorers (${[...scorerNames].join(', ')}); used ${JSON.stringify(scorer)}.`,
      )
    const model = typeof spec.model === 'string' ? spec.model : undefined
    const g = st.acc.group(singleLabel(o, file, model), {})
    const epochs = new Map<string, number>()
    for (const x of outcomes) {
      if (x.success < 0) {
        st.bad.add(
          x.record,
          `sample ${JSON.stringify(x.id)} epoch ${x.epoch}: scores.${scorer}.value ${JSON.stringify(x.value)} cannot be mapped to success${typeof x.value === 'number' || x.value === 'P' ? ' (a partial score: set threshold)' : ''}`,
        )
        continue
      }
      st.acc.addSample(g, x.id, x.success as 0 | 1, x.epoch - 1, undefined)
      const k = typeof x.id === 'number' ? `n${x.id}` : `s${x.id}`
      epochs.set(k, (epochs.get(k) ?? 0) + 1)
    }
    const want = typeof cfg.epochs === 'number' ? cfg.epochs : undefined
    const short = want === undefined ? 0 : [...epochs.values()].filter((n) => n !== want).length
    if (short)
      ctx.warn(
        'PASSK_LLM_LOGS_EPOCHS_MISMATCH',
        `${file}: ${short} samples have a number of scored epochs other than eval.config.epochs = ${want}.`,
      )
    if (typeof header.status === 'string' && header.status !== 'success')
      ctx.warn(
        'PASSK_LLM_LOGS_INCOMPLETE_LOG',
        `${file}: the log's status is ${JSON.stringify(header.status)}, not "success"; samples may be missing or unscored.`,
      )
    st.formatName = 'inspect'
    st.meta.harness = 'inspect_ai'
    if (typeof spec.task === 'string') st.meta.task = spec.task
    if (model) st.meta.model = model
    if (scorer) st.meta.scorer = scorer
    if (want !== undefined) st.meta.epochs = want
    const reported = reportedAccuracy(header, scorer)
    if (reported !== undefined) st.meta.reportedAccuracy = reported
  },
}

function primaryScorer(h: Header): string | undefined {
  const scores = h.results?.scores
  if (Array.isArray(scores) && isObject(scores[0]) && typeof scores[0].name === 'string') return scores[0].name
  return undefined
}

function reportedAccuracy(h: Header, scorer: string | undefined): number | undefined {
  const scores = h.results?.scores
  if (!Array.isArray(scores)) return undefined
  const s = (scores as unknown[]).find((x) => isObject(x) && x.name === scorer)
  const m = isObject(s) && isObject(s.metrics) ? s.metrics.accuracy : undefined
  return isObject(m) && typeof m.value === 'number' ? m.value : undefined
}

/** Stream the zip: every samples/*.json entry to `take`, one at a time; returns header.json (else start.json). */
async function readZip(p: Probe, ctx: PluginContext, take: (s: unknown) => void): Promise<Header> {
  const file = p.file
  if (!hasEndRecord(p))
    throw zipError(file, 'no end-of-central-directory record (the archive is truncated, or still being written)')
  let header: Header | undefined
  let start: Header | undefined
  let failure: Error | undefined
  const open = new Set<string>()
  let entries = 0
  const uz = new Unzip()
  uz.register(UnzipInflate)
  uz.register(UnzipPassThrough)
  uz.register(UnzipZstd)
  uz.onfile = (f) => {
    entries++
    const name = f.name
    const wanted =
      (name.startsWith('samples/') && name.endsWith('.json')) ||
      name === 'header.json' ||
      name === '_journal/start.json'
    if (!wanted) return
    if (![0, 8, 93].includes(f.compression)) {
      failure ??= new PasskError(
        'PASSK_LLM_LOGS_BAD_ZIP',
        `${file}: zip entry ${name} uses compression method ${f.compression}; readable: stored, deflate, zstd.`,
        'Re-write the log with inspect log convert (or a current inspect_ai).',
      )
      return
    }
    open.add(name)
    const parts: Uint8Array[] = []
    f.ondata = (err, data, final) => {
      if (err) {
        failure ??= zipError(file, `entry ${name}: ${err.message}`)
        return
      }
      parts.push(data)
      if (!final) return
      open.delete(name)
      let v: unknown
      try {
        v = JSON.parse(Buffer.concat(parts).toString('utf8'))
      } catch (e) {
        failure ??= new PasskError(
          'PASSK_LLM_LOGS_BAD_JSON',
          `${file}: zip entry ${name} is not valid JSON (${(e as Error).message}).`,
          'The log is damaged; re-run or re-download it.',
        )
        return
      }
      if (name === 'header.json') header = v as Header
      else if (name === '_journal/start.json') start = v as Header
      else
        try {
          take(v)
        } catch (e) {
          failure ??= e as Error
        }
    }
    f.start()
  }
  const onChunk = progress(ctx)
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 })
  let done = 0
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      done += chunk.length
      uz.push(chunk, false)
      if (failure) throw failure
      onChunk(done, p.size)
      ctx.throwIfAborted()
    }
    uz.push(new Uint8Array(0), true)
  } catch (e) {
    if (e instanceof PasskError) throw e
    throw zipError(file, (e as Error).message)
  } finally {
    stream.destroy()
  }
  if (failure) throw failure
  if (open.size) throw zipError(file, `entry ${[...open][0]} ends early (the archive is truncated)`)
  if (!entries) throw zipError(file, 'no zip entries')
  const h = header ?? start
  if (!h)
    throw zipError(file, 'no header.json or _journal/start.json (not an inspect_ai log, or the archive is truncated)')
  return h
}

/** A complete zip ends with the end-of-central-directory record (PK 05 06, within the last 64 KiB + 22 bytes). */
function hasEndRecord(p: Probe): boolean {
  const n = Math.min(p.size, 65557)
  const b = Buffer.alloc(n)
  const fd = fs.openSync(p.file, 'r')
  try {
    fs.readSync(fd, b, 0, n, p.size - n)
  } finally {
    fs.closeSync(fd)
  }
  for (let i = n - 22; i >= 0; i--)
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 5 && b[i + 3] === 6) return true
  return false
}

function zipError(file: string, why: string): PasskError {
  return new PasskError(
    'PASSK_LLM_LOGS_BAD_ZIP',
    `${file}: not a readable inspect_ai .eval archive: ${why}.`,
    'Check the file is complete (unzip -t FILE); re-copy it, or convert it with inspect log convert --to json.',
  )
}
