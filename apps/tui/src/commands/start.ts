import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadSpec } from '@passk/core'
import { runAndWrite } from '../headless.js'
import { loadDefaultRegistry as createDefaultRegistry } from '../lazy-registry.js'
import type { Command } from '../io.js'
import { openTui } from '../tui-entry.js'

/** examples/quickstart.json of this checkout. */
export const quickstartSpec = fileURLToPath(new URL('../../../../examples/quickstart.json', import.meta.url))

export const startCommand: Command = {
  name: 'start',
  summary: 'The main job: the TUI on a terminal, otherwise a headless run of examples/quickstart.json',
  usage: 'passk start',
  help: `On an interactive terminal, opens the terminal UI (same as plain \`passk\`).
Otherwise (pipes, CI) runs examples/quickstart.json headless and prints its results; the run
directory goes to runs/quickstart-<timestamp>/.`,
  async run(args, io) {
    if (io.isTTY && !args.includes('--headless')) return openTui(io)
    const spec = loadSpec(quickstartSpec)
    const registry = await createDefaultRegistry({ cwd: io.cwd })
    return (await runAndWrite(spec, { registry, baseDir: path.dirname(quickstartSpec), label: 'quickstart' }, io)).code
  },
}
