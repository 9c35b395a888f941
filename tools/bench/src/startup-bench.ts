/**
 * Start-up benchmark (issue 17, target 1), part of `npm run bench` (`--only startup` runs it alone):
 * each command as a fresh process against `node -e 0` in the same run, interleaved in rounds so every
 * command sees the same load; median of --startup-repeats (default 7, at least 5) rounds, wall and CPU
 * (user + system of the child, from /proc/self/stat's cutime/cstime: 10 ms ticks), 1-min load average
 * before and after. Commands:
 *   passk --help                       the bin, running the esbuild bundle (dist/bundle) when it is fresh
 *   passk --help (sources, tsx)        PASSK_FROM_SOURCE=1, for comparison
 *   passk fit humaneval/all_models.csv the whole fit: read, bootstrap, 4 fits, coverage@cost, plots, run dir
 *   TUI first frame                    `passk` on a pseudo-terminal (script(1)) until the home screen is drawn
 * and, in this process, workers from spawn to their first message: the TUI's run worker (loads the
 * registry, posts `ready`), a JSONL worker of sources/llm-logs, and a W1 bench pool worker.
 * Targets: --help ≤ 0.3 s, fit ≤ 1.0 s, TUI first frame ≤ 1.0 s, workers ready ≤ 0.2 s (wall, median).
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { writeSection } from './benchmarks-md.js'
import { benchWorkerEntry } from './pool.js'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const bin = path.join(repoRoot, 'apps/tui/bin/passk.js')
const dist = path.join(repoRoot, 'apps/tui/dist')
const humaneval = path.resolve(repoRoot, '../shared/data/llm-logs/humaneval/all_models.csv')

/** Children's CPU seconds so far (user + system of waited-for children), or null off Linux. */
function childCpuS(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // fields 16 and 17 of stat(5) (cutime, cstime) are at 13, 14 after the command name
    return (Number(f[13]) + Number(f[14])) / 100
  } catch {
    return null
  }
}

interface Sample {
  wallS: number
  cpuS: number | null
}

interface Command {
  name: string
  target?: number
  run(): Promise<Sample>
}

const env = (extra: Record<string, string> = {}) => {
  const { CI: _ci, FORCE_COLOR: _fc, ...rest } = process.env
  return { ...rest, NO_COLOR: '1', ...extra }
}

function processCommand(
  name: string,
  args: string[],
  opts: { env?: Record<string, string>; target?: number } = {},
): Command {
  return {
    name,
    ...(opts.target !== undefined ? { target: opts.target } : {}),
    run() {
      const c0 = childCpuS()
      const t0 = performance.now()
      const r = spawnSync(process.execPath, args, { cwd: repoRoot, env: env(opts.env), encoding: 'utf8' })
      const wallS = (performance.now() - t0) / 1000
      const c1 = childCpuS()
      if (r.status !== 0) throw new Error(`${name}: exit ${r.status}\n${r.stderr}`)
      return Promise.resolve({ wallS, cpuS: c0 === null || c1 === null ? null : c1 - c0 })
    },
  }
}

/** `passk` on a pseudo-terminal: time until the home screen's first menu entry is on the terminal. */
function tuiCommand(target: number): Command {
  return {
    name: 'TUI first frame (passk on a pty)',
    target,
    run: () =>
      new Promise<Sample>((resolve, reject) => {
        const t0 = performance.now()
        const cmd = `stty cols 100 rows 30; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)}`
        const child = spawn('script', ['-qfec', cmd, '/dev/null'], {
          cwd: repoRoot,
          env: env({ TERM: 'xterm-256color' }),
          stdio: ['pipe', 'pipe', 'ignore'],
          detached: true,
        })
        let out = ''
        let wallS = 0
        const timer = setTimeout(() => stop(new Error('no frame within 30 s')), 30_000)
        const stop = (e?: Error) => {
          clearTimeout(timer)
          try {
            if (child.pid) process.kill(-child.pid, 'SIGTERM')
          } catch {
            /* already gone */
          }
          // CPU not measured: script(1) is killed before it reaps passk, so the child's time is not counted
          child.once('close', () => (e ? reject(e) : resolve({ wallS, cpuS: null })))
        }
        child.stdout.on('data', (d: Buffer) => {
          if (wallS) return
          out += d.toString()
          if (out.includes('Compose a new pipeline')) {
            wallS = (performance.now() - t0) / 1000
            stop()
          }
        })
        child.once('error', (e) => stop(e))
      }),
  }
}

/** A worker thread from `new Worker` to its first message. */
function workerCommand(name: string, file: string, workerData: unknown, target: number): Command {
  return {
    name,
    target,
    run: () =>
      new Promise<Sample>((resolve, reject) => {
        const cpu0 = process.cpuUsage()
        const t0 = performance.now()
        const w = new Worker(file, { workerData, execArgv: [] })
        w.once('message', () => {
          const wallS = (performance.now() - t0) / 1000
          const u = process.cpuUsage(cpu0)
          void w.terminate().then(() => resolve({ wallS, cpuS: (u.user + u.system) / 1e6 }))
        })
        w.once('error', reject)
      }),
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

export interface StartupResult {
  started: string
  repeats: number
  loadAverage: { before: number; after: number }
  bundle: boolean
  rows: {
    name: string
    wallS: number
    cpuS: number | null
    overNodeS: number
    target: number | null
    met: boolean | null
  }[]
  notes: string[]
}

export async function runStartupBench(opts: { repeats?: number; write?: boolean } = {}): Promise<StartupResult> {
  const repeats = Math.max(5, opts.repeats ?? 7)
  const started = new Date().toISOString()
  const notes: string[] = []
  const bundle = existsSync(path.join(dist, 'bundle/passk.js'))
  if (!bundle) notes.push('no bundle in apps/tui/dist (run `npm run build:cli`): `passk` ran from the sources')
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'passk-startup-'))
  let runN = 0
  const commands: Command[] = [
    processCommand('node -e 0', ['-e', '0']),
    processCommand('passk --help', [bin, '--help'], { target: 0.3 }),
    processCommand('passk --help (sources, tsx)', [bin, '--help'], { env: { PASSK_FROM_SOURCE: '1' } }),
  ]
  if (existsSync(humaneval)) {
    const fit = processCommand('passk fit humaneval/all_models.csv', [bin, 'fit', humaneval, '--quiet'], {
      target: 1.0,
    })
    commands.push({
      ...fit,
      run: () => {
        // a fresh run directory each time (the default one is timestamped to the second)
        const c = processCommand(fit.name, [bin, 'fit', humaneval, '--quiet', '--out', path.join(tmp, `fit-${runN++}`)])
        return c.run()
      },
    })
  } else notes.push(`${humaneval} is absent: passk fit not measured`)
  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0
  if (hasScript) commands.push(tuiCommand(1.0))
  else notes.push('script(1) is absent: TUI first frame not measured')
  if (bundle) {
    commands.push(
      workerCommand(
        'worker ready: TUI run worker (registry loaded)',
        path.join(dist, 'run-worker.js'),
        { cwd: repoRoot },
        0.2,
      ),
    )
    commands.push(
      workerCommand(
        'worker ready: llm-logs JSONL worker',
        path.join(dist, 'bundle/jsonl-worker.js'),
        { plan: {}, cuts: [0], next: new SharedArrayBuffer(4) },
        0.2,
      ),
    )
  }
  const pool = benchWorkerEntry()
  if (pool.bundled)
    commands.push(
      workerCommand('worker ready: W1 bench pool worker', fileURLToPath(pool.url), { backend: 'auto' }, 0.2),
    )
  else notes.push('W1 bench worker bundle absent or stale: pool worker not measured')

  const loadBefore = os.loadavg()[0]
  const samples = new Map<string, Sample[]>(commands.map((c) => [c.name, []]))
  try {
    for (const c of commands) await c.run() // warm the file cache once, not counted
    for (let r = 0; r < repeats; r++) for (const c of commands) samples.get(c.name)?.push(await c.run())
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
  const loadAfter = os.loadavg()[0]
  if (Math.min(loadBefore, loadAfter) > 2 * os.availableParallelism())
    notes.push(
      `the load average (${loadBefore.toFixed(1)}–${loadAfter.toFixed(1)}) was over twice the ${os.availableParallelism()} cores, so wall times are largely waiting for a core (see \`node -e 0\`): the CPU column is the steadier measure of each command's own cost`,
    )
  const base = median(samples.get('node -e 0')?.map((s) => s.wallS) ?? [0])
  const rows = commands.map((c) => {
    const ss = samples.get(c.name) ?? []
    const wallS = median(ss.map((s) => s.wallS))
    const cpus = ss.map((s) => s.cpuS).filter((x): x is number => x !== null)
    return {
      name: c.name,
      wallS,
      cpuS: cpus.length ? median(cpus) : null,
      overNodeS: c.name.startsWith('worker') ? wallS : wallS - base,
      target: c.target ?? null,
      met: c.target === undefined ? null : wallS <= c.target,
    }
  })
  const result: StartupResult = {
    started,
    repeats,
    loadAverage: { before: loadBefore, after: loadAfter },
    bundle,
    rows,
    notes,
  }
  const table = startupTable(result)
  console.log(table.join('\n'))
  if (opts.write !== false) writeStartupSection(result, table)
  return result
}

function startupTable(s: StartupResult): string[] {
  const f = (v: number | null) => (v === null ? '—' : v.toFixed(3))
  const w = Math.max(...s.rows.map((r) => r.name.length))
  return [
    `start-up: median of ${s.repeats} interleaved rounds; 1-min load average ${s.loadAverage.before.toFixed(2)} before / ${s.loadAverage.after.toFixed(2)} after (${os.availableParallelism()} cores)`,
    `${'command'.padEnd(w)}  wall s   CPU s   − node -e 0  target   met`,
    ...s.rows.map(
      (r) =>
        `${r.name.padEnd(w)}  ${f(r.wallS).padStart(6)}  ${f(r.cpuS).padStart(6)}  ${(r.name.startsWith('worker') ? '' : f(r.overNodeS)).padStart(11)}  ${(r.target === null ? '' : `≤ ${r.target}`).padStart(6)}  ${r.met === null ? '' : r.met ? 'yes' : 'NO'}`,
    ),
  ]
}

function writeStartupSection(s: StartupResult, table: string[]): void {
  const get = (prefix: string) => s.rows.find((r) => r.name.startsWith(prefix))?.wallS
  const f = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(2))
  writeSection(repoRoot, {
    id: 'startup',
    body: [
      '## startup: how fast each command starts (issue 17, target 1)',
      '',
      `Run ${s.started} with \`npm run bench\` (tools/bench/src/startup-bench.ts; \`npm run bench -- --only startup\` runs only this). Each command is a fresh process; all commands run in interleaved rounds so they see the same load, the first round is a discarded warm-up, and the table shows the median. CPU is the child's user + system time (10 ms ticks; not measured for the TUI, whose process is killed once its frame is drawn). "− node -e 0" subtracts the bare Node start-up measured in the same rounds. Workers are timed in the bench process from \`new Worker\` to their first message; the TUI's run worker loads every plugin package before it says \`ready\`.`,
      '',
      '```',
      ...table,
      '```',
      '',
      '- `passk` runs `apps/tui/dist/bundle/passk.js`, an esbuild bundle built by the root `prepare` script (so `npm ci` in a clean clone builds it) or `npm run build:cli`; `PASSK_FROM_SOURCE=1`, a missing bundle, or a source newer than the bundle runs the TypeScript through tsx instead ("sources, tsx" row).',
      '- `passk --help` imports no plugin package and not @passk/core (apps/tui/src/startup.test.ts checks the module graph); each command is imported when it runs. What is left of `passk fit` is the fit itself: in a CPU profile, beta-binomial with 200 bootstrap refits and the multi-start beta-passk fit take most of it.',
      ...s.notes.map((n) => `- ${n}`),
    ],
    historyHeader: '| run (UTC) | node -e 0 s | --help s | fit s | TUI frame s | run worker s | load before / after |',
    historyLine: `| ${s.started.slice(0, 16).replace('T', ' ')} | ${f(get('node -e 0'))} | ${f(get('passk --help'))} | ${f(get('passk fit'))} | ${f(get('TUI'))} | ${f(get('worker ready: TUI'))} | ${s.loadAverage.before.toFixed(2)} / ${s.loadAverage.after.toFixed(2)} |`,
  })
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const argv = process.argv.slice(2)
  const i = argv.indexOf('--startup-repeats')
  await runStartupBench({ ...(i >= 0 ? { repeats: Number(argv[i + 1]) } : {}), write: !argv.includes('--no-write') })
}
