/** @jsxRuntime automatic @jsxImportSource react */
/** Home: start a new pipeline, open an example or a recent run, help, quit. */
import path from 'node:path'
import { Box, Text } from 'ink'
import { useKeys } from '../hooks/useKeys.js'
import { useState } from 'react'
import { useSyncState } from '../hooks/useSyncState.js'
import { formatError } from '@passk/core'
import type { SpecFile } from '../internal/files.js'
import { truncate } from '../internal/format.js'
import { fg, useTheme } from '../theme.js'

export interface HomeProps {
  examples: () => SpecFile[]
  runs: () => SpecFile[]
  pluginCount: number
  hasDraft: boolean
  width: number
  height: number
  onNew(): void
  onResume(): void
  /** Open a spec file; throws (PasskError) when it cannot be read. */
  onOpen(file: string): void
  /** Show a run directory's results.json (recent runs only); throws when it cannot be read. */
  onView(runDir: string): void
  onHelp(): void
  onQuit(): void
  /** Open on the recent-runs list with this run directory selected (coming back from viewing its results). */
  reopenRun?: string | undefined
}

type Mode = { kind: 'menu' } | { kind: 'pick'; title: string; files: SpecFile[]; runs?: boolean }

export function HomeScreen(p: HomeProps) {
  const t = useTheme()
  const [init] = useState<{ mode: Mode; sel: number }>(() => {
    if (!p.reopenRun) return { mode: { kind: 'menu' }, sel: 0 }
    const files = p.runs()
    const at = files.findIndex((f) => path.dirname(f.file) === p.reopenRun)
    return { mode: { kind: 'pick', title: 'Recent runs', files, runs: true }, sel: Math.max(0, at) }
  })
  // state readable at once through refs: keys that arrive together (typed during start-up, paste) see each other
  const [mode, setMode, modeRef] = useSyncState<Mode>(init.mode)
  const [sel, setSel, selRef] = useSyncState(init.sel)
  const [error, setError] = useState<string | undefined>()
  const items = [
    ...(p.hasDraft ? [{ label: 'Continue composing', run: p.onResume }] : []),
    { label: 'Compose a new pipeline', run: p.onNew },
    {
      label: 'Open an example (examples/*.json)',
      run: () => {
        setMode({ kind: 'pick', title: 'Examples', files: p.examples() })
        setSel(0)
        setError(undefined)
      },
    },
    {
      label: 'Open a recent run (runs/*/spec.json)',
      run: () => {
        setMode({ kind: 'pick', title: 'Recent runs', files: p.runs(), runs: true })
        setSel(0)
        setError(undefined)
      },
    },
    { label: 'Key map and help', run: p.onHelp },
    { label: 'Quit', run: p.onQuit },
  ]
  useKeys((input, key) => {
    const mode = modeRef.current,
      sel = selRef.current
    const n = mode.kind === 'menu' ? items.length : mode.files.length
    if (key.upArrow || input === 'k') setSel((s) => (s + n - 1) % Math.max(1, n))
    else if (key.downArrow || input === 'j' || key.tab) setSel((s) => (s + 1) % Math.max(1, n))
    else if (key.escape && mode.kind === 'pick') {
      setMode({ kind: 'menu' })
      setSel(0)
    } else if (input === 'v' && mode.kind === 'pick' && mode.runs) {
      const f = mode.files[sel]
      if (!f) return
      try {
        p.onView(path.dirname(f.file))
      } catch (e) {
        setError(formatError(e))
      }
    } else if (key.return) {
      if (mode.kind === 'menu') items[sel]?.run()
      else {
        const f = mode.files[sel]
        if (!f) return
        try {
          p.onOpen(f.file)
        } catch (e) {
          setError(formatError(e))
        }
      }
    }
  })
  const listH = Math.max(3, p.height - 9)
  return (
    <Box flexDirection="column">
      <Text bold>
        passk · pass@k scaling lab <Text dimColor>({p.pluginCount} plugins registered)</Text>
      </Text>
      <Text dimColor>Build a pipeline (source → estimator → evaluator → fitter), run it, read the fits.</Text>
      <Text> </Text>
      {mode.kind === 'menu' ? (
        items.map((it, i) => (
          <Text key={it.label} inverse={i === sel}>
            {i === sel ? '›' : ' '} {it.label}
          </Text>
        ))
      ) : (
        <Box flexDirection="column">
          <Text bold>{mode.title}</Text>
          {mode.files.length === 0 ? <Text dimColor>(none found)</Text> : null}
          {mode.files.slice(Math.max(0, sel - listH + 1), Math.max(0, sel - listH + 1) + listH).map((f) => {
            const i = mode.files.indexOf(f)
            return (
              <Text key={f.file} inverse={i === sel}>
                {i === sel ? '›' : ' '} {truncate(`${f.label}${f.detail ? `  — ${f.detail}` : ''}`, p.width - 3)}
              </Text>
            )
          })}
        </Box>
      )}
      {error ? (
        <Box marginTop={1}>
          <Text {...fg(t, 'red')}>{error}</Text>
        </Box>
      ) : null}
      <Box marginTop={1}>
        <Text dimColor>
          ↑/↓ move · Enter open{mode.kind === 'pick' && mode.runs ? ' the spec · v view results' : ''} ·{' '}
          {mode.kind === 'pick' ? 'Esc back · ' : ''}? help · q quit
        </Text>
      </Box>
    </Box>
  )
}
