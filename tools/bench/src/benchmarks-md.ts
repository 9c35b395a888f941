/**
 * BENCHMARKS.md sections: each workload owns the text between `<!-- bench:ID -->` and `<!-- /bench:ID -->`,
 * replaced by its next run, with a run-history table (newest first, at most 12 earlier rows kept) so a lucky
 * or unlucky run does not hide the others.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export interface Section {
  id: string
  /** Markdown of the section (heading first), without the markers and the history. */
  body: string[]
  /** Header row of the history table, e.g. `| run (UTC) | ours s | numpy s | ratio | load |`. */
  historyHeader: string
  /** This run's history row (must start with `| 20`, the run's UTC date). */
  historyLine: string
}

export function writeSection(repoRoot: string, s: Section): void {
  const file = path.join(repoRoot, 'BENCHMARKS.md')
  let md = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmarks\n\nWritten by `npm run bench` (tools/bench). Each section is replaced by the next run of its workload.\n'
  const open = `<!-- bench:${s.id} -->`,
    close = `<!-- /bench:${s.id} -->`
  const re = new RegExp(`${open}[\\s\\S]*?${close}`)
  const oldLines = (re.exec(md)?.[0] ?? '').split('\n').filter((l) => l.startsWith('| 20'))
  const cols = s.historyHeader.split('|').length - 2
  const history = [
    '',
    '### Run history (newest first)',
    '',
    s.historyHeader,
    `|${' --- |'.repeat(cols)}`,
    s.historyLine,
    ...oldLines.slice(0, 12),
  ]
  const section = [open, ...s.body, ...history, close].join('\n')
  md = re.test(md) ? md.replace(re, section) : `${md.trimEnd()}\n\n${section}\n`
  // write beside it, then rename: a reader never sees a half-written BENCHMARKS.md
  const tmp = `${file}.tmp-${process.pid}`
  writeFileSync(tmp, md)
  renameSync(tmp, file)
}

/** 1-minute load average, for the record (the machine is shared). */
export function load1(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0])
}
