/**
 * `passk`: argv → a headless command, or the Ink TUI with no arguments on a terminal.
 * Exit codes: 0 ok, 1 run failed, 2 bad usage or spec (STYLE §7).
 */
import type { PasskError } from '@passk/core'
import { commands, type CommandEntry } from './commands/index.js'
import { didYouMean } from './suggest.js'
import { processIO, type CliIO } from './io.js'
import { openTui } from './tui-entry.js'
import pkg from '../package.json' with { type: 'json' }

export function helpText(): string {
  const w = Math.max(...commands.map((c) => c.name.length))
  return `passk ${pkg.version} — measure and predict how repeated attempts (pass@k) pay off

Usage:
  passk                      open the terminal UI (on an interactive terminal)
${commands.map((c) => `  passk ${c.name.padEnd(w)}  ${c.summary}`).join('\n')}

Global options:
  -h, --help       help for passk or a command (passk run --help)
  -v, --version    print the version
  --debug          show stack traces on errors
  --config F       (run, fit, plugins) load external plugins from this passk.config.json;
                   default: ./passk.config.json in the working directory only, never a parent's
  --no-config      (run, fit, plugins) load no external plugins

Examples:
  passk run examples/quickstart.json          simulate Beta failures, fit pass@k
  passk fit ../shared/data/llm-logs/humaneval/gpt-4.csv --k 1,2,5,10
  passk plugins --role fitters                 what can fit a curve

Docs: README.md; exit codes: 0 ok, 1 run failed, 2 bad usage or spec.
`
}

const commandHelp = async (entry: CommandEntry) => {
  const cmd = await entry.load()
  return `${cmd.usage}\n\n${cmd.summary}.\n\n${cmd.help}\n`
}

/** An unknown command: the nearest names, or the list (@passk/core loads lazily: `passk --help` needs none of it). */
async function unknownCommand(name: string): Promise<PasskError> {
  const { PasskError } = await import('@passk/core')
  const names = commands.map((c) => c.name)
  if (name.endsWith('.json'))
    return new PasskError('PASSK_USAGE', `Unknown command "${name}".`, `To run a spec: passk run ${name}`)
  return new PasskError(
    'PASSK_USAGE',
    `Unknown command "${name}".`,
    `${didYouMean(name, names, 'passk ')}Commands: ${names.join(', ')}. Run \`passk --help\`.`,
  )
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const debug = argv.includes('--debug')
  try {
    const [first, ...rest] = argv
    if (first === undefined) {
      if (io.isTTY) return await openTui(io)
      io.stdout.write(helpText())
      return 0
    }
    if (first === '-h' || first === '--help' || first === 'help') {
      const sub = first === 'help' ? rest[0] : undefined
      const entry = sub ? commands.find((c) => c.name === sub) : undefined
      if (sub && !entry) throw await unknownCommand(sub)
      io.stdout.write(entry ? await commandHelp(entry) : helpText())
      return 0
    }
    if (first === '-v' || first === '--version') {
      io.stdout.write(`${pkg.version}\n`)
      return 0
    }
    const entry = commands.find((c) => c.name === first)
    if (!entry) throw await unknownCommand(first)
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(await commandHelp(entry))
      return 0
    }
    const cmd = await entry.load()
    return await cmd.run(
      rest.filter((a) => a !== '--debug' || cmd.name === 'run' || cmd.name === 'fit'),
      io,
    )
  } catch (e) {
    const { formatError, isPasskError } = await import('@passk/core')
    io.stderr.write(formatError(e, debug) + '\n')
    return isPasskError(e) ? e.exitCode : 1
  }
}

const isMain = process.argv[1] !== undefined && /(?:passk(?:\.js)?|cli\.[jt]s)$/.test(process.argv[1])
if (isMain) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
      process.exitCode = 1
    },
  )
}
