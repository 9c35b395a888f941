/** @jsxRuntime automatic @jsxImportSource react */
/**
 * The pipeline's stages (pure): plugin id, the kind each produces, and a mark for problems. Scrolls to the selection.
 */
import { Box, Text } from 'ink'
import { truncate } from '../internal/format.js'
import { fg, useTheme } from '../theme.js'

export interface StageRow {
  id: string
  use: string
  produces?: string
  problem?: string | undefined
}

export interface StageListProps {
  stages: StageRow[]
  selected: number
  focused: boolean
  width: number
  /** Lines available (each stage takes two). */ height?: number
}

export function StageList({ stages, selected, focused, width, height = 1000 }: StageListProps) {
  const t = useTheme()
  if (!stages.length)
    return (
      <Text dimColor wrap="wrap">
        (no stages yet — press a to add a data source)
      </Text>
    )
  const fit = Math.max(1, Math.floor(height / 2))
  const windowed = stages.length > fit
  const rows = windowed ? Math.max(1, Math.floor((height - 2) / 2)) : fit
  const start = windowed ? Math.max(0, Math.min(selected - Math.floor(rows / 2), stages.length - rows)) : 0
  const visible = stages.slice(start, start + rows)
  return (
    <Box flexDirection="column">
      {windowed ? <Text dimColor>{start > 0 ? ` ↑ ${start} more` : ' '}</Text> : null}
      {visible.map((s, j) => {
        const i = start + j
        const sel = i === selected
        const name = s.use.length <= width - 6 ? s.use : s.use.split('/').pop()!
        return (
          <Box key={`${i}-${s.use}`} flexDirection="column">
            <Text inverse={sel && focused} bold={sel} wrap="truncate-end">
              {sel ? '›' : ' '}
              {i + 1}. {truncate(name, width - 6)}
            </Text>
            <Text wrap="truncate-end">
              {'    '}
              <Text {...fg(t, s.problem ? 'red' : 'green')}>{s.problem ? '✗' : '✓'}</Text>
              <Text dimColor> → {truncate(s.produces ?? '?', Math.max(1, width - 8))}</Text>
            </Text>
          </Box>
        )
      })}
      {windowed ? (
        <Text dimColor>{start + rows < stages.length ? ` ↓ ${stages.length - start - rows} more` : ' '}</Text>
      ) : null}
    </Box>
  )
}
