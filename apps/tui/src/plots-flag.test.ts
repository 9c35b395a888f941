// `--plots svg,png,pdf` (issue 18): plots/ gets each chart in every requested format.
import { describe, expect, it } from 'vitest'
import { createRegistry, definePackage, defineSource, runPipeline, z } from '@passk/core'
import { parsePlotFormats, plotFiles } from './headless.js'

const src = defineSource({
  name: 'line',
  version: '0.0.0',
  summary: 'y = 2x',
  options: z.object({}).strict(),
  produces: 'Curve',
  run: () => ({
    kind: 'Curve' as const,
    id: 'line',
    title: 'beta_eff',
    xLabel: 'x',
    yLabel: 'y',
    xScale: 'linear' as const,
    yScale: 'linear' as const,
    series: [{ label: 'y', x: [0, 1, 2], y: [0, 2, 4] }],
  }),
})

describe('--plots', () => {
  it('parses a comma-separated list and refuses unknown formats with PASSK_USAGE', () => {
    expect(parsePlotFormats('run', undefined)).toBeUndefined()
    expect(parsePlotFormats('run', 'svg, PNG,pdf,png')).toEqual(['svg', 'png', 'pdf'])
    expect(() => parsePlotFormats('fit', 'svg,gif')).toThrow(expect.objectContaining({ code: 'PASSK_USAGE' }))
  })
  it('writes SVG, PNG and PDF files for each chart', async () => {
    const reg = createRegistry().use(
      definePackage({ meta: { name: 't', version: '0.0.0', namespace: 't' }, plugins: [src] }),
    )
    const { results } = await runPipeline(
      { version: 1, seed: 3, stages: [{ id: 'line', use: 't/line', options: {} }] },
      { registry: reg },
    )
    const only = await plotFiles(results)
    expect(Object.keys(only)).toEqual(['plots/line.line.svg'])
    const all = await plotFiles(results, undefined, ['png', 'pdf'])
    expect(Object.keys(all).sort()).toEqual(['plots/line.line.pdf', 'plots/line.line.png'])
    const png = all['plots/line.line.png'] as Uint8Array,
      pdf = all['plots/line.line.pdf'] as Uint8Array
    expect(Array.from(png.slice(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(Buffer.from(pdf.slice(0, 7)).toString('latin1')).toBe('%PDF-1.')
  })
})
