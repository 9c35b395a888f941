/** Export a finished run: the run directory (spec.json, results.json, CSVs), one SVG per curve and report.html. */
import { writeRunDir, type RunOutcome } from '@passk/core'
import { defaultRunDir, plotProducer, reportProducer } from '../../headless.js'

export { defaultRunDir }

/** Writes the run directory atomically; returns the list of files written (relative, sorted). */
export async function exportRun(outcome: RunOutcome, dir: string): Promise<string[]> {
  const runInfo = { timingsMs: outcome.timings, exportedBy: 'passk tui', finishedAt: new Date().toISOString() }
  // the TUI always adds the self-contained report.html: export is how a TUI user shares a run
  return writeRunDir(dir, outcome.results, { runInfo, producers: [plotProducer(), reportProducer] })
}
