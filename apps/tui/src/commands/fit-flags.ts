/**
 * The flags of `passk fit`, generated from the zod schemas of the options they set (FLAG_SOURCES): every
 * sources/llm-logs option but `path`, and the pipeline options listed here. The help text takes defaults
 * and descriptions from the same schemas. Flags that are not plugin options (output, config) are fixed.
 */
import { z, type Registry, type TrialOutcomes } from '@passk/core'
import { coverageAtCostOptions, passkUnbiasedOptions } from '@passk/evaluators'
import { llmLogsOptions } from '@passk/source-llm-logs'
import { checkFlagOptions, didYouMean, flagHelp, flagsFromSchema, flagValues, type FlagSpec } from '../flags.js'
import type { FitOptions } from './fit.js'

/** Options of the fit run itself (not a plugin's). */
export const fitRunOptions = z
  .object({
    seed: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('Seed of every random draw (the bootstraps): same seed, same numbers'),
  })
  .strict()

/**
 * Defaults `passk fit` uses where they differ from the plugin's own. beyondN 'fill-beta': real logs have ragged n
 * (issue 14 §5), and pass@k is reported over one fixed problem set at every k — a problem with n < k keeps its
 * observed attempts and the rest is the Beta-Binomial posterior, a point labelled model-based (never an average
 * over the problems that happen to have n ≥ k, whose mix changes with k).
 */
export const FIT_DEFAULTS = {
  passk: { beyondN: 'fill-beta', problemTable: false },
  coverage: { probabilities: 'beta-binomial', targets: [0.5, 0.8, 0.9] },
} as const satisfies { passk: FitOptions['passk']; coverage: FitOptions['coverage'] }

type Target = 'source' | 'passk' | 'coverage' | 'run'

interface FlagSource {
  target: Target
  title: string
  schema: z.ZodType
  omit?: readonly string[]
  only?: readonly string[]
  rename?: Readonly<Record<string, string>>
  defaults?: Readonly<Record<string, unknown>>
  /** Help text where `passk fit` uses an option more widely than the plugin (e.g. one bootstrap for all). */
  describe?: Readonly<Record<string, string>>
}

/** Where the generated flags come from. A new option in one of these schemas is a flag with no change here. */
export const FLAG_SOURCES: readonly FlagSource[] = [
  {
    target: 'source',
    title: 'Reading the log (sources/llm-logs options; `passk plugins sources/llm-logs` shows them as JSON Schema)',
    schema: llmLogsOptions,
    omit: ['path'],
  },
  {
    target: 'passk',
    title: 'pass@k (evaluators/passk-unbiased)',
    schema: passkUnbiasedOptions,
    only: ['k', 'beyondN', 'adaptiveStopping', 'bootstrap', 'level'],
    defaults: FIT_DEFAULTS.passk,
  },
  {
    target: 'coverage',
    title: 'Coverage@cost (evaluators/coverage-at-cost)',
    schema: coverageAtCostOptions,
    only: ['probabilities', 'targets', 'maxRounds'],
    rename: { probabilities: 'coverage', targets: 'coverage-targets' },
    defaults: FIT_DEFAULTS.coverage,
  },
  { target: 'run', title: 'Run', schema: fitRunOptions },
]

/** Flags that are not plugin options. */
export const fixedFlags = {
  out: { type: 'string' },
  force: { type: 'boolean' },
  json: { type: 'boolean' },
  report: { type: 'boolean' },
  plots: { type: 'string' },
  quiet: { type: 'boolean' },
  verbose: { type: 'boolean' },
  debug: { type: 'boolean' },
  config: { type: 'string' },
  'no-config': { type: 'boolean' },
} as const

const fixedHelp = `Output:
  --out DIR                         run directory (default runs/fit-<file>-<timestamp>); a non-empty DIR
                                    passk did not write is refused
  --force                           write the run files inside an existing non-empty DIR, touching no other file
  --json                            print results.json (plus a "fitSummary" object) to stdout
  --report                          also write report.html
  --plots LIST                      plot formats in plots/: svg (default), png, pdf, e.g. --plots svg,png,pdf
  --quiet                           no progress output
  --verbose                         print every warning (default: grouped by code, with counts and examples)
  --config FILE                     load external plugins from this passk.config.json (default:
                                    ./passk.config.json only, never a parent directory's)
  --no-config                       load no external plugins
  --debug                           show stack traces`

/** Every generated flag, with the defaults `passk fit` applies. Throws on two options with one flag name. */
export function fitFlags(): FlagSpec[] {
  const flags = FLAG_SOURCES.flatMap((s) =>
    flagsFromSchema(s.schema, s.target, {
      ...(s.omit ? { omit: s.omit } : {}),
      ...(s.only ? { only: s.only } : {}),
      ...(s.rename ? { rename: s.rename } : {}),
    })
      .map((f) => (s.defaults && f.key in s.defaults ? { ...f, default: s.defaults[f.key] } : f))
      .map((f) => (s.describe?.[f.key] ? { ...f, description: s.describe[f.key] } : f)),
  )
  const seen = new Set<string>(Object.keys(fixedFlags))
  for (const f of flags) {
    if (seen.has(f.flag))
      throw new Error(`passk fit: two options map to the flag --${f.flag}; rename one in FLAG_SOURCES.`)
    seen.add(f.flag)
  }
  return flags
}

/** The option sections of `passk fit --help`. */
export function fitFlagHelp(): string {
  const flags = fitFlags()
  return [
    ...FLAG_SOURCES.map((s) => `${s.title}:\n${flagHelp(flags.filter((f) => f.target === s.target))}`),
    fixedHelp,
  ].join('\n\n')
}

/** Parsed flag values → FitOptions, each options object checked against its schema (errors name the flag). */
export function fitOptionsFromFlags(
  file: string,
  flags: readonly FlagSpec[],
  values: Record<string, string | boolean | (string | boolean)[] | undefined>,
): FitOptions {
  const by = flagValues('fit', flags, values)
  const source = { path: file, ...by.source }
  for (const s of FLAG_SOURCES) {
    const o = s.target === 'source' ? source : (by[s.target] ?? {})
    checkFlagOptions('fit', flags, s.target, s.schema, o)
  }
  const seed = by.run?.seed
  return {
    source: source,
    ...(by.passk ? { passk: by.passk } : {}),
    ...(by.coverage ? { coverage: by.coverage } : {}),
    ...(typeof seed === 'number' ? { seed } : {}),
  }
}

/**
 * After a failed run with --model: read the log once more without the model filter and, when none of
 * the requested models is there, list the models present (nearest first). Undefined when that read fails too.
 */
export async function modelsHint(o: FitOptions, registry: Registry): Promise<string | undefined> {
  const wanted = ([] as string[]).concat(o.source.model ?? [])
  if (!wanted.length) return undefined
  const { runPipeline } = await import('@passk/core')
  const { model: _m, ...rest } = o.source
  try {
    const outcome = await runPipeline(
      {
        version: 1,
        seed: 0,
        stages: [{ id: 'logs', use: 'sources/llm-logs', options: { ...rest, model: [] } }],
      },
      { registry },
    )
    const t = outcome.outputs.get('logs') as TrialOutcomes
    const present = t.groups.map((g) => g.label)
    const missing = wanted.filter((m) => !present.includes(m))
    if (!missing.length) return undefined
    const near = missing.map((m) => didYouMean(m, present)).join('')
    const shown =
      present.length > 20 ? `${present.slice(0, 20).join(', ')}, … (${present.length} in all)` : present.join(', ')
    return `hint: ${near}models in ${o.source.path}: ${shown}`
  } catch {
    return undefined
  }
}
