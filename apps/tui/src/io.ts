/** The CLI's view of the process, injectable for tests. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { columns?: number }
  stderr: NodeJS.WritableStream & { columns?: number }
  /** True when stdout and stdin are terminals (interactive use). */
  isTTY: boolean
  /** True when progress may be redrawn in place on stderr. */
  stderrTTY: boolean
  cwd: string
  env: NodeJS.ProcessEnv
}

export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY) && !process.env.CI,
    stderrTTY: Boolean(process.stderr.isTTY) && !process.env.CI,
    cwd: process.cwd(),
    env: process.env,
  }
}

export interface Command {
  name: string
  summary: string
  usage: string
  /** Full help text (options, examples). */
  help: string
  /** Returns the exit code: 0 ok, 1 run failed, 2 bad usage or spec. */
  run(args: string[], io: CliIO): Promise<number>
}

/** Shared color helper: respects NO_COLOR and non-TTY output. */
export function colors(io: CliIO, stream: 'stdout' | 'stderr' = 'stderr') {
  const on = !io.env.NO_COLOR && (stream === 'stderr' ? io.stderrTTY : io.isTTY)
  const w = (code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s)
  return { bold: w('1'), dim: w('2'), red: w('31'), green: w('32'), yellow: w('33'), cyan: w('36') }
}
