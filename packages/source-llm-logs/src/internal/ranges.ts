/**
 * Line splitting over byte ranges of plain files (no @passk/core import: worker threads use it).
 */
import fs from 'node:fs'

export interface LineSink {
  /**
   * Called with each line's bytes [start, end) without the newline (and without a trailing \r). Line numbers start at
   * 1.
   */
  (buf: Buffer, start: number, end: number, lineNo: number): void
}

/**
 * Lines of the byte range [start, end) of a plain (not gzip) file, read with positioned reads into one
 * reused buffer (1–4 MiB; no stream, no Buffer.concat per chunk). The unfinished last line of a chunk
 * is moved to the front of the buffer before the next read; a line longer than the buffer doubles it.
 * `start` must be 0 or just after a '\n'. Line numbers start at `firstLine`. Returns the number of lines.
 */
export async function forEachLineInRange(
  file: string,
  start: number,
  end: number,
  sink: LineSink,
  opts: {
    firstLine?: number
    chunkBytes?: number
    onChunk?: (bytesDone: number, total: number) => void
    throwIfAborted?: () => void
    buffer?: ReadBuffer
    /** A line longer than this is refused (default 256 MiB): the buffer holding it would grow without end. */
    maxLineBytes?: number | undefined
    /** The error for a line beyond maxLineBytes (a PasskError in the main thread; workers have no core import). */
    tooLong?: ((lineNo: number, limit: number) => Error) | undefined
  } = {},
): Promise<number> {
  const maxLine = opts.maxLineBytes ?? 256 * 2 ** 20
  const fh = await fs.promises.open(file, 'r')
  let buf = opts.buffer?.buf ?? Buffer.allocUnsafe(opts.chunkBytes ?? 1 << 22)
  let lineNo = (opts.firstLine ?? 1) - 1
  const first0 = lineNo
  const bom = start === 0
  try {
    let pos = start // file offset of the next read
    let have = 0 // bytes in buf (a carried-over partial line plus the new read)
    while (pos < end) {
      if (have === buf.length) {
        if (have > maxLine) {
          const at = lineNo + 1
          throw opts.tooLong?.(at, maxLine) ?? new Error(`${file}: line ${at} is longer than ${maxLine} bytes`)
        }
        const b = Buffer.allocUnsafe(buf.length * 2)
        buf.copy(b, 0, 0, have)
        buf = b
        if (opts.buffer) opts.buffer.buf = b
      }
      const { bytesRead } = await fh.read(buf, have, Math.min(buf.length - have, end - pos), pos)
      if (bytesRead === 0) break
      pos += bytesRead
      have += bytesRead
      let s = 0
      for (;;) {
        const nl = buf.indexOf(10, s)
        if (nl < 0 || nl >= have) break
        let e = nl
        if (e - s > maxLine)
          throw opts.tooLong?.(lineNo + 1, maxLine) ?? new Error(`${file}: line ${lineNo + 1} is too long`)
        if (e > s && buf[e - 1] === 13) e--
        // a UTF-8 BOM at the start of the file is not part of the first record
        if (bom && lineNo === first0 && e - s >= 3 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf)
          sink(buf, s + 3, e, ++lineNo)
        else sink(buf, s, e, ++lineNo)
        s = nl + 1
      }
      if (s < have) buf.copy(buf, 0, s, have)
      have -= s
      opts.onChunk?.(pos - start, end - start)
      opts.throwIfAborted?.()
    }
    if (have > 0) {
      if (have > maxLine)
        throw opts.tooLong?.(lineNo + 1, maxLine) ?? new Error(`${file}: line ${lineNo + 1} is too long`)
      let e = have
      if (buf[e - 1] === 13) e--
      const skip = bom && lineNo === first0 && e >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0
      sink(buf, skip, e, ++lineNo)
    }
  } finally {
    await fh.close()
  }
  return lineNo - ((opts.firstLine ?? 1) - 1)
}

/** A read buffer reused across calls (one per thread), so reading many chunks allocates once. */
export interface ReadBuffer {
  buf: Buffer
}

/** Byte offsets that split a plain file into `parts` ranges at line starts (just after a '\n'). */
export function splitAtLines(file: string, parts: number): number[] {
  const size = fs.statSync(file).size
  const cuts = [0]
  const fd = fs.openSync(file, 'r')
  try {
    const b = Buffer.allocUnsafe(1 << 16)
    for (let p = 1; p < parts; p++) {
      let at = Math.max(cuts[cuts.length - 1], Math.floor((size * p) / parts))
      let cut = size
      while (at < size) {
        const n = fs.readSync(fd, b, 0, b.length, at)
        if (n <= 0) break
        const nl = b.indexOf(10)
        if (nl >= 0 && nl < n) {
          cut = at + nl + 1
          break
        }
        at += n
      }
      if (cut > cuts[cuts.length - 1] && cut < size) cuts.push(cut)
    }
  } finally {
    fs.closeSync(fd)
  }
  cuts.push(size)
  return cuts
}
