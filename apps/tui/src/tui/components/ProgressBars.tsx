/** @jsxRuntime automatic @jsxImportSource react */
/** One progress bar per stage (pure): status, done/total, the plugin's label, elapsed time and ETA. */
import { Box, Text } from 'ink'
import { fmtMs, truncate } from '../internal/format.js'
import { stageEta, type StageState } from '../hooks/useRun.js'
import { fg, useTheme } from '../theme.js'

export interface ProgressBarsProps {
  stages: StageState[]
  now: number
  width: number
}

const ICON: Record<StageState['status'], string> = {
  pending: '·',
  running: '▶',
  done: '✓',
  failed: '✗',
  cancelled: '■',
}

export function bar(frac: number | undefined, w: number): string {
  if (w <= 0) return ''
  if (frac === undefined) return '░'.repeat(w)
  const f = Math.max(0, Math.min(1, frac))
  const full = Math.floor(f * w)
  return (
    '█'.repeat(full) +
    (full < w ? '▌'.repeat(f * w - full >= 0.5 ? 1 : 0) : '') +
    '░'.repeat(Math.max(0, w - full - (f * w - full >= 0.5 && full < w ? 1 : 0)))
  )
}

export function ProgressBars({ stages, now, width }: ProgressBarsProps) {
  const t = useTheme()
  const nameW = Math.min(28, Math.max(10, ...stages.map((s) => s.use.length + 1)))
  const barW = Math.max(10, Math.min(30, width - nameW - 30))
  return (
    <Box flexDirection="column">
      {stages.map((s, i) => {
        const frac = s.status === 'done' ? 1 : s.total ? (s.done ?? 0) / s.total : undefined
        const elapsed = s.status === 'done' ? s.ms : s.startedAt !== undefined ? now - s.startedAt : undefined
        const eta = stageEta(s, now)
        const colour =
          s.status === 'done' ? 'green' : s.status === 'failed' ? 'red' : s.status === 'cancelled' ? 'yellow' : 'cyan'
        const count = s.total !== undefined && s.status !== 'done' ? ` ${s.done ?? 0}/${s.total}` : ''
        return (
          <Box key={i} flexDirection="column">
            <Text>
              <Text {...fg(t, colour)}>{ICON[s.status]}</Text> {truncate(s.use, nameW).padEnd(nameW)}
              <Text {...fg(t, colour)}>
                {s.status === 'pending'
                  ? ' '.repeat(barW)
                  : bar(s.status === 'running' && frac === undefined ? undefined : frac, barW)}
              </Text>
              <Text dimColor>
                {count} {s.status === 'pending' ? '' : fmtMs(elapsed)}
                {eta !== undefined ? ` · ETA ${fmtMs(eta)}` : ''}
              </Text>
            </Text>
            {s.status === 'running' && s.label ? (
              <Text dimColor>
                {'    '}
                {truncate(s.label, width - 4)}
              </Text>
            ) : null}
          </Box>
        )
      })}
    </Box>
  )
}
