/**
 * `Math.max(...xs)` / `Math.min(...xs)` pass every element as an argument and overflow the stack from
 * ~10⁵ elements (issue 16: a 200k-problem counts file failed in passk-unbiased; a 10⁶-point k grid
 * crashed the run summary). These run each former call site on input of that size.
 */
import { describe, expect, it } from 'vitest'
import { defineSource, z, type RunResults, type TrialOutcomes } from '@passk/core'
import { lastOutput, runPlugins } from '@passk/core/testing'
import { coverageAtCost, passkUnbiased } from '@passk/evaluators'
import { renderTerminalChart } from '@passk/plot'
import { summarize } from '@passk/tui'
import { PassThrough } from 'node:stream'

const P = 200_000

describe('200k problems and 10⁶-point curves', () => {
  it('passk-unbiased reads a 200k-problem TrialOutcomes (pass@1 = mean of c/n, maxN exact)', async () => {
    const n = Int32Array.from({ length: P }, (_, i) => 1 + (i % 5))
    const c = Int32Array.from({ length: P }, (_, i) => (i * 7) % (n[i] + 1))
    const outcomes: TrialOutcomes = {
      kind: 'TrialOutcomes',
      groups: [{ label: 'm', problems: Array.from({ length: P }, (_, i) => `p${i}`), n, c }],
      meta: {},
    }
    const src = defineSource({
      name: 'fixed',
      version: '0.0.0',
      summary: 'fixed outcomes',
      options: z.object({}),
      produces: 'TrialOutcomes',
      run: () => outcomes,
    })
    const out = await runPlugins([
      { plugin: src },
      { plugin: passkUnbiased, options: { k: [1], interval: 'none', problemTable: false } },
    ])
    const curve = lastOutput(out) as { series: { x: number[]; y: number[] }[]; meta?: unknown }
    let mean = 0
    for (let i = 0; i < P; i++) mean += c[i] / n[i]
    mean /= P
    expect(curve.series[0].x).toEqual([1])
    expect(curve.series[0].y[0]).toBeCloseTo(mean, 12)
  })

  it('coverage-at-cost reads 200k problems with logged attempts', async () => {
    const attempts = Array.from({ length: P }, (_, i) => Uint8Array.from([i % 3 === 0 ? 1 : 0, i % 2]))
    const n = Int32Array.from(attempts, (a) => a.length)
    const c = Int32Array.from(attempts, (a) => a[0] + a[1])
    const outcomes: TrialOutcomes = {
      kind: 'TrialOutcomes',
      groups: [{ label: 'm', problems: Array.from({ length: P }, (_, i) => `p${i}`), n, c, attempts }],
      meta: {},
    }
    const src = defineSource({
      name: 'fixed',
      version: '0.0.0',
      summary: 'fixed outcomes',
      options: z.object({}),
      produces: 'TrialOutcomes',
      run: () => outcomes,
    })
    const out = await runPlugins([{ plugin: src }, { plugin: coverageAtCost, options: { points: 4 } }])
    expect(out.outputs.size).toBe(2)
  })

  it('the terminal chart draws a 200k-point series', () => {
    const x = Array.from({ length: P }, (_, i) => i + 1)
    const y = x.map((k) => 1 - 1 / (1 + k))
    const lines = renderTerminalChart(
      { xScale: 'log', yScale: 'linear', series: [{ label: 'm', x, y }] },
      { width: 60, height: 12 },
    )
    expect(lines.length).toBeGreaterThan(8)
    expect(lines.some((l) => /^\s*1┤/.test(l))).toBe(true)
    expect(lines.at(-2)).toMatch(/1\s+10\s+100\s+1000\s+1e4\s+1e5$/)
  })

  it('the run summary of a 10⁶-point curve gives its x and y range', () => {
    const N = 1_000_000
    const x = Array.from({ length: N }, (_, i) => i + 1)
    const y = x.map((k) => 1 / k)
    const results = {
      fits: [],
      tables: [],
      warnings: [],
      curves: [{ stage: 'passk', id: 'passk', series: [{ label: 'm', x, y }] }],
    } as unknown as RunResults
    const io = {
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      isTTY: false,
      stderrTTY: false,
      cwd: '.',
      env: { NO_COLOR: '1' },
    }
    const text = summarize(results, io)
    expect(text).toMatch(
      /passk\s+passk\s+1\s+1 … 1\.00e\+6|passk\s+passk\s+1\s+1 … 1e\+6|passk\s+passk\s+1\s+1 … 1000000/,
    )
  })
})
