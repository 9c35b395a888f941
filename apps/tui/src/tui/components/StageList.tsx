/** @jsxRuntime automatic @jsxImportSource react */
/** The pipeline's stages (pure): plugin id, the kinds flowing in and out, and a mark for problems. */
import { Box, Text } from 'ink'
import { truncate } from '../internal/format.js'
import { fg, useTheme } from '../theme.js'

export interface StageRow { id: string; use: string; produces?: string; problem?: string | undefined }

export interface StageListProps { stages: StageRow[]; selected: number; focused: boolean; width: number }

export function StageList({ stages, selected, focused, width }: StageListProps) {
  const t = useTheme()
  if (!stages.length) return <Text dimColor>(no stages yet — press a to add a data source)</Text>
  return (
    <Box flexDirection="column">
      {stages.map((s, i) => {
        const sel = i === selected
        const mark = s.problem ? '✗' : '✓'
        return (
          <Box key={`${i}-${s.use}`} flexDirection="column">
            <Text inverse={sel && focused} bold={sel}>
              {sel ? '›' : ' '}{i + 1}. {truncate(s.use.length <= width - 6 ? s.use : s.use.split('/').pop()!, width - 6)}
            </Text>
            <Text>
              {'    '}<Text {...fg(t, s.problem ? 'red' : 'green')}>{mark}</Text>
              <Text dimColor> → {truncate(s.produces ?? '?', width - 8)}</Text>
            </Text>
          </Box>
        )
      })}
    </Box>
  )
}
