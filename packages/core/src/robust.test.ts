/**
 * Reproducers from the fuzzing campaign (issue 16) for core: corrupt .npz offsets, deeply nested specs.
 * Each threw a raw RangeError before.
 */
import * as zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { isPasskError } from './errors.js'
import { jsonErrorOffset, showJson } from './json-position.js'
import { readNpz, writeNpy } from './npy.js'
import { parseSpec } from './spec.js'

/** A stored (method 0) zip with one member: a minimal writer independent of the reader under test. */
function storedZip(name: string, data: Uint8Array): Uint8Array {
  const n = Buffer.from(name)
  const crc = zlib.crc32(data) >>> 0
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt32LE(crc, 14)
  local.writeUInt32LE(data.length, 18)
  local.writeUInt32LE(data.length, 22)
  local.writeUInt16LE(n.length, 26)
  const cd = Buffer.alloc(46)
  cd.writeUInt32LE(0x02014b50, 0)
  cd.writeUInt32LE(crc, 16)
  cd.writeUInt32LE(data.length, 20)
  cd.writeUInt32LE(data.length, 24)
  cd.writeUInt16LE(n.length, 28)
  cd.writeUInt32LE(0, 42)
  const cdOffset = 30 + n.length + data.length
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(1, 8)
  eocd.writeUInt16LE(1, 10)
  eocd.writeUInt32LE(46 + n.length, 12)
  eocd.writeUInt32LE(cdOffset, 16)
  return new Uint8Array(Buffer.concat([local, n, data, cd, n, eocd]))
}

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    if (isPasskError(e)) return `${e.code}: ${e.message}`
    throw e
  }
  return 'no error'
}

describe('readNpz on corrupt offsets', () => {
  const npy = writeNpy({ dtype: '<f8', shape: [3], fortranOrder: false, data: new Float64Array([1, 2, 3]) })
  const zip = storedZip('w.npy', npy)

  it('reads the intact archive', () => {
    expect(Array.from(readNpz(zip, 'ok.npz').w.data)).toEqual([1, 2, 3])
  })

  it('a central-directory or local-header offset beyond the file is PASSK_BAD_NPY, not a RangeError', () => {
    const eocdAt = zip.length - 22
    for (const [what, at] of [
      ['directory offset', eocdAt + 16],
      ['local header offset', zip.length - 22 - 46 - 5 + 42],
    ] as const) {
      for (const v of [zip.length - 2, 0x7ffffff0]) {
        const b = zip.slice()
        new DataView(b.buffer).setUint32(at, v, true)
        expect(
          codeOf(() => readNpz(b, 'bad.npz')),
          `${what} = ${v}`,
        ).toMatch(/^PASSK_BAD_NPY: bad\.npz: /)
      }
    }
  })

  it('a deflated member inflating past its declared size is refused (bounded inflate)', () => {
    const big = zlib.deflateRawSync(Buffer.alloc(1 << 20))
    const b = storedZip('w.npy', new Uint8Array(big))
    const dv = new DataView(b.buffer)
    dv.setUint16(8, 8, true) // local header: method deflate
    const cd = b.length - 22 - 46 - 5
    dv.setUint16(cd + 10, 8, true)
    dv.setUint32(cd + 24, 100, true) // says 100 bytes uncompressed
    expect(codeOf(() => readNpz(b, 'bomb.npz'))).toMatch(
      /^PASSK_BAD_NPY: bomb\.npz: member w\.npy inflates beyond the 100 bytes/,
    )
  })
})

describe('specs nested thousands deep', () => {
  const deep = (d: number) => '['.repeat(d) + ']'.repeat(d)
  it('jsonErrorOffset is iterative: 10⁵ deep parses, and the error offset is exact', () => {
    expect(jsonErrorOffset(deep(100000))).toBe(-1)
    expect(jsonErrorOffset(deep(100000) + ',')).toBe(200000)
    expect(jsonErrorOffset('{"a": [1, {"b": 2,}]}')).toBe(18)
    expect(jsonErrorOffset('{"a": [1, {"b": 2}], "c": tru}')).toBe(26)
    expect(jsonErrorOffset('{"a" 1}')).toBe(5)
    expect(jsonErrorOffset('[1, 2]')).toBe(-1)
  })

  it('a version nested 8000 deep is PASSK_BAD_SPEC, not a stack overflow', () => {
    const spec = JSON.parse(`{"version": ${deep(8000)}, "stages": []}`) as unknown
    expect(codeOf(() => parseSpec(spec, 'deep.json'))).toMatch(
      /^PASSK_BAD_SPEC: deep\.json: spec version \[…\] \(a deeply nested array\) is not supported/,
    )
    expect(showJson({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}')
    expect(showJson('y'.repeat(100), 10)).toBe('"yyyyyyyy…')
  })
})
