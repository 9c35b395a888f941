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
  } = {},
): Promise<number> {
  const fh = await fs.promises.open(file, 'r')
  let buf = opts.buffer?.buf ?? Buffer.allocUnsafe(opts.chunkBytes ?? 1 << 22)
  let lineNo = (opts.firstLine ?? 1) - 1
  try {
    let pos = start // file offset of the next read
    let have = 0 // bytes in buf (a carried-over partial line plus the new read)
    while (pos < end) {
      if (have === buf.length) {
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
        if (e > s && buf[e - 1] === 13) e--
        sink(buf, s, e, ++lineNo)
        s = nl + 1
      }
      if (s < have) buf.copy(buf, 0, s, have)
      have -= s
      opts.onChunk?.(pos - start, end - start)
      opts.throwIfAborted?.()
    }
    if (have > 0) {
      let e = have
      if (buf[e - 1] === 13) e--
      sink(buf, 0, e, ++lineNo)
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
