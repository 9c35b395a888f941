/**
 * Atomic file output and CSV formatting shared by the runner, the CLI and reports.
 *
 * The output rule (README "Output files"): passk removes or replaces only what it created. A file or
 * directory it did not write is never deleted or overwritten unless the caller says so (`--force` writes
 * *inside* a directory, replacing only the files of the same names). Temporaries are hidden siblings named
 * `.passk-tmp-<pid>-<random>-<name>` (a replaced directory is parked as `.passk-old-<pid>-<time>-<name>`
 * until the new one is in place); stale ones of passk's own making — those carrying passk's marker whose
 * process is gone, or older than a day — are removed at the next write into the same parent directory.
 * Every failure to write is a typed PasskError naming the path, with a hint (never a bare ENOENT).
 */
import fs from 'node:fs'
import path from 'node:path'
import { PasskError } from './errors.js'

/** The file inside a temporary directory that says passk made it (removed just before the final rename). */
export const TMP_MARKER = '.passk-tmp'
const TEMP_RE = /^\.passk-(tmp|old)-(\d+)-([a-z0-9]+)-(.+)$/
/** A temporary whose process is alive is still left alone after this long only if younger than a day. */
const STALE_MS = 24 * 3600 * 1000

function rand(): string {
  return Math.random().toString(36).slice(2, 10) || '0'
}

function tempName(kind: 'tmp' | 'old', target: string): string {
  const stamp = kind === 'old' ? Date.now().toString(36) : rand()
  return path.join(path.dirname(target), `.passk-${kind}-${process.pid}-${stamp}-${path.basename(target)}`)
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' // exists, owned by someone else
  }
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'a parent directory does not exist or cannot be created there',
  ENOTDIR: 'a component of the path is a file, not a directory',
  EEXIST: 'a component of the path is a file, not a directory',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EISDIR: 'it is a directory',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files',
  EIO: 'an I/O error occurred',
}

/**
 * A typed error for a failed write to `target` (PASSK_DISK_FULL, PASSK_OUT_NOT_WRITABLE, PASSK_OUT_FAILED);
 * PasskErrors pass through unchanged.
 */
export function outputError(e: unknown, target: string, what = 'output'): PasskError {
  if (e instanceof PasskError) return e
  const code = (e as NodeJS.ErrnoException)?.code ?? ''
  const why = ERRNO_TEXT[code] ?? ((e as Error)?.message || String(e))
  const msg = `Cannot write the ${what} ${target}: ${why}${code ? ` (${code})` : ''}.`
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new PasskError('PASSK_DISK_FULL', msg, 'Free some space or choose another location with --out.', {
      cause: e,
    })
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new PasskError('PASSK_OUT_NOT_WRITABLE', msg, 'Choose a location you can write to with --out.', {
      cause: e,
      exitCode: 2,
    })
  return new PasskError(
    'PASSK_OUT_FAILED',
    msg,
    'Choose an output path in a directory that exists and is writable (e.g. --out runs/my-run).',
    { cause: e, exitCode: 2 },
  )
}

function mkdirp(dir: string, what: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true })
  } catch (e) {
    throw outputError(e, dir, what)
  }
}

/**
 * Remove stale temporaries of passk's own making in `parent`: `.passk-tmp-*` directories carrying the
 * TMP_MARKER file and `.passk-tmp-*` files, `.passk-old-*` directories that `isOwnDir` recognises; in each case
 * only when the process named in the name is gone or the entry is older than a day. Never throws.
 */
export function cleanStaleTemps(parent: string, isOwnDir: (dir: string) => boolean = () => false): string[] {
  const removed: string[] = []
  let names: string[]
  try {
    names = fs.readdirSync(parent)
  } catch {
    return removed
  }
  for (const name of names) {
    const m = TEMP_RE.exec(name)
    if (!m) continue
    const full = path.join(parent, name)
    try {
      const st = fs.lstatSync(full)
      const stale = !pidAlive(Number(m[2])) || Date.now() - st.mtimeMs > STALE_MS
      if (!stale || st.isSymbolicLink()) continue
      const ours =
        m[1] === 'tmp'
          ? st.isFile() || (st.isDirectory() && fs.existsSync(path.join(full, TMP_MARKER)))
          : st.isDirectory() && isOwnDir(full)
      if (!ours) continue
      fs.rmSync(full, { recursive: true, force: true })
      removed.push(full)
    } catch {
      // best effort: a temporary we cannot inspect or remove is left for the user
    }
  }
  return removed
}

export interface WriteFileOptions {
  /**
   * When the target exists: return true if it may be replaced (e.g. passk wrote it). Without this option an
   * existing file is replaced. A refusal is PASSK_OUT_EXISTS.
   */
  replaceIf?: (file: string) => boolean
  /** What the file is, for messages ("VAE weights file"). */
  what?: string
  /** Hint for a refusal. */
  refuseHint?: string
}

/** Write a file atomically: write a hidden temp file beside it, fsync, then rename over the target. */
export function writeFileAtomic(file: string, data: string | Uint8Array, opts: WriteFileOptions = {}): void {
  const what = opts.what ?? 'file'
  const abs = path.resolve(file)
  mkdirp(path.dirname(abs), `${what}'s directory`)
  cleanStaleTemps(path.dirname(abs))
  let st: fs.Stats | undefined
  try {
    st = fs.statSync(abs)
  } catch {
    st = undefined
  }
  if (st?.isDirectory())
    throw new PasskError(
      'PASSK_OUT_EXISTS',
      `Cannot write the ${what} ${abs}: it is a directory.`,
      'Give a file path.',
      {
        exitCode: 2,
      },
    )
  if (st && opts.replaceIf && !opts.replaceIf(abs))
    throw new PasskError(
      'PASSK_OUT_EXISTS',
      `Refusing to overwrite ${abs}: it exists and was not written by passk.`,
      opts.refuseHint ?? 'Choose a new path, or move the existing file away first.',
      { exitCode: 2 },
    )
  const tmp = tempName('tmp', abs)
  let fd: number | undefined
  try {
    fd = fs.openSync(tmp, 'wx')
    fs.writeSync(fd, data as string)
    fs.fsyncSync(fd)
    fs.closeSync(fd)
    fd = undefined
    fs.renameSync(tmp, abs)
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd)
    fs.rmSync(tmp, { force: true })
    throw outputError(e, abs, what)
  }
}

export interface WriteDirOptions {
  /** True when an existing non-empty `dir` is passk's own output and may be replaced as a whole. */
  canReplace?: (dir: string) => boolean
  /**
   * Write inside an existing directory that may not be replaced: each file is moved into place; a file of the same
   * name is replaced only when `ownFiles` lists it (passk wrote it); nothing else in the directory is touched.
   */
  force?: boolean
  /** Files in `dir` (relative paths) that passk itself wrote earlier and --force may replace. */
  ownFiles?: (dir: string) => readonly string[]
  /** What the directory is, for messages (default "run directory"). */
  what?: string
}

function listFiles(root: string, rel = ''): string[] {
  const out: string[] = []
  for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name
    if (e.isDirectory()) out.push(...listFiles(root, r))
    else out.push(r)
  }
  return out
}

/**
 * How `writeDirAtomic` would write `dir`: 'create' (absent), 'replace' (empty, or `canReplace`), 'inside'
 * (`force`); throws PASSK_OUT_NOT_DIR / PASSK_OUT_NOT_EMPTY / an output error otherwise. Touches nothing.
 */
export function checkDirTarget(dir: string, opts: WriteDirOptions = {}): 'create' | 'replace' | 'inside' {
  const what = opts.what ?? 'run directory'
  const abs = path.resolve(dir)
  const canReplace = opts.canReplace ?? (() => false)
  let st: fs.Stats | undefined
  try {
    st = fs.statSync(abs)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code !== 'ENOENT') throw outputError(e, abs, what)
  }
  if (st && !st.isDirectory())
    throw new PasskError(
      'PASSK_OUT_NOT_DIR',
      `Cannot write the ${what} ${abs}: a file of that name exists.`,
      '--out names a directory passk creates; give a new path.',
      { exitCode: 2 },
    )
  let mode: 'create' | 'replace' | 'inside' = 'create'
  if (st) {
    let entries: string[]
    try {
      entries = fs.readdirSync(abs)
    } catch (e) {
      throw outputError(e, abs, what)
    }
    if (entries.length === 0 || canReplace(abs)) mode = 'replace'
    else if (opts.force) mode = 'inside'
    else
      throw new PasskError(
        'PASSK_OUT_NOT_EMPTY',
        `Refusing to write the ${what} into ${abs}: it is not empty and is not a passk run directory (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, e.g. ${entries.slice(0, 3).join(', ')}).`,
        'passk replaces only directories it wrote. Give --out a new path, or add --force to write the run files inside it without touching the other files.',
        { exitCode: 2 },
      )
  }
  return mode
}

/**
 * Write a whole directory atomically: `fill(tmpDir)` writes into a hidden temp sibling, which then becomes
 * `dir`. An existing `dir` is replaced only when it is empty or `canReplace(dir)` says it is passk's own
 * (it is parked aside and removed only after the new one is in place); with `force` the files are moved
 * into it one by one; otherwise PASSK_OUT_NOT_EMPTY, and nothing is touched.
 */
export async function writeDirAtomic(
  dir: string,
  fill: (tmpDir: string) => void | Promise<void>,
  opts: WriteDirOptions = {},
): Promise<void> {
  const what = opts.what ?? 'run directory'
  const abs = path.resolve(dir)
  const canReplace = opts.canReplace ?? (() => false)
  const mode = checkDirTarget(abs, opts)
  const parent = path.dirname(abs)
  mkdirp(parent, `${what}'s parent directory`)
  cleanStaleTemps(parent, canReplace)
  const tmp = tempName('tmp', abs)
  try {
    fs.mkdirSync(tmp)
  } catch (e) {
    // nothing was created: in particular an existing entry of that name is not ours to remove
    throw outputError(e, abs, what)
  }
  try {
    fs.writeFileSync(path.join(tmp, TMP_MARKER), JSON.stringify({ pid: process.pid, target: abs }) + '\n')
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true })
    throw outputError(e, abs, what)
  }
  try {
    await fill(tmp)
    fs.rmSync(path.join(tmp, TMP_MARKER), { force: true })
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true })
    // a failed write is an output error; anything else (a producer's bug or typed error) passes through
    throw typeof (e as NodeJS.ErrnoException)?.code === 'string' ? outputError(e, abs, what) : e
  }
  if (mode === 'inside') {
    // --force writes beside the user's files, never over them: a name clash is refused before anything moves
    const own = new Set(opts.ownFiles?.(abs) ?? [])
    const clash = listFiles(tmp).filter((rel) => !own.has(rel) && fs.existsSync(path.join(abs, rel)))
    if (clash.length) {
      fs.rmSync(tmp, { recursive: true, force: true })
      throw new PasskError(
        'PASSK_OUT_EXISTS',
        `Refusing to write the ${what} into ${abs}: ${clash.slice(0, 3).join(', ')}${clash.length > 3 ? ` and ${clash.length - 3} more` : ''} already exist${clash.length === 1 ? 's' : ''} there and passk did not write ${clash.length === 1 ? 'it' : 'them'}.`,
        'Give --out a new path; --force only adds files beside the ones already there.',
        { exitCode: 2 },
      )
    }
    try {
      for (const rel of listFiles(tmp)) {
        const to = path.join(abs, rel)
        fs.mkdirSync(path.dirname(to), { recursive: true })
        fs.renameSync(path.join(tmp, rel), to)
      }
    } catch (e) {
      throw outputError(e, abs, what)
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true })
    }
    return
  }
  let old: string | undefined
  try {
    if (mode === 'replace') {
      old = tempName('old', abs)
      fs.renameSync(abs, old)
    }
    fs.renameSync(tmp, abs)
  } catch (e) {
    if (old && !fs.existsSync(abs)) fs.renameSync(old, abs)
    fs.rmSync(tmp, { recursive: true, force: true })
    throw outputError(e, abs, what)
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
