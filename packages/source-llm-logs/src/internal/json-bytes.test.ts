import { describe, expect, it } from 'vitest'
import { endOfJsonNested, skipJsonString } from './json-bytes.js'

/** Brute-force reference: walk the string honouring every escape. */
function reference(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') {
      j++
      continue
    }
    if (s[j] === '"') return j + 1
  }
  return -1
}

describe('skipJsonString', () => {
  it('matches a brute-force escape walk for escapes on both sides of the short-scan boundary', () => {
    for (let pad = 0; pad < 70; pad++)
      for (const tail of ['\\\\"', '\\"x"', '\\\\\\"y"', 'z"', '\\u0041"']) {
        const s = '"' + 'a'.repeat(pad) + tail + ',"next"'
        expect(skipJsonString(Buffer.from(s), 0, s.length), `pad ${pad} tail ${tail}`).toBe(reference(s, 0))
      }
  })

  it('returns -1 for a string that does not close before end', () => {
    const s = '"' + 'b'.repeat(100) + '\\"'
    expect(skipJsonString(Buffer.from(s), 0, s.length)).toBe(-1)
    expect(skipJsonString(Buffer.from('"ab"'), 0, 3)).toBe(-1)
  })
})

describe('endOfJsonNested', () => {
  it('steps over nested objects and arrays with brackets inside strings', () => {
    const s = '{"a":[1,{"b":"]}"}],"c":"{"}  rest'
    expect(endOfJsonNested(Buffer.from(s), 0, s.length)).toBe(s.indexOf('  rest'))
    expect(endOfJsonNested(Buffer.from('[1,[2,3]'), 0, 8)).toBe(-1)
  })
})
