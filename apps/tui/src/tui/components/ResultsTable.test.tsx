/** @jsxRuntime automatic @jsxImportSource react */
import { render } from 'ink-testing-library'
import { describe, expect, it } from 'vitest'
import type { FitRecord } from '@passk/core'
import { ResultsTable, fitRows } from './ResultsTable.js'

const fit: FitRecord = {
  stage: 'fit',
  model: 'beta-passk',
  target: 'Beta(α=5, β=0.35), A=0.9',
  status: 'converged',
  iterations: 12,
  params: [
    { name: 'A', value: 0.88871, stdErr: 0.0099 },
    { name: 'alpha', value: 5.3051, stdErr: 0.081 },
    { name: 'beta', value: 0.33681, stdErr: null, lower: 0.32, upper: 0.35 },
  ],
  goodness: { n: 20, dof: 17, r2: 0.99991 },
  derived: { asymptoticExponent: 0.33681 },
}

describe('fitRows', () => {
  it('formats value ± s.e. to 4 and 2 significant digits, intervals, Greek names and derived rows', () => {
    expect(fitRows([fit])).toEqual([
      ['fit/beta-passk', 'Beta(α=5, β=0.35), A=0.9', 'A', '0.8887 ± 0.0099', '', 'converged R²=1'],
      ['', '', 'α', '5.305 ± 0.081', '', ''],
      ['', '', 'β', '0.3368', '[0.32, 0.35]', ''],
      ['', '', 'asymptoticExponent', '0.3368', '', 'derived'],
    ])
  })
})

describe('ResultsTable', () => {
  it('fits 80 columns, keeps the fit id and drops the interval column when no fit has intervals', () => {
    const noInterval = { ...fit, params: fit.params.slice(0, 2) }
    const { lastFrame, unmount } = render(
      <ResultsTable
        fits={[noInterval, { ...noInterval, stage: 'fit2', status: 'max-iterations' }]}
        width={80}
        maxRows={20}
      />,
    )
    const lines = lastFrame()!.split('\n')
    unmount()
    expect(lines[0]).toMatch(/^fit\s+series\s+param\s+value ± s\.e\.\s+status$/)
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80)
    expect(lines[1]).toContain('fit/beta-passk')
    expect(lines[1]).toContain('0.8887 ± 0.0099')
    expect(lines.some((l) => l.includes('fit2/beta-passk') && l.includes('max-iter'))).toBe(true)
  })

  it('lists the stop reason of a fit that did not converge', () => {
    const stuck: FitRecord = { ...fit, status: 'at-bound', message: 'β hit its upper bound 20' }
    const { lastFrame, unmount } = render(<ResultsTable fits={[stuck]} width={100} maxRows={10} />)
    expect(lastFrame()).toContain('fit/beta-passk (Beta(α=5, β=0.35), A=0.9): at-bound: β hit its upper bound 20')
    unmount()
  })

  it('says so when the run has no fits', () => {
    const { lastFrame, unmount } = render(<ResultsTable fits={[]} width={80} maxRows={5} />)
    expect(lastFrame()).toBe('No fits in this run (add a fitter stage to fit a curve).')
    unmount()
  })
})
