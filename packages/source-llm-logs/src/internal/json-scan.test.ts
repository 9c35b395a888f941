import { describe, expect, it } from 'vitest'
import { FlatJsonScanner } from './json-scan.js'

const KEYS = ['id', 'ok', 'score', 'note']

/** The scanner's view of a line, or null when it declines it. */
function scan(line: string, keys = KEYS): Record<string, unknown> | null {
  const sc = new FlatJsonScanner(keys)
  const buf = Buffer.from(line)
  if (!sc.scan(buf, 0, buf.length)) return null
  return Object.fromEntries(keys.map((k, i) => [k, sc.out[i]]).filter(([, v]) => v !== undefined))
}

/** Independent reference: JSON.parse, keeping only the wanted keys. */
function ref(line: string, keys = KEYS): Record<string, unknown> {
  const o = JSON.parse(line) as Record<string, unknown>
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]))
}

const long = 'def f(x):\\n    return \\"}{][\\" + \'a\' * 100  # ' + 'x'.repeat(300)

describe('FlatJsonScanner', () => {
  it.each([
    ['flat record', '{"id": "HumanEval/1", "ok": true, "score": 0.75}'],
    ['negative, exponent and big numbers', '{"id": -12, "score": -1.5e-3, "ok": false, "note": 12345678901234567890}'],
    ['escaped wanted string (unicode, quotes)', '{"id": "a\\"b\\u00e9\\\\", "ok": 1}'],
    ['long unwanted string with escaped quotes and brackets', `{"completion": "${long}", "id": "t", "ok": true}`],
    [
      'unwanted string ending in an escaped backslash',
      '{"completion": "' + 'y'.repeat(40) + '\\\\\\\\", "id": "z", "ok": false}',
    ],
    [
      'nested values (wanted and not)',
      '{"meta": {"a": [1, {"b": "}]"}], "c": "' + 'q'.repeat(50) + '"}, "note": [1, "x"], "id": 3}',
    ],
    ['null and whitespace', '  { "id" : "w" ,"ok":null , "score" : 0 }  '],
    ['UTF-8 ids', '{"id": "問題/7", "ok": true}'],
  ])('agrees with JSON.parse on %s', (_name, line) => {
    expect(scan(line)).toEqual(ref(line))
  })

  it.each([
    ['trailing comma', '{"id": "a", "ok": true,}'],
    ['missing colon', '{"id" "a"}'],
    ['unterminated string', '{"id": "a, "ok": true}'],
    ['unterminated long string', '{"completion": "' + 'x'.repeat(100) + ', "id": "a"}'],
    ['bad literal', '{"ok": tru}'],
    ['trailing junk', '{"id": 1} x'],
  ])("declines %s (the caller then reports JSON.parse's message)", (_name, line) => {
    expect(scan(line)).toBeNull()
    expect(() => JSON.parse(line)).toThrow()
  })

  it('declines a line that is valid JSON but not an object', () => {
    expect(scan('[1, 2]')).toBeNull()
    expect(scan('"id"')).toBeNull()
  })
})
