/**
 * Constant-memory line reading over plain or gzip files: a hand-written splitter over Buffer chunks
 * (Buffer.indexOf on '\n' is native), so a 10⁷-line JSONL never lives in memory at once.
 */
import buffer from 'node:buffer'
import fs from 'node:fs'
import zlib from 'node:zlib'
import { PasskError } from '@passk/core'
import type { LineSink } from './ranges.js'

export const GZIP_MAGIC = [0x1f, 0x8b] as const

export function readHead(file: string, bytes = 4096): Buffer {
  const fd = fs.openSync(file, 'r')
  try {
    const b = Buffer.alloc(bytes)
    const n = fs.readSync(fd, b, 0, bytes, 0)
    return b.subarray(0, n)
  } finally {
    fs.closeSync(fd)
  }
}

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]
}

/** First `bytes` of the (decompressed) content. */
export function readContentHead(file: string, bytes = 65536): Buffer {
  const head = readHead(file, bytes)
  if (!isGzip(head)) return head
  // Decompress only a prefix: inflate what we can of the first chunk of the compressed file.
  const raw = readHead(file, Math.max(bytes, 1 << 16))
  try {
    return zlib.gunzipSync(raw, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).subarray(0, bytes)
  } catch {
    return Buffer.alloc(0)
  }
}

export function gzipError(file: string, e: unknown): PasskError {
  const msg = (e as Error)?.message ?? String(e)
  const truncated = /unexpected end|truncated/i.test(msg)
  return new PasskError(
    truncated ? 'PASSK_LLM_LOGS_TRUNCATED_GZIP' : 'PASSK_LLM_LOGS_BAD_GZIP',
    `${file}: the gzip stream is ${truncated ? 'truncated' : 'corrupt'} (${msg}).`,
    'Re-download or re-compress the file (gzip -t FILE checks it); rows before the damage were not used.',
    { cause: e as Error },
  )
}

export type { LineSink } from './ranges.js'

/**
 * Default bounds on decompressed input: 64 GiB of decompressed text in total (a gzip bomb — 47 MB of
 * zeros inflating to 10 GB — stops here instead of running for minutes) and 256 MiB per line (one line
 * is held in memory: without the bound a line of 10 GB of zeros grew the process past 1.5 GB).
 */
export const DEFAULT_MAX_BYTES = 64 * 2 ** 30
export const DEFAULT_MAX_LINE_BYTES = 256 * 2 ** 20

export interface ReadLimits {
  /** Decompressed bytes read in total (gzip only; a plain file's size is its size). */
  maxBytes?: number | undefined
  /** Bytes of one line. */
  maxLineBytes?: number | undefined
}

export function tooLargeError(file: string, what: string, limit: number, option: string): PasskError {
  return new PasskError(
    'PASSK_TOO_LARGE',
    `${file}: ${what} is larger than ${limit} bytes (${(limit / 2 ** 20).toFixed(0)} MiB), the limit; reading stopped.`,
    `If the file is what you meant, raise the ${option} option; a file that inflates this far is often a gzip bomb or the wrong file.`,
  )
}

/** The limits of the reader options, with the typed error for a plain file's over-long line (ranges.ts). */
export function readLimits(
  file: string,
  o: { maxBytes?: number | undefined; maxLineBytes?: number | undefined },
): ReadLimits & { tooLong: (lineNo: number, limit: number) => Error } {
  return {
    maxBytes: o.maxBytes,
    maxLineBytes: o.maxLineBytes,
    tooLong: (lineNo, limit) => tooLargeError(file, `line ${lineNo}`, limit, 'maxLineBytes'),
  }
}

/** A UTF-8 byte order mark at [s, e): JSON.parse and the byte scanners do not take it, so line 1 drops it. */
export function bomAt(buf: Uint8Array, s: number, e: number): boolean {
  return e - s >= 3 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf
}

/**
 * The whole (decompressed) content of a file, at most `maxBytes` (a JSON document is parsed from one
 * string, so the bound is also V8's largest string): PASSK_TOO_LARGE beyond it, before inflating
 * further (zlib stops at maxOutputLength).
 */
export function readWholeBounded(file: string, maxBytes = DEFAULT_MAX_BYTES): Buffer {
  const limit = Math.min(maxBytes, buffer.constants.MAX_STRING_LENGTH)
  const size = fs.statSync(file).size
  const head = readHead(file, 2)
  const noBom = (b: Buffer) => (bomAt(b, 0, b.length) ? b.subarray(3) : b) // JSON.parse does not take a BOM
  if (!isGzip(head)) {
    if (size > limit) throw tooLargeError(file, 'the file', limit, 'maxBytes')
    return noBom(fs.readFileSync(file))
  }
  const raw = fs.readFileSync(file)
  try {
    return noBom(zlib.gunzipSync(raw, { maxOutputLength: limit }))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw tooLargeError(file, 'the decompressed content', limit, 'maxBytes')
    throw gzipError(file, e)
  }
}

/**
 * Stream `file` (gunzipping when it starts with the gzip magic) and call `sink` per line (a UTF-8 BOM
 * at the start is dropped). A line that spans many chunks is joined once when it ends (one concat per
 * line, not per chunk: linear in the line's length). `onChunk(readCompressedBytes, totalFileBytes)`
 * reports progress roughly every chunk; `maxBytes`/`maxLineBytes` bound what is decompressed.
 */
export async function forEachLine(
  file: string,
  sink: LineSink,
  opts: { onChunk?: (bytesRead: number, total: number) => void; throwIfAborted?: () => void } & ReadLimits = {},
): Promise<number> {
  const total = fs.statSync(file).size
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES
  const gz = isGzip(readHead(file, 2))
  // 4 MiB reads, but no larger than the file (a small log is read in one short chunk, not a 4 MiB buffer)
  const raw = fs.createReadStream(file, { highWaterMark: Math.min(1 << 22, Math.max(1 << 14, total)) })
  let bytesRead = 0
  raw.on('data', (b) => {
    bytesRead += (b as Buffer).length
  })
  const stream: NodeJS.ReadableStream = gz
    ? raw.pipe(zlib.createGunzip({ chunkSize: Math.min(1 << 20, Math.max(1 << 14, 8 * total)) }))
    : raw
  if (gz) raw.on('error', (e) => (stream as zlib.Gunzip).destroy(e))
  let lineNo = 0
  let inflated = 0
  // the unfinished line: pieces of earlier chunks, joined when its newline arrives
  let pieces: Buffer[] = []
  let piecesLen = 0
  const emit = (buf: Buffer, s: number, e: number) => {
    if (e - s > maxLine) throw tooLargeError(file, `line ${lineNo + 1}`, maxLine, 'maxLineBytes')
    if (e > s && buf[e - 1] === 13) e--
    if (lineNo === 0 && bomAt(buf, s, e)) s += 3
    sink(buf, s, e, ++lineNo)
  }
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      inflated += chunk.length
      if (gz && inflated > maxBytes) throw tooLargeError(file, 'the decompressed content', maxBytes, 'maxBytes')
      let pos = 0
      if (piecesLen > 0) {
        const nl = chunk.indexOf(10)
        if (nl < 0) {
          pieces.push(chunk)
          piecesLen += chunk.length
          if (piecesLen > maxLine) throw tooLargeError(file, `line ${lineNo + 1}`, maxLine, 'maxLineBytes')
          opts.onChunk?.(bytesRead, total)
          opts.throwIfAborted?.()
          continue
        }
        pieces.push(chunk.subarray(0, nl))
        const line = Buffer.concat(pieces, piecesLen + nl)
        pieces = []
        piecesLen = 0
        emit(line, 0, line.length)
        pos = nl + 1
      }
      for (;;) {
        const nl = chunk.indexOf(10, pos)
        if (nl < 0) break
        emit(chunk, pos, nl)
        pos = nl + 1
      }
      if (pos < chunk.length) {
        pieces.push(chunk.subarray(pos))
        piecesLen += chunk.length - pos
        if (piecesLen > maxLine) throw tooLargeError(file, `line ${lineNo + 1}`, maxLine, 'maxLineBytes')
      }
      opts.onChunk?.(bytesRead, total)
      opts.throwIfAborted?.()
    }
  } catch (e) {
    if (e instanceof PasskError) throw e
    if (gz && (e as NodeJS.ErrnoException).code?.startsWith('Z_')) throw gzipError(file, e)
    if (gz && /unexpected end|incorrect header|invalid/i.test((e as Error).message)) throw gzipError(file, e)
    throw e
  } finally {
    raw.destroy()
  }
  if (piecesLen > 0) {
    const rest = pieces.length === 1 ? pieces[0] : Buffer.concat(pieces, piecesLen)
    emit(rest, 0, rest.length)
  }
  return lineNo
}
