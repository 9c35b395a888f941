/**
 * NumPy `.npy` / `.npz` reader and `.npy` writer (format spec: numpy/lib/format.py, NEP 1).
 *
 * - Versions 1.0 (uint16 header length), 2.0 (uint32) and 3.0 (uint32, UTF-8 header).
 * - dtypes: f8 f4 i8 u8 i4 u4 i2 u2 i1 u1 b1, little- or big-endian ('<', '>', '|', '=').
 *   Data always comes back in native byte order as the matching typed array; 64-bit integers come back
 *   as a Float64Array after checking every value is a safe integer (|x| ≤ 2^53 − 1), so callers never
 *   meet BigInt. Booleans come back as a Uint8Array of 0/1.
 * - `data` is ALWAYS in C (row-major) order. `fortranOrder` reports how the file stored it; writeNpy
 *   uses it to decide how to store (it transposes C-order `data` for a Fortran-ordered file).
 * - Object arrays ('|O'), structured/record dtypes, strings, datetimes, complex and float16 are
 *   rejected with PASSK_BAD_NPY, as are bad magic, truncated or over-long data, and malformed headers.
 */
import { constants as bufferConstants } from 'node:buffer'
import { readFileSync } from 'node:fs'
import * as zlib from 'node:zlib'
import { PasskError } from './errors.js'

/** What readNpy returns: plain numeric typed arrays (int64/uint64 arrive as Float64Array). */
export type NpyNumericData =
  Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array
/** What writeNpy accepts: the numeric arrays, plus BigInt64Array/BigUint64Array for full-range 64-bit integers. */
export type NpyData = NpyNumericData | BigInt64Array | BigUint64Array

export interface NpyArray<D extends NpyData = NpyData> {
  /** NumPy dtype string as in the file (e.g. '<f8', '>i4', '|u1'); for writing, the dtype to store. */
  dtype: string
  shape: number[]
  /** Storage order of the file (read) or to use (write). `data` is always C order regardless. */
  fortranOrder: boolean
  data: D
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] // \x93NUMPY

interface DtypeInfo {
  kind: 'f' | 'i' | 'u' | 'b'
  size: number
  little: boolean
}

const bad = (name: string, what: string, hint?: string) =>
  new PasskError(
    'PASSK_BAD_NPY',
    `${name}: ${what}`,
    hint ??
      'Write the array with numpy.save(path, np.ascontiguousarray(a, dtype=np.float64)) (or float32/int64/uint8).',
  )

function parseDtype(descr: string, name: string): DtypeInfo {
  const m = /^([<>|=]?)([fiub])(\d+)$/.exec(descr)
  if (!m)
    throw bad(
      name,
      `unsupported dtype '${descr}' (object, string, structured, complex and datetime arrays cannot be read)`,
    )
  const order = m[1],
    kind = m[2] as DtypeInfo['kind'],
    size = Number(m[3])
  const ok =
    kind === 'f'
      ? size === 4 || size === 8
      : kind === 'b'
        ? size === 1
        : size === 1 || size === 2 || size === 4 || size === 8
  if (!ok) throw bad(name, `unsupported dtype '${descr}' (supported: f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1)`)
  return { kind, size, little: order !== '>' } // '=' and '|' mean native/not applicable; every supported host is little-endian
}

/** Parse the Python-literal header dict: {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), } */
function parseHeader(text: string, name: string): { descr: string; fortranOrder: boolean; shape: number[] } {
  const t = text.trim()
  if (!t.startsWith('{') || !t.endsWith('}'))
    throw bad(name, `malformed header ${JSON.stringify(t.slice(0, 80))}: expected a Python dict literal`)
  const descrStruct = /['"]descr['"]\s*:\s*\[/.exec(t)
  if (descrStruct) throw bad(name, 'structured (record) dtypes are not supported')
  const d = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(t)
  const f = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(t)
  const s = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(t)
  if (!d || !f || !s)
    throw bad(name, `malformed header ${JSON.stringify(t.slice(0, 120))}: needs 'descr', 'fortran_order' and 'shape'`)
  const parts = s[1]
    .split(',')
    .map((p) => p.trim().replace(/L$/, ''))
    .filter((p) => p.length > 0)
  const shape = parts.map((p) => {
    if (!/^\d+$/.test(p)) throw bad(name, `malformed shape (${s[1]}) in the header`)
    return Number(p)
  })
  return { descr: d[1], fortranOrder: f[1] === 'True', shape }
}

function product(shape: number[]): number {
  let n = 1
  for (const s of shape) n *= s
  return n
}

/** Reorder between Fortran and C layouts: `toC` maps F-ordered `src` to C order, else C → F. */
function reorder<T extends NpyData>(src: T, shape: number[], toC: boolean): T {
  const nd = shape.length,
    n = src.length
  const out = new (src.constructor as new (n: number) => T)(n)
  if (nd < 2 || n === 0) {
    out.set(src as never)
    return out
  }
  const fst = new Array<number>(nd)
  let acc = 1
  for (let i = 0; i < nd; i++) {
    fst[i] = acc
    acc *= shape[i]
  }
  const idx = new Array<number>(nd).fill(0)
  let f = 0 // Fortran offset of the current C-order multi-index
  for (let c = 0; c < n; c++) {
    if (toC) (out as Float64Array)[c] = (src as Float64Array)[f]!
    else (out as Float64Array)[f] = (src as Float64Array)[c]!
    // increment the C multi-index (last axis fastest)
    for (let ax = nd - 1; ax >= 0; ax--) {
      idx[ax]++
      f += fst[ax]
      if (idx[ax] < shape[ax]) break
      f -= fst[ax] * shape[ax]
      idx[ax] = 0
    }
  }
  return out
}

function decode(bytes: Uint8Array, info: DtypeInfo, n: number, name: string): NpyNumericData {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, n * info.size)
  const le = info.little
  switch (info.kind) {
    case 'f': {
      if (info.size === 8) {
        const o = new Float64Array(n)
        for (let i = 0; i < n; i++) o[i] = dv.getFloat64(i * 8, le)
        return o
      }
      const o = new Float32Array(n)
      for (let i = 0; i < n; i++) o[i] = dv.getFloat32(i * 4, le)
      return o
    }
    case 'b': {
      const o = new Uint8Array(n)
      for (let i = 0; i < n; i++) o[i] = dv.getUint8(i) !== 0 ? 1 : 0
      return o
    }
    case 'i':
    case 'u': {
      const signed = info.kind === 'i'
      switch (info.size) {
        case 1:
          return signed ? new Int8Array(bytes.slice(0, n)) : new Uint8Array(bytes.slice(0, n))
        case 2: {
          const o = signed ? new Int16Array(n) : new Uint16Array(n)
          for (let i = 0; i < n; i++) o[i] = signed ? dv.getInt16(i * 2, le) : dv.getUint16(i * 2, le)
          return o
        }
        case 4: {
          const o = signed ? new Int32Array(n) : new Uint32Array(n)
          for (let i = 0; i < n; i++) o[i] = signed ? dv.getInt32(i * 4, le) : dv.getUint32(i * 4, le)
          return o
        }
        default: {
          const o = new Float64Array(n)
          for (let i = 0; i < n; i++) {
            const v = signed ? dv.getBigInt64(i * 8, le) : dv.getBigUint64(i * 8, le)
            if (v > 9007199254740991n || v < -9007199254740991n)
              throw bad(
                name,
                `int64 value ${v} at flat index ${i} is not a safe integer (|x| > 2^53 − 1)`,
                'Store the array as float64, or as int64 values below 2^53.',
              )
            o[i] = Number(v)
          }
          return o
        }
      }
    }
  }
}

/** Parse a `.npy` buffer. `name` is used in error messages (e.g. the file path). */
export function readNpy(buf: Uint8Array, name = 'npy'): NpyArray<NpyNumericData> {
  if (!(buf instanceof Uint8Array)) throw bad(name, 'expected a Uint8Array/Buffer')
  for (let i = 0; i < MAGIC.length; i++) {
    if (buf[i] !== MAGIC[i])
      throw bad(
        name,
        `not a NumPy .npy file (bad magic: the first 6 bytes must be \\x93NUMPY)`,
        'Pass a file written by numpy.save; .npz archives are read with readNpz.',
      )
  }
  if (buf.length < 10) throw bad(name, `truncated: ${buf.length} bytes, shorter than the .npy preamble`)
  const major = buf[6],
    minor = buf[7]
  if (major < 1 || major > 3 || minor !== 0)
    throw bad(name, `unsupported .npy format version ${major}.${minor} (supported: 1.0, 2.0, 3.0)`)
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  const hlenSize = major === 1 ? 2 : 4
  if (buf.length < 8 + hlenSize) throw bad(name, 'truncated in the header length field')
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true)
  const start = 8 + hlenSize
  if (buf.length < start + hlen)
    throw bad(name, `truncated: header says ${hlen} bytes but the file has ${buf.length - start} after the preamble`)
  const headerBytes = buf.subarray(start, start + hlen)
  const header = major === 3 ? new TextDecoder('utf-8').decode(headerBytes) : latin1(headerBytes)
  const h = parseHeader(header, name)
  const info = parseDtype(h.descr, name)
  const n = product(h.shape)
  const need = n * info.size,
    have = buf.length - start - hlen
  if (have < need)
    throw bad(
      name,
      `truncated data: shape (${h.shape.join(', ')}) of ${h.descr} needs ${need} bytes, the file has ${have}`,
      'The file was cut short (incomplete download or copy?); re-create it with numpy.save.',
    )
  if (have > need)
    throw bad(
      name,
      `size mismatch: shape (${h.shape.join(', ')}) of ${h.descr} needs ${need} bytes, the file has ${have} (extra data after the array)`,
    )
  let data = decode(buf.subarray(start + hlen), info, n, name)
  if (h.fortranOrder) data = reorder(data, h.shape, true)
  return { dtype: h.descr, shape: h.shape, fortranOrder: h.fortranOrder, data }
}

function latin1(b: Uint8Array): string {
  let s = ''
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i])
  return s
}

/** Read a `.npy` file from disk (PASSK_FILE_NOT_FOUND if it does not exist). */
export function readNpyFile(path: string): NpyArray<NpyNumericData> {
  return readNpy(readBinary(path), path)
}

function readBinary(path: string): Uint8Array {
  try {
    return readFileSync(path)
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code === 'ENOENT')
      throw new PasskError(
        'PASSK_FILE_NOT_FOUND',
        `file not found: ${path}`,
        "Check the path; relative paths in a pipeline spec resolve against the spec file's directory.",
        { cause: e },
      )
    throw new PasskError('PASSK_IO', `cannot read ${path}: ${(e as Error).message}`, 'Check the file permissions.', {
      cause: e,
    })
  }
}

/**
 * Parse a `.npz` archive (a zip of `.npy` files, stored or deflated, zip64 as numpy writes it).
 * Returns the arrays keyed by member name without the `.npy` suffix, in archive order.
 */
export function readNpz(buf: Uint8Array, name = 'npz'): Record<string, NpyArray<NpyNumericData>> {
  const badZip = (what: string) =>
    new PasskError(
      'PASSK_BAD_NPY',
      `${name}: ${what}`,
      'Pass an archive written by numpy.savez / numpy.savez_compressed.',
    )
  try {
    return readNpzMembers(buf, name, badZip)
  } catch (e) {
    // a directory offset or length pointing outside the archive (DataView's RangeError), or a member
    // inflating beyond its declared size: a corrupt archive, not a bug
    if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw badZip(
        `corrupt archive: an offset or size points outside the file (${e instanceof Error ? e.message : String(e)})`,
      )
    throw e
  }
}

function readNpzMembers(
  buf: Uint8Array,
  name: string,
  badZip: (what: string) => PasskError,
): Record<string, NpyArray<NpyNumericData>> {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  // End of central directory: signature 0x06054b50 within the last 22 + 65535 bytes.
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (dv.getUint32(i, true) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw badZip('not a zip/.npz archive (no end-of-central-directory record)')
  let count = dv.getUint16(eocd + 10, true)
  let cdOffset = dv.getUint32(eocd + 16, true)
  if (cdOffset === 0xffffffff || count === 0xffff) {
    // zip64 end-of-central-directory locator just before the EOCD
    const loc = eocd - 20
    if (loc < 0 || dv.getUint32(loc, true) !== 0x07064b50) throw badZip('zip64 archive without a zip64 locator')
    const z64 = Number(dv.getBigUint64(loc + 8, true))
    if (dv.getUint32(z64, true) !== 0x06064b50) throw badZip('bad zip64 end-of-central-directory record')
    count = Number(dv.getBigUint64(z64 + 32, true))
    cdOffset = Number(dv.getBigUint64(z64 + 48, true))
  }
  const out: Record<string, NpyArray<NpyNumericData>> = {}
  let p = cdOffset
  for (let e = 0; e < count; e++) {
    if (p + 46 > buf.length || dv.getUint32(p, true) !== 0x02014b50) throw badZip(`bad central directory entry #${e}`)
    const method = dv.getUint16(p + 10, true)
    const crc = dv.getUint32(p + 16, true)
    let csize = dv.getUint32(p + 20, true),
      usize = dv.getUint32(p + 24, true)
    const nlen = dv.getUint16(p + 28, true),
      xlen = dv.getUint16(p + 30, true),
      clen = dv.getUint16(p + 32, true)
    let lho = dv.getUint32(p + 42, true)
    const fname = new TextDecoder('utf-8').decode(buf.subarray(p + 46, p + 46 + nlen))
    // zip64 extra field (id 0x0001): the 0xffffffff fields, in the order usize, csize, offset
    let x = p + 46 + nlen
    const xend = x + xlen
    while (x + 4 <= xend) {
      const id = dv.getUint16(x, true),
        sz = dv.getUint16(x + 2, true)
      if (id === 0x0001) {
        let q = x + 4
        if (usize === 0xffffffff) {
          usize = Number(dv.getBigUint64(q, true))
          q += 8
        }
        if (csize === 0xffffffff) {
          csize = Number(dv.getBigUint64(q, true))
          q += 8
        }
        if (lho === 0xffffffff) {
          lho = Number(dv.getBigUint64(q, true))
          q += 8
        }
      }
      x += 4 + sz
    }
    p = xend + clen
    if (dv.getUint32(lho, true) !== 0x04034b50) throw badZip(`bad local header for ${fname}`)
    const dataStart = lho + 30 + dv.getUint16(lho + 26, true) + dv.getUint16(lho + 28, true)
    if (dataStart + csize > buf.length) throw badZip(`truncated member ${fname}`)
    const raw = buf.subarray(dataStart, dataStart + csize)
    let member: Uint8Array
    if (method === 0) member = raw
    else if (method === 8) {
      try {
        // bounded by the declared size: a member cannot inflate past what the directory says (zip bomb)
        member = zlib.inflateRawSync(raw, { maxOutputLength: Math.min(Math.max(1, usize), bufferConstants.MAX_LENGTH) })
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
          throw badZip(`member ${fname} inflates beyond the ${usize} bytes the directory says (corrupt archive)`)
        throw badZip(`cannot inflate member ${fname}: ${(err as Error).message}`)
      }
    } else throw badZip(`member ${fname} uses unsupported compression method ${method} (only stored and deflate)`)
    if (member.length !== usize)
      throw badZip(`member ${fname}: ${member.length} bytes after decompression, the directory says ${usize}`)
    const crc32 = (zlib as { crc32?: (d: Uint8Array) => number }).crc32
    if (crc32 && crc32(member) >>> 0 !== crc) throw badZip(`member ${fname}: CRC-32 mismatch (corrupt archive)`)
    const key = fname.endsWith('.npy') ? fname.slice(0, -4) : fname
    out[key] = readNpy(member, `${name}:${fname}`)
  }
  return out
}

/** Read a `.npz` file from disk. */
export function readNpzFile(path: string): Record<string, NpyArray<NpyNumericData>> {
  return readNpz(readBinary(path), path)
}

/**
 * Serialize to `.npy` (version 1.0, or 2.0 when the header exceeds 65535 bytes). `data` is C order;
 * with `fortranOrder: true` it is stored transposed as a Fortran-ordered file. The header is padded so
 * the data starts on a 64-byte boundary, as numpy does.
 */
export function writeNpy(a: NpyArray): Uint8Array {
  const name = 'writeNpy'
  const info = parseDtype(a.dtype, name)
  if (!Array.isArray(a.shape) || a.shape.some((s) => !Number.isSafeInteger(s) || s < 0))
    throw bad(
      name,
      `shape must be a list of non-negative integers, got ${JSON.stringify(a.shape)}`,
      'Pass shape like [rows, cols].',
    )
  const n = product(a.shape)
  if (a.data.length !== n)
    throw bad(
      name,
      `shape (${a.shape.join(', ')}) holds ${n} elements but data has ${a.data.length}`,
      'Make data.length equal the product of shape.',
    )
  const descr = (info.size === 1 ? '|' : info.little ? '<' : '>') + info.kind + info.size
  const shapeStr = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`
  let dict = `{'descr': '${descr}', 'fortran_order': ${a.fortranOrder ? 'True' : 'False'}, 'shape': ${shapeStr}, }`
  const padFor = (pre: number) => (64 - ((pre + dict.length + 1) % 64)) % 64
  let major = 1,
    pre = 10
  if (dict.length + 1 + padFor(10) > 65535) {
    major = 2
    pre = 12
  }
  const pad = padFor(pre)
  dict = dict + ' '.repeat(pad) + '\n'
  const hlen = dict.length
  const src = a.fortranOrder ? reorder(a.data, a.shape, false) : a.data
  const out = new Uint8Array(pre + hlen + n * info.size)
  out.set(MAGIC, 0)
  out[6] = major
  out[7] = 0
  const dv = new DataView(out.buffer)
  if (major === 1) dv.setUint16(8, hlen, true)
  else dv.setUint32(8, hlen, true)
  for (let i = 0; i < hlen; i++) out[pre + i] = dict.charCodeAt(i)
  const off = pre + hlen,
    le = info.little
  for (let i = 0; i < n; i++) {
    const raw = src[i]
    const v = typeof raw === 'bigint' ? raw : Number(raw)
    const o = off + i * info.size
    if (info.kind === 'f') {
      if (info.size === 8) dv.setFloat64(o, v as number, le)
      else dv.setFloat32(o, v as number, le)
      continue
    }
    if (info.kind === 'b') {
      out[o] = v ? 1 : 0
      continue
    }
    if (info.size === 8) {
      if (typeof v !== 'bigint' && !Number.isInteger(v))
        throw bad(
          name,
          `value ${v} at flat index ${i} is not an integer, cannot store as ${descr}`,
          'Round the data or choose a float dtype.',
        )
      const big = typeof v === 'bigint' ? v : BigInt(v)
      if (info.kind === 'i') dv.setBigInt64(o, big, le)
      else dv.setBigUint64(o, big, le)
      continue
    }
    const num = Number(v)
    const lo = info.kind === 'u' ? 0 : -(2 ** (info.size * 8 - 1)),
      hi = info.kind === 'u' ? 2 ** (info.size * 8) - 1 : 2 ** (info.size * 8 - 1) - 1
    if (!Number.isInteger(num) || num < lo || num > hi)
      throw bad(name, `value ${num} at flat index ${i} does not fit ${descr}`, 'Choose a wider dtype or a float dtype.')
    if (info.size === 1) out[o] = num & 0xff
    else if (info.size === 2) {
      if (info.kind === 'i') dv.setInt16(o, num, le)
      else dv.setUint16(o, num, le)
    } else {
      if (info.kind === 'i') dv.setInt32(o, num, le)
      else dv.setUint32(o, num, le)
    }
  }
  return out
}
