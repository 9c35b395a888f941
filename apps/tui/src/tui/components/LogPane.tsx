/** @jsxRuntime automatic @jsxImportSource react */
/** Logs and warnings (pure): a one-line summary when collapsed, the last `height` lines when expanded. */
import { Box, Text } from 'ink'
import type { LogLine } from '../hooks/useRun.js'
import { truncate } from '../internal/format.js'
import { fg, useTheme } from '../theme.js'

export interface LogPaneProps {
  lines: LogLine[]
  warnings: number
  expanded: boolean
  height: number
  width: number
}

export function LogPane({ lines, warnings, expanded, height, width }: LogPaneProps) {
  const t = useTheme()
  const head = `${expanded ? '▾' : '▸'} Logs (${lines.length})${warnings ? ` · ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}  [l] ${expanded ? 'collapse' : 'expand'}`
  return (
    <Box flexDirection="column">
      <Text {...(warnings ? fg(t, 'yellow') : {})} dimColor={!warnings}>
        {head}
      </Text>
      {expanded
        ? lines.slice(-Math.max(1, height)).map((l, i) => (
            <Text
              key={i}
              {...(l.level === 'warning' || l.level === 'warn' ? fg(t, 'yellow') : {})}
              dimColor={l.level === 'debug'}
            >
              {truncate(
                `  ${l.stage} ${l.code ? `${l.code}: ` : l.level === 'info' ? '' : `${l.level}: `}${l.message}`,
                width,
              )}
            </Text>
          ))
        : null}
    </Box>
  )
}
