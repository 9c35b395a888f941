/**
 * `passk`: argv → a headless command, or the Ink TUI with no arguments on a terminal.
 * Exit codes: 0 ok, 1 run failed, 2 bad usage or spec (STYLE §7).
 */
import { formatError, isPasskError, PasskError } from '@passk/core'
import { commands } from './commands/index.js'
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

Examples:
  passk run examples/quickstart.json          simulate Beta failures, fit pass@k
  passk fit ../shared/data/llm-logs/humaneval/gpt-4.csv --k 1,2,5,10
  passk plugins --role fitters                 what can fit a curve

Docs: README.md; exit codes: 0 ok, 1 run failed, 2 bad usage or spec.
`
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
      const cmd = sub ? commands.find((c) => c.name === sub) : undefined
      if (sub && !cmd)
        throw new PasskError(
          'PASSK_USAGE',
          `Unknown command "${sub}".`,
          `Commands: ${commands.map((c) => c.name).join(', ')}.`,
        )
      io.stdout.write(cmd ? `${cmd.usage}\n\n${cmd.summary}.\n\n${cmd.help}\n` : helpText())
      return 0
    }
    if (first === '-v' || first === '--version') {
      io.stdout.write(`${pkg.version}\n`)
      return 0
    }
    const cmd = commands.find((c) => c.name === first)
    if (!cmd) {
      if (first.endsWith('.json'))
        throw new PasskError('PASSK_USAGE', `Unknown command "${first}".`, `To run a spec: passk run ${first}`)
      throw new PasskError(
        'PASSK_USAGE',
        `Unknown command "${first}".`,
        `Commands: ${commands.map((c) => c.name).join(', ')}. Run \`passk --help\`.`,
      )
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(`${cmd.usage}\n\n${cmd.summary}.\n\n${cmd.help}\n`)
      return 0
    }
    return await cmd.run(
      rest.filter((a) => a !== '--debug' || cmd.name === 'run' || cmd.name === 'fit'),
      io,
    )
  } catch (e) {
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
    (e) => {
      process.stderr.write(formatError(e, true) + '\n')
      process.exitCode = 1
    },
  )
}
