import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { passk, repoRoot, tmpDir } from '../helpers/index.js'

const quickstart = path.join(repoRoot, 'examples/quickstart.json')

describe('passk run', () => {
  const dir = tmpDir()
  const a = path.join(dir, 'a'),
    b = path.join(dir, 'b'),
    c = path.join(dir, 'c')
  const ra = passk(['run', quickstart, '--out', a, '--quiet'])
  const rb = passk(['run', quickstart, '--out', b, '--quiet'])

  it('runs the quickstart spec and writes a complete run directory', () => {
    expect(ra.stderr).toBe('')
    expect(ra.status).toBe(0)
    for (const f of ['spec.json', 'results.json', 'run.json', 'fits.csv'])
      expect(fs.existsSync(path.join(a, f)), f).toBe(true)
    expect(fs.readdirSync(path.join(a, 'curves')).length).toBeGreaterThan(0)
    const spec = JSON.parse(fs.readFileSync(path.join(a, 'spec.json'), 'utf8'))
    expect(spec.seed).toBeTypeOf('number')
    // resolved defaults are recorded: every stage has its full options object
    for (const s of spec.stages) expect(Object.keys(s.options).length).toBeGreaterThan(0)
  })

  it('reproduces results.json byte for byte with the same seed', () => {
    expect(rb.status).toBe(0)
    expect(fs.readFileSync(path.join(b, 'results.json'))).toEqual(fs.readFileSync(path.join(a, 'results.json')))
  })

  it('changes the results when the seed changes', () => {
    const r = passk(['run', quickstart, '--out', c, '--quiet', '--seed', '12345'])
    expect(r.status).toBe(0)
    expect(fs.readFileSync(path.join(c, 'results.json'), 'utf8')).not.toEqual(
      fs.readFileSync(path.join(a, 'results.json'), 'utf8'),
    )
  })

  it('prints one JSON document with schemaVersion, curves and fits under --json', () => {
    const r = passk(['run', quickstart, '--json', '--quiet', '--out', path.join(dir, 'd')])
    expect(r.status).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.schemaVersion).toBe(1)
    expect(doc.curves.length).toBeGreaterThan(0)
    const c0 = doc.curves[0]
    expect(c0).toHaveProperty('stage')
    expect(c0).toHaveProperty('id')
    expect(c0.series[0].x.length).toBe(c0.series[0].y.length)
    expect(doc.fits.length).toBeGreaterThan(0)
    for (const f of doc.fits) {
      expect(['converged', 'max-iterations', 'non-finite', 'at-bound', 'singular', 'failed']).toContain(f.status)
      for (const p of f.params) {
        expect(p).toHaveProperty('value')
        expect(p).toHaveProperty('stdErr')
      }
    }
  })

  it('runs the quickstart through `npm start` off a terminal and prints fitted parameters', () => {
    const r = passk(['start'], { cwd: dir })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('Fits')
    expect(r.stdout).toMatch(/beta-passk/)
  })
})
