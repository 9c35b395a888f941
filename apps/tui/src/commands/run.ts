import path from 'node:path'
import { loadSpec } from '@passk/core'
import { parse, parseNumber } from '../args.js'
import { parsePlotFormats, runAndWrite } from '../headless.js'
import { loadDefaultRegistry as createDefaultRegistry } from '../lazy-registry.js'
import type { Command } from '../io.js'

export const runCommand: Command = {
  name: 'run',
  summary: 'Run a pipeline spec headless and write a run directory',
  usage: 'passk run SPEC.json [--out DIR [--force]] [--seed N] [--json] [--report] [--plots svg,png,pdf] [--quiet]',
  help: `Runs every stage of a pipeline spec (JSON) and writes a run directory atomically:
  spec.json (resolved options and seed), results.json, curves/*.csv, tables/*.csv, fits.csv,
  plots/*.svg, run.json (timings, versions) and, with --report, report.html.

Options:
  --out DIR     run directory (default: runs/<spec name>-<timestamp>). passk replaces only a directory
                it wrote (its run.json marker); any other non-empty DIR is refused
  --force       write the run files inside an existing non-empty DIR, touching no other file
  --seed N      override the spec's seed
  --json        print results.json to stdout (schemaVersion 1; see README "results.json")
  --report      also write report.html (self-contained)
  --plots LIST  plot formats in plots/: svg (default), png, pdf, e.g. --plots svg,png,pdf
  --quiet       no progress output
  --config F    load external plugins from this passk.config.json (default: ./passk.config.json only,
                never one in a parent directory); the run says which modules it loaded
  --no-config   load no external plugins
  --debug       show stack traces

Relative paths inside the spec resolve against the spec file's directory.
Exit codes: 0 ok, 1 the run failed, 2 bad usage, spec or options.

Example:
  passk run examples/quickstart.json --out runs/quick`,
  async run(args, io) {
    const { values, positionals } = parse('run', args, {
      out: { type: 'string' },
      force: { type: 'boolean' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
      report: { type: 'boolean' },
      plots: { type: 'string' },
      quiet: { type: 'boolean' },
      config: { type: 'string' },
      'no-config': { type: 'boolean' },
      debug: { type: 'boolean' },
    })
    if (positionals.length !== 1) {
      const { PasskError } = await import('@passk/core')
      throw new PasskError(
        'PASSK_USAGE',
        `passk run expects exactly one spec file, got ${positionals.length}.`,
        'Usage: passk run SPEC.json [--out DIR] [--seed N] [--json]; examples live in examples/.',
      )
    }
    const file = path.resolve(io.cwd, positionals[0])
    const spec = loadSpec(file)
    const registry = await createDefaultRegistry({
      cwd: io.cwd,
      ...(values.config ? { configPath: path.resolve(io.cwd, values.config) } : {}),
      noConfig: values['no-config'] ?? false,
    })
    const seed = parseNumber('run', 'seed', values.seed, true)
    const plots = parsePlotFormats('run', values.plots)
    const r = await runAndWrite(
      spec,
      {
        registry,
        baseDir: path.dirname(file),
        label: path.basename(file, '.json'),
        json: values.json ?? false,
        report: values.report ?? false,
        quiet: values.quiet ?? false,
        debug: values.debug ?? false,
        ...(values.out ? { out: values.out } : {}),
        ...(values.force ? { force: true } : {}),
        ...(seed !== undefined ? { seed } : {}),
        ...(plots ? { plots } : {}),
      },
      io,
    )
    return r.code
  },
}
