/** @jsxRuntime automatic @jsxImportSource react */
/** Results: fit tables, terminal charts of every curve (with fit overlays), warnings; export with e. */
import path from 'node:path'
import { Box, Text } from 'ink'
import { useKeys } from '../hooks/useKeys.js'
import { useState } from 'react'
import { formatError, type RunOutcome } from '@passk/core'
import { renderTerminalChart } from '@passk/plot'
import { ResultsTable } from '../components/ResultsTable.js'
import { fitsForCurve } from '../../headless.js'
import { defaultRunDir, exportRun } from '../internal/export.js'
import { truncate } from '../internal/format.js'
import { fg, useTheme } from '../theme.js'

export interface ResultsProps {
  outcome: RunOutcome
  runsDir: string
  cwd: string
  width: number
  height: number
  onBack(): void
  /** Pipeline name for the header (spec name or file name). */
  title?: string | undefined
}

type Tab = 'fits' | 'charts' | 'warnings'
const TABS: Tab[] = ['fits', 'charts', 'warnings']

export function ResultsScreen(p: ResultsProps) {
  const t = useTheme()
  const { results } = p.outcome
  const [tab, setTab] = useState<Tab>(results.fits.length || !results.curves.length ? 'fits' : 'charts')
  const [curveIdx, setCurveIdx] = useState(0)
  const [message, setMessage] = useState<{ text: string; error: boolean } | undefined>()
  const [busy, setBusy] = useState(false)
  const [offset, setOffset] = useState(0)
  useKeys((input, key) => {
    if (key.upArrow) setOffset((o) => Math.max(0, o - 1))
    else if (key.downArrow) setOffset((o) => o + 1)
    else if (key.tab) setTab((x) => TABS[(TABS.indexOf(x) + (key.shift ? TABS.length - 1 : 1)) % TABS.length])
    else if (key.rightArrow && results.curves.length) {
      setTab('charts')
      setCurveIdx((i) => (i + 1) % results.curves.length)
    } else if (key.leftArrow && results.curves.length) {
      setTab('charts')
      setCurveIdx((i) => (i + results.curves.length - 1) % results.curves.length)
    } else if (input === 'e' && !busy) {
      const dir = defaultRunDir(p.runsDir, results.spec.name ?? p.title)
      setBusy(true)
      setMessage({ text: 'Exporting…', error: false })
      exportRun(p.outcome, dir)
        .then(
          (files) =>
            setMessage({
              text: `Wrote ${path.relative(p.cwd, dir) || dir}/ (${files.length} files: spec.json, results.json, CSVs${files.some((f) => f.endsWith('.svg')) ? ', SVG plots' : ''})`,
              error: false,
            }),
          (e) => setMessage({ text: formatError(e), error: true }),
        )
        .finally(() => setBusy(false))
    } else if (key.escape) p.onBack()
  })
  const bodyH = p.height - 4
  const curve = results.curves[curveIdx]
  return (
    <Box flexDirection="column">
      <Text bold>
        passk · results{' '}
        <Text dimColor>
          {truncate(
            `${p.title ?? results.spec.name ?? 'untitled'} · seed ${results.seed} · ${results.fits.length} fits · ${results.curves.length} curves · ${results.warnings.length} warnings`,
            p.width - 18,
          )}
        </Text>
      </Text>
      <Text>
        {TABS.map((x) => (
          <Text key={x} inverse={x === tab} bold={x === tab}>
            {' '}
            {x === 'fits'
              ? `Fits (${results.fits.length})`
              : x === 'charts'
                ? `Charts (${results.curves.length})`
                : `Warnings (${results.warnings.length})`}{' '}
          </Text>
        ))}
      </Text>
      <Box flexDirection="column" height={bodyH}>
        {tab === 'fits' ? (
          <ResultsTable fits={results.fits} width={p.width} maxRows={bodyH - 2} offset={offset} />
        ) : null}
        {tab === 'charts' ? (
          curve ? (
            <Box flexDirection="column">
              <Text dimColor>
                {truncate(
                  `curve ${curveIdx + 1}/${results.curves.length}: ${curve.stage}.${curve.id}  (←/→ other curves)`,
                  p.width,
                )}
              </Text>
              {renderTerminalChart(curve, {
                width: p.width - 1,
                height: bodyH - 1,
                color: t.color,
                fits: fitsForCurve(results, curve),
              }).map((l, i) => (
                <Text key={i} wrap="truncate-end">
                  {l || ' '}
                </Text>
              ))}
            </Box>
          ) : (
            <Text dimColor>This run produced no curves.</Text>
          )
        ) : null}
        {tab === 'warnings' ? (
          results.warnings.length ? (
            (() => {
              // whole messages, wrapped, as many as fit
              let lines = 0
              const shown = results.warnings.filter((w) => {
                lines += Math.ceil((w.stage.length + w.code.length + w.message.length + 3) / p.width)
                return lines <= bodyH
              })
              return shown.map((w, i) => (
                <Text key={i} {...fg(t, 'yellow')} wrap="wrap">
                  {w.stage} {w.code}: {w.message}
                </Text>
              ))
            })()
          ) : (
            <Text dimColor>No warnings.</Text>
          )
        ) : null}
      </Box>
      <Text {...(message ? fg(t, message.error ? 'red' : 'green') : {})} wrap="truncate-end">
        {message?.text ?? ' '}
      </Text>
      <Text dimColor wrap="truncate-end">
        Tab view · ←/→ chart · ↑/↓ scroll · e export · Esc back · ? help · q quit
      </Text>
    </Box>
  )
}
