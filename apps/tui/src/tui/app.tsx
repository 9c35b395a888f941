/** @jsxRuntime automatic @jsxImportSource react */
/**
 * The TUI's screen router: home → compose → run → results, the `?` key map over any screen, q to quit.
 * Holds the draft pipeline across screens; screens and components do no computation of their own
 * (runs go through @passk/core's runner, charts through @passk/plot).
 */
import path from 'node:path'
import { Box, Text, useApp, useInput } from 'ink'
import { Component, useMemo, useRef, useState, type ReactNode } from 'react'
import { PasskError, formatError, readRunDir, type PipelineSpec, type Registry, type RunOutcome } from '@passk/core'
import { KeysContext, useKeys, type KeyHandler } from './hooks/useKeys.js'
import { useTermSize } from './hooks/useTermSize.js'
import { emptyDraft, loadDraft, type Draft } from './internal/draft.js'
import { listExamples, listRuns } from './internal/files.js'
import { inlineRunner, type PipelineRunner } from './internal/runner.js'
import { ComposeScreen } from './screens/compose.js'
import { HelpScreen } from './screens/help.js'
import { HomeScreen } from './screens/home.js'
import { ResultsScreen } from './screens/results.js'
import { RunScreen } from './screens/run.js'
import { ThemeContext, makeTheme } from './theme.js'

export interface AppProps {
  /** Plugins are discovered from here (createDefaultRegistry() in the CLI; a test registry in tests). */
  registry: Registry
  cwd: string
  /** Directories listed under "Open an example" (default: <cwd>/examples). */
  examplesDirs?: string[]
  /** Where runs are exported and recent runs are found (default: <cwd>/runs). */
  runsDir?: string
  /** Colours on (default: true unless NO_COLOR is set). */
  color?: boolean
  /** Open this draft in compose at start (e.g. `passk tui spec.json`). */
  initialDraft?: Draft
  /** Runs pipelines (default: inline on this thread with `registry`; startTui passes a worker runner). */
  runner?: PipelineRunner
  /** Called when Ctrl-C interrupts a running pipeline (startTui then exits with 130); Ctrl-C elsewhere quits. */
  onInterrupt?(): void
}

/** A finished run from its directory (core's readRunDir validates results.json), for viewing without rerunning. */
export function viewRunDir(dir: string): RunOutcome {
  let results: RunOutcome['results']
  try {
    results = readRunDir(dir, { purpose: 'open the run' }).results
  } catch (e) {
    throw new PasskError(
      'PASSK_BAD_RUN_DIR',
      `${path.join(dir, 'results.json')} is not a passk results document: ${(e as Error).message}`,
      'It was written by another passk version or another program; open its spec.json and run it again.',
      { cause: e },
    )
  }
  return { results, timings: {}, outputs: new Map() }
}

type Screen =
  | { name: 'home'; reopenRun?: string }
  | { name: 'compose' }
  | { name: 'run'; spec: PipelineSpec; key: number }
  /** `viewed`: a recent run's directory opened from home (Esc goes back to that list, not to the draft). */
  | { name: 'results'; outcome: RunOutcome; viewed?: { dir: string; title: string } }

/** Catches a render error in a screen and shows it instead of crashing the terminal. */
class ScreenBoundary extends Component<{ children: ReactNode; onReset(): void }, { error?: unknown }> {
  override state: { error?: unknown } = {}
  static getDerivedStateFromError(error: unknown) {
    return { error }
  }
  override render() {
    if (this.state.error !== undefined)
      return (
        <BoundaryError
          error={this.state.error}
          onReset={() => {
            this.setState({ error: undefined })
            this.props.onReset()
          }}
        />
      )
    return this.props.children
  }
}

function BoundaryError({ error, onReset }: { error: unknown; onReset(): void }) {
  useKeys((_i, key) => {
    if (key.escape || key.return) onReset()
  })
  return (
    <Box flexDirection="column">
      <Text bold>Something went wrong on this screen:</Text>
      <Text>{formatError(error)}</Text>
      <Text dimColor>Enter/Esc: back to the home screen · q quit</Text>
    </Box>
  )
}

export function App(props: AppProps) {
  const { registry, cwd } = props
  const { exit } = useApp()
  const size = useTermSize()
  const theme = useMemo(() => makeTheme(props.color ?? !process.env.NO_COLOR), [props.color])
  const [screen, setScreen] = useState<Screen>(props.initialDraft ? { name: 'compose' } : { name: 'home' })
  const [draft, setDraft] = useState<Draft>(props.initialDraft ?? emptyDraft())
  const [help, setHelp] = useState(false)
  const runner = useMemo(() => props.runner ?? inlineRunner(registry), [props.runner, registry])
  const typing = useRef(false)
  const runKey = useRef(0)
  const examplesDirs = props.examplesDirs ?? [path.join(cwd, 'examples')]
  const runsDir = props.runsDir ?? path.join(cwd, 'runs')
  const baseDir = draft.file ? path.dirname(draft.file) : cwd
  const title =
    draft.name ??
    (draft.file
      ? path.basename(draft.file) === 'spec.json'
        ? path.basename(path.dirname(draft.file))
        : path.basename(draft.file, '.json')
      : undefined)

  const keys = useRef<KeyHandler | null>(null)
  const helpRef = useRef(false)
  helpRef.current = help
  const screenRef = useRef(screen)
  screenRef.current = screen
  useInput((rawInput, rawKey) => {
    // Enter typed before the terminal was in raw mode (during start-up) arrives as '\n' (ICRNL): still Enter
    const early = rawInput === '\n' && !rawKey.return
    const input = early ? '' : rawInput
    const key = early ? { ...rawKey, return: true } : rawKey
    if (key.ctrl && input === 'c') {
      // Ctrl-C quits; during a run it interrupts work, which the exit code says (130, as for SIGINT)
      if (screenRef.current.name === 'run') props.onInterrupt?.()
      exit()
      return
    }
    if (helpRef.current) {
      // the key map is drawn over the screen, which stays mounted (a run screen must not restart)
      if (key.escape || input === '?' || key.return) {
        helpRef.current = false
        setHelp(false)
      } else if (input === 'q') exit()
      return
    }
    if (!typing.current) {
      if (input === '?') {
        helpRef.current = true
        setHelp(true)
        return
      }
      if (input === 'q') {
        exit()
        return
      }
    }
    keys.current?.(input, key)
  })

  const height = size.rows - 1
  let body: ReactNode
  if (screen.name === 'home') {
    body = (
      <HomeScreen
        examples={() => listExamples(examplesDirs)}
        runs={() => listRuns(runsDir)}
        pluginCount={registry.list().length}
        hasDraft={draft.stages.length > 0}
        width={size.columns}
        height={height}
        onNew={() => {
          setDraft(emptyDraft())
          setScreen({ name: 'compose' })
        }}
        onResume={() => setScreen({ name: 'compose' })}
        onOpen={(file) => {
          setDraft(loadDraft(file, registry))
          setScreen({ name: 'compose' })
        }}
        onView={(dir) => {
          const outcome = viewRunDir(dir)
          setScreen({
            name: 'results',
            outcome,
            viewed: { dir, title: outcome.results.spec.name ?? path.basename(dir) },
          })
        }}
        reopenRun={screen.reopenRun}
        onHelp={() => setHelp(true)}
        onQuit={() => exit()}
      />
    )
  } else if (screen.name === 'compose') {
    body = (
      <ComposeScreen
        registry={registry}
        draft={draft}
        setDraft={setDraft}
        cwd={cwd}
        width={size.columns}
        height={height}
        onRun={(spec) => {
          typing.current = false
          setScreen({ name: 'run', spec, key: ++runKey.current })
        }}
        onBack={() => setScreen({ name: 'home' })}
        setTyping={(v) => {
          typing.current = v
        }}
      />
    )
  } else if (screen.name === 'run') {
    body = (
      <RunScreen
        key={screen.key}
        spec={screen.spec}
        title={title}
        runner={runner}
        baseDir={baseDir}
        width={size.columns}
        height={height}
        onDone={(outcome) => setScreen({ name: 'results', outcome })}
        onBack={() => setScreen({ name: 'compose' })}
      />
    )
  } else {
    body = (
      <ResultsScreen
        title={screen.viewed ? screen.viewed.title : title}
        outcome={screen.outcome}
        runsDir={runsDir}
        cwd={cwd}
        width={size.columns}
        height={height}
        onBack={() => setScreen(screen.viewed ? { name: 'home', reopenRun: screen.viewed.dir } : { name: 'compose' })}
      />
    )
  }
  return (
    <ThemeContext.Provider value={theme}>
      <KeysContext.Provider value={keys}>
        <ScreenBoundary
          onReset={() => {
            setHelp(false)
            setScreen({ name: 'home' })
          }}
        >
          {help ? <HelpScreen width={size.columns} /> : null}
          <Box flexDirection="column" width={size.columns} display={help ? 'none' : 'flex'}>
            {body}
          </Box>
        </ScreenBoundary>
      </KeysContext.Provider>
    </ThemeContext.Provider>
  )
}
