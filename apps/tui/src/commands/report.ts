/**
 * `passk report RUN_DIR`: write RUN_DIR/report.html, a self-contained page (spec, fits, charts,
 * warnings, versions, seed) built by @passk/report from the run directory's results.json and run.json.
 */
import fs from 'node:fs'
import path from 'node:path'
import { addRunDirFile, PasskError, writeFileAtomic } from '@passk/core'
import { buildReport } from '@passk/report'
import { parse } from '../args.js'
import type { Command } from '../io.js'

/** True when `file` is a report passk wrote (its generator meta tag near the top). */
function isPasskReport(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r')
    try {
      const head = Buffer.alloc(1024)
      const n = fs.readSync(fd, head, 0, head.length, 0)
      return head.subarray(0, n).toString('utf8').includes('<meta name="generator" content="passk-lab @passk/report">')
    } finally {
      fs.closeSync(fd)
    }
  } catch {
    return false
  }
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'Write a self-contained report.html for a run directory',
  usage: 'passk report RUN_DIR [--out FILE] [--title TEXT]',
  help: `Builds one HTML file from a run directory written by \`passk run SPEC --out DIR\`: the resolved
spec, the fit tables (parameters ± SE, intervals, status), every curve as a chart with its fits
overlaid and its data in a collapsible table, warnings, versions and the seed. The file needs no
network access to view: styles and charts are inline. (\`passk run --report\` writes it directly.)

Options:
  RUN_DIR        the run directory (holds results.json)
  --out FILE     where to write (default: RUN_DIR/report.html)
  --title TEXT   page title (default: the spec's name)

Example:
  passk run examples/quickstart.json --out runs/quick && passk report runs/quick`,
  async run(args, io) {
    const { values, positionals } = parse('report', args, { out: { type: 'string' }, title: { type: 'string' } })
    if (positionals.length !== 1) {
      throw new PasskError(
        'PASSK_USAGE',
        `passk report: expected one run directory, got ${positionals.length ? positionals.map((p) => JSON.stringify(p)).join(' ') : 'none'}.`,
        'Usage: passk report RUN_DIR [--out FILE]',
      )
    }
    const dir = path.resolve(io.cwd, positionals[0])
    const html = buildReport(dir, values.title ? { title: values.title } : {})
    const out = values.out ? path.resolve(io.cwd, values.out) : path.join(dir, 'report.html')
    if (out === path.join(dir, 'report.html'))
      addRunDirFile(dir, 'report.html', html) // listed in run.json
    else
      writeFileAtomic(out, html, {
        what: 'report',
        replaceIf: isPasskReport,
        refuseHint: '--out replaces only a report.html passk wrote; give a new file name.',
      })
    io.stdout.write(`Wrote ${path.relative(io.cwd, out) || out}\n`)
    return 0
  },
}
