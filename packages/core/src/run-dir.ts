/**
 * The run directory, written and read in one place. `writeRunDir` writes everything in one atomic write:
 * spec.json (resolved), results.json, curves/<stage>.<curve>.csv, tables/<stage>.<table>.csv, fits.csv, the
 * files of any typed producers (plots, report.html — core does not depend on the packages that draw them),
 * and run.json: run metadata plus passk's marker (`format`, `formatVersion`, `files`), which is how passk
 * recognises a directory as its own run and may replace it (README "Output files").
 */
import fs from 'node:fs'
import path from 'node:path'
import { stableJson, toCsv, writeDirAtomic } from './io.js'
import { curveCsv, fitsCsv, resultsJson, type RunResults } from './runner.js'

export const RUN_DIR_FORMAT = 'passk-run-dir'
export const RUN_DIR_FORMAT_VERSION = 1
export const RUN_MARKER_FILE = 'run.json'

/** Files a producer adds to a run directory: relative path → content. */
export type RunFiles = Record<string, string | Uint8Array>

/**
 * A typed file producer: called with the results and the run metadata inside the atomic write, returns the
 * files to add (e.g. plots/*.svg from @passk/plot, report.html from @passk/report).
 */
export type RunFileProducer = (results: RunResults, runInfo: Record<string, unknown>) => RunFiles | Promise<RunFiles>

export interface RunDirExtras {
  /** Extra files (relative path → content), e.g. SVG plots or report.html. */
  files?: RunFiles
  /** Typed producers of extra files, run in order after `files`; a later file of the same name wins. */
  producers?: readonly RunFileProducer[]
  /** Non-deterministic run metadata (timings, versions), written to run.json with passk's marker. */
  runInfo?: Record<string, unknown>
  /** Write inside an existing non-empty directory that is not a passk run, touching no other file. */
  force?: boolean
}

/** The marker fields of run.json. */
export interface RunDirMarker {
  format: typeof RUN_DIR_FORMAT
  formatVersion: typeof RUN_DIR_FORMAT_VERSION
  /** Every file passk wrote, relative, '/'-separated, sorted (run.json itself included). */
  files: string[]
}

/** A relative '/'-separated path that stays inside the directory (no '..' or '.' part, not absolute, no '\\'). */
export function isSafeRelPath(rel: string): boolean {
  if (!rel || rel.includes('\\') || rel.includes('\0') || path.isAbsolute(rel) || /^[A-Za-z]:/.test(rel)) return false
  return rel.split('/').every((p) => p !== '' && p !== '.' && p !== '..')
}

/** Files a run directory of an older passk (before the marker) may hold, by name. */
const LEGACY_NAMES = [
  /^(spec|results|run)\.json$/,
  /^fits\.csv$/,
  /^fit-[A-Za-z0-9_-]+\.csv$/,
  /^report\.html$/,
  /^(curves|tables)\/[A-Za-z0-9._-]+\.csv$/,
  /^plots\/[A-Za-z0-9._-]+\.svg$/,
]

function readJsonObject(file: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(fs.readFileSync(file, 'utf8'))
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function listFiles(root: string, rel = ''): string[] | undefined {
  const out: string[] = []
  let entries: fs.Dirent[]
  try {
    entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true })
  } catch {
    return undefined
  }
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name
    if (e.isDirectory()) {
      const sub = listFiles(root, r)
      if (!sub) return undefined
      out.push(...sub)
    } else if (e.isFile()) out.push(r)
    else return undefined // a symlink, socket, …: not something passk writes
  }
  return out
}

/** The marker of run.json when it has the right shape, else undefined. */
export function readRunMarker(dir: string): RunDirMarker | undefined {
  const o = readJsonObject(path.join(dir, RUN_MARKER_FILE))
  if (!o || o.format !== RUN_DIR_FORMAT || o.formatVersion !== RUN_DIR_FORMAT_VERSION) return undefined
  const files = o.files
  if (!Array.isArray(files) || !files.every((f) => typeof f === 'string' && isSafeRelPath(f))) return undefined
  return { format: RUN_DIR_FORMAT, formatVersion: RUN_DIR_FORMAT_VERSION, files: files as string[] }
}

/**
 * True when `dir` is a run directory passk wrote and nothing else is in it: run.json carries the marker and
 * every file present is one it lists (or, for a run of an older passk without the marker: run.json and
 * results.json are there and every file has a name passk writes). Such a directory may be replaced.
 */
export function isOwnRunDir(dir: string): boolean {
  const present = listFiles(dir)
  if (!present) return false
  const marker = readRunMarker(dir)
  if (marker) {
    const listed = new Set(marker.files)
    return present.every((f) => listed.has(f))
  }
  const legacy = readJsonObject(path.join(dir, RUN_MARKER_FILE))
  const results = readJsonObject(path.join(dir, 'results.json'))
  return (
    legacy !== undefined &&
    typeof legacy.passkVersion === 'string' &&
    results?.schemaVersion === 1 &&
    present.every((f) => LEGACY_NAMES.some((re) => re.test(f)))
  )
}

/** The files of a run directory (everything but run.json), relative path → content. */
export async function runDirFiles(results: RunResults, extras: RunDirExtras = {}): Promise<RunFiles> {
  const files: RunFiles = {
    'spec.json': stableJson(results.spec),
    'results.json': resultsJson(results),
  }
  for (const c of results.curves) files[`curves/${c.stage}.${c.id}.csv`] = curveCsv(c)
  for (const t of results.tables) files[`tables/${t.stage}.${t.id}.csv`] = toCsv(t.columns, t.rows)
  if (results.fits.length) files['fits.csv'] = fitsCsv(results.fits)
  Object.assign(files, extras.files ?? {})
  const runInfo = extras.runInfo ?? {}
  for (const produce of extras.producers ?? []) Object.assign(files, await produce(results, runInfo))
  return files
}

/**
 * Write a run directory atomically (see the module comment). An existing `dir` is replaced only when it is
 * empty or passk's own run (isOwnRunDir); any other non-empty directory is refused (PASSK_OUT_NOT_EMPTY)
 * unless `extras.force`, which writes the files inside it and touches nothing else. Returns the relative
 * paths written, sorted.
 */
export async function writeRunDir(dir: string, results: RunResults, extras: RunDirExtras = {}): Promise<string[]> {
  let written: string[] = []
  await writeDirAtomic(
    dir,
    async (tmp) => {
      const files = await runDirFiles(results, extras)
      delete files[RUN_MARKER_FILE]
      for (const rel of Object.keys(files))
        if (!isSafeRelPath(rel)) throw new Error(`run-directory file name ${JSON.stringify(rel)} leaves the directory`)
      written = [...Object.keys(files), RUN_MARKER_FILE].sort()
      const marker: RunDirMarker = { format: RUN_DIR_FORMAT, formatVersion: RUN_DIR_FORMAT_VERSION, files: written }
      files[RUN_MARKER_FILE] = stableJson({ ...marker, ...(extras.runInfo ?? {}), ...marker })
      for (const [rel, data] of Object.entries(files)) {
        const f = path.join(tmp, rel)
        fs.mkdirSync(path.dirname(f), { recursive: true })
        fs.writeFileSync(f, data)
      }
    },
    { canReplace: isOwnRunDir, ...(extras.force ? { force: true } : {}) },
  )
  return written
}
