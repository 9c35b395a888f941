/**
 * IDX file reader (the MNIST / Fashion-MNIST format, http://yann.lecun.com/exdb/mnist/), gzip or raw.
 * Layout: two zero bytes, a type byte (0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32, 0x0E f64), the
 * number of dimensions, then each dimension as a big-endian uint32, then the data, big-endian, row-major.
 * Every malformation (bad magic, unknown type, truncated header or data, trailing bytes, unexpected
 * dimensions) is a PasskError('PASSK_BAD_IDX') naming the file and what was found.
 */
import fs from 'node:fs'
import zlib from 'node:zlib'
import { PasskError } from '@passk/core'

export interface IdxArray {
  /** Dimensions, e.g. [400, 28, 28] for images or [400] for labels. */
  dims: number[]
  /** Type name of the stored values. */
  type: 'u8' | 'i8' | 'i16' | 'i32' | 'f32' | 'f64'
  /** Values as float64 (u8 pixels stay 0–255). */
  data: Float64Array
}

const TYPES: Record<number, { type: IdxArray['type']; size: number }> = {
  0x08: { type: 'u8', size: 1 },
  0x09: { type: 'i8', size: 1 },
  0x0b: { type: 'i16', size: 2 },
  0x0c: { type: 'i32', size: 4 },
  0x0d: { type: 'f32', size: 4 },
  0x0e: { type: 'f64', size: 8 },
}

function bad(
  name: string,
  what: string,
  hint = 'Check that the file is an (optionally gzipped) IDX file, e.g. train-images-idx3-ubyte.gz from Fashion-MNIST.',
): never {
  throw new PasskError('PASSK_BAD_IDX', `${name}: ${what}.`, hint)
}

/** Decompressed IDX data above this many bytes is refused (PASSK_TOO_LARGE): Fashion-MNIST's largest file is 47 MB. */
export const DEFAULT_MAX_IDX_BYTES = 2 ** 31

/**
 * The byte size a gzipped IDX file declares in its header (4 + 4·ndim + product(dims)·size), read
 * from the inflated first bytes only; 0 when the header cannot be read (parseIdx then reports why).
 */
function declaredSize(gz: Uint8Array, name: string): { declared: number; head: Uint8Array } {
  let head: Uint8Array
  try {
    head = new Uint8Array(zlib.gunzipSync(gz.subarray(0, 2048), { finishFlush: zlib.constants.Z_SYNC_FLUSH }))
  } catch (e) {
    bad(
      name,
      `is gzip-compressed but does not decompress (${(e as Error).message})`,
      'The download may be truncated; fetch the file again.',
    )
  }
  if (head.length < 4 || head[0] !== 0 || head[1] !== 0) return { declared: 0, head }
  const t = TYPES[head[2]]
  const nd = head[3]
  if (!t || nd === 0 || head.length < 4 + 4 * nd) return { declared: 0, head }
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength)
  let count = 1
  for (let i = 0; i < nd; i++) count *= dv.getUint32(4 + 4 * i, false)
  return { declared: 4 + 4 * nd + count * t.size, head }
}

/** Parse IDX bytes (gunzipping first when the gzip magic 1f 8b is present; at most maxBytes decompressed). */
export function parseIdx(bytes: Uint8Array, name = 'IDX data', maxBytes = DEFAULT_MAX_IDX_BYTES): IdxArray {
  let buf = bytes
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    // Inflate at most what the header declares (plus one byte, to notice trailing data): a gzip bomb
    // of zeros inflated to 4 GiB before it was called corrupt. The header comes from a short prefix.
    const { declared, head } = declaredSize(buf, name)
    if (declared === 0)
      buf = head // no readable header: the checks below say what is wrong with it
    else if (declared > maxBytes)
      throw new PasskError(
        'PASSK_TOO_LARGE',
        `${name}: the IDX header declares ${declared} bytes, more than the limit of ${maxBytes}.`,
        'Check the file (a corrupt header or the wrong file?); pass a larger maxBytes to parseIdx if it is real.',
      )
    else
      try {
        buf = new Uint8Array(zlib.gunzipSync(buf, { maxOutputLength: declared + 1 }))
      } catch (e) {
        if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
          bad(name, `decompresses to more than the ${declared} bytes its header declares (trailing data)`)
        bad(
          name,
          `is gzip-compressed but does not decompress (${(e as Error).message})`,
          'The download may be truncated; fetch the file again.',
        )
      }
  }
  if (buf.length < 4) bad(name, `has ${buf.length} bytes, too short for the 4-byte IDX magic`)
  if (buf[0] !== 0 || buf[1] !== 0)
    bad(name, `starts with bytes 0x${hex(buf[0])} 0x${hex(buf[1])}, expected the IDX magic 0x00 0x00`)
  const t = TYPES[buf[2]]
  if (!t) bad(name, `has IDX type code 0x${hex(buf[2])}, expected one of 08 (u8), 09, 0B, 0C, 0D, 0E`)
  const nd = buf[3]
  if (nd === 0) bad(name, 'declares 0 dimensions')
  const headerLen = 4 + 4 * nd
  if (buf.length < headerLen)
    bad(name, `is truncated in its header: ${nd} dimensions need ${headerLen} bytes, the file has ${buf.length}`)
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  const dims: number[] = []
  let count = 1
  for (let i = 0; i < nd; i++) {
    const d = view.getUint32(4 + 4 * i, false)
    dims.push(d)
    count *= d
  }
  const need = headerLen + count * t.size
  if (buf.length < need)
    bad(
      name,
      `is truncated: dimensions ${dims.join('×')} need ${count * t.size} data bytes, found ${buf.length - headerLen}`,
      'The file is incomplete; fetch it again.',
    )
  if (buf.length > need) bad(name, `has ${buf.length - need} unexpected trailing bytes after ${dims.join('×')} values`)
  const data = new Float64Array(count)
  let off = headerLen
  switch (t.type) {
    case 'u8':
      for (let i = 0; i < count; i++) data[i] = buf[off + i]!
      break
    case 'i8':
      for (let i = 0; i < count; i++) data[i] = view.getInt8(off + i)
      break
    case 'i16':
      for (let i = 0; i < count; i++, off += 2) data[i] = view.getInt16(off, false)
      break
    case 'i32':
      for (let i = 0; i < count; i++, off += 4) data[i] = view.getInt32(off, false)
      break
    case 'f32':
      for (let i = 0; i < count; i++, off += 4) data[i] = view.getFloat32(off, false)
      break
    case 'f64':
      for (let i = 0; i < count; i++, off += 8) data[i] = view.getFloat64(off, false)
      break
  }
  return { dims, type: t.type, data }
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0').toUpperCase()
}

/** Read an IDX file from disk (PASSK_FILE_NOT_FOUND when it is missing). */
export function readIdxFile(file: string): IdxArray {
  let bytes: Uint8Array
  try {
    bytes = fs.readFileSync(file)
  } catch (e) {
    throw new PasskError(
      'PASSK_FILE_NOT_FOUND',
      `Cannot read IDX file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
      "Give the path to a Fashion-MNIST IDX file (relative paths resolve against the spec file's directory), e.g. ../shared/data/fashion-mnist/train-images-first400-idx3-ubyte.gz.",
      { cause: e },
    )
  }
  return parseIdx(bytes, file)
}

/**
 * Read images as rows of pixels scaled to [0, 1]: expects 3 dimensions (count × rows × cols) of u8.
 * Returns the first `limit` images (all if limit ≥ count).
 */
export function readIdxImages(
  file: string,
  limit = Infinity,
): { n: number; rows: number; cols: number; pixels: Float64Array } {
  const a = readIdxFile(file)
  return idxToImages(a, file, limit)
}

export function idxToImages(
  a: IdxArray,
  name: string,
  limit = Infinity,
): { n: number; rows: number; cols: number; pixels: Float64Array } {
  if (a.dims.length !== 3)
    bad(
      name,
      `has ${a.dims.length} dimension(s) [${a.dims.join(', ')}], expected 3 (images × rows × cols)`,
      'This looks like a labels file (idx1); pass the images file (idx3).',
    )
  if (a.type !== 'u8') bad(name, `stores ${a.type} values, expected u8 pixels`)
  const [count, rows, cols] = a.dims as [number, number, number]
  if (count === 0 || rows === 0 || cols === 0) bad(name, `has an empty dimension [${a.dims.join(', ')}]`)
  const n = Math.min(count, limit)
  const d = rows * cols
  const pixels = new Float64Array(n * d)
  for (let i = 0; i < n * d; i++) pixels[i] = a.data[i] / 255
  return { n, rows, cols, pixels }
}
