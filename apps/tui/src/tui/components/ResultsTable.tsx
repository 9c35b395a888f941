/** @jsxRuntime automatic @jsxImportSource react */
/** Fitted parameters (pure): value ± standard error, interval, goodness of fit and the fit's status. */
import { Box, Text } from 'ink'
import type { FitRecord } from '@passk/core'
import { fmtNum, prettyParam, truncate } from '../internal/format.js'
import { fg, useTheme } from '../theme.js'

export interface ResultsTableProps {
  fits: FitRecord[]
  width: number
  maxRows: number
  /** First row shown (scrolling). */ offset?: number
}

/** Table rows as text cells (exported for tests and the README capture). */
export function fitRows(fits: FitRecord[]): string[][] {
  return fits.flatMap((f) => {
    const rows = f.params.map((p, j) => [
      j === 0 ? (f.stage === f.model ? f.stage : `${f.stage}/${f.model}`) : '',
      j === 0 ? f.target : '',
      prettyParam(p.name) + (p.fixed ? ' (fixed)' : ''),
      fmtNum(p.value) + (p.stdErr === null ? '' : ` ± ${fmtNum(p.stdErr, 2)}`),
      p.lower !== undefined && p.upper !== undefined ? `[${fmtNum(p.lower, 3)}, ${fmtNum(p.upper, 3)}]` : '',
      j === 0 ? `${f.status}${f.goodness.r2 !== undefined ? ` R²=${fmtNum(f.goodness.r2, 3)}` : ''}` : '',
    ])
    for (const [k, v] of Object.entries(f.derived ?? {})) rows.push(['', '', prettyParam(k), fmtNum(v), '', 'derived'])
    return rows
  })
}

export function ResultsTable({ fits, width, maxRows: maxRowsIn, offset = 0 }: ResultsTableProps) {
  let maxRows = maxRowsIn
  const t = useTheme()
  if (!fits.length) return <Text dimColor>No fits in this run (add a fitter stage to fit a curve).</Text>
  const allHead = ['fit', 'series', 'param', 'value ± s.e.', 'interval', 'status']
  const allRows = fitRows(fits)
  // drop the interval column when no fit reports intervals
  const keep = allHead.map((_, i) => i !== 4 || allRows.some((r) => r[4] !== ''))
  const head = allHead.filter((_, i) => keep[i])
  const rows = allRows.map((r) => r.filter((_, i) => keep[i]))
  const idx = (name: string) => head.indexOf(name)
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  // shrink columns, least important first, down to a readable minimum, until the table fits
  const minW: Record<string, number> = { series: 8, status: 9, interval: 10, param: 10, fit: 12 }
  const budget = width - 2 * (head.length - 1)
  for (const name of ['series', 'status', 'interval', 'param', 'fit']) {
    const i = idx(name)
    if (i < 0) continue
    const over = w.reduce((a, b) => a + b, 0) - budget
    if (over > 0) w[i] = Math.max(Math.min(w[i], minW[name]), w[i] - over)
  }
  const line = (r: string[]) =>
    r
      .map((c, i) => truncate(c, w[i]).padEnd(w[i]))
      .join('  ')
      .trimEnd()
  // stop reasons of fits that did not converge cleanly (e.g. which parameter hit a bound)
  const notes = fits
    .filter((f) => f.message && f.status !== 'converged')
    .map((f) => `${f.stage === f.model ? f.stage : `${f.stage}/${f.model}`} (${f.target}): ${f.status}: ${f.message}`)
  maxRows = Math.max(1, maxRows - Math.min(3, notes.length))
  const first = Math.max(0, Math.min(offset, rows.length - Math.max(1, maxRows)))
  const shown = rows.slice(first, first + Math.max(1, maxRows))
  return (
    <Box flexDirection="column">
      <Text bold>{line(head)}</Text>
      {shown.map((r, i) => {
        const status = r[idx('status')]
        const bad = status !== '' && status !== 'derived' && !status.startsWith('converged')
        return (
          <Text key={i} {...(bad ? fg(t, 'yellow') : {})}>
            {line(r)}
          </Text>
        )
      })}
      {notes.slice(0, 3).map((n, i) => (
        <Text key={`n${i}`} {...fg(t, 'yellow')} wrap="truncate-end">
          {n}
        </Text>
      ))}
      {rows.length > shown.length ? (
        <Text dimColor>
          rows {first + 1}–{first + shown.length} of {rows.length} (↑/↓ scroll, e exports fits.csv)
        </Text>
      ) : null}
    </Box>
  )
}
