/**
 * sources/llm-logs ingestion benchmark (issue 5 "done when"; issue 17 target 4: JSONL ≥ 2 M records/s,
 * Parquet ≥ 20 M/s cold at 10⁷ rows): a generated per-sample JSONL of 10⁷ rows
 * (human-eval-like records: model, task_id, completion_id, passed), read by the streaming reader in one
 * thread and in 2 worker threads, through DuckDB, and the same rows as Parquet (DuckDB GROUP BY). Each
 * read runs in a fresh child process so its peak RSS (getrusage maxRSS) is its own; a 10× smaller file
 * shows the memory does not grow with the row count. The child reads the file twice: "cold" is the first
 * read of a fresh process (it pays for loading DuckDB, its JS API and native addon, and JIT warm-up),
 * "warm" the second; "spawn→read" runs from spawning the child to the end of its first read. Every
 * reader runs --repeat times (interleaved) and the best time is kept; the 1-min load average is printed
 * with the numbers. The generated files are kept in a cache directory under
 * os.tmpdir() (passk-bench-cache/llm-logs-v1-ROWS-PROBLEMS, reused by the next run; `--fresh` regenerates).
 *   npm run bench -- --only ingestion [--rows 10000000] [--problems 1000] [--repeat 3]
 *   node --conditions=@passk/source --import tsx tools/bench/src/llm-logs-bench.ts [same options] [--no-write]
 * Wall-clock numbers on a shared 2-core machine: other engineers' jobs make them noisy.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { load1, writeSection } from './benchmarks-md.js'

const argv = process.argv.slice(2)
const opt = (n: string, d: number) => {
  const i = argv.indexOf(n)
  return i >= 0 ? Number(argv[i + 1]) : d
}

const here = fileURLToPath(import.meta.url)

/**
 * This process's peak RSS. getrusage's maxRSS survives exec on Linux: a child spawned by a big parent (the
 * whole `npm run bench` process) would report the parent's high-water mark; VmHWM belongs to this process's
 * own address space.
 */
function peakRssMB(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))
    if (m) return Number(m[1]) / 1024
  } catch {
    /* not Linux */
  }
  return process.resourceUsage().maxRSS / 1024
}

if (argv[0] === '--child') {
  // Child: ingest one file twice, print {seconds (first read), warmSeconds (second read), rows, maxRssMB, …} as JSON.
  const [, file, engine, threadsArg, startArg] = argv
  const processStart = Number(startArg)
  const { llmLogs } = await import('@passk/source-llm-logs')
  const { createTestContext } = await import('@passk/core/testing')
  const threads = threadsArg === 'auto' ? 'auto' : Number(threadsArg)
  const once = async () => {
    const ctx = createTestContext()
    const t0 = performance.now()
    const out = await llmLogs.run(null, llmLogs.options.parse({ path: file, engine, threads }), ctx)
    return { s: (performance.now() - t0) / 1000, out, ctx }
  }
  const first = await once()
  const firstEnd = performance.timeOrigin + performance.now()
  const second = await once()
  const { out, ctx } = first
  const attempts = out.groups.reduce((a, g) => a + g.n.reduce((x, y) => x + y, 0), 0)
  process.stdout.write(
    JSON.stringify({
      seconds: first.s,
      sinceStartS: (firstEnd - processStart) / 1000,
      warmSeconds: second.s,
      records: out.meta.records,
      attempts,
      threadsUsed: out.meta.threads ?? 1,
      maxRssMB: peakRssMB(),
      groups: out.groups.length,
      problems: out.groups.reduce((a, g) => a + g.problems.length, 0),
      warnings: ctx.warnings.length,
    }) + '\n',
  )
  process.exit(0)
}

export interface LlmLogsBenchOptions {
  repoRoot: string
  rows?: number
  problems?: number
  repeat?: number
  fresh?: boolean
  write?: boolean
  log?: (line: string) => void
}

function writeJsonl(file: string, rows: number, problems: number): number {
  const tmp = `${file}.tmp-${process.pid}`
  const fd = fs.openSync(tmp, 'w')
  let x = 0x9e3779b9
  const CH = 100_000
  for (let r0 = 0; r0 < rows; r0 += CH) {
    let s = ''
    for (let r = r0; r < Math.min(rows, r0 + CH); r++) {
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5 // xorshift32: successes with probability ≈ 0.3
      s += `{"model":"m${r % 3}","task_id":"HumanEval/${(r >> 2) % problems}","completion_id":${r % 100},"passed":${(x >>> 0) % 10 < 3}}\n`
    }
    fs.writeSync(fd, s)
  }
  fs.closeSync(fd)
  fs.renameSync(tmp, file)
  return fs.statSync(file).size
}

interface ChildResult {
  seconds: number
  warmSeconds: number
  sinceStartS: number
  records: number
  attempts: number
  threadsUsed: number
  maxRssMB: number
  groups: number
  problems: number
}
function child(file: string, engine: string, threads: string): ChildResult {
  const r = spawnSync(
    process.execPath,
    [
      '--conditions=@passk/source',
      '--import',
      'tsx',
      here,
      '--child',
      file,
      engine,
      threads,
      String(performance.timeOrigin + performance.now()),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  )
  if (r.status !== 0) throw new Error(`llm-logs bench child failed: ${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult
}

interface Cache {
  dir: string
  small: string
  big: string
  pq: string
  note: string
}

/** The generated files, from the cache when an earlier run left them complete (done.json written last). */
async function generated(rows: number, problems: number, fresh: boolean, log: (l: string) => void): Promise<Cache> {
  const dir = path.join(os.tmpdir(), 'passk-bench-cache', `llm-logs-v1-${rows}-${problems}`)
  const c = {
    dir,
    small: path.join(dir, 'small.jsonl'),
    big: path.join(dir, 'big.jsonl'),
    pq: path.join(dir, 'big.parquet'),
  }
  const done = path.join(dir, 'done.json')
  const sizes = () => [c.small, c.big, c.pq].map((f) => (fs.existsSync(f) ? fs.statSync(f).size : -1))
  if (!fresh && fs.existsSync(done)) {
    const rec = JSON.parse(fs.readFileSync(done, 'utf8')) as { sizes: number[]; genS: number; pqS: number }
    if (JSON.stringify(rec.sizes) === JSON.stringify(sizes()))
      return {
        ...c,
        note: `cached in ${dir} (generated earlier in ${rec.genS.toFixed(1)} s + ${rec.pqS.toFixed(1)} s)`,
      }
  }
  fs.mkdirSync(dir, { recursive: true })
  fs.rmSync(done, { force: true })
  log(`  ingestion: generating ${rows.toLocaleString('en')} rows into ${dir} (once; later runs reuse it)`)
  let t0 = performance.now()
  writeJsonl(c.big, rows, problems)
  writeJsonl(c.small, Math.round(rows / 10), problems)
  const genS = (performance.now() - t0) / 1000
  const { DuckDBInstance } = await import('@duckdb/node-api')
  const inst = await DuckDBInstance.create(':memory:')
  const con = await inst.connect()
  t0 = performance.now()
  const tmpPq = `${c.pq}.tmp-${process.pid}.parquet`
  await con.run(
    `COPY (SELECT * FROM read_json('${c.big}', format = 'newline_delimited')) TO '${tmpPq}' (FORMAT parquet)`,
  )
  con.closeSync()
  inst.closeSync()
  fs.renameSync(tmpPq, c.pq)
  const pqS = (performance.now() - t0) / 1000
  fs.writeFileSync(done, JSON.stringify({ sizes: sizes(), genS, pqS }))
  return { ...c, note: `generated in ${genS.toFixed(1)} s + ${pqS.toFixed(1)} s into ${dir} (kept for the next run)` }
}

export async function runLlmLogsBench(o: LlmLogsBenchOptions): Promise<Record<string, unknown>> {
  const log = o.log ?? ((l: string) => console.log(l))
  const ROWS = o.rows ?? 10_000_000,
    PROBLEMS = o.problems ?? 1000,
    REPEAT = Math.max(1, o.repeat ?? 3)
  const started = new Date().toISOString()
  const g = await generated(ROWS, PROBLEMS, o.fresh ?? false, log)
  const small = Math.round(ROWS / 10)
  // [name, file, engine, threads, rows]; JSONL via DuckDB (no target, ≈ 7–20 s a child) runs in the first repeat only
  const runs: [string, string, string, string, number][] = [
    ['JSONL stream 1 thread', g.small, 'stream', '1', small],
    ['JSONL stream 1 thread', g.big, 'stream', '1', ROWS],
    ['JSONL stream 2 workers', g.small, 'stream', '2', small],
    ['JSONL stream 2 workers', g.big, 'stream', '2', ROWS],
    ['JSONL via DuckDB', g.big, 'duckdb', '1', ROWS],
    ['Parquet via DuckDB', g.pq, 'auto', '1', ROWS],
  ]
  const lines: string[] = []
  const json: Record<string, unknown>[] = []
  const load0 = load1()
  lines.push(
    `${ROWS.toLocaleString('en')} rows (${(fs.statSync(g.big).size / 1e6).toFixed(0)} MB JSONL, ${(fs.statSync(g.pq).size / 1e6).toFixed(0)} MB Parquet, ${PROBLEMS} problems × 3 models), ${g.note}`,
  )
  // interleaved repeats (all readers, then again), so every reader sees the same spread of load
  const results: ChildResult[][] = runs.map(() => [])
  for (let rep = 0; rep < REPEAT; rep++) {
    runs.forEach(([name, file, engine, threads, rows], k) => {
      if (rep > 0 && engine === 'duckdb') return
      const r = child(file, engine, threads)
      if (r.attempts !== rows) throw new Error(`${name}: ${r.attempts} attempts counted, expected ${rows}`)
      results[k].push(r)
    })
    log(`  ingestion repeat ${rep + 1}/${REPEAT} done`)
  }
  // best = fastest; peak RSS = the largest seen over the repeats
  const best = results.map((rs) => ({
    ...rs[0],
    seconds: Math.min(...rs.map((r) => r.seconds)),
    warmSeconds: Math.min(...rs.map((r) => r.warmSeconds)),
    sinceStartS: Math.min(...rs.map((r) => r.sinceStartS)),
    maxRssMB: Math.max(...rs.map((r) => r.maxRssMB)),
    all: rs.map((r) => r.seconds),
    allWarm: rs.map((r) => r.warmSeconds),
  }))
  const loadEnd = load1()
  lines.push(
    `best of ${REPEAT} (interleaved; JSONL via DuckDB: 1 run); 1-min load average ${load0.toFixed(2)} before, ${loadEnd.toFixed(2)} after (${os.availableParallelism()} cores)`,
  )
  lines.push(
    `${'reader'.padEnd(24)} ${'rows'.padStart(12)} ${'cold s'.padStart(7)} ${'M rows/s'.padStart(9)} ${'warm s'.padStart(7)} ${'M rows/s'.padStart(9)} ${'spawn→read s'.padStart(13)} ${'peak RSS MB'.padStart(12)}`,
  )
  runs.forEach(([name, , , , rows], k) => {
    const r = best[k]
    lines.push(
      `${name.padEnd(24)} ${rows.toLocaleString('en').padStart(12)} ${r.seconds.toFixed(2).padStart(7)} ${(rows / r.seconds / 1e6).toFixed(2).padStart(9)} ${r.warmSeconds.toFixed(2).padStart(7)} ${(rows / r.warmSeconds / 1e6).toFixed(2).padStart(9)} ${r.sinceStartS.toFixed(2).padStart(13)} ${r.maxRssMB.toFixed(0).padStart(12)}`,
    )
    if (name.includes('workers') && r.threadsUsed !== 2)
      lines.push(`  (!) ${name}: the reader used ${r.threadsUsed} thread(s)`)
    json.push({
      reader: name,
      rows,
      ...r,
      mRowsPerS: rows / r.seconds / 1e6,
      warmMRowsPerS: rows / r.warmSeconds / 1e6,
    })
  })
  const mps = (k: number) => runs[k][4] / best[k].seconds / 1e6
  const jsonl1 = mps(1),
    jsonl2 = mps(3),
    pqCold = mps(5)
  const full = ROWS >= 10_000_000
  const met = (v: number, t: number) => (v >= t ? 'yes' : 'NO')
  lines.push(
    `target JSONL ≥ 2 M records/s (cold, ${ROWS.toLocaleString('en')} rows): 1 thread ${jsonl1.toFixed(2)} → met ${met(jsonl1, 2)}; 2 workers ${jsonl2.toFixed(2)} → met ${met(jsonl2, 2)}`,
    `target Parquet ≥ 20 M records/s cold (fresh process, DuckDB load included): ${pqCold.toFixed(2)} → met ${met(pqCold, 20)}${full ? '' : ' (at fewer than 10⁷ rows: not the target size)'}`,
  )
  for (const l of lines) log(l)
  const summary = {
    rows: ROWS,
    problems: PROBLEMS,
    repeat: REPEAT,
    loadavg: [load0, loadEnd],
    runs: json,
    jsonl1,
    jsonl2,
    pqCold,
  }
  if (o.write !== false && full)
    writeSection(o.repoRoot, {
      id: 'llm-logs',
      body: [
        '## sources/llm-logs: ingesting 10⁷ per-sample records (JSONL and Parquet)',
        '',
        `Run ${started} with \`npm run bench\` (\`--only ingestion\` runs only this; tools/bench/src/llm-logs-bench.ts), ${ROWS.toLocaleString('en')} rows, ${PROBLEMS} problems × 3 models, best of ${REPEAT} interleaved repeats (JSONL via DuckDB, which has no target, runs once). Each read runs in a fresh child process, so its peak RSS is its own, and reads the file twice. **cold** is the first read of the fresh process: it pays for JIT warm-up and, for DuckDB, for loading DuckDB (its JavaScript API and native addon) and creating the instance. **warm** is the second read. "spawn→read" is from spawning the child to the end of its first read: Node start, loading the plugin from the TypeScript sources through tsx, and the cold read.`,
        '',
        '```',
        ...lines,
        '```',
        '',
        `- **JSONL: ${jsonl1.toFixed(2)} M records/s on one thread, ${jsonl2.toFixed(2)} M/s with 2 workers** (target ≥ 2: ${met(jsonl1, 2)} / ${met(jsonl2, 2)}). **Parquet cold: ${pqCold.toFixed(2)} M records/s** (target ≥ 20: ${met(pqCold, 20)}); warm ${(ROWS / best[5].warmSeconds / 1e6).toFixed(1)} M/s. The 1-min load average was ${load0.toFixed(2)} before and ${loadEnd.toFixed(2)} after on ${os.availableParallelism()} shared cores.`,
        "- **Parquet, cold (2026-12-03).** The whole aggregation runs in DuckDB (`GROUP BY model, problem` → n, c with first-appearance order from `file_row_number`); only the 3000 aggregated rows cross into JS. Two costs were found with a profile of the fresh-process path: (1) the attempt-index check cast every `completion_id` to VARCHAR and ran a regex on it (3.6–5 s at 10⁷ rows); integer and floating-point columns are now tested as numbers, with the same answers (0.2 s); (2) `import()` of the CommonJS `@duckdb/node-api` ran Node's CommonJS export lexer over its ~70 files (0.15–0.4 s); it is now loaded with `require` on first use (≈ 0.08 s). Creating the instance takes ≈ 0.02 s, `DESCRIBE` ≈ 2 ms, the query 0.16–0.27 s on 2 threads.",
        '- **JSONL, streamed.** A byte-level path (`internal/fast-samples.ts`) with positioned 4 MiB reads into a reused buffer; the 2-worker reader has the main thread and one worker claim 32 MiB chunks. Memory is flat in the row count (one read buffer per thread, per-(model, problem) counts only): compare the 10⁶ and 10⁷ rows.',
        '- **JSONL via DuckDB.** `read_json` alone scans 10⁷ lines in ≈ 1.2 s; the `row_number() OVER ()` window that keeps the first-appearance order doubles that. Streamed JSONL is faster.',
        '- Earlier runs, before the history table (same bench, 10⁷ rows): 2026-11-25 13:40 UTC at load 10–14, JSONL stream 0.65 M/s, JSONL via DuckDB 0.71 M/s, Parquet 4.07 M/s; 13:51 UTC at load 7–12: 0.49, 1.09, 3.4 M/s.',
      ],
      historyHeader:
        '| run (UTC) | JSONL 1 thread M/s | JSONL 2 workers M/s | JSONL via DuckDB M/s | Parquet cold M/s | Parquet warm M/s | peak RSS MB (1 thread, 10⁷) | load before / after |',
      historyLine: `| ${started.slice(0, 16).replace('T', ' ')} | ${jsonl1.toFixed(2)} | ${jsonl2.toFixed(2)} | ${mps(4).toFixed(2)} | ${pqCold.toFixed(2)} | ${(ROWS / best[5].warmSeconds / 1e6).toFixed(2)} | ${best[1].maxRssMB.toFixed(0)} | ${load0.toFixed(2)} / ${loadEnd.toFixed(2)} |`,
    })
  return summary
}

if (argv[0] !== '--child' && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const repoRoot = path.resolve(path.dirname(here), '../../..')
  await runLlmLogsBench({
    repoRoot,
    rows: opt('--rows', 10_000_000),
    problems: opt('--problems', 1000),
    repeat: opt('--repeat', 3),
    fresh: argv.includes('--fresh'),
    write: !argv.includes('--no-write'),
  })
}
