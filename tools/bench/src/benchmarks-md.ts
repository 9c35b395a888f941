/**
 * BENCHMARKS.md sections: each workload owns the text between `<!-- bench:ID -->` and `<!-- /bench:ID -->`,
 * replaced by its next run. The section ends with its run history (newest first): this run's row is added
 * and every earlier row is kept, so a lucky or unlucky run never hides the others. When a workload's
 * history columns change, the rows written under the old header stay in their own table beneath
 * ("earlier format"), verbatim.
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

interface HistoryTable {
  header: string
  rows: string[]
}

/** The history tables of an existing section: each `| run (UTC) …` header with the `| 20…` rows under it. */
export function historyTables(sectionText: string): HistoryTable[] {
  const tables: HistoryTable[] = []
  let cur: HistoryTable | null = null
  for (const line of sectionText.split('\n')) {
    if (line.startsWith('| run (UTC)')) {
      cur = { header: line, rows: [] }
      tables.push(cur)
    } else if (line.startsWith('| 20')) {
      if (!cur) {
        cur = { header: '', rows: [] }
        tables.push(cur)
      }
      cur.rows.push(line)
    } else if (!line.startsWith('| ---') && !line.startsWith('|---')) {
      if (line.trim() !== '' && !line.startsWith('#')) cur = null
    }
  }
  return tables.filter((t) => t.rows.length > 0)
}

/** The section's text with this run's row added to its history (all earlier rows kept). */
export function renderSection(previous: string, s: Section): string {
  const open = `<!-- bench:${s.id} -->`,
    close = `<!-- /bench:${s.id} -->`
  const cols = (h: string) => h.split('|').length - 2
  const old = historyTables(previous)
  const same = [...new Set(old.filter((t) => t.header === s.historyHeader).flatMap((t) => t.rows))]
  const legacy = old.filter((t) => t.header !== s.historyHeader)
  const out = [
    open,
    ...s.body,
    '',
    '### Run history (newest first)',
    '',
    s.historyHeader,
    `|${' --- |'.repeat(cols(s.historyHeader))}`,
    s.historyLine,
    ...same,
  ]
  for (const t of legacy) {
    const header = t.header || `| run (UTC) |${' |'.repeat(Math.max(1, cols(t.rows[0]) - 1))}`
    out.push('', '#### Earlier runs (earlier columns)', '', header, `|${' --- |'.repeat(cols(header))}`, ...t.rows)
  }
  out.push(close)
  return out.join('\n')
}

/**
 * The document with section s replaced (or appended). A section id that occurs more than once (two branches each
 * appended it, then merged) is folded into the first occurrence: the history rows of all copies are kept, the later
 * copies removed.
 */
export function upsertSection(md: string, s: Section): string {
  const open = `<!-- bench:${s.id} -->`,
    close = `<!-- /bench:${s.id} -->`
  const re = new RegExp(`${open}[\\s\\S]*?${close}\\n?`, 'g')
  const copies = md.match(re) ?? []
  if (!copies.length) return `${md.trimEnd()}\n\n${renderSection('', s)}\n`
  const section = renderSection(copies.join('\n'), s)
  let first = true
  return md.replace(re, (m) => {
    if (!first) return ''
    first = false
    return section + (m.endsWith('\n') ? '\n' : '')
  })
}

export function writeSection(repoRoot: string, s: Section): void {
  const file = path.join(repoRoot, 'BENCHMARKS.md')
  let md = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmarks\n\nWritten by `npm run bench` (tools/bench). Each section is replaced by the next run of its workload.\n'
  md = upsertSection(md, s)
  // write beside it, then rename: a reader never sees a half-written BENCHMARKS.md
  const tmp = `${file}.tmp-${process.pid}`
  writeFileSync(tmp, md)
  renameSync(tmp, file)
}

/** 1-minute load average, for the record (the machine is shared). */
export function load1(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0])
}
