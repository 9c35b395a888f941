import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { formatError, PasskError } from './errors.js'
import { outputError, writeDirAtomic, writeFileAtomic } from './io.js'
import { checkRunResults, isOwnRunDir, readRunDir, readRunMarker, writeRunDir } from './run-dir.js'
import type { RunResults } from './runner.js'

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-rundir-'))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
let n = 0
const fresh = () => path.join(root, `case${++n}`)

const results = (curveId = 'rate'): RunResults => ({
  schemaVersion: 1,
  spec: { version: 1, seed: 3, stages: [{ id: 'src', use: 't/src', options: {} }] },
  seed: 3,
  curves: [
    {
      stage: 'src',
      id: curveId,
      title: 'rate',
      xLabel: 'k',
      yLabel: 'p',
      xScale: 'linear',
      yScale: 'linear',
      series: [{ label: 'a', x: [1, 2], y: [0.5, 0.75] }],
    },
  ],
  fits: [],
  tables: [],
  warnings: [],
})

function caught(f: () => unknown): PasskError {
  try {
    f()
  } catch (e) {
    return e as PasskError
  }
  throw new Error('expected a throw')
}
async function caughtAsync(f: () => Promise<unknown>): Promise<PasskError> {
  try {
    await f()
  } catch (e) {
    return e as PasskError
  }
  throw new Error('expected a throw')
}

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0'])
  return r.pid ?? 999999
}

describe('writeRunDir: passk replaces only what it created (issue 16, data loss)', () => {
  it('refuses a non-empty directory passk did not write and leaves every file in it untouched', async () => {
    const dir = fresh()
    fs.mkdirSync(path.join(dir, 'data'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'thesis.tex'), 'my thesis')
    fs.writeFileSync(path.join(dir, 'data', 'gpt-4.csv'), 'model,problem,n,c\n')
    const e = await caughtAsync(() => writeRunDir(dir, results()))
    expect(e.code).toBe('PASSK_OUT_NOT_EMPTY')
    expect(e.exitCode).toBe(2)
    expect(e.message).toContain('thesis.tex')
    expect(e.hint).toMatch(/--out.*new path.*--force/)
    expect(fs.readFileSync(path.join(dir, 'thesis.tex'), 'utf8')).toBe('my thesis')
    expect(fs.readdirSync(dir).sort()).toEqual(['data', 'thesis.tex'])
    expect(fs.readdirSync(root).filter((f) => f.startsWith('.passk-'))).toEqual([])
  })

  it('writes a run.json marker listing every file, and replaces its own run as a whole', async () => {
    const dir = fresh()
    const first = await writeRunDir(dir, results('first'), { runInfo: { passkVersion: '1.2.3' } })
    expect(first).toEqual(['curves/src.first.csv', 'results.json', 'run.json', 'spec.json'])
    const marker = readRunMarker(dir)
    expect(marker?.files).toEqual(first)
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')).passkVersion).toBe('1.2.3')
    expect(isOwnRunDir(dir)).toBe(true)
    await writeRunDir(dir, results('second'))
    expect(fs.existsSync(path.join(dir, 'curves/src.first.csv'))).toBe(false)
    expect(fs.readFileSync(path.join(dir, 'curves/src.second.csv'), 'utf8')).toBe('series,x,y\na,1,0.5\na,2,0.75\n')
  })

  it('refuses its own run directory once the user has added a file to it', async () => {
    const dir = fresh()
    await writeRunDir(dir, results())
    fs.writeFileSync(path.join(dir, 'notes.md'), 'keep me')
    expect(isOwnRunDir(dir)).toBe(false)
    expect((await caughtAsync(() => writeRunDir(dir, results()))).code).toBe('PASSK_OUT_NOT_EMPTY')
    expect(fs.readFileSync(path.join(dir, 'notes.md'), 'utf8')).toBe('keep me')
  })

  it('does not take a run.json of the wrong shape for its marker', async () => {
    const dir = fresh()
    fs.mkdirSync(dir)
    for (const bad of [
      { format: 'passk-run-dir', formatVersion: 1, files: ['../../etc/passwd'] },
      { format: 'passk-run-dir', formatVersion: 2, files: ['run.json'] },
      { format: 'something-else', formatVersion: 1, files: ['run.json'] },
      { format: 'passk-run-dir', formatVersion: 1, files: 'run.json' },
    ]) {
      fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify(bad))
      expect(readRunMarker(dir)).toBeUndefined()
      expect(isOwnRunDir(dir)).toBe(false)
    }
  })

  it('--force writes inside a foreign directory without touching its other files', async () => {
    const dir = fresh()
    fs.mkdirSync(dir)
    fs.writeFileSync(path.join(dir, 'thesis.tex'), 'my thesis')
    const written = await writeRunDir(dir, results(), { force: true })
    expect(fs.readFileSync(path.join(dir, 'thesis.tex'), 'utf8')).toBe('my thesis')
    for (const f of written) expect(fs.existsSync(path.join(dir, f))).toBe(true)
    expect(fs.readdirSync(dir).sort()).toEqual(['curves', 'results.json', 'run.json', 'spec.json', 'thesis.tex'])
  })

  it('--force never overwrites a file of the same name that passk did not write', async () => {
    const dir = fresh()
    fs.mkdirSync(dir)
    fs.writeFileSync(path.join(dir, 'results.json'), 'my own results')
    const e = await writeRunDir(dir, results(), { force: true }).then(
      () => undefined,
      (x: unknown) => x as { code?: string; message?: string },
    )
    expect(e?.code).toBe('PASSK_OUT_EXISTS')
    expect(e?.message).toContain('results.json')
    expect(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')).toBe('my own results')
    expect(fs.readdirSync(dir)).toEqual(['results.json'])
    expect(fs.readdirSync(path.dirname(dir)).filter((n) => n.includes('passk-tmp'))).toEqual([])
  })

  it('writes into an empty existing directory', async () => {
    const dir = fresh()
    fs.mkdirSync(dir)
    await writeRunDir(dir, results())
    expect(isOwnRunDir(dir)).toBe(true)
  })

  it('refuses when --out names an existing file', async () => {
    const f = fresh()
    fs.writeFileSync(f, 'x')
    const e = await caughtAsync(() => writeRunDir(f, results()))
    expect(e.code).toBe('PASSK_OUT_NOT_DIR')
    expect(fs.readFileSync(f, 'utf8')).toBe('x')
  })

  it('names its temporaries .passk-tmp-<pid>-…-<name> and removes them when a fill fails', async () => {
    const dir = fresh()
    let seen: string[] = []
    const e = await caughtAsync(() =>
      writeDirAtomic(dir, (tmp) => {
        seen = fs.readdirSync(path.dirname(tmp)).filter((f) => f.startsWith('.passk-'))
        expect(fs.existsSync(path.join(tmp, '.passk-tmp'))).toBe(true)
        throw new PasskError('PASSK_X', 'boom')
      }),
    )
    expect(e.code).toBe('PASSK_X')
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatch(new RegExp(`^\\.passk-tmp-${process.pid}-[a-z0-9]+-${path.basename(dir)}$`))
    expect(fs.readdirSync(root).filter((f) => f.startsWith('.passk-'))).toEqual([])
    expect(fs.existsSync(dir)).toBe(false)
  })

  it('cleans stale temporaries of its own making (marker + dead pid) and nothing else', async () => {
    const parent = fresh()
    fs.mkdirSync(parent)
    const dead = deadPid()
    const mk = (name: string, files: Record<string, string>) => {
      const d = path.join(parent, name)
      fs.mkdirSync(d)
      for (const [f, t] of Object.entries(files)) fs.writeFileSync(path.join(d, f), t)
      return d
    }
    const staleTmp = mk(`.passk-tmp-${dead}-abc-run1`, { '.passk-tmp': '{}', 'results.json': '{"trunc' })
    const unmarked = mk(`.passk-tmp-${dead}-abd-run1`, { 'results.json': '{}' })
    const liveTmp = mk(`.passk-tmp-${process.pid}-abe-run1`, { '.passk-tmp': '{}' })
    // a parked run directory of a killed process: its run.json marker lists its files
    const oldRun = path.join(parent, 'r0')
    await writeRunDir(oldRun, results())
    const staleOld = path.join(parent, `.passk-old-${dead}-zz-run1`)
    fs.renameSync(oldRun, staleOld)
    const foreignOld = mk(`.passk-old-${dead}-zy-run1`, { 'thesis.tex': 'x' })
    const staleFile = path.join(parent, `.passk-tmp-${dead}-abf-w.passkvae`)
    fs.writeFileSync(staleFile, 'PASSKVAE trunc')
    await writeRunDir(path.join(parent, 'run2'), results())
    expect(fs.existsSync(staleTmp)).toBe(false)
    expect(fs.existsSync(staleOld)).toBe(false)
    expect(fs.existsSync(staleFile)).toBe(false)
    expect(fs.existsSync(unmarked)).toBe(true)
    expect(fs.existsSync(liveTmp)).toBe(true)
    expect(fs.existsSync(foreignOld)).toBe(true)
  })
})

describe('output-path failures are typed errors with a code and a hint (issue 16)', () => {
  it('/dev/null/x', async () => {
    const e = await caughtAsync(() => writeRunDir('/dev/null/x', results()))
    expect(e).toBeInstanceOf(PasskError)
    expect(e.code).toBe('PASSK_OUT_FAILED')
    expect(e.message).toContain('/dev/null/x')
    expect(e.message).toMatch(/is a file, not a directory \(ENOTDIR\)/)
    expect(e.hint).toBeTruthy()
    const f = caught(() => writeFileAtomic('/dev/null/x/report.html', 'x'))
    expect(f.code).toBe('PASSK_OUT_FAILED')
    expect(f.hint).toBeTruthy()
  })

  it.skipIf(!fs.existsSync('/proc/self'))('/proc/…', async () => {
    const e = await caughtAsync(() => writeRunDir('/proc/passk-run', results()))
    expect(e).toBeInstanceOf(PasskError)
    expect(e.code).toMatch(/^PASSK_OUT_(FAILED|NOT_WRITABLE)$/)
    expect(e.hint).toBeTruthy()
  })

  it('maps read-only, permission and disk-full errno codes', () => {
    const errno = (code: string) => Object.assign(new Error(`${code}: raw`), { code })
    expect(outputError(errno('ENOSPC'), '/x/run').code).toBe('PASSK_DISK_FULL')
    expect(outputError(errno('EDQUOT'), '/x/run').code).toBe('PASSK_DISK_FULL')
    for (const c of ['EROFS', 'EACCES', 'EPERM']) {
      const e = outputError(errno(c), '/x/run')
      expect(e.code).toBe('PASSK_OUT_NOT_WRITABLE')
      expect(e.message).toContain(`(${c})`)
      expect(e.hint).toMatch(/--out/)
    }
  })

  it('writeFileAtomic with replaceIf refuses a file passk did not write', () => {
    const f = fresh()
    fs.writeFileSync(f, 'notes')
    const e = caught(() => writeFileAtomic(f, 'weights', { replaceIf: () => false }))
    expect(e.code).toBe('PASSK_OUT_EXISTS')
    expect(fs.readFileSync(f, 'utf8')).toBe('notes')
    writeFileAtomic(f, 'new', { replaceIf: () => true })
    expect(fs.readFileSync(f, 'utf8')).toBe('new')
  })
})

describe('formatError', () => {
  it('prints a wrapped message once (no "cause:" repeating it)', () => {
    const inner = new PasskError('PASSK_BAD_INPUT', 'line 3: n is -1')
    const outer = new PasskError('PASSK_BAD_INPUT', `Stage 1 (src, t/src): ${inner.message}`, 'fix it', {
      cause: inner,
    })
    const s = formatError(outer)
    expect(s.split('line 3: n is -1').length - 1).toBe(1)
    expect(s).not.toContain('cause:')
    // a cause that adds information is still shown
    const withErrno = new PasskError('PASSK_FILE_NOT_FOUND', 'Cannot read x: ENOENT.', 'h', {
      cause: new Error('ENOENT: no such file or directory, open x'),
    })
    expect(formatError(withErrno)).toContain('cause: ENOENT: no such file or directory, open x')
  })
})

describe('readRunDir: one reader and validator for the TUI, reports and tests', () => {
  it('reads back what writeRunDir wrote: results as in results.json, run.json without the marker', async () => {
    const dir = fresh()
    const r = results()
    r.curves[0].series[0].y[1] = NaN // written as null
    await writeRunDir(dir, r, { runInfo: { passkVersion: '1.0.0' } })
    const read = readRunDir(dir)
    expect(read.results).toEqual(JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')))
    expect(read.results.curves[0].series[0].y).toEqual([0.5, null])
    expect(read.runInfo).toEqual({ passkVersion: '1.0.0' })
    expect(read.marker?.files).toContain('results.json')
  })

  it('names the first bad field of an untrusted results.json', async () => {
    const dir = fresh()
    const r = results()
    r.tables.push({ stage: 'src', id: 't', title: 'T', columns: ['a'], rows: [[1]] })
    await writeRunDir(dir, r)
    const doc = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'))
    delete doc.tables[0].rows
    fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify(doc))
    const e = caught(() => readRunDir(dir))
    expect(e.code).toBe('PASSK_BAD_RESULTS')
    expect(e.message).toBe(`${path.join(dir, 'results.json')}: "tables[0].rows" must be an array, found nothing.`)
    doc.tables[0].rows = [[{ html: '<b>' }]]
    doc.curves[0].xScale = 'cubic'
    fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify(doc))
    expect(caught(() => readRunDir(dir)).message).toMatch(/"curves\[0\]\.xScale" is the string "cubic"/)
    expect(caught(() => checkRunResults({ ...doc, schemaVersion: 2 })).message).toBe(
      'results: schemaVersion is 2, this passk reads schemaVersion 1.',
    )
  })

  it('refuses to write results the reader would reject', async () => {
    const r = results()
    ;(r.curves[0] as { xScale: string }).xScale = 'cubic'
    expect((await caughtAsync(() => writeRunDir(fresh(), r))).code).toBe('PASSK_BAD_RESULTS')
  })
})
