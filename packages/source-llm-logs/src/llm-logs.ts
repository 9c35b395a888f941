/**
 * sources/llm-logs: external LLM evaluation logs → TrialOutcomes (per group and problem: n attempts,
 * c successes; per-attempt outcomes and costs on request). Counts tables, per-sample records,
 * lm-evaluation-harness samples and evalplus results; CSV/TSV/JSONL/JSON/Parquet, gzip or not.
 */
import { defineSource, PasskError, z, type TrialOutcomes } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { Accumulator, BadRows } from './internal/accumulate.js'
import type { FileType } from './internal/detect.js'
import { duplicateRow, strictBadRow } from './internal/errors.js'
import { asList, emptyError } from './internal/formats/common.js'
import { chooseFormat, type ReadState } from './internal/formats/index.js'
import { probeFile } from './internal/formats/probe.js'
import { countTooLarge } from './internal/limits.js'
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_LINE_BYTES } from './internal/lines.js'

const col = (role: string, extra = '') =>
  z.string().min(1).default('auto').describe(`Column holding the ${role}; 'auto' picks a well-known name${extra}`)

export const llmLogsOptions = z
  .object({
    path: z
      .string()
      .min(1)
      .describe('Log file (CSV/TSV/JSONL/JSON/Parquet, optionally .gz); relative to the spec file'),
    format: z
      .enum([
        'auto',
        'counts',
        'samples',
        'lm-eval-harness',
        'evalplus',
        'inspect',
        'livecodebench',
        'lighteval',
        'bigcode',
      ])
      .default('auto')
      .describe(
        "Record layout: 'counts' (problem, n, c per row), 'samples' (one row per attempt), lm-evaluation-harness samples_*.jsonl, evalplus eval_results.json, inspect_ai .eval/.json logs, LiveCodeBench *_eval_all.json, lighteval details Parquet, bigcode-evaluation-harness (recognised and refused: no per-problem outcomes); 'auto' detects it from the content",
      ),
    fileType: z
      .enum(['auto', 'csv', 'tsv', 'jsonl', 'json', 'parquet'])
      .default('auto')
      .describe("Container format; 'auto' uses the extension (after .gz), then the content"),
    engine: z
      .enum(['auto', 'stream', 'duckdb'])
      .default('auto')
      .describe(
        "'stream' reads text line by line in constant memory; 'duckdb' aggregates in SQL (Parquet always uses DuckDB)",
      ),
    model: z
      .union([z.string(), z.array(z.string())])
      .default([])
      .describe(
        'Keep only these models (model column values); for files without a model column, a single name labels the group',
      ),
    groupBy: z
      .array(z.string())
      .default([])
      .describe('Extra grouping columns besides the model column, e.g. ["temperature"]'),
    where: z
      .array(z.string())
      .optional()
      .describe(
        'Keep only rows whose column equals a value, each written COL=VALUE (e.g. ["benchmark=humaneval", "step=1000"]) — for files holding several benchmarks or checkpoints',
      ),
    modelColumn: col('model name', "; 'none' puts every row in one group"),
    problemColumn: col('problem id'),
    nColumn: col('number of attempts (counts tables)'),
    cColumn: col('number of successes (counts tables)'),
    successColumn: col('per-attempt outcome (boolean, 0/1, pass/fail, or a score with threshold)'),
    attemptColumn: col('attempt index (per-sample records)', "; 'none' ignores it"),
    costColumn: col('per-attempt cost (tokens or USD)', "; 'none' ignores it"),
    threshold: z
      .number()
      .nullable()
      .default(null)
      .describe('Scores ≥ threshold count as successes (per-sample scores, lm-eval metrics)'),
    metric: z
      .string()
      .default('auto')
      .describe(
        "lm-evaluation-harness and lighteval: the per-doc metric to read; 'auto' takes pass@k with the smallest k, else the first of the record's metrics",
      ),
    filter: z
      .string()
      .default('auto')
      .describe("lm-evaluation-harness: which filter's rows to use; 'auto' takes the first filter seen"),
    evalplusTests: z
      .enum(['plus', 'base'])
      .default('plus')
      .describe("evalplus: 'plus' = base and extra tests pass, 'base' = base tests only"),
    tests: z
      .enum(['plus', 'base'])
      .optional()
      .describe(
        "evalplus: which tests decide success, 'plus' (base and extra) or 'base'; the same as evalplusTests, which it overrides",
      ),
    scorer: z
      .string()
      .optional()
      .describe(
        "inspect_ai: which scorer's value is the outcome when a log has several; 'auto' takes the only (or first) one",
      ),
    label: z
      .string()
      .default('auto')
      .describe("Group label when the file has no model column; 'auto' uses the file name"),
    duplicates: z
      .enum(['error', 'first', 'sum'])
      .default('error')
      .describe('Counts tables: what to do with a second row for the same (group, problem)'),
    threads: z
      .union([z.literal('auto'), z.number().int().min(1).max(16)])
      .default('auto')
      .describe(
        "Worker threads for a plain (not gzip) per-sample JSONL file read by the stream engine: the file is split at line boundaries and the counts merged in file order; 'auto' = 2 (at most the cores) for files of 64 MiB or more, else 1. keepAttempts and strict always read in one thread",
      ),
    keepAttempts: z
      .boolean()
      .default(false)
      .describe('Keep the ordered per-attempt outcomes (and costs) of per-sample records'),
    strict: z.boolean().default(false).describe('Make the first bad row an error instead of a counted warning'),
    maxBytes: z
      .number()
      .int()
      .positive()
      .default(DEFAULT_MAX_BYTES)
      .describe(
        'Refuse (PASSK_TOO_LARGE) a gzip file that inflates beyond this many bytes (default 64 GiB; a JSON document is also bounded by the largest string, ~512 MiB)',
      ),
    maxLineBytes: z
      .number()
      .int()
      .positive()
      .default(DEFAULT_MAX_LINE_BYTES)
      .describe(
        'Refuse (PASSK_TOO_LARGE) a line longer than this many bytes (default 256 MiB; one line is held in memory)',
      ),
  })
  .strict()

export type LlmLogsOptions = z.output<typeof llmLogsOptions>

/**
 * A duplicate (model, problem) row in a counts table usually means several benchmarks or checkpoints in one file:
 * name the columns that could tell the rows apart and the options (and passk fit flags) that use them.
 */
function duplicateHint(e: unknown, st: ReadState): unknown {
  if (!(e instanceof PasskError) || e.code !== 'PASSK_LLM_LOGS_DUPLICATE_ROW' || !st.layout || !st.columns) return e
  const used = new Set([st.layout.problem, st.layout.n, st.layout.c, ...st.layout.groupCols])
  const others = st.columns.filter((c) => !used.has(c))
  const eg = others[0] ?? 'COL'
  return new PasskError(
    e.code,
    e.message,
    `${others.length ? `Columns that may tell the rows apart: ${others.join(', ')}. ` : ''}Keep one with where (--where ${eg}=VALUE), read each as its own group with groupBy (--group-by ${eg}), or add the rows up with duplicates "sum" (--duplicates sum; "first" keeps the first row).`,
    { cause: e },
  )
}

export const llmLogs = defineSource({
  name: 'llm-logs',
  version: pkg.version,
  summary:
    'LLM evaluation logs (counts, per-sample, lm-eval-harness, evalplus; CSV/JSONL/Parquet, gzip) → TrialOutcomes',
  description:
    'Reads per-problem (n, c) counts or per-attempt records, grouped by model (and groupBy columns). Bad rows are counted and the first few reported with line numbers; c > n, negative counts, duplicate (model, problem) rows and mixed id types are reported, never merged silently. Parquet (and engine "duckdb") aggregate in SQL through embedded DuckDB.',
  refs: ['Chen et al. 2021 (Codex), unbiased pass@k inputs (n, c)'],
  options: llmLogsOptions,
  produces: 'TrialOutcomes',
  async run(_input, o, ctx): Promise<TrialOutcomes> {
    const file = ctx.resolvePath(o.path)
    // One probe of the file (stat, head bytes, gzip, container), shared by format detection and the reader.
    const implied: FileType | undefined =
      o.format === 'evalplus' ? 'json' : o.format === 'lm-eval-harness' ? 'jsonl' : undefined
    const probe = probeFile(file, o.fileType, implied, { maxBytes: o.maxBytes, maxLineBytes: o.maxLineBytes })
    const type = probe.type
    if (!type) throw emptyError(file)
    if (type === 'parquet' && probe.gzip)
      throw new PasskError(
        'PASSK_LLM_LOGS_BAD_FILE',
        `${file}: gzip-compressed Parquet is not readable; Parquet compresses its columns itself.`,
        'Decompress it (gunzip) first.',
      )
    const st: ReadState = {
      acc: new Accumulator(o.keepAttempts, file, o.duplicates, duplicateRow, countTooLarge),
      bad: new BadRows(file, o.strict ? strictBadRow : null),
      records: 0,
      filtered: 0,
      whereFiltered: 0,
      engine: 'stream',
      meta: {},
    }
    const format = await chooseFormat(probe, o)
    if (o.where?.length && !['csv-table', 'jsonl-records', 'json-records'].includes(format.name))
      throw new PasskError(
        'PASSK_BAD_OPTIONS',
        `${file}: where filters rows of CSV/TSV/JSONL/JSON tables read by the stream engine, not ${format.name === 'duckdb' ? 'DuckDB (Parquet, or engine "duckdb")' : `${format.name} logs`}.`,
        format.name === 'duckdb'
          ? 'Filter the Parquet first (e.g. duckdb: COPY (SELECT * FROM f WHERE …) TO …), or use engine "stream" for text files.'
          : 'Drop the where option; harness logs hold one task and model per file.',
      )
    if (format.name === 'duckdb') st.engine = 'duckdb'
    try {
      await format.read(probe, o, st, ctx)
    } catch (e) {
      throw duplicateHint(e, st)
    }
    const engine = st.engine
    if (engine === 'duckdb' && o.keepAttempts)
      ctx.warn(
        'PASSK_LLM_LOGS_NO_ATTEMPTS',
        `${file}: per-attempt order is not kept when DuckDB aggregates the file; attempts are counts only.`,
      )

    const { groups, mixedIdGroups, gapProblems } = st.acc.groupsOut()
    const meanCost = st.acc.meanCost()
    if (st.bad.count) ctx.warn('PASSK_LLM_LOGS_BAD_ROWS', st.bad.summary())
    if (st.acc.duplicates)
      ctx.warn(
        'PASSK_LLM_LOGS_DUPLICATE_ROWS',
        `${file}: ${st.acc.duplicates} duplicate (group, problem) rows ${o.duplicates === 'sum' ? 'were added up' : 'were dropped (first row kept)'}; first: ${st.acc.duplicateRows.map((d) => `line ${d.line} (${d.problem})`).join(', ')}.`,
      )
    if (mixedIdGroups.length) {
      const msg = `${file}: problem ids are numbers in some rows and strings in others (groups ${mixedIdGroups.join(', ')}); they are kept as different problems (0 ≠ "0").`
      if (o.strict)
        throw new PasskError(
          'PASSK_LLM_LOGS_MIXED_ID_TYPES',
          msg,
          'Write every id the same way (all strings or all numbers).',
        )
      ctx.warn('PASSK_LLM_LOGS_MIXED_ID_TYPES', msg)
    }
    if (st.acc.partialCost)
      ctx.warn(
        'PASSK_LLM_LOGS_PARTIAL_COST',
        `${file}: some attempts have no ${st.layout?.cost ?? 'cost'} value; per-attempt costs are left out for ${st.acc.partialCost} group(s) (the mean cost per attempt uses the attempts that have one).`,
      )
    if (gapProblems)
      ctx.warn(
        'PASSK_LLM_LOGS_ATTEMPT_GAPS',
        `${file}: ${gapProblems} problems have gaps in their attempt indices; their attempts keep the logged order without the gaps.`,
      )
    const models = asList(o.model)
    if (!groups.length || groups.every((g) => g.problems.length === 0)) {
      if (models.length && st.records) {
        throw new PasskError(
          'PASSK_LLM_LOGS_NO_MATCH',
          `${file}: no rows for model ${models.map((m) => JSON.stringify(m)).join(', ')} (${st.filtered} rows of other models).`,
          'Check the model name(s) against the model column (case-sensitive); omit model to read every model.',
        )
      }
      if (st.bad.count)
        throw new PasskError(
          'PASSK_LLM_LOGS_NO_VALID_ROWS',
          `${file}: every one of the ${st.bad.count} rows is bad; first: ${st.bad.examples.map((e) => `line ${e.line}: ${e.reason}`).join('; ')}.`,
          'Check the column options and, for scores, threshold.',
        )
      throw emptyError(file)
    }
    if (models.length && st.layout?.model) {
      const seen = new Set(groups.map((g) => g.keys?.[st.layout!.model!] ?? g.label))
      const missing = models.filter((m) => !seen.has(m))
      if (missing.length)
        ctx.warn(
          'PASSK_LLM_LOGS_MODEL_NOT_FOUND',
          `${file}: no rows for model ${missing.map((m) => JSON.stringify(m)).join(', ')}.`,
        )
    }
    const meta: Record<string, unknown> = {
      source: 'llm-logs',
      path: file,
      fileType: type,
      engine,
      format: st.formatName ?? st.layout?.kind ?? o.format,
      ...st.meta,
      records: st.records,
      badRows: st.bad.count,
      filteredRows: st.filtered,
      ...(o.where?.length ? { where: o.where, whereFilteredRows: st.whereFiltered } : {}),
      ...(st.threads ? { threads: st.threads } : {}),
      columns: st.layout
        ? {
            problem: st.layout.problem,
            groupBy: st.layout.groupCols,
            ...(st.layout.n ? { n: st.layout.n, c: st.layout.c } : {}),
            ...(st.layout.success ? { success: st.layout.success } : {}),
            ...(st.layout.attempt ? { attempt: st.layout.attempt } : {}),
            ...(st.layout.cost ? { cost: st.layout.cost } : {}),
          }
        : {},
    }
    if (Object.keys(meanCost).length) {
      meta.meanCostPerAttempt = meanCost
      meta.costUnit = st.layout?.cost
    }
    if (st.layout?.cost)
      for (const g of groups) if (g.cost || meanCost[g.label] !== undefined) g.costUnit = st.layout.cost
    return { kind: 'TrialOutcomes', groups: groups, meta }
  },
})
