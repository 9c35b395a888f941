import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import {
  createRegistry,
  definePackage,
  defineSource,
  isOwnRunDir,
  readRunMarker,
  runPipeline,
  writeRunDir,
  z,
} from '@passk/core'
import type { CliIO } from '../io.js'
import { reportCommand } from './report.js'

function io(cwd: string) {
  const out = new PassThrough(),
    err = new PassThrough()
  let o = '',
    e = ''
  out.on('data', (d) => {
    o += d
  })
  err.on('data', (d) => {
    e += d
  })
  const v: CliIO = { stdout: out, stderr: err, isTTY: false, stderrTTY: false, cwd, env: {} }
  return { io: v, stdout: () => o, stderr: () => e }
}

const src = defineSource({
  name: 'line',
  version: '0.0.0',
  summary: 'y = 2x',
  options: z.object({}).strict(),
  produces: 'Curve',
  run: () => ({
    kind: 'Curve' as const,
    id: 'line',
    title: 'A line',
    xLabel: 'x',
    yLabel: 'y',
    xScale: 'linear' as const,
    yScale: 'linear' as const,
    series: [{ label: 'y', x: [0, 1, 2], y: [0, 2, 4] }],
  }),
})

describe('reportCommand', () => {
  it("writes RUN_DIR/report.html with the run's chart when given a run directory", async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-report-cmd-'))
    const reg = createRegistry().use(
      definePackage({ meta: { name: 't', version: '0.0.0', namespace: 't' }, plugins: [src] }),
    )
    const { results } = await runPipeline(
      { version: 1, seed: 3, stages: [{ id: 'line', use: 't/line', options: {} }] },
      { registry: reg },
    )
    await writeRunDir(path.join(cwd, 'run'), results)
    const t = io(cwd)
    expect(await reportCommand.run(['run'], t.io)).toBe(0)
    expect(t.stdout()).toBe(`Wrote ${path.join('run', 'report.html')}\n`)
    const html = fs.readFileSync(path.join(cwd, 'run', 'report.html'), 'utf8')
    expect(html).toContain('<figure data-chart="curve" data-curve="line.line">')
    expect(await reportCommand.run(['run', '--out', 'r.html', '--title', 'My run'], t.io)).toBe(0)
    expect(fs.readFileSync(path.join(cwd, 'r.html'), 'utf8')).toContain('<h1>My run</h1>')
  })

  it("keeps the run directory recognised as passk's own, and never overwrites a file it did not write", async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-report-cmd-'))
    const reg = createRegistry().use(
      definePackage({ meta: { name: 't', version: '0.0.0', namespace: 't' }, plugins: [src] }),
    )
    const { results } = await runPipeline(
      { version: 1, seed: 3, stages: [{ id: 'line', use: 't/line', options: {} }] },
      { registry: reg },
    )
    await writeRunDir(path.join(cwd, 'run'), results)
    const t = io(cwd)
    expect(await reportCommand.run(['run'], t.io)).toBe(0)
    expect(isOwnRunDir(path.join(cwd, 'run'))).toBe(true)
    expect(readRunMarker(path.join(cwd, 'run'))?.files).toContain('report.html')
    fs.writeFileSync(path.join(cwd, 'notes.html'), '<p>mine</p>')
    await expect(reportCommand.run(['run', '--out', 'notes.html'], t.io)).rejects.toMatchObject({
      code: 'PASSK_OUT_EXISTS',
    })
    expect(fs.readFileSync(path.join(cwd, 'notes.html'), 'utf8')).toBe('<p>mine</p>')
    expect(await reportCommand.run(['run', '--out', 'r.html'], t.io)).toBe(0)
    expect(await reportCommand.run(['run', '--out', 'r.html'], t.io)).toBe(0) // its own report is replaced
  })

  it('refuses a missing run directory argument with PASSK_USAGE', async () => {
    await expect(reportCommand.run([], io(os.tmpdir()).io)).rejects.toMatchObject({
      code: 'PASSK_USAGE',
      message: 'passk report: expected one run directory, got none.',
    })
  })
})
