/** Export a finished run: the run directory (spec.json, results.json, CSVs), one SVG per curve and report.html. */
import { writeRunDir, type RunOutcome } from '@passk/core'
import { defaultRunDir, plotFiles, reportFile } from '../../headless.js'

export { defaultRunDir }

/** Writes the run directory atomically; returns the list of files written (relative). */
export async function exportRun(outcome: RunOutcome, dir: string): Promise<string[]> {
  const runInfo = { timingsMs: outcome.timings, exportedBy: 'passk tui', finishedAt: new Date().toISOString() }
  // the TUI always adds the self-contained report.html: export is how a TUI user shares a run
  const files = { ...(await plotFiles(outcome.results)), ...(await reportFile(outcome.results, runInfo)) }
  await writeRunDir(dir, outcome.results, { files, runInfo })
  const written = [
    'spec.json',
    'results.json',
    ...outcome.results.curves.map((c) => `curves/${c.stage}.${c.id}.csv`),
    ...(outcome.results.fits.length ? ['fits.csv'] : []),
    ...Object.keys(files),
  ]
  return written
}
