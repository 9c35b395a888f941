import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isPasskError, type PasskError } from './errors.js'
import { readNpy, readNpyFile, readNpz, readNpzFile, writeNpy, type NpyArray } from './npy.js'

// Golden bytes written by numpy 2.4: verbatim output of tools/reference/npy_fixtures.py (base64).
const NUMPY = {
  f8_c: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADgvwAAAAAAANC/AAAAAAAAAAAAAAAAAADQPwAAAAAAAOA/AAAAAAAA6D8=',
  f4_fortran:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAC/AACAPgAAgL4AAAA/AAAAAAAAQD8=',
  f8_be:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPmY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAq/4AAAAAAAAL/QAAAAAAAAAAAAAAAAAAA/0AAAAAAAAD/gAAAAAAAAP+gAAAAAAAA=',
  i8_3d_fortran:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMywgNCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr7/////////wcAAAAAAAAA//////////8LAAAAAAAAAAMAAAAAAAAADwAAAAAAAAD8/////////wgAAAAAAAAAAAAAAAAAAAAMAAAAAAAAAAQAAAAAAAAAEAAAAAAAAAD9/////////wkAAAAAAAAAAQAAAAAAAAANAAAAAAAAAAUAAAAAAAAAEQAAAAAAAAD+/////////woAAAAAAAAAAgAAAAAAAAAOAAAAAAAAAAYAAAAAAAAAEgAAAAAAAAA=',
  u1_v2:
    'k05VTVBZAgB0AAAAeydkZXNjcic6ICd8dTEnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoNCwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAf7/',
  i2_be:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnPmkyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqAAP//AAB//w==',
  b1_scalar:
    'k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoB',
  u4_v3:
    'k05VTVBZAwB0AAAAeydkZXNjcic6ICc8dTQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwgMSksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr/////BwAAAA==',
  c16: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGMxNicsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgxLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAAABA',
  structured:
    'k05VTVBZAQB2AHsnZGVzY3InOiBbKCd4JywgJzxmOCcpLCAoJ3knLCAnPGk0JyldLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  npz_stored:
    'UEsDBC0AAAAAAAAAIQCR9Ofb//////////8FABQAdy5ucHkBABAAkAAAAAAAAACQAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxmNCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgyLCAyKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAAAAAAAAgD8AAABAAABAQFBLAwQtAAAAAAAAACEAsJjFQf//////////HQAUAGxheWVyMS4wLmJuMS5ydW5uaW5nX21lYW4ubnB5AQAQAJAAAAAAAAAAkAAAAAAAAACTTlVNUFkBAHYAeydkZXNjcic6ICc8ZjgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgCgAAAAAAAPg/AAAAAAAAAMBQSwECLQMtAAAAAAAAACEAkfTn25AAAACQAAAABQAAAAAAAAAAAAAAgAEAAAAAdy5ucHlQSwECLQMtAAAAAAAAACEAsJjFQZAAAACQAAAAHQAAAAAAAAAAAAAAgAHHAAAAbGF5ZXIxLjAuYm4xLnJ1bm5pbmdfbWVhbi5ucHlQSwUGAAAAAAIAAgB+AAAApgEAAAAA',
  npz_deflated:
    'UEsDBC0AAAAIAAAAIQCR9Ofb//////////8FABQAdy5ucHkBABAAkAAAAAAAAABQAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loG6TZqKuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GkY6CkaaOgq1CmQDLgYwaLAHEg5A5AAAUEsDBC0AAAAIAAAAIQCwmMVB//////////8dABQAbGF5ZXIxLjAuYm4xLnJ1bm5pbmdfbWVhbi5ucHkBABAAkAAAAAAAAABNAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loG6TZqGuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GkY6mjoKtQoUAC4GMPhhD6EZDgAAUEsBAi0DLQAAAAgAAAAhAJH059tQAAAAkAAAAAUAAAAAAAAAAAAAAIABAAAAAHcubnB5UEsBAi0DLQAAAAgAAAAhALCYxUFNAAAAkAAAAB0AAAAAAAAAAAAAAIABhwAAAGxheWVyMS4wLmJuMS5ydW5uaW5nX21lYW4ubnB5UEsFBgAAAAACAAIAfgAAACMBAAAAAA==',
} as const

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'))
const A23 = [-0.5, -0.25, 0, 0.25, 0.5, 0.75] // np.arange(6).reshape(2,3)/4 − 0.5, C order

function expectBadNpy(fn: () => unknown, re: RegExp) {
  try {
    fn()
  } catch (e) {
    expect(isPasskError(e)).toBe(true)
    expect((e as PasskError).code).toBe('PASSK_BAD_NPY')
    expect((e as PasskError).message).toMatch(re)
    expect((e as PasskError).hint).toBeTruthy()
    return
  }
  throw new Error('expected a PASSK_BAD_NPY error')
}

describe('readNpy on files written by numpy (tools/reference/npy_fixtures.py)', () => {
  it("reads <f8 C order and writeNpy reproduces numpy's bytes exactly", () => {
    const a = readNpy(bytes(NUMPY.f8_c), 'f8_c')
    expect(a).toMatchObject({ dtype: '<f8', shape: [2, 3], fortranOrder: false })
    expect(a.data).toBeInstanceOf(Float64Array)
    expect(Array.from(a.data)).toEqual(A23)
    expect(Buffer.from(writeNpy(a)).toString('base64')).toBe(NUMPY.f8_c)
  })
  it('reads <f4 Fortran order and returns C-order data; writeNpy round-trips the Fortran layout byte for byte', () => {
    const a = readNpy(bytes(NUMPY.f4_fortran))
    expect(a).toMatchObject({ dtype: '<f4', shape: [2, 3], fortranOrder: true })
    expect(a.data).toBeInstanceOf(Float32Array)
    expect(Array.from(a.data)).toEqual(A23)
    expect(Buffer.from(writeNpy(a)).toString('base64')).toBe(NUMPY.f4_fortran)
  })
  it('reads big-endian >f8 and >i2 into native typed arrays', () => {
    const a = readNpy(bytes(NUMPY.f8_be))
    expect(a.dtype).toBe('>f8')
    expect(Array.from(a.data)).toEqual(A23)
    const b = readNpy(bytes(NUMPY.i2_be))
    expect(b.data).toBeInstanceOf(Int16Array)
    expect(Array.from(b.data)).toEqual([-32768, -1, 0, 32767])
    expect(Buffer.from(writeNpy(b)).toString('base64')).toBe(NUMPY.i2_be)
  })
  it('reads 3-D Fortran-ordered <i8 as C-order Float64Array', () => {
    const a = readNpy(bytes(NUMPY.i8_3d_fortran))
    expect(a).toMatchObject({ dtype: '<i8', shape: [2, 3, 4], fortranOrder: true })
    expect(a.data).toBeInstanceOf(Float64Array)
    expect(Array.from(a.data)).toEqual(Array.from({ length: 24 }, (_, i) => i - 5))
  })
  it('reads format versions 2.0 (|u1) and 3.0 (<u4), and a 0-d bool scalar', () => {
    const u1 = readNpy(bytes(NUMPY.u1_v2))
    expect(u1.data).toBeInstanceOf(Uint8Array)
    expect(Array.from(u1.data)).toEqual([0, 1, 254, 255])
    expect(u1.shape).toEqual([4])
    const u4 = readNpy(bytes(NUMPY.u4_v3))
    expect(u4.data).toBeInstanceOf(Uint32Array)
    expect(Array.from(u4.data)).toEqual([4294967295, 7])
    expect(u4.shape).toEqual([2, 1])
    const b = readNpy(bytes(NUMPY.b1_scalar))
    expect(b).toMatchObject({ dtype: '|b1', shape: [] })
    expect(Array.from(b.data)).toEqual([1])
    expect(Buffer.from(writeNpy(b)).toString('base64')).toBe(NUMPY.b1_scalar)
  })
  it('rejects complex and structured dtypes with PASSK_BAD_NPY', () => {
    expectBadNpy(() => readNpy(bytes(NUMPY.c16), 'c16.npy'), /c16\.npy: unsupported dtype '<c16'/)
    expectBadNpy(() => readNpy(bytes(NUMPY.structured), 's.npy'), /structured/)
  })
})

describe('round trips through writeNpy/readNpy', () => {
  const cases: Array<[string, NpyArray['data']]> = [
    ['<f8', Float64Array.from([1.5, -2, Math.PI, 1e-300, -0, Infinity])],
    ['>f8', Float64Array.from([1.5, -2, Math.PI, 1e300, 0, NaN])],
    ['<f4', Float32Array.from([1.5, -2, 0.1, 3e38, 0, -1e-30])],
    ['>f4', Float32Array.from([1.5, -2, 0.1, 3e38, 0, -1e-30])],
    ['<i8', Float64Array.from([-(2 ** 53) + 1, -1, 0, 1, 42, 2 ** 53 - 1])],
    ['>i8', Float64Array.from([-(2 ** 53) + 1, -1, 0, 1, 42, 2 ** 53 - 1])],
    ['<u8', Float64Array.from([0, 1, 2, 3, 4, 2 ** 53 - 1])],
    ['<i4', Int32Array.from([-(2 ** 31), -1, 0, 1, 7, 2 ** 31 - 1])],
    ['>i4', Int32Array.from([-(2 ** 31), -1, 0, 1, 7, 2 ** 31 - 1])],
    ['<u4', Uint32Array.from([0, 1, 2, 3, 7, 2 ** 32 - 1])],
    ['<i2', Int16Array.from([-32768, -1, 0, 1, 7, 32767])],
    ['<u2', Uint16Array.from([0, 1, 2, 3, 7, 65535])],
    ['|i1', Int8Array.from([-128, -1, 0, 1, 7, 127])],
    ['|u1', Uint8Array.from([0, 1, 2, 3, 7, 255])],
    ['|b1', Uint8Array.from([0, 1, 1, 0, 1, 0])],
  ]
  for (const [dtype, data] of cases) {
    for (const fortranOrder of [false, true]) {
      it(`${dtype} ${fortranOrder ? 'Fortran' : 'C'} order, shape (2, 3)`, () => {
        const buf = writeNpy({ dtype, shape: [2, 3], fortranOrder, data })
        const back = readNpy(buf)
        expect(back.dtype).toBe(dtype)
        expect(back.shape).toEqual([2, 3])
        expect(back.fortranOrder).toBe(fortranOrder)
        expect(Array.from(back.data, Number)).toEqual(Array.from(data, Number))
      })
    }
  }
  it('a Fortran-ordered file stores the transpose: element (i, j) at offset i + 2j', () => {
    const buf = writeNpy({
      dtype: '<f8',
      shape: [2, 3],
      fortranOrder: true,
      data: Float64Array.from([0, 1, 2, 10, 11, 12]),
    })
    const hl = 10 + (buf[8] | (buf[9] << 8))
    expect(Array.from(new Float64Array(buf.slice(hl).buffer))).toEqual([0, 10, 1, 11, 2, 12])
  })
  it('round-trips a 4-D Fortran array and an empty array', () => {
    const shape = [2, 3, 1, 4],
      data = Float64Array.from({ length: 24 }, (_, i) => i * 0.5)
    expect(Array.from(readNpy(writeNpy({ dtype: '<f8', shape, fortranOrder: true, data })).data)).toEqual(
      Array.from(data),
    )
    const e = readNpy(writeNpy({ dtype: '<f4', shape: [0, 5], fortranOrder: false, data: new Float32Array(0) }))
    expect(e.shape).toEqual([0, 5])
    expect(e.data.length).toBe(0)
  })
  it('data starts on a 64-byte boundary, as numpy writes it', () => {
    const buf = writeNpy({ dtype: '<f8', shape: [1, 2, 3, 4, 5], fortranOrder: false, data: new Float64Array(120) })
    expect((10 + (buf[8] | (buf[9] << 8))) % 64).toBe(0)
  })
  it('writeNpy rejects data that does not match the shape or the dtype', () => {
    expectBadNpy(
      () => writeNpy({ dtype: '<f8', shape: [2, 2], fortranOrder: false, data: new Float64Array(3) }),
      /shape \(2, 2\) holds 4 elements but data has 3/,
    )
    expectBadNpy(
      () => writeNpy({ dtype: '|u1', shape: [1], fortranOrder: false, data: Float64Array.from([256]) }),
      /does not fit \|u1/,
    )
    expectBadNpy(
      () => writeNpy({ dtype: '<i8', shape: [1], fortranOrder: false, data: Float64Array.from([0.5]) }),
      /not an integer/,
    )
    expectBadNpy(
      () => writeNpy({ dtype: '<f2', shape: [1], fortranOrder: false, data: Float64Array.from([1]) }),
      /unsupported dtype '<f2'/,
    )
  })
})

describe('malformed .npy files', () => {
  const good = () => bytes(NUMPY.f8_c)
  it('bad magic', () => {
    const b = good()
    b[1] = 0x4f
    expectBadNpy(() => readNpy(b, 'x.npy'), /x\.npy: not a NumPy \.npy file \(bad magic/)
    expectBadNpy(() => readNpy(new TextEncoder().encode('hello'), 'x.npy'), /bad magic/)
    expectBadNpy(() => readNpy(new Uint8Array(0), 'empty.npy'), /bad magic/)
  })
  it('truncated header and truncated data', () => {
    expectBadNpy(() => readNpy(good().subarray(0, 40), 't.npy'), /t\.npy: truncated: header says 118 bytes/)
    expectBadNpy(
      () => readNpy(good().subarray(0, 128 + 47), 't.npy'),
      /truncated data: shape \(2, 3\) of <f8 needs 48 bytes, the file has 47/,
    )
  })
  it('shape/size mismatch (extra bytes), unsupported version, object dtype, malformed header', () => {
    const g = good(),
      extra = new Uint8Array(g.length + 8)
    extra.set(g)
    expectBadNpy(() => readNpy(extra, 'e.npy'), /size mismatch: shape \(2, 3\) of <f8 needs 48 bytes, the file has 56/)
    const v = good()
    v[6] = 4
    expectBadNpy(() => readNpy(v), /unsupported \.npy format version 4\.0/)
    const withHeader = (h: string) => {
      const dict = h.padEnd(117, ' ') + '\n'
      const b = new Uint8Array(10 + 118 + 16)
      b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 118, 0])
      b.set(new TextEncoder().encode(dict), 10)
      return b
    }
    expectBadNpy(
      () => readNpy(withHeader("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }")),
      /unsupported dtype '\|O'/,
    )
    expectBadNpy(
      () => readNpy(withHeader("{'descr': '<f8', 'shape': (2,), }")),
      /needs 'descr', 'fortran_order' and 'shape'/,
    )
    expectBadNpy(
      () => readNpy(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2, x), }")),
      /malformed shape/,
    )
    expectBadNpy(() => readNpy(withHeader('not a dict')), /malformed header/)
  })
  it('int64 values beyond 2^53 are refused rather than rounded', () => {
    const b = writeNpy({ dtype: '<i8', shape: [1], fortranOrder: false, data: new BigInt64Array([2n ** 60n]) })
    expectBadNpy(() => readNpy(b, 'big.npy'), /int64 value 1152921504606846976 at flat index 0 is not a safe integer/)
  })
  it('readNpyFile names a missing file with PASSK_FILE_NOT_FOUND', () => {
    try {
      readNpyFile('/nonexistent/dir/x.npy')
      throw new Error('no error')
    } catch (e) {
      expect((e as PasskError).code).toBe('PASSK_FILE_NOT_FOUND')
      expect((e as Error).message).toContain('/nonexistent/dir/x.npy')
    }
  })
})

describe('readNpz', () => {
  for (const key of ['npz_stored', 'npz_deflated'] as const) {
    it(`reads ${key === 'npz_stored' ? 'numpy.savez' : 'numpy.savez_compressed'} archives (zip64 local headers)`, () => {
      const z = readNpz(bytes(NUMPY[key]), key)
      expect(Object.keys(z)).toEqual(['w', 'layer1.0.bn1.running_mean'])
      expect(z.w.shape).toEqual([2, 2])
      expect(Array.from(z.w.data)).toEqual([0, 1, 2, 3])
      expect(z.w.data).toBeInstanceOf(Float32Array)
      expect(Array.from(z['layer1.0.bn1.running_mean'].data)).toEqual([1.5, -2])
    })
  }
  it('rejects a non-zip buffer and a corrupted member', () => {
    expectBadNpy(() => readNpz(bytes(NUMPY.f8_c), 'a.npz'), /a\.npz: not a zip/)
    const b = bytes(NUMPY.npz_stored)
    b[190] ^= 0xff // inside the first member's float data (bytes 183..198)
    expectBadNpy(() => readNpz(b, 'c.npz'), /c\.npz: member w\.npy: CRC-32 mismatch/)
  })
})

const DATA = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/data')
describe.skipIf(!existsSync(DATA))('real files in ../shared/data (skipped when absent)', () => {
  it('reads the ResNet-20 weights npz (97 arrays) and the float32 features', () => {
    const z = readNpzFile(path.join(DATA, 'cifar10-test-first1000/resnet20-12fca82f.npz'))
    expect(Object.keys(z).length).toBe(97)
    expect(z['conv1.weight'].shape).toEqual([16, 3, 3, 3])
    expect(z['linear.weight'].shape).toEqual([10, 64])
    const f = readNpyFile(path.join(DATA, 'cifar10-test-first1000/resnet20_features64.npy'))
    expect(f).toMatchObject({ dtype: '<f4', shape: [1000, 64] })
  })
  it('reads CIFAR-10H counts (int64) and probabilities (float64) consistently', () => {
    const c = readNpyFile(path.join(DATA, 'cifar10h/cifar10h-counts.npy'))
    const p = readNpyFile(path.join(DATA, 'cifar10h/cifar10h-probs.npy'))
    expect(c.shape).toEqual([10000, 10])
    expect(p.shape).toEqual([10000, 10])
    for (const row of [0, 1, 4321, 9999]) {
      let tot = 0,
        ps = 0
      for (let j = 0; j < 10; j++) {
        tot += c.data[row * 10 + j]
        ps += p.data[row * 10 + j]
      }
      expect(tot).toBeGreaterThanOrEqual(47)
      expect(tot).toBeLessThanOrEqual(63)
      expect(ps).toBeCloseToRel(1, 1e-12)
      for (let j = 0; j < 10; j++) expect(p.data[row * 10 + j]).toBeCloseToRel(c.data[row * 10 + j] / tot || 0, 1e-12)
    }
  })
})
