/** Opens the Ink TUI (apps/tui/src/tui). Loaded lazily so headless commands never import React/Ink. */
import type { CliIO } from './io.js'

export async function openTui(io: CliIO, opts: { spec?: string } = {}): Promise<number> {
  const modPath = './tui/index.js'
  let mod: { startTui?: (o: { cwd: string; spec?: string }) => Promise<number> }
  try {
    mod = await import(modPath)
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
