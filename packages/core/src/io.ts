/** Atomic file output and CSV formatting shared by the runner, the CLI and reports. */
import fs from 'node:fs'
import path from 'node:path'

/** Write a file atomically: write a temp file beside it, fsync, then rename over the target. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`
  const fd = fs.openSync(tmp, 'w')
  try {
    fs.writeSync(fd, data as string)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  try {
    fs.renameSync(tmp, file)
  } catch (e) {
    fs.rmSync(tmp, { force: true })
    throw e
  }
}

/**
 * Write a whole directory atomically: `fill(tmpDir)` writes into a temp sibling, which then replaces
 * `dir` (an existing `dir` is swapped out and removed only after the new one is in place).
 */
export async function writeDirAtomic(dir: string, fill: (tmpDir: string) => void | Promise<void>): Promise<void> {
  const abs = path.resolve(dir)
  fs.mkdirSync(path.dirname(abs), { recursive: true })
  const tmp = fs.mkdtempSync(`${abs}.tmp-`)
  try {
    await fill(tmp)
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true })
    throw e
  }
  let old: string | undefined
  if (fs.existsSync(abs)) {
    old = `${abs}.old-${process.pid}-${Date.now()}`
    fs.renameSync(abs, old)
  }
  try {
    fs.renameSync(tmp, abs)
  } catch (e) {
    if (old) fs.renameSync(old, abs)
    fs.rmSync(tmp, { recursive: true, force: true })
    throw e
  }
  if (old) fs.rmSync(old, { recursive: true, force: true })
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v)
  const s = String(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** RFC 4180 CSV with a header row; numbers keep full precision (shortest round-trip form). */
export function toCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  let out = columns.map(cell).join(',') + '\n'
  for (const r of rows) out += r.map(cell).join(',') + '\n'
  return out
}

/** Deterministic JSON: typed arrays become arrays, functions are dropped, NaN/±∞ become null. */
export function stableJson(value: unknown, indent = 2): string {
  return (
    JSON.stringify(
      value,
      (_k, v) => {
        if (typeof v === 'function') return undefined
        if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>)
        if (typeof v === 'number' && !Number.isFinite(v)) return null
        return v
      },
      indent,
    ) + '\n'
  )
}
