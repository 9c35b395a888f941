/** Export a finished run: the run directory (spec.json, results.json, CSVs) plus one SVG per curve. */
import path from 'node:path'
import { writeRunDir, type RunOutcome } from '@passk/core'
import { plotFiles } from '../../headless.js'

function timestamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`
}

export function defaultRunDir(runsDir: string, name: string | undefined): string {
  return path.join(runsDir, `${(name ?? 'run').replace(/[^A-Za-z0-9_-]+/g, '-')}-${timestamp()}`)
}

/** Writes the run directory atomically; returns the list of files written (relative). */
export async function exportRun(outcome: RunOutcome, dir: string): Promise<string[]> {
  const files = await plotFiles(outcome.results)
  await writeRunDir(dir, outcome.results, { files, runInfo: { timingsMs: outcome.timings, exportedBy: 'passk tui', finishedAt: new Date().toISOString() } })
  const written = ['spec.json', 'results.json', ...outcome.results.curves.map((c) => `curves/${c.stage}.${c.id}.csv`), ...(outcome.results.fits.length ? ['fits.csv'] : []), ...Object.keys(files)]
  return written
}
