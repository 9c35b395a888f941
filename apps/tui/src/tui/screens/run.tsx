/** @jsxRuntime automatic @jsxImportSource react */
/** Run: one progress bar per stage with elapsed time and ETA, cancel, logs; a failed stage's error. */
import { Box, Text } from 'ink'
import { useKeys } from '../hooks/useKeys.js'
import { useEffect, useState } from 'react'
import { isPasskError, type PipelineSpec, type RunOutcome } from '@passk/core'
import type { PipelineRunner } from '../internal/runner.js'
import { LogPane } from '../components/LogPane.js'
import { ProgressBars } from '../components/ProgressBars.js'
import { useRun } from '../hooks/useRun.js'
import { fmtMs } from '../internal/format.js'
import { fg, useTheme } from '../theme.js'

export interface RunProps {
  spec: PipelineSpec
  runner: PipelineRunner
  baseDir: string
  width: number
  height: number
  onDone(outcome: RunOutcome): void
  onBack(): void
  /** Pipeline name for the header (spec name or file name). */
  title?: string | undefined
}

/** code, message, hint and cause of an error, for display. */
export function errorParts(e: unknown): { code: string; message: string; hint?: string; cause?: string } {
  if (isPasskError(e)) {
    const cause = (e as { cause?: unknown }).cause
    return {
      code: e.code,
      message: e.message,
      ...(e.hint ? { hint: e.hint } : {}),
      ...(cause instanceof Error && cause.message !== e.message && !e.message.includes(cause.message)
        ? { cause: cause.message }
        : {}),
    }
  }
  return { code: 'ERROR', message: e instanceof Error ? e.message : String(e) }
}

export function RunScreen(p: RunProps) {
  const t = useTheme()
  const { state, cancel } = useRun(p.spec, { runner: p.runner, baseDir: p.baseDir })
  const [now, setNow] = useState(() => performance.now())
  const [logsOpen, setLogsOpen] = useState(false)
  useEffect(() => {
    if (state.phase !== 'running') return
    const id = setInterval(() => setNow(performance.now()), 250)
    return () => clearInterval(id)
  }, [state.phase])
  useEffect(() => {
    if (state.phase === 'done' && state.outcome) p.onDone(state.outcome)
  }, [state.phase]) // eslint-disable-line react-hooks/exhaustive-deps
  useKeys((input, key) => {
    if (input === 'l') setLogsOpen((o) => !o)
    else if (state.phase === 'running' && (input === 'c' || key.escape)) cancel()
    else if (state.phase !== 'running' && (key.escape || key.return || input === 'b')) p.onBack()
  })
  const elapsed = state.ms ?? now - state.startedAt
  const err = state.error !== undefined ? errorParts(state.error) : undefined
  const logH = Math.max(2, p.height - state.stages.length * 2 - 12)
  return (
    <Box flexDirection="column">
      <Text bold>
        passk · run{' '}
        <Text dimColor>
          {p.title ?? p.spec.name ?? 'untitled'} · seed {p.spec.seed ?? 0} · {fmtMs(elapsed)}
        </Text>
      </Text>
      <Text> </Text>
      <ProgressBars stages={state.stages} now={now} width={p.width} />
      <Text> </Text>
      {state.phase === 'running' ? <Text {...fg(t, 'cyan')}>Running… press c to cancel</Text> : null}
      {state.phase === 'cancelled' ? (
        <Text {...fg(t, 'yellow')}>Cancelled after {fmtMs(elapsed)}. Nothing was written. Esc: back to compose</Text>
      ) : null}
      {state.phase === 'failed' && err ? (
        <Box flexDirection="column" borderStyle="round" {...(t.color ? { borderColor: 'red' } : {})} paddingX={1}>
          <Text bold {...fg(t, 'red')}>
            ✗ {err.code}
          </Text>
          <Text wrap="wrap">{err.message}</Text>
          {err.cause ? (
            <Text dimColor wrap="wrap">
              cause: {err.cause}
            </Text>
          ) : null}
          {err.hint ? (
            <Text {...fg(t, 'yellow')} wrap="wrap">
              hint: {err.hint}
            </Text>
          ) : null}
          <Text dimColor>Esc: back to compose to fix the options</Text>
        </Box>
      ) : null}
      {state.phase === 'done' ? <Text {...fg(t, 'green')}>✓ done in {fmtMs(elapsed)}</Text> : null}
      <LogPane lines={state.logs} warnings={state.warnings.length} expanded={logsOpen} height={logH} width={p.width} />
      <Text dimColor>
        {state.phase === 'running' ? 'c/Esc cancel · l logs · q quit' : 'Esc back · l logs · ? help · q quit'}
      </Text>
    </Box>
  )
}
