/**
 * results.json is untrusted input to the report (issue 16, security): it is validated with the schema
 * `passk run` writes with, and every value that reaches the page is escaped.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { resultsJson, writeRunDir, type PasskError, type RunResults } from '@passk/core'
import { buildReport } from './build-report.js'
import { demoResults } from './internal/fixture.js'

const XSS = '<img src=x onerror=alert(1)>'

function runDirWith(results: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-report-untrusted-'))
  fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify(results))
  return dir
}

function caught(f: () => unknown): PasskError {
  try {
    f()
  } catch (e) {
    return e as PasskError
  }
  throw new Error('expected a throw')
}

describe('passk report on an untrusted results.json', () => {
  it('rejects a non-numeric fits[].iterations (it used to reach the page unescaped)', async () => {
    const doc = JSON.parse(resultsJson(await demoResults())) as { fits: Record<string, unknown>[] }
    doc.fits[0].iterations = XSS
    const e = caught(() => buildReport(runDirWith(doc)))
    expect(e.code).toBe('PASSK_BAD_RESULTS')
    expect(e.exitCode).toBe(2)
    expect(e.message).toContain(
      '"fits[0].iterations" must be a number, found the string "<img src=x onerror=alert(1)>"',
    )
  })

  it('gives a typed error naming tables[0].rows when it is missing (it used to crash)', async () => {
    const doc = JSON.parse(resultsJson(await demoResults())) as { tables: Record<string, unknown>[] }
    expect(doc.tables.length).toBeGreaterThan(0)
    delete doc.tables[0].rows
    const dir = runDirWith(doc)
    const e = caught(() => buildReport(dir))
    expect(e.code).toBe('PASSK_BAD_RESULTS')
    expect(e.message).toBe(`${path.join(dir, 'results.json')}: "tables[0].rows" must be an array, found nothing.`)
    expect(e.hint).toBeTruthy()
  })

  it('escapes markup in every string field that reaches the page', async () => {
    const r: RunResults = await demoResults()
    r.spec.name = XSS
    r.spec.description = XSS
    r.spec.stages[0].options = { label: XSS }
    for (const c of r.curves) {
      c.title = XSS
      c.xLabel = XSS
      c.yLabel = XSS
      c.quantity = XSS
      for (const s of c.series) {
        s.label = XSS
        s.attrs = { tag: XSS }
      }
    }
    for (const f of r.fits) {
      f.model = XSS
      f.target = XSS
      f.message = XSS
      f.params[0].name = XSS
      f.derived = { [XSS]: 1 }
    }
    for (const t of r.tables) {
      t.title = XSS
      t.columns = t.columns.map(() => XSS)
      t.rows = t.rows.map((row) => row.map(() => XSS))
    }
    r.warnings = [{ stage: XSS, code: XSS, message: XSS }]
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-report-untrusted-'))
    await writeRunDir(path.join(dir, 'run'), r, { runInfo: { passkVersion: XSS, plugins: { [XSS]: XSS } } })
    const html = buildReport(path.join(dir, 'run'))
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).not.toContain('<img')
    expect((html.match(/<script/g) ?? []).length).toBe(1) // the report's own layout check
  })
})
