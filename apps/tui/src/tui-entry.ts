/** Opens the Ink TUI (apps/tui/src/tui). Loaded lazily so headless commands never import React/Ink. */
import type { CliIO } from './io.js'

export async function openTui(io: CliIO, opts: { spec?: string } = {}): Promise<number> {
  // Raw mode at once, before React, Ink and the plugins load: keys typed during start-up then wait unechoed in
  // the terminal's input queue and reach the first screen, instead of being echoed and line-buffered.
  const early = holdKeys()
  try {
    return await startTuiModule(io, opts)
  } finally {
    early.release()
  }
}

/** Put an interactive stdin in raw mode without reading it; release() restores the mode if Ink did not take over. */
function holdKeys(): { release(): void } {
  const stdin = process.stdin
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') return { release() {} }
  try {
    stdin.setRawMode(true)
  } catch {
    return { release() {} }
  }
  return {
    release() {
      try {
        if (stdin.isRaw) stdin.setRawMode(false)
      } catch {
        /* the terminal is gone */
      }
    },
  }
}

async function startTuiModule(io: CliIO, opts: { spec?: string }): Promise<number> {
  let mod: { startTui?: (o: { cwd: string; spec?: string }) => Promise<number> }
  try {
    mod = await import('./tui/index.js')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw e
    mod = {}
  }
  if (!mod.startTui) {
    io.stderr.write('The terminal UI is not available in this build; see `passk --help` for headless commands.\n')
    return 2
  }
  return mod.startTui({ cwd: io.cwd, ...(opts.spec ? { spec: opts.spec } : {}) })
}
