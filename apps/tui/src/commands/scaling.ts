/**
 * `passk scaling LOGFILE`: "train more or sample more?" from repeated-sampling logs of a family of checkpoints
 * (issue 15; LID §4.1–4.3). Builds the pipeline spec
 *   sources/llm-logs → fitters/scaling-exponents (per-checkpoint Beta-Binomial tail exponent, covariates parsed)
 *   → fitters/beta-eff-saturation (LID Eq. 20, with its verdict) → fitters/compute-split (LID §4.3)
 * runs it through the shared headless runner (run directory, plots, --json) and prints, per model size, the
 * exponent-vs-tokens table, the saturating fit or its reasoned refusal, and the compute split.
 */
import fs from 'node:fs'
import path from 'node:path'
import { PasskError, type Fit, type ResolvedSpec, type RunOutcome, type TableRecord } from '@passk/core'
import { parse, parseList, parseNumber } from '../args.js'
import { runAndWrite, textTable } from '../headless.js'
import { createDefaultRegistry } from '../registry.js'
import { colors, type CliIO, type Command } from '../io.js'

/** Default covariate pattern: "<name>_<params>_<tokens>" with SI suffixes, e.g. Pythia_1.4B_300B. */
export const DEFAULT_PATTERN = '_(?<params>[\\d.]+[KMGBT])_(?<tokens>[\\d.]+[KMGBT])\\b'

export interface ScalingSpecOptions {
  file: string
  pattern?: string
  mapping?: string
  tokensColumn?: string
  paramsColumn?: string
  groupBy?: string[]
  k?: number[]
  k0?: number
  factor?: number
  bootstrap?: number
  promptTokens?: number
  completionTokens?: number
  problems?: number
  seed?: number
}

/** Column names of a CSV/TSV/JSONL log from its first line ([] when unknown, e.g. Parquet or gzip). */
export function headerColumns(file: string): string[] {
  let fd: number | undefined
  try {
    fd = fs.openSync(file, 'r')
    const buf = Buffer.alloc(65536)
    const n = fs.readSync(fd, buf, 0, buf.length, 0)
    if (n >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return []
    const line = buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0] ?? ''
    if (line.trimStart().startsWith('{')) {
      try {
        return Object.keys(JSON.parse(line) as Record<string, unknown>)
      } catch {
        return []
      }
    }
    return line.split(line.includes('\t') ? '\t' : ',').map((s) => s.trim().replace(/^"|"$/g, ''))
  } catch {
    return []
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}

/** The pipeline spec `passk scaling` runs (exported for tests and the TUI). */
export function scalingSpec(o: ScalingSpecOptions): ResolvedSpec {
  const groupBy = [...(o.groupBy ?? [])]
  for (const c of [o.tokensColumn, o.paramsColumn]) if (c && !groupBy.includes(c)) groupBy.push(c)
  const source: Record<string, unknown> = { path: o.file, ...(groupBy.length ? { groupBy } : {}) }
  const exponents: Record<string, unknown> = {
    x: o.tokensColumn ?? 'tokens',
    family: o.paramsColumn ?? 'params',
    k: o.k ?? [10, 100],
    bootstrap: o.bootstrap ?? 200,
  }
  if (o.mapping) exponents.mapping = o.mapping
  if (o.pattern !== undefined || (!o.mapping && !o.tokensColumn)) exponents.pattern = o.pattern ?? DEFAULT_PATTERN
  const split: Record<string, unknown> = { k: o.k0 ?? 100, factor: o.factor ?? 10, bootstrap: o.bootstrap ?? 200 }
  if (o.promptTokens !== undefined) split.promptTokens = o.promptTokens
  if (o.completionTokens !== undefined) split.completionTokens = o.completionTokens
  if (o.problems !== undefined) split.problems = o.problems
  return {
    version: 1,
    name: `scaling-${path
      .basename(o.file)
      .replace(/\.(gz)$/i, '')
      .replace(/\.[^.]+$/, '')}`,
    description: `passk scaling ${o.file}`,
    seed: o.seed ?? 0,
    stages: [
      { id: 'logs', use: 'sources/llm-logs', options: source },
      { id: 'exponents', use: 'fitters/scaling-exponents', options: exponents },
      {
        id: 'saturation',
        use: 'fitters/beta-eff-saturation',
        options: { verdict: true, weights: 'se', bootstrap: o.bootstrap ?? 200 },
      },
      { id: 'split', use: 'fitters/compute-split', options: split },
    ],
  }
}

function fmt(v: unknown, digits = 3): string {
  if (typeof v === 'string') return v
  if (typeof v !== 'number' || !Number.isFinite(v)) return '—'
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(digits - 1)
  return Number(v.toPrecision(digits)).toString()
}

const interval = (v: unknown, lo: unknown, hi: unknown) =>
  `${fmt(v)}${typeof lo === 'number' && typeof hi === 'number' ? ` [${fmt(lo)}, ${fmt(hi)}]` : ''}`

export interface ScalingSummary {
  /** Per family: the text of the three blocks. */
  families: { family: string; exponents: string[][]; saturation: string; split: string }[]
}

/** The printed summary, from the run's tables and the saturation fit (exported for tests). */
export function scalingSummary(outcome: RunOutcome): ScalingSummary {
  const tables = outcome.results.tables
  const find = (stage: string, id: string): TableRecord | undefined =>
    tables.find((t) => t.stage === stage && t.id === id)
  const ck = find('exponents', 'scaling-checkpoints')
  const ver = find('saturation', 'saturation-verdict')
  const spl = find('split', 'compute-split')
  const sat = outcome.outputs.get('saturation') as Fit | undefined
  const col = (t: TableRecord | undefined, name: string) => t?.columns.indexOf(name) ?? -1
  const fams = [...new Set((ck?.rows ?? []).map((r) => String(r[0])))]
  const kCols = (ck?.columns ?? []).filter((c) => /^pass@\d+$/.test(c) && c !== 'pass@1')
  return {
    families: fams.map((family) => {
      const rows = (ck?.rows ?? []).filter((r) => r[0] === family)
      const g = (r: (typeof rows)[number], name: string) => r[col(ck, name)]
      const exponents = rows.map((r) => [
        fmt(g(r, ck?.columns[2] ?? 'tokens')),
        String(g(r, 'group')),
        interval(g(r, 'a'), g(r, 'a_lower'), g(r, 'a_upper')),
        fmt(g(r, 'pass@1')),
        ...kCols.map((c) => fmt(g(r, c))),
        `${fmt(g(r, 'n_min'))}–${fmt(g(r, 'n_max'))}`,
        g(r, 'status') === 'identified' ? 'identified' : `unidentified: ${String(g(r, 'reason'))}`,
      ])
      const v = ver?.rows.find((r) => r[0] === family)
      let saturation = 'no saturation verdict'
      if (v) {
        const verdict = String(v[col(ver, 'verdict')])
        const reason = String(v[col(ver, 'reason')])
        const f = sat?.fits.find((q) => q.model === 'beta-eff-saturation' && q.target === family)
        saturation =
          verdict === 'saturation' && f
            ? `saturation (LID Eq. 20): ${f.params.map((p) => `${p.name} = ${interval(p.value, p.lower, p.upper)}`).join(', ')} — ${reason}`
            : `${verdict}: ${reason}`
      }
      const s = spl?.rows.find((r) => r[0] === family)
      let split = 'no compute split'
      if (s) {
        const c = (name: string) => s[col(spl, name)]
        split =
          c('delta_pass_training') === null
            ? `no compute split: ${String(c('extrapolation'))}`
            : `from ${fmt(c('D0'))} tokens and k = ${fmt(c('k0'))} (pass@k = ${fmt(c('pass@k0'))} by the laws, ${fmt(c('pass@k0_observed'))} observed; C₀ = ${fmt(c('C0_flops'))} FLOPs), the next 10× compute buys Δpass@k = ${interval(c('delta_pass_training'), c('training_lower'), c('training_upper'))} if spent on training (D = ${fmt(c('D1'))}), ${interval(c('delta_pass_attempts'), c('attempts_lower'), c('attempts_upper'))} if spent on attempts (k = ${fmt(c('k1'))}); optimum (Eq. 24) D* = ${interval(c('D_star'), c('D_star_lower'), c('D_star_upper'))}, k* = ${interval(c('k_star'), c('k_star_lower'), c('k_star_upper'))}, pass = ${fmt(c('pass_star'))}. Extrapolation: ${String(c('extrapolation'))}`
      }
      return { family, exponents, saturation, split }
    }),
  }
}

function summaryText(s: ScalingSummary, kCols: string[], xName: string, io: CliIO): string {
  const c = colors(io, 'stdout')
  const out: string[] = []
  for (const f of s.families) {
    out.push(c.bold(f.family))
    out.push(
      textTable([xName, 'checkpoint', 'exponent a [95% CI]', 'pass@1', ...kCols, 'n range', 'status'], f.exponents),
    )
    out.push(`  β_eff(${xName}): ${f.saturation}`)
    out.push(`  Compute split: ${f.split}`)
  }
  return out.join('\n\n') + '\n'
}

export const scalingCommand: Command = {
  name: 'scaling',
  summary: 'Train more or sample more? Tail exponent vs training and the compute split, from checkpoint logs',
  usage:
    'passk scaling LOGFILE [--pattern RE | --mapping FILE | --tokens-column C --params-column C] [--out DIR] [--json]',
  help: `Reads repeated-sampling logs of a family of checkpoints (one group per checkpoint), fits per checkpoint the
Beta-Binomial tail exponent a (Levi's β; bootstrap interval over problems), tabulates it against training tokens
per model size (checkpoints the data cannot determine are listed with the reason and left out), fits the
saturating law β_eff(D) = β − Δ/(1 + (D/N½)^ν) of LID Eq. 20 or says why the data do not support it (no rise
detected / plateau / unidentified), and splits compute between training (6·P·D FLOPs) and attempts
(2·P·(prompt + completion tokens) FLOPs per attempt and problem), LID §4.3.

Covariates per checkpoint (one of):
  --pattern RE          regex on the group name with named groups (?<params>…) and (?<tokens>…), SI suffixes
                        (default ${DEFAULT_PATTERN.replace(/\\\\/g, '\\')})
  --mapping FILE        CSV group,params,tokens or JSON {"group": {"params": "1B", "tokens": "2B"}}
  --tokens-column C     read tokens from column C (and --params-column P for the model size)

Options:
  --group-by LIST       extra grouping columns (default: benchmark, when the log has that column)
  --k LIST              pass@k columns (default 10,100)
  --k0 K                attempts per problem at the reference point of the split (default 100)
  --factor F            compute multiple to spend (default 10)
  --prompt-tokens T     prompt tokens per attempt (default 700, GSM8K 8-shot)
  --completion-tokens T completion tokens per attempt (default 256)
  --problems M          problems the attempts are paid for (default: the benchmark size in the log)
  --bootstrap B         bootstrap resamples (default 200)
  --out DIR             run directory (default runs/scaling-<file>-<timestamp>)
  --seed N              seed (default 0)
  --json                print results.json to stdout
  --report              also write report.html
  --quiet               no progress output
  --debug               show stack traces

Examples:
  passk scaling ../shared/data/llm-logs/pythia-checkpoints-gsm8k/gsm8k_checkpoints.csv
  passk scaling logs.csv --tokens-column train_tokens --params-column n_params --k0 1000`,
  async run(args, io) {
    const { values, positionals } = parse('scaling', args, {
      pattern: { type: 'string' },
      mapping: { type: 'string' },
      'tokens-column': { type: 'string' },
      'params-column': { type: 'string' },
      'group-by': { type: 'string' },
      k: { type: 'string' },
      k0: { type: 'string' },
      factor: { type: 'string' },
      'prompt-tokens': { type: 'string' },
      'completion-tokens': { type: 'string' },
      problems: { type: 'string' },
      bootstrap: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
      report: { type: 'boolean' },
      quiet: { type: 'boolean' },
      debug: { type: 'boolean' },
      config: { type: 'string' },
      'no-config': { type: 'boolean' },
    })
    if (positionals.length !== 1)
      throw new PasskError(
        'PASSK_USAGE',
        `passk scaling expects exactly one log file, got ${positionals.length}.`,
        'Usage: passk scaling LOGFILE [--pattern RE] [--out DIR] [--json]',
      )
    const file = path.resolve(io.cwd, positionals[0])
    if (!fs.existsSync(file))
      throw new PasskError('PASSK_FILE_NOT_FOUND', `passk scaling: no such file ${file}.`, 'Check the path.')
    const num = (flag: string, integer = false) => parseNumber('scaling', flag, values[flag as 'k0'], integer)
    let groupBy = values['group-by']
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    // Several benchmarks in one file are grouped, never pooled: by default group by a benchmark column.
    if (!groupBy && headerColumns(file).includes('benchmark')) groupBy = ['benchmark']
    const opt = (name: string, v: number | undefined) => (v !== undefined ? { [name]: v } : {})
    const k = parseList('scaling', 'k', values.k)
    const spec = scalingSpec({
      file,
      ...(values.pattern !== undefined ? { pattern: values.pattern } : {}),
      ...(values.mapping ? { mapping: path.resolve(io.cwd, values.mapping) } : {}),
      ...(values['tokens-column'] ? { tokensColumn: values['tokens-column'] } : {}),
      ...(values['params-column'] ? { paramsColumn: values['params-column'] } : {}),
      ...(groupBy ? { groupBy } : {}),
      ...(k ? { k: k.map(Math.round) } : {}),
      ...opt('k0', num('k0', true)),
      ...opt('factor', num('factor')),
      ...opt('bootstrap', num('bootstrap', true)),
      ...opt('promptTokens', num('prompt-tokens')),
      ...opt('completionTokens', num('completion-tokens')),
      ...opt('problems', num('problems', true)),
      ...opt('seed', num('seed', true)),
    })
    const registry = await createDefaultRegistry({
      cwd: io.cwd,
      ...(values.config ? { configPath: path.resolve(io.cwd, values.config) } : {}),
      noConfig: values['no-config'] ?? false,
    })
    const kCols = (spec.stages[1].options.k as number[]).map((q) => `pass@${q}`)
    const r = await runAndWrite(
      spec,
      {
        registry,
        baseDir: io.cwd,
        json: values.json ?? false,
        report: values.report ?? false,
        quiet: values.quiet ?? false,
        debug: values.debug ?? false,
        ...(values.out ? { out: values.out } : {}),
        // the run's own text: per model size the exponent table, the saturation verdict and the compute split
        present: (outcome) => ({
          text: summaryText(scalingSummary(outcome), kCols, String(spec.stages[1].options.x), io),
        }),
      },
      io,
    )
    return r.code
  },
}
