import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeRunDir, type PasskError } from '@passk/core'
import { buildReport, readRunDir } from './build-report.js'
import { addSurface, demoResults } from './internal/fixture.js'

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'passk-report-'))
}

async function caught(f: () => unknown): Promise<PasskError> {
  try {
    await f()
  } catch (e) {
    return e as PasskError
  }
  throw new Error('expected a throw')
}

describe('buildReport', () => {
  it('writes one self-contained page with every chart, the fit table, warnings and the seed', async () => {
    const results = await demoResults()
    const html = buildReport({ results, runInfo: { passkVersion: '0.1.0', node: 'v20.20.2', timingsMs: { src: 1.5 } } })
    // one curve chart + one correlation heat map, each in a figure the browser check looks at
    expect(count(html, /<figure data-chart="curve"/g)).toBe(1)
    expect(count(html, /<figure data-chart="heatmap"/g)).toBe(1)
    expect(count(html, /<svg /g)).toBe(2)
    // self-contained: no external resources (the SVG namespace URI is not a fetch)
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(
      /https?:|<link|@import|\bsrc=|url\((?!#)/,
    )
    expect(html).not.toMatch(/NaN|undefined|\[object Object\]/)
    // the fit overlay on the curve, coloured as its target series A
    expect(html).toContain('data-label="power-law fit (A)"')
    // power law fitted in closed form: A = 0.5, β = 0.5; SE as given, missing SE shown as n/a
    expect(html).toContain('<code>A</code></td><td>0.5 ± 0.01</td><td>[0.48, 0.52]</td>')
    expect(html).toContain('<code>beta</code></td><td>0.5 <span class="muted">± n/a</span>')
    // derived: k at 1 % failure = (A/0.01)^(1/β) = 50² = 2500
    expect(html).toContain('<code>kAt1pct</code></td><td>2500</td>')
    expect(html).toContain('<span class="badge converged">converged</span>')
    expect(html).toContain(
      '<code>DEMO_WARNING</code> <span class="muted">(src)</span> A &lt;warning&gt; &amp; its &quot;quotes&quot; are escaped.',
    )
    expect(html).toContain('<dt>seed</dt><dd><code>7</code></dd>')
    expect(html).toContain('<dt>passkVersion</dt><dd>0.1.0</dd>')
    expect(html).toContain('Per-problem flags')
    // curve data table: 7 points of A + 7 of B with band columns
    expect(html).toContain('<summary>Data (14 points)</summary>')
    expect(count(html.slice(html.indexOf('<table class="data">')), /<tr>/g)).toBeGreaterThanOrEqual(15)
  })

  it('reads the same report from a run directory written by the runner', async () => {
    const results = await demoResults()
    const dir = tmpDir()
    await writeRunDir(dir, results, { runInfo: { passkVersion: '9.9.9' } })
    const read = readRunDir(dir)
    expect(read.runInfo).toEqual({ passkVersion: '9.9.9' })
    const html = buildReport(dir)
    expect(html).toBe(
      buildReport({
        results: JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')),
        runInfo: { passkVersion: '9.9.9' },
      }),
    )
    expect(count(html, /<svg /g)).toBe(2)
  })

  it('draws curves whose NaN values became null in results.json, showing them as — in the table', async () => {
    const results = await demoResults()
    const s0 = results.curves[0].series[0]
    s0.y = s0.y.map((v, i) => (i === 2 ? NaN : v))
    const dir = tmpDir()
    await writeRunDir(dir, results)
    expect(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')).toContain('null')
    const html = buildReport(dir)
    expect(html).not.toMatch(/NaN|>null</)
    expect(html).toContain('data-label="A" data-style="data" data-points="6" data-skipped="1"')
    expect(html).toContain('<tr><td>A</td><td>4</td><td>—</td>')
  })

  it('shows an error box and a REPORT warning instead of a chart that cannot be drawn', async () => {
    const results = await demoResults()
    results.curves.push({ ...results.curves[0], id: 'broken', series: [{ label: 'bad', x: [1, 2, 3], y: [1] }] })
    const html = buildReport({ results })
    expect(html).toContain(
      '<p class="error">This chart could not be drawn: Curve &quot;broken&quot; series 1 &quot;bad&quot;: x has 3 values but y has 1.</p>',
    )
    expect(html).toContain('<code>REPORT</code> curve src.broken: chart not drawn')
    expect(count(html, /<figure data-chart="curve"/g)).toBe(1)
  })

  it('draws a surface table as a heat map with the allocation path overlaid and grey infeasible cells', async () => {
    const html = buildReport({ results: addSurface(await demoResults()) })
    const fig = /<figure data-chart="heatmap" data-table="src.ltot-surface">([\s\S]*?)<\/figure>/.exec(html)![1]
    expect(fig).toContain('data-nx="3" data-ny="60"')
    // N ranges over [1, C/2]: for C = 100 and 1000 the top of the common N grid (up to 5000) is untabulated
    const missing = Number(/data-missing="(\d+)"/.exec(fig)![1])
    expect(missing).toBeGreaterThan(0)
    expect(missing).toBeLessThan(120)
    expect(fig).toContain('<g class="series overlay" data-label="grid optimum" data-points="3">')
    // z domain = range of the interpolated grid: its top is the tabulated maximum log10(1 + 1/100) at
    // N = 1 (a grid row in every column); its bottom cannot undercut the tabulated minimum
    const zs: number[] = []
    for (const C of [1e2, 1e3, 1e4])
      for (let j = 0; j < 8; j++) {
        const N = (C / 2) ** (j / 7)
        zs.push(Math.log10(1 / N + N / C))
      }
    const [z0, z1] = /data-z-domain="([^ ]+) ([^"]+)"/.exec(fig)!.slice(1).map(Number)
    expect(z1).toBeCloseToRel(Math.log10(1.01), 1e-9)
    expect(Math.max(...zs)).toBeCloseToRel(Math.log10(1.01), 1e-12)
    expect(z0).toBeGreaterThanOrEqual(Math.min(...zs))
    expect(z0 - Math.min(...zs)).toBeLessThan(0.05)
  })

  it('says so when a run has no fits or curves', async () => {
    const results = await demoResults()
    const html = buildReport({ results: { ...results, curves: [], fits: [], tables: [], warnings: [] } })
    expect(html).toContain('This run produced no fits.')
    expect(html).toContain('This run produced no curves.')
    expect(html).toContain('<section id="warnings"><h2>Warnings</h2><p class="muted">None.</p>')
  })

  it('fails with PASSK_FILE_NOT_FOUND / PASSK_BAD_RESULTS on a missing or malformed run directory', async () => {
    const dir = tmpDir()
    const missing = await caught(() => buildReport(path.join(dir, 'nope')))
    expect(missing.code).toBe('PASSK_FILE_NOT_FOUND')
    expect(missing.message).toBe(`Cannot build a report: the directory ${path.join(dir, 'nope')} does not exist.`)
    const noResults = await caught(() => buildReport(dir))
    expect(noResults.message).toBe(`Cannot build a report: results.json is missing in ${dir}.`)
    fs.writeFileSync(path.join(dir, 'results.json'), '{"schemaVersion": 1, "curves": [')
    const badJson = await caught(() => buildReport(dir))
    expect(badJson.code).toBe('PASSK_BAD_RESULTS')
    expect(badJson.message).toMatch(/results\.json is not valid JSON/)
    fs.writeFileSync(path.join(dir, 'results.json'), '{"schemaVersion": 2}')
    const v2 = await caught(() => buildReport(dir))
    expect(v2.message).toBe(`${path.join(dir, 'results.json')}: schemaVersion is 2, this report reads schemaVersion 1.`)
    expect(v2.exitCode).toBe(2)
    const noCurves = await caught(() =>
      buildReport({ results: { schemaVersion: 1, fits: [], tables: [], warnings: [] } as never }),
    )
    expect(noCurves.message).toBe('results: "curves" must be an array, found nothing.')
  })
})
