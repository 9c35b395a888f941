/** One probe of a log file: stat once, read the head once, decide the container; the rest is memoised on demand. */
import fs from 'node:fs'
import zlib from 'node:zlib'
import { PasskError } from '@passk/core'
import { fileTypeFromHead, type FileType } from '../detect.js'
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_LINE_BYTES,
  forEachLine,
  isGzip,
  readLimits,
  readWholeBounded,
} from '../lines.js'
import type { Container, Probe } from './types.js'
import { emptyError } from './common.js'

const HEAD_BYTES = 1 << 16

function zipMagic(b: Buffer): boolean {
  // local file header PK\3\4, or an empty archive's end record PK\5\6
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6))
}

/** First non-empty line of a text file (decompressed), streaming; for lines longer than the head. */
async function firstRecordLine(
  file: string,
  limits: { maxBytes: number; maxLineBytes: number },
): Promise<{ text: string; line: number } | undefined> {
  let found: { text: string; line: number } | undefined
  const stop = new Error('stop')
  try {
    await forEachLine(
      file,
      (buf, s, e, line) => {
        if (found) return
        const t = buf.toString('utf8', s, e)
        if (t.trim() !== '') {
          found = { text: t, line }
          throw stop
        }
      },
      readLimits(file, limits),
    )
  } catch (e) {
    if (e !== stop) throw e
  }
  return found
}

/** First non-empty complete line within the head, or 'more' when the head ends inside it. */
function firstLineInHead(head: Buffer, whole: boolean): { text: string; line: number } | undefined | 'more' {
  // a UTF-8 BOM before the first line is not part of it
  let pos = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0
  let line = 0
  while (pos < head.length) {
    const nl = head.indexOf(10, pos)
    if (nl < 0 && !whole) return 'more'
    const end = nl < 0 ? head.length : nl
    line++
    let e = end
    if (e > pos && head[e - 1] === 13) e--
    const t = head.toString('utf8', pos, e)
    if (t.trim() !== '') return { text: t, line }
    pos = end + 1
  }
  return undefined
}

export function probeFile(
  file: string,
  fileType: 'auto' | FileType,
  impliedType?: FileType,
  limits: { maxBytes: number; maxLineBytes: number } = {
    maxBytes: DEFAULT_MAX_BYTES,
    maxLineBytes: DEFAULT_MAX_LINE_BYTES,
  },
): Probe {
  let st: fs.Stats
  try {
    st = fs.statSync(file)
  } catch {
    st = undefined as unknown as fs.Stats
  }
  if (!st?.isFile())
    throw new PasskError(
      'PASSK_FILE_NOT_FOUND',
      `sources/llm-logs: log file not found: ${file}.`,
      'Check the path; relative paths resolve against the spec file (or the current directory for passk fit).',
    )
  if (st.size === 0) throw emptyError(file)
  const fd = fs.openSync(file, 'r')
  let rawHead: Buffer
  try {
    const b = Buffer.alloc(Math.min(HEAD_BYTES, st.size))
    rawHead = b.subarray(0, fs.readSync(fd, b, 0, b.length, 0))
  } finally {
    fs.closeSync(fd)
  }
  const gzip = isGzip(rawHead)
  let head = rawHead
  if (gzip) {
    // Decompress only a prefix: inflate what we can of the first chunk of the compressed file.
    try {
      head = zlib.gunzipSync(rawHead, { finishFlush: zlib.constants.Z_SYNC_FLUSH })
    } catch {
      head = Buffer.alloc(0)
    }
  }
  const container: Container = zipMagic(rawHead)
    ? 'zip'
    : rawHead.length >= 4 && rawHead.toString('latin1', 0, 4) === 'PAR1'
      ? 'parquet'
      : gzip
        ? 'gzip'
        : 'plain'
  const type: FileType | 'zip' | undefined =
    fileType !== 'auto'
      ? fileType
      : (impliedType ?? (container === 'zip' ? 'zip' : fileTypeFromHead(file, rawHead, head.subarray(0, 4096))))
  const wholeHead = !gzip && st.size <= rawHead.length
  let first: Promise<{ text: string; line: number } | undefined> | undefined
  let record: Promise<Record<string, unknown> | undefined> | undefined
  let doc: { v: unknown } | undefined
  const probe: Probe = {
    file,
    size: st.size,
    container,
    gzip,
    rawHead,
    head,
    type,
    firstLine() {
      first ??= (async () => {
        const r = firstLineInHead(head, wholeHead)
        return r === 'more' ? firstRecordLine(file, limits) : r
      })()
      return first
    },
    firstRecord() {
      record ??= (async () => {
        const l = await probe.firstLine()
        if (!l) return undefined
        try {
          const v: unknown = JSON.parse(l.text)
          return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
        } catch {
          return undefined
        }
      })()
      return record
    },
    document() {
      if (doc) return doc.v
      // bounded (PASSK_TOO_LARGE past maxBytes or the largest string), gunzipped when gzip, BOM dropped
      const raw = readWholeBounded(file, limits.maxBytes)
      const text = raw.toString('utf8')
      if (text.trim() === '') throw emptyError(file)
      try {
        doc = { v: JSON.parse(text) }
      } catch (e) {
        throw new PasskError(
          'PASSK_LLM_LOGS_BAD_JSON',
          `${file}: not valid JSON (${(e as Error).message}).`,
          'For one object per line use a .jsonl file (or set fileType "jsonl").',
        )
      }
      return doc.v
    },
  }
  return probe
}
