/// <reference path="../../../test/setup/matchers.ts" />
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { idxToImages, parseIdx, readIdxFile, readIdxImages } from './idx.js'

/** Build IDX bytes by hand: header then big-endian u8 data. */
function idx(type: number, dims: number[], data: number[]): Uint8Array {
  const b = new Uint8Array(4 + 4 * dims.length + data.length)
  b[2] = type
  b[3] = dims.length
  const v = new DataView(b.buffer)
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d, false))
  b.set(data, 4 + 4 * dims.length)
  return b
}

describe('parseIdx', () => {
  it('reads a raw u8 image file with its dimensions and values', () => {
    const a = parseIdx(idx(0x08, [2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]))
    expect(a.dims).toEqual([2, 2, 3])
    expect(a.type).toBe('u8')
    expect(Array.from(a.data)).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255])
  })
  it('reads the same data gzip-compressed', () => {
    const raw = idx(0x08, [3], [7, 8, 9])
    expect(Array.from(parseIdx(zlib.gzipSync(raw)).data)).toEqual([7, 8, 9])
  })
  it('reads big-endian i16 and f64 payloads', () => {
    const b = new Uint8Array(4 + 4 + 4)
    b[2] = 0x0b
    b[3] = 1
    new DataView(b.buffer).setUint32(4, 2, false)
    new DataView(b.buffer).setInt16(8, -300, false)
    new DataView(b.buffer).setInt16(10, 513, false)
    expect(Array.from(parseIdx(b).data)).toEqual([-300, 513])
    const f = new Uint8Array(4 + 4 + 8)
    f[2] = 0x0e
    f[3] = 1
    new DataView(f.buffer).setUint32(4, 1, false)
    new DataView(f.buffer).setFloat64(8, Math.PI, false)
    expect(parseIdx(f).data[0]).toBe(Math.PI)
  })
  it('rejects a bad magic with PASSK_BAD_IDX naming the bytes', () => {
    const b = idx(0x08, [1], [0])
    b[0] = 0x50
    expect(() => parseIdx(b, 'x.idx')).toThrow(
      expect.objectContaining({
        code: 'PASSK_BAD_IDX',
        message: 'x.idx: starts with bytes 0x50 0x00, expected the IDX magic 0x00 0x00.',
      }),
    )
  })
  it('rejects an unknown type code', () => {
    expect(() => parseIdx(idx(0x07, [1], [0]), 'y')).toThrow(
      expect.objectContaining({ code: 'PASSK_BAD_IDX', message: expect.stringContaining('type code 0x07') }),
    )
  })
  it('rejects truncated data, saying how many bytes were needed and found', () => {
    const b = idx(0x08, [2, 3, 3], new Array(18).fill(1)).slice(0, 4 + 12 + 10)
    expect(() => parseIdx(b, 't')).toThrow(
      expect.objectContaining({
        code: 'PASSK_BAD_IDX',
        message: 't: is truncated: dimensions 2×3×3 need 18 data bytes, found 10.',
      }),
    )
  })
  it('rejects a truncated header and a too-short file', () => {
    expect(() => parseIdx(idx(0x08, [2, 3, 3], []).slice(0, 9), 'h')).toThrow(
      expect.objectContaining({ code: 'PASSK_BAD_IDX', message: expect.stringContaining('truncated in its header') }),
    )
    expect(() => parseIdx(new Uint8Array([0, 0]), 's')).toThrow(
      expect.objectContaining({ code: 'PASSK_BAD_IDX', message: expect.stringContaining('too short') }),
    )
  })
  it('rejects trailing bytes', () => {
    const b = new Uint8Array([...idx(0x08, [2], [1, 2]), 99])
    expect(() => parseIdx(b, 'tr')).toThrow(
      expect.objectContaining({
        code: 'PASSK_BAD_IDX',
        message: expect.stringContaining('1 unexpected trailing bytes'),
      }),
    )
  })
  it('rejects a corrupt gzip stream', () => {
    const gz = zlib.gzipSync(idx(0x08, [4], [1, 2, 3, 4]))
    expect(() => parseIdx(gz.subarray(0, gz.length - 6), 'gz')).toThrow(
      expect.objectContaining({ code: 'PASSK_BAD_IDX', message: expect.stringContaining('does not decompress') }),
    )
  })
})

describe('idxToImages', () => {
  it('rejects a labels file (1 dimension) given as images, with a hint', () => {
    expect(() => idxToImages(parseIdx(idx(0x08, [3], [1, 2, 3])), 'labels.idx1')).toThrow(
      expect.objectContaining({
        code: 'PASSK_BAD_IDX',
        message: 'labels.idx1: has 1 dimension(s) [3], expected 3 (images × rows × cols).',
        hint: expect.stringContaining('labels file'),
      }),
    )
  })
  it('scales pixels to [0, 1] and keeps the first `limit` images', () => {
    const im = idxToImages(parseIdx(idx(0x08, [3, 1, 2], [0, 255, 51, 102, 1, 2])), 'a', 2)
    expect(im.n).toBe(2)
    expect(Array.from(im.pixels)).toEqual([0, 1, 0.2, 0.4])
  })
})

describe('readIdxFile', () => {
  it('gives PASSK_FILE_NOT_FOUND for a missing file', () => {
    expect(() => readIdxFile(path.join(os.tmpdir(), 'no-such-file.idx'))).toThrow(
      expect.objectContaining({ code: 'PASSK_FILE_NOT_FOUND' }),
    )
  })
  const real = path.resolve(__dirname, '../../../../shared/data/fashion-mnist/train-images-first400-idx3-ubyte.gz')
  it.skipIf(!fs.existsSync(real))(
    'reads the shared Fashion-MNIST first-400 training images (skipped without ../shared/data)',
    () => {
      const im = readIdxImages(real)
      expect([im.n, im.rows, im.cols]).toEqual([400, 28, 28])
      let mx = 0
      for (const v of im.pixels) mx = Math.max(mx, v)
      expect(mx).toBe(1)
    },
  )
})

describe('parseIdx on a gzip bomb (issue 16)', () => {
  it('inflates no more than the header declares: trailing data and over-large headers are refused early', () => {
    // a valid header for 2×2 u8 values followed by 8 MiB of zeros: inflating stops after 9 bytes
    const body = new Uint8Array(4 + 8 + (8 << 20))
    body.set(idx(0x08, [2, 2], [1, 2, 3, 4]).subarray(0, 12))
    expect(() => parseIdx(zlib.gzipSync(body), 'bomb.gz')).toThrow(
      'bomb.gz: decompresses to more than the 16 bytes its header declares (trailing data).',
    )
    // a header declaring 2³² × 2 f64 values: refused before inflating anything
    const huge = idx(0x0e, [0xffffffff, 2], [])
    let err: unknown
    try {
      parseIdx(zlib.gzipSync(huge), 'huge.gz')
    } catch (e) {
      err = e
    }
    expect((err as { code?: string }).code).toBe('PASSK_TOO_LARGE')
    // the limit is an option: a small one refuses a real (small) file
    const ok = zlib.gzipSync(idx(0x08, [3], [7, 8, 9]))
    expect(Array.from(parseIdx(ok, 'ok').data)).toEqual([7, 8, 9])
    expect(() => parseIdx(ok, 'ok', 10)).toThrow('ok: the IDX header declares 11 bytes, more than the limit of 10.')
  })
})
