/** @jsxRuntime automatic @jsxImportSource react */
/**
 * startTui: mount the Ink app on the real terminal (called by `passk` with no arguments on a TTY).
 * Ink restores raw mode and the cursor on exit, Ctrl-C and errors; we also unmount on SIGTERM and on
 * an uncaught error so the terminal is never left broken. Returns the exit code (0 ok, 1 error, 130 when
 * Ctrl-C interrupted a run).
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { render } from 'ink'
import { formatError } from '@passk/core'
import { createDefaultRegistry } from '../registry.js'
import { App } from './app.js'
import { loadDraft } from './internal/draft.js'
import { createWorkerRunner, inlineRunner, type PipelineRunner } from './internal/runner.js'

export { App, type AppProps } from './app.js'
export { renderTerminalChart } from '@passk/plot'

/** examples/ of this checkout (used besides <cwd>/examples). */
const repoExamples = fileURLToPath(new URL('../../../../examples', import.meta.url))

export interface StartTuiOptions {
  cwd: string
  /** Open this spec file in compose at start. */
  spec?: string
}

export async function startTui(opts: StartTuiOptions): Promise<number> {
  const registry = await createDefaultRegistry({ cwd: opts.cwd })
  const initialDraft = opts.spec ? loadDraft(path.resolve(opts.cwd, opts.spec), registry) : undefined
  const examplesDirs = [...new Set([path.join(opts.cwd, 'examples'), repoExamples])]
  // runs go to a worker thread so a long synchronous stage cannot freeze the screen (PASSK_TUI_INLINE=1 opts out)
  let runner: PipelineRunner
  try {
    runner = process.env.PASSK_TUI_INLINE === '1' ? inlineRunner(registry) : createWorkerRunner(opts.cwd)
  } catch {
    runner = inlineRunner(registry)
  }
  let interrupted = false
  const app = render(
    <App
      registry={registry}
      onInterrupt={() => {
        interrupted = true
      }}
      runner={runner}
      cwd={opts.cwd}
      examplesDirs={examplesDirs}
      color={!process.env.NO_COLOR}
      {...(initialDraft ? { initialDraft } : {})}
    />,
    // the app handles Ctrl-C itself: it quits, with exit code 130 when it interrupted a run
    { exitOnCtrlC: false },
  )
  let fatal = false
  const onFatal = (e: unknown) => {
    fatal = true
    app.unmount()
    process.stderr.write(formatError(e) + '\n')
  }
  const onTerm = () => app.unmount()
  process.once('uncaughtException', onFatal)
  process.once('SIGTERM', onTerm)
  try {
    await app.waitUntilExit()
    return fatal ? 1 : interrupted ? 130 : 0
  } catch (e) {
    process.stderr.write(formatError(e) + '\n')
    return 1
  } finally {
    runner.close?.()
    process.removeListener('uncaughtException', onFatal)
    process.removeListener('SIGTERM', onTerm)
  }
}
