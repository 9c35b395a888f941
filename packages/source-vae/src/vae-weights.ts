/**
 * VAE weights file (.passkvae): so an experiment need not retrain.
 *   bytes 0–7   ASCII "PASSKVAE"
 *   bytes 8–11  header length h (uint32, little-endian)
 *   12 … 12+h   UTF-8 JSON header { format: 1, dims: {input, hidden, latent}, dtype: "float64", nParams, epochs, … }
 *   then zero padding to a multiple of 8, then nParams float64 little-endian (layout of vaeLayout()).
 */
import fs from 'node:fs'
import { PasskError, writeFileAtomic } from '@passk/core'
import { vaeLayout, type VaeDims, type VaeModel } from './vae-model.js'

const MAGIC = 'PASSKVAE'

export interface VaeWeightsHeader {
  format: 1
  dims: VaeDims
  dtype: 'float64'
  nParams: number
  epochs?: number
  finalLoss?: number
  [k: string]: unknown
}

export function encodeVaeWeights(model: VaeModel, extra: Record<string, unknown> = {}): Uint8Array {
  const header: VaeWeightsHeader = {
    ...extra,
    format: 1,
    dims: model.dims,
    dtype: 'float64',
    nParams: model.params.length,
  }
  const h = new TextEncoder().encode(JSON.stringify(header))
  const start = Math.ceil((12 + h.length) / 8) * 8
  const out = new Uint8Array(start + model.params.length * 8)
  out.set(new TextEncoder().encode(MAGIC), 0)
  const v = new DataView(out.buffer)
  v.setUint32(8, h.length, true)
  out.set(h, 12)
  for (let i = 0; i < model.params.length; i++) v.setFloat64(start + 8 * i, model.params[i], true)
  return out
}

function bad(name: string, what: string): never {
  throw new PasskError(
    'PASSK_BAD_WEIGHTS',
    `${name}: ${what}.`,
    'Pass a file written by sources/vae with the option weightsOut, or leave `weights` unset to train.',
  )
}

export function decodeVaeWeights(bytes: Uint8Array, name = 'weights'): { model: VaeModel; header: VaeWeightsHeader } {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC)
    bad(name, 'is not a passk VAE weights file (missing the "PASSKVAE" magic)')
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const hl = v.getUint32(8, true)
  if (12 + hl > bytes.length)
    bad(name, `is truncated in its header (${hl} header bytes declared, ${bytes.length - 12} present)`)
  let header: VaeWeightsHeader
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + hl))) as VaeWeightsHeader
  } catch {
    bad(name, 'has a header that is not valid JSON')
  }
  const d = header.dims
  if (
    header.format !== 1 ||
    header.dtype !== 'float64' ||
    !d ||
    ![d.input, d.hidden, d.latent].every((x) => Number.isInteger(x) && x > 0)
  )
    bad(name, `has an unsupported header ${JSON.stringify({ format: header.format, dtype: header.dtype, dims: d })}`)
  const layout = vaeLayout(d)
  if (header.nParams !== layout.size)
    bad(name, `declares ${header.nParams} parameters but dims ${d.input}-${d.hidden}-${d.latent} need ${layout.size}`)
  const start = Math.ceil((12 + hl) / 8) * 8
  if (bytes.length !== start + 8 * layout.size)
    bad(name, `has ${bytes.length - start} data bytes, expected ${8 * layout.size}`)
  const params = new Float64Array(layout.size)
  for (let i = 0; i < layout.size; i++) {
    const x = v.getFloat64(start + 8 * i, true)
    if (!Number.isFinite(x)) bad(name, `holds a non-finite parameter (${x}) at index ${i}`)
    params[i] = x
  }
  return { model: { dims: d, layout, params }, header }
}

/** True when `file` starts with the weights magic, i.e. passk wrote it (so a rerun may replace it). */
function isWeightsFile(file: string): boolean {
  let fd: number | undefined
  try {
    fd = fs.openSync(file, 'r')
    const head = Buffer.alloc(MAGIC.length)
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.toString('latin1') === MAGIC
  } catch {
    return false
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}

/** Save weights atomically; an existing file is replaced only if it is a weights file (passk wrote it). */
export function saveVaeWeights(file: string, model: VaeModel, extra: Record<string, unknown> = {}): void {
  writeFileAtomic(file, encodeVaeWeights(model, extra), {
    what: 'VAE weights file (weightsOut)',
    replaceIf: isWeightsFile,
    refuseHint: 'weightsOut replaces only a .passkvae file passk wrote; give a new path.',
  })
}

export function loadVaeWeights(file: string): { model: VaeModel; header: VaeWeightsHeader } {
  let bytes: Uint8Array
  try {
    bytes = fs.readFileSync(file)
  } catch (e) {
    throw new PasskError(
      'PASSK_FILE_NOT_FOUND',
      `Cannot read VAE weights ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
      "Check the path (relative paths resolve against the spec file's directory), or train first with weightsOut.",
      { cause: e },
    )
  }
  return decodeVaeWeights(bytes, file)
}
