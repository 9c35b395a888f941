import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createRegistry, defineSource, definePackage, z, type Curve } from '@passk/core'
import { runAndWrite } from './headless.js'
import type { CliIO } from './io.js'

/**
 * A source that, like fitters/compute-allocation and evaluators/trial-correlation, publishes an
 * ltot-surface and a trial-correlation-matrix table beside its curve (and one ordinary table).
 */
const tables = defineSource({
  name: 'tables',
  version: '0.0.0',
  summary: 'emits heat-map tables',
  produces: 'Curve',
  options: z
    .object({ badMatrix: z.boolean().default(false).describe('write a matrix table with a malformed column') })
    .strict(),
  run(_input, o, ctx): Curve {
    const rows: number[][] = []
    for (const C of [1e2, 1e3, 1e4])
      for (let j = 0; j < 8; j++) {
        const N = (C / 2) ** (j / 7)
        rows.push([C, N, Math.log10(1 / N + N / C)])
      }
    ctx.table({ id: 'ltot-surface', title: 'L_tot(N, C)', columns: ['C', 'N', 'log10_L_tot'], rows })
    const ks = [1, 2, 3, 4]
    ctx.table({
      id: 'trial-correlation-matrix',
      title: "ε_kk'",
      columns: ['k', ...ks.map((k) => (o.badMatrix && k === 2 ? 'two' : `k'=${k}`))],
      rows: ks.map((a) => [a, ...ks.map((b) => 1 / (1 + Math.abs(a - b)))]),
    })
    ctx.table({ id: 'plain', title: 'not a surface', columns: ['a', 'b'], rows: [[1, 2]] })
    return {
      kind: 'Curve',
      id: 'compute-allocation',
      title: 'N*(C)',
      xLabel: 'C',
      yLabel: 'N*',
      xScale: 'log',
      yScale: 'log',
      series: [{ label: 'grid optimum', x: [1e2, 1e3, 1e4], y: [7, 22, 70] }],
    }
  },
})

function io(cwd: string): CliIO & { err: () => string } {
  const stdout = new PassThrough(),
    stderr = new PassThrough()
  let err = ''
  stderr.on('data', (d) => {
    err += String(d)
  })
  stdout.resume()
  return { stdout, stderr, isTTY: false, stderrTTY: false, cwd, env: {}, err: () => err }
}

async function run(options: Record<string, unknown>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-headless-'))
  const registry = createRegistry().use(
    definePackage({ meta: { name: 'test', version: '0.0.0', namespace: 'test' }, plugins: [tables] }),
  )
  const cli = io(dir)
  const r = await runAndWrite(
    { version: 1, seed: 1, name: 'heat', stages: [{ id: 'alloc', use: 'test/tables', options }] },
    { registry, out: path.join(dir, 'run'), quiet: true },
    cli,
  )
  return { r, out: path.join(dir, 'run'), err: cli.err() }
}

describe('runAndWrite (run directory plots)', () => {
  it('writes surface and matrix tables as SVG heat maps beside the curve plots, with the surface overlay', async () => {
    const { r, out, err } = await run({})
    expect(err).toBe('')
    expect(r.code).toBe(0)
    expect(err).toBe('')
    expect(fs.readdirSync(path.join(out, 'plots')).sort()).toEqual([
      'alloc.compute-allocation.svg',
      'alloc.ltot-surface.svg',
      'alloc.trial-correlation-matrix.svg',
    ])
    const surface = fs.readFileSync(path.join(out, 'plots/alloc.ltot-surface.svg'), 'utf8')
    expect(surface).toContain('data-nx="3" data-ny="60"')
    expect(surface).toContain('data-label="grid optimum"')
    const matrix = fs.readFileSync(path.join(out, 'plots/alloc.trial-correlation-matrix.svg'), 'utf8')
    expect(matrix).toContain('data-nx="4" data-ny="4"')
    // z domain: 1/(1 + 3) = 0.25 in the corners up to 1 on the diagonal
    expect(matrix).toContain('data-z-domain="0.25 1"')
    expect((matrix.match(/<rect /g) ?? []).length).toBeGreaterThanOrEqual(16)
  })

  it('skips a malformed heat-map table with a warning on stderr and still writes the run', async () => {
    const { r, out, err } = await run({ badMatrix: true })
    expect(r.code).toBe(0)
    expect(err).toBe(
      'warning: table alloc.trial-correlation-matrix: no heat map, column 3 "two" is not of the form k\'=<number>\n',
    )
    expect(fs.existsSync(path.join(out, 'plots/alloc.ltot-surface.svg'))).toBe(true)
    expect(fs.existsSync(path.join(out, 'plots/alloc.trial-correlation-matrix.svg'))).toBe(false)
    expect(fs.existsSync(path.join(out, 'tables/alloc.trial-correlation-matrix.csv'))).toBe(true)
  })
})
