import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { forEachLineInRange, splitAtLines } from './ranges.js'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-ranges-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

/** Reference: split the whole text on '\n', drop one trailing '\r' per line and the empty piece after a final '\n'. */
function refLines(text: string): string[] {
  const parts = text.split('\n')
  if (parts.at(-1) === '') parts.pop()
  return parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
}

async function linesOf(
  file: string,
  start: number,
  end: number,
  chunkBytes: number,
  firstLine = 1,
): Promise<{ lines: string[]; nos: number[]; count: number }> {
  const lines: string[] = [],
    nos: number[] = []
  const count = await forEachLineInRange(
    file,
    start,
    end,
    (b, s, e, no) => {
      lines.push(b.toString('utf8', s, e))
      nos.push(no)
    },
    { chunkBytes, firstLine },
  )
  return { lines, nos, count }
}

describe('forEachLineInRange', () => {
  const long = 'é'.repeat(700) // 1400 bytes: longer than the 64-byte chunk below
  const text = `a\r\nbb\n\r\n{"x":1}\r\n${long}\nlast\r`
  const file = path.join(tmp, 'mixed.txt')
  fs.writeFileSync(file, text)
  const size = fs.statSync(file).size

  it.each([64, 7, 1 << 20])(
    'CRLF, empty lines, a line longer than the chunk (%i bytes) and no final newline',
    async (chunk) => {
      const r = await linesOf(file, 0, size, chunk)
      expect(r.lines).toEqual(refLines(text))
      expect(r.lines).toEqual(['a', 'bb', '', '{"x":1}', long, 'last'])
      expect(r.nos).toEqual([1, 2, 3, 4, 5, 6])
      expect(r.count).toBe(6)
    },
  )

  it('two ranges cut at a line start read the same lines as one pass, numbered on from firstLine', async () => {
    const cuts = splitAtLines(file, 2)
    expect(cuts.length).toBe(3)
    expect([cuts[0], cuts[2]]).toEqual([0, size])
    expect(fs.readFileSync(file)[cuts[1] - 1]).toBe(10) // just after a '\n'
    const a = await linesOf(file, 0, cuts[1], 16)
    const b = await linesOf(file, cuts[1], size, 16, a.count + 1)
    expect([...a.lines, ...b.lines]).toEqual(refLines(text))
    expect([...a.nos, ...b.nos]).toEqual([1, 2, 3, 4, 5, 6])
  })
})

describe('splitAtLines', () => {
  it('cuts just after a newline near each 1/parts of the file; a file without newlines stays whole', () => {
    const f = path.join(tmp, 'lines.txt')
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i} ${'x'.repeat(i % 37)}`)
    fs.writeFileSync(f, lines.join('\n') + '\n')
    const buf = fs.readFileSync(f)
    for (const parts of [2, 3, 5]) {
      const cuts = splitAtLines(f, parts)
      expect(cuts.length).toBe(parts + 1)
      for (let k = 1; k < parts; k++) {
        expect(buf[cuts[k] - 1]).toBe(10)
        // the first newline at or after k/parts of the size, + 1 (independent search)
        expect(cuts[k]).toBe(buf.indexOf(10, Math.floor((buf.length * k) / parts)) + 1)
      }
    }
    const one = path.join(tmp, 'one.txt')
    fs.writeFileSync(one, 'no newline at all')
    expect(splitAtLines(one, 2)).toEqual([0, 17])
  })
})
