/**
 * Constant-memory line reading over plain or gzip files: a hand-written splitter over Buffer chunks
 * (Buffer.indexOf on '\n' is native), so a 10⁷-line JSONL never lives in memory at once.
 */
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
 * Stream `file` (gunzipping when it starts with the gzip magic) and call `sink` per line.
 * `onBytes(readCompressedBytes, totalFileBytes)` reports progress roughly every chunk.
 */
export async function forEachLine(
  file: string,
  sink: LineSink,
  opts: { onChunk?: (bytesRead: number, total: number) => void; throwIfAborted?: () => void } = {},
): Promise<number> {
  const total = fs.statSync(file).size
  const gz = isGzip(readHead(file, 2))
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 22 })
  let bytesRead = 0
  raw.on('data', (b) => {
    bytesRead += (b as Buffer).length
  })
  const stream: NodeJS.ReadableStream = gz ? raw.pipe(zlib.createGunzip({ chunkSize: 1 << 20 })) : raw
  if (gz) raw.on('error', (e) => (stream as zlib.Gunzip).destroy(e))
  let lineNo = 0
  let rest: Buffer | null = null
  try {
    for await (const chunk0 of stream as AsyncIterable<Buffer>) {
      let chunk = chunk0
      if (rest) {
        chunk = Buffer.concat([rest, chunk0])
        rest = null
      }
      let pos = 0
      for (;;) {
        const nl = chunk.indexOf(10, pos)
        if (nl < 0) break
        let e = nl
        if (e > pos && chunk[e - 1] === 13) e--
        sink(chunk, pos, e, ++lineNo)
        pos = nl + 1
      }
      if (pos < chunk.length) rest = chunk.subarray(pos)
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
  if (rest && rest.length) {
    let e = rest.length
    if (rest[e - 1] === 13) e--
    sink(rest, 0, e, ++lineNo)
  }
  return lineNo
}
