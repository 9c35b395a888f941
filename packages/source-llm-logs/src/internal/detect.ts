/** File-type detection: extension first (after stripping .gz), then content sniffing. */
import path from 'node:path'
import { readContentHead, readHead, isGzip } from './lines.js'

export type FileType = 'csv' | 'tsv' | 'jsonl' | 'json' | 'parquet'

export function detectFileType(file: string): FileType | undefined {
  const raw = readHead(file, 1 << 16)
  return fileTypeFromHead(file, raw, (isGzip(raw) ? readContentHead(file, 4096) : raw).subarray(0, 4096))
}

/** As detectFileType, from a head already read: `rawHead` as on disk, `contentHead` the (gunzipped) first 4 KiB. */
export function fileTypeFromHead(file: string, rawHead: Buffer, contentHead: Buffer): FileType | undefined {
  let base = path.basename(file).toLowerCase()
  if (base.endsWith('.gz')) base = base.slice(0, -3)
  const ext = path.extname(base)
  if (ext === '.csv') return 'csv'
  if (ext === '.tsv' || ext === '.tab') return 'tsv'
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl'
  if (ext === '.json') return 'json'
  if (ext === '.parquet' || ext === '.pq') return 'parquet'
  if (rawHead.length >= 4 && rawHead.toString('latin1', 0, 4) === 'PAR1') return 'parquet'
  const text = contentHead.toString('utf8').trimStart()
  if (text.startsWith('{')) {
    const firstLine = text.split('\n', 1)[0]
    try {
      JSON.parse(firstLine)
      return 'jsonl'
    } catch {
      return 'json'
    }
  }
  if (text.startsWith('[')) return 'json'
  if (text.length) return text.split('\n', 1)[0].includes('\t') ? 'tsv' : 'csv'
  return undefined
}

/** Name used for a group when the file has no model column: the file name without extensions. */
export function baseLabel(file: string): string {
  let b = path.basename(file)
  if (b.toLowerCase().endsWith('.gz')) b = b.slice(0, -3)
  const e = path.extname(b)
  return e ? b.slice(0, -e.length) : b
}
