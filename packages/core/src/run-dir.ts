/**
 * The run directory, written and read in one place. `writeRunDir` writes everything in one atomic write:
 * spec.json (resolved), results.json, curves/<stage>.<curve>.csv, tables/<stage>.<table>.csv, fits.csv, the
 * files of any typed producers (plots, report.html — core does not depend on the packages that draw them),
 * and run.json: run metadata plus passk's marker (`format`, `formatVersion`, `files`), which is how passk
 * recognises a directory as its own run and may replace it (README "Output files").
 */
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { PasskError } from './errors.js'
import { stableJson, toCsv, writeDirAtomic, writeFileAtomic } from './io.js'
import { curveCsv, fitsCsv, RESULTS_SCHEMA_VERSION, resultsJson, type RunResults } from './runner.js'

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
  checkRunResults(results, 'results (before writing results.json)')
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
    {
      canReplace: isOwnRunDir,
      ownFiles: (d) => readRunMarker(d)?.files ?? [],
      ...(extras.force ? { force: true } : {}),
    },
  )
  return written
}

// ---------------------------------------------------------------------------------------------------------
// Reading: results.json is untrusted input (it may be edited, truncated or written by another program), so it
// is validated with the schema the writer checks against before writing.

/** A JSON number, or null (results.json writes NaN/±∞ as null); NaN/±∞ also pass in memory. */
const num = z.custom<number | null>((v) => v === null || typeof v === 'number', { message: 'must be a number' })
const numArray = z.custom<(number | null)[]>(
  (v) =>
    (Array.isArray(v) && v.every((x) => x === null || typeof x === 'number')) ||
    (ArrayBuffer.isView(v) && !(v instanceof DataView)),
  { message: 'must be an array of numbers' },
)
const cell = z.union([z.string(), num])

const seriesSchema = z.looseObject({
  label: z.string(),
  x: numArray,
  y: numArray,
  lower: numArray.optional(),
  upper: numArray.optional(),
  se: numArray.optional(),
  attrs: z.record(z.string(), cell).optional(),
  style: z.enum(['data', 'fit', 'reference']).optional(),
})

const curveRecordSchema = z.looseObject({
  stage: z.string(),
  id: z.string().regex(/^[A-Za-z0-9._-]+$/, 'must match [A-Za-z0-9._-]+'),
  title: z.string(),
  xLabel: z.string(),
  yLabel: z.string(),
  xScale: z.enum(['log', 'linear']),
  yScale: z.enum(['log', 'linear']),
  series: z.array(seriesSchema),
  quantity: z.string().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
})

const fitRecordSchema = z.looseObject({
  stage: z.string(),
  model: z.string(),
  target: z.string(),
  params: z.array(
    z.looseObject({
      name: z.string(),
      value: num,
      stdErr: num,
      lower: num.optional(),
      upper: num.optional(),
      fixed: z.boolean().optional(),
    }),
  ),
  status: z.enum(['converged', 'max-iterations', 'non-finite', 'at-bound', 'singular', 'failed', 'unidentified']),
  message: z.string().optional(),
  iterations: num,
  goodness: z.looseObject({
    n: num,
    dof: num,
    rss: num.optional(),
    r2: num.optional(),
    logLik: num.optional(),
    aic: num.optional(),
  }),
  correlation: z.array(numArray).optional(),
  derived: z.record(z.string(), num).optional(),
  curve: z.looseObject({ x: numArray, y: numArray, lower: numArray.optional(), upper: numArray.optional() }).optional(),
  quantity: z.string().optional(),
})

const tableRecordSchema = z.looseObject({
  stage: z.string(),
  id: z.string(),
  title: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.array(cell)),
})

/** The results document (results.json, `passk run --json`): what writeRunDir checks and readRunDir accepts. */
export const runResultsSchema = z.looseObject({
  // key order = the order problems are reported in
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  curves: z.array(curveRecordSchema),
  fits: z.array(fitRecordSchema),
  tables: z.array(tableRecordSchema),
  warnings: z.array(z.looseObject({ stage: z.string(), code: z.string(), message: z.string() })),
  spec: z.looseObject({
    version: z.number(),
    name: z.string().optional(),
    description: z.string().optional(),
    seed: z.number(),
    stages: z.array(
      z.looseObject({
        id: z.string(),
        use: z.string(),
        input: z.string().optional(),
        options: z.record(z.string(), z.unknown()),
      }),
    ),
  }),
  seed: z.number(),
})

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing'
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  return typeof v === 'string' ? `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}` : typeof v
}

function pathText(p: readonly PropertyKey[]): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`)).join('')
}

const ARTICLE: Record<string, string> = {
  array: 'an array',
  object: 'an object',
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
}

const badResults = (msg: string, hint: string) => new PasskError('PASSK_BAD_RESULTS', msg, hint, { exitCode: 2 })
const RESULTS_HINT =
  'Give the directory that `passk run SPEC --out DIR` wrote (it holds results.json), or rerun the pipeline.'

/**
 * Check a results document against runResultsSchema; throws PASSK_BAD_RESULTS naming the first bad field
 * (e.g. `results.json: "tables[0].rows" must be an array, found nothing.`). `reader` names who reads it.
 */
export function checkRunResults(value: unknown, where = 'results', reader = 'passk'): RunResults {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw badResults(`${where} is not a JSON object.`, RESULTS_HINT)
  const v = (value as Record<string, unknown>).schemaVersion
  if (v !== RESULTS_SCHEMA_VERSION)
    throw badResults(
      `${where}: schemaVersion is ${JSON.stringify(v)}, this ${reader} reads schemaVersion ${RESULTS_SCHEMA_VERSION}.`,
      'Regenerate the run with this version of passk-lab.',
    )
  const r = runResultsSchema.safeParse(value)
  if (r.success) return value as RunResults
  const issue = r.error.issues[0]
  let at: unknown = value
  for (const k of issue.path) at = at && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[k] : undefined
  const field = `"${pathText(issue.path)}"`
  const what =
    issue.code === 'invalid_type'
      ? `must be ${ARTICLE[issue.expected] ?? issue.expected}, found ${describeValue(at)}`
      : issue.code === 'custom' || issue.code === 'invalid_format'
        ? `${issue.message.replace(/^Invalid input: /, '')}, found ${describeValue(at)}`
        : `is ${describeValue(at)}: ${issue.message}`
  throw badResults(`${where}: ${field} ${what}.`, RESULTS_HINT)
}

function readText(file: string, purpose: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw new PasskError(
      'PASSK_FILE_NOT_FOUND',
      `Cannot ${purpose}: ${file} cannot be read (${code ?? (e as Error).message}).`,
      'Check the permissions of the run directory.',
      { cause: e },
    )
  }
}

export interface RunDirContents {
  results: RunResults
  /** run.json without passk's marker fields (versions, platform, timings…), when present and an object. */
  runInfo?: Record<string, unknown>
  /** The marker, when run.json carries one. */
  marker?: RunDirMarker
}

/**
 * Read and validate a run directory: results.json (required, checked with runResultsSchema) and run.json
 * (optional). Errors: PASSK_FILE_NOT_FOUND (no directory / no results.json), PASSK_BAD_RESULTS (not JSON,
 * wrong schemaVersion, a bad field — named). `purpose` words the message ("build a report").
 */
export function readRunDir(dir: string, opts: { purpose?: string; reader?: string } = {}): RunDirContents {
  const purpose = opts.purpose ?? 'read the run directory'
  const file = path.join(dir, 'results.json')
  const text = readText(file, purpose)
  if (text === undefined) {
    const why = fs.existsSync(dir) ? `results.json is missing in ${dir}` : `the directory ${dir} does not exist`
    throw new PasskError(
      'PASSK_FILE_NOT_FOUND',
      `Cannot ${purpose}: ${why}.`,
      'Give the run directory that `passk run SPEC --out DIR` wrote.',
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw badResults(
      `${file} is not valid JSON: ${(e as Error).message}.`,
      'The file may be truncated; rerun the pipeline to rewrite it.',
    )
  }
  const results = checkRunResults(json, file, opts.reader)
  const out: RunDirContents = { results }
  const infoText = readText(path.join(dir, RUN_MARKER_FILE), purpose)
  let info: unknown
  try {
    info = infoText === undefined ? undefined : JSON.parse(infoText)
  } catch {
    info = undefined // run.json is informational; a damaged one does not stop reading the results
  }
  if (info && typeof info === 'object' && !Array.isArray(info)) {
    const { format: _f, formatVersion: _v, files: _files, ...rest } = info as Record<string, unknown>
    out.runInfo = rest
    const marker = readRunMarker(dir)
    if (marker) out.marker = marker
  }
  return out
}

/**
 * Add or replace one file in an existing run directory (e.g. `passk report` writing report.html): written
 * atomically, and listed in run.json's marker so the directory stays recognised as passk's own.
 */
export function addRunDirFile(dir: string, rel: string, data: string | Uint8Array): void {
  if (!isSafeRelPath(rel) || rel === RUN_MARKER_FILE)
    throw new PasskError('PASSK_OUT_FAILED', `Cannot add ${JSON.stringify(rel)} to the run directory ${dir}.`, '')
  writeFileAtomic(path.join(dir, rel), data)
  const marker = readRunMarker(dir)
  if (!marker || marker.files.includes(rel)) return
  const info = readJsonObject(path.join(dir, RUN_MARKER_FILE)) ?? {}
  const files = [...marker.files, rel].sort()
  writeFileAtomic(path.join(dir, RUN_MARKER_FILE), stableJson({ ...info, files }))
}
