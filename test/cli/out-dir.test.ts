/**
 * The output rule (issue 16, data loss): passk removes or replaces only what it created. `--out` at a
 * directory passk did not write is refused with a hint; `--force` writes inside it touching nothing else; its
 * own run directory is replaced; output-path failures are typed errors; every error prints its message once.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { passk, repoRoot, tmpDir } from '../helpers/index.js'

const quickstart = path.join(repoRoot, 'examples/quickstart.json')

/** A tiny per-problem counts log (model, problem, n, c) for `passk fit`. */
function countsLog(dir: string): string {
  const f = path.join(dir, 'gpt-4.csv')
  const rows = ['model,problem,n,c']
  for (let i = 0; i < 12; i++) rows.push(`m,p${i},10,${i % 11}`)
  fs.writeFileSync(f, rows.join('\n') + '\n')
  return f
}

describe('passk run --out', () => {
  it('refuses `--out .` in a directory holding the user’s files, deleting nothing (exit 2, hint)', () => {
    const cwd = tmpDir('passk-out-')
    fs.writeFileSync(path.join(cwd, 'thesis.tex'), 'chapter 1')
    fs.mkdirSync(path.join(cwd, 'data'))
    fs.writeFileSync(path.join(cwd, 'data', 'x.csv'), 'a\n')
    fs.copyFileSync(quickstart, path.join(cwd, 'quickstart.json'))
    const r = passk(['run', 'quickstart.json', '--out', '.', '--quiet'], { cwd })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('PASSK_OUT_NOT_EMPTY')
    expect(r.stderr).toMatch(/hint: .*--out.*new path.*--force/)
    expect(fs.readdirSync(cwd).sort()).toEqual(['data', 'quickstart.json', 'thesis.tex'])
    expect(fs.readFileSync(path.join(cwd, 'thesis.tex'), 'utf8')).toBe('chapter 1')
  })

  it('replaces its own run directory, and --force writes inside a foreign one without touching its files', () => {
    const dir = tmpDir('passk-out-')
    const out = path.join(dir, 'run')
    expect(passk(['run', quickstart, '--out', out, '--quiet']).status).toBe(0)
    const first = fs.readFileSync(path.join(out, 'results.json'), 'utf8')
    const again = passk(['run', quickstart, '--out', out, '--quiet'])
    expect(again.stderr).toBe('')
    expect(again.status).toBe(0)
    expect(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).toBe(first)
    const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8'))
    expect(run.format).toBe('passk-run-dir')
    expect(run.files).toContain('results.json')

    fs.writeFileSync(path.join(out, 'notes.md'), 'mine')
    expect(passk(['run', quickstart, '--out', out, '--quiet']).status).toBe(2)
    const forced = passk(['run', quickstart, '--out', out, '--quiet', '--force'])
    expect(forced.status).toBe(0)
    expect(fs.readFileSync(path.join(out, 'notes.md'), 'utf8')).toBe('mine')
    expect(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).toBe(first)
  })

  it('an output path under /dev/null is a typed error with a hint, not a bare EEXIST/ENOTDIR', () => {
    const r = passk(['run', quickstart, '--out', '/dev/null/x', '--quiet'])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^error PASSK_OUT_FAILED: Cannot write the run directory \/dev\/null\/x/m)
    expect(r.stderr).toContain('hint:')
  })
})

describe('passk fit --out', () => {
  it('refuses the input log’s own directory and reruns into its own run directory', () => {
    const dir = tmpDir('passk-fitout-')
    const log = countsLog(dir)
    const r = passk(['fit', log, '--out', dir, '--quiet'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('PASSK_OUT_NOT_EMPTY')
    expect(fs.readdirSync(dir)).toEqual(['gpt-4.csv'])
    const out = path.join(dir, 'run')
    for (let i = 0; i < 2; i++) {
      const ok = passk(['fit', log, '--out', out, '--quiet', '--k', '1,2,4'])
      expect(ok.stderr).toBe('')
      expect(ok.status).toBe(0)
    }
    const run = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8'))
    expect(run.files).toEqual(expect.arrayContaining(['fit-passk.csv', 'fit-parameters.csv', 'fit-coverage.csv']))
  })
})

describe('error output', () => {
  it('prints a runtime error’s message once (no "cause:" line repeating it)', () => {
    const r = passk(['fit', path.join(tmpDir('passk-err-'), 'missing.csv'), '--quiet'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('log file not found')
    expect(r.stderr.split('log file not found').length - 1).toBe(1)
    expect(r.stderr).not.toContain('cause:')
  })
})
