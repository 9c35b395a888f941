/**
 * `passk plan LOGFILE --budget B`: where to spend the next B attempts (issue 14 §4). Reads the log with the same
 * sources/llm-logs flags as `passk fit` (generated from its zod schema), runs that one stage through the shared
 * headless runner (one atomic run directory, never replacing a file passk did not write, --json), and per model
 * (series) allocates B more attempts over its problems with @passk/fitters' planAttempts: 'optimal' minimises the
 * expected posterior variance of pass@K (preposterior analysis under the Beta-Binomial fit), 'kazdan' is Kazdan et
 * al. 2025's dynamic-sampling heuristic (more attempts to problems with few or no successes), 'uniform' the
 * baseline. Writes plan.csv (model,problem_id,attempts) and plan-summary.csv, and prints the expected 95% interval
 * width on pass@K before and after, against uniform at the same budget.
 */
import path from 'node:path'
import { PasskError, createRng, type OutcomeGroup, type RunOutcome, type TrialOutcomes } from '@passk/core'
import { llmLogsOptions } from '@passk/source-llm-logs'
import { parse } from '../args.js'
import { checkFlagOptions, flagHelp, flagValues, flagsFromSchema, parseArgsOptions } from '../flags.js'
import { colors, type CliIO, type Command } from '../io.js'

const STRATEGIES = ['optimal', 'kazdan', 'uniform'] as const
type Strategy = (typeof STRATEGIES)[number]

/** Default target: pass@K at 10× the largest n of the series. */
export const DEFAULT_K_FACTOR = 10

const sourceFlags = () => flagsFromSchema(llmLogsOptions, 'source', { omit: ['path'] })

const fixedFlags = {
  budget: { type: 'string' },
  'target-k': { type: 'string' },
  strategy: { type: 'string' },
  bootstrap: { type: 'string' },
  seed: { type: 'string' },
  top: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  debug: { type: 'boolean' },
  config: { type: 'string' },
  'no-config': { type: 'boolean' },
} as const

export interface PlanSummaryRow {
  model: string
  problems: number
  n_min: number
  n_max: number
  k: number
  strategy: Strategy
  budget: number
  /** Posterior-mean pass@K now (model-based when K > n). */
  passAtK: number
  width_before: number
  width_after: number
  width_uniform: number
  /** width_after / width_uniform. */
  ratio_vs_uniform: number
  /** s.d. of pass@K from the prior's own uncertainty (bootstrap), null without --bootstrap. */
  prior_sd: number | null
  prior_a: number
  prior_b: number
  prior_status: string
  problems_given_attempts: number
}

const usage = (msg: string, hint: string) => new PasskError('PASSK_USAGE', `passk plan: ${msg}`, hint)

function intFlag(flag: string, v: string | undefined, min: number, code: string, hint: string): number | undefined {
  if (v === undefined) return undefined
  const x = Number(v)
  if (v.trim() === '' || !Number.isFinite(x))
    throw new PasskError(
      code as `PASSK_${string}`,
      `passk plan: --${flag} expects a number, got ${JSON.stringify(v)}.`,
      hint,
      {
        exitCode: 2,
      },
    )
  if (!Number.isSafeInteger(x))
    throw new PasskError(
      code as `PASSK_${string}`,
      `passk plan: --${flag} must be a whole number of attempts, got ${v}.`,
      hint,
      { exitCode: 2 },
    )
  if (x < min)
    throw new PasskError(code as `PASSK_${string}`, `passk plan: --${flag} must be at least ${min}, got ${v}.`, hint, {
      exitCode: 2,
    })
  return x
}

const fmt = (v: number | null | undefined, digits = 3): string => {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(digits - 1)
  return Number(v.toPrecision(digits)).toString()
}

export interface PlanRunOptions {
  budget: number
  k?: number
  strategy: Strategy
  bootstrap: number
  seed: number
  top: number
  quiet: boolean
}

/** Plans for every series of the log (exported for tests): the plan.csv rows, the summary rows and the text. */
export async function planSeries(outcome: RunOutcome, o: PlanRunOptions, io: CliIO) {
  const { planAttempts, priorSd, PLAN_MAX_K } = await import('@passk/fitters')
  const { toCsv } = await import('@passk/core')
  const logs = outcome.outputs.get('logs') as TrialOutcomes | undefined
  const groups: OutcomeGroup[] = (logs?.groups ?? []).filter((g) => g.n.length > 0)
  if (!groups.length)
    throw new PasskError(
      'PASSK_PLAN_NO_PROBLEMS',
      'passk plan: the log has no problems to plan for.',
      'Check the file and the filters (--model, --where, --filter): passk fit LOG shows what the log holds.',
    )
  const rows: (string | number)[][] = []
  const summary: PlanSummaryRow[] = []
  const text: string[] = []
  const c = colors(io, 'stdout')
  const notes: string[] = []
  const root = createRng(o.seed)
  for (const g of groups) {
    let nMin = Infinity,
      nMax = 0
    for (const x of g.n) {
      nMin = Math.min(nMin, x)
      nMax = Math.max(nMax, x)
    }
    const k = o.k ?? Math.min(Math.max(DEFAULT_K_FACTOR * nMax, 1), PLAN_MAX_K)
    if (!o.quiet) io.stderr.write(`planning ${g.label}: ${g.n.length} problems, ${o.budget} attempts, pass@${k}…\n`)
    const common = { budget: o.budget, k, rng: root.split(`plan:${g.label}`) }
    const plan = planAttempts(g.n, g.c, {
      ...common,
      strategy: o.strategy,
      ...(o.quiet
        ? {}
        : {
            progress: (d: number, t: number) => {
              if (io.stderrTTY) io.stderr.write(`\r  ${g.label}: ${d}/${t} allocation steps`)
            },
          }),
    })
    if (!o.quiet && io.stderrTTY) io.stderr.write('\n')
    const prior = { a: plan.prior.a, b: plan.prior.b }
    const uniform =
      o.strategy === 'uniform'
        ? plan
        : planAttempts(g.n, g.c, { ...common, strategy: 'uniform', prior, rng: root.split(`uniform:${g.label}`) })
    const ps = o.bootstrap > 0 ? priorSd(g.n, g.c, k, o.bootstrap, root.split(`bootstrap:${g.label}`)) : null
    const withPrior = (sd: number) => (ps && Number.isFinite(ps.sd) ? Math.sqrt(sd * sd + ps.sd * ps.sd) : sd)
    const z = 2 * plan.z // width = 2·z·sd
    const wb = z * withPrior(plan.sdBefore),
      wa = z * withPrior(plan.sdAfter),
      wu = z * withPrior(uniform.sdAfter)
    let given = 0
    g.problems.forEach((p, i) => {
      rows.push([g.label, p, plan.attempts[i]])
      if (plan.attempts[i] > 0) given++
    })
    summary.push({
      model: g.label,
      problems: g.n.length,
      n_min: nMin,
      n_max: nMax,
      k,
      strategy: o.strategy,
      budget: o.budget,
      passAtK: plan.passAtK,
      width_before: wb,
      width_after: wa,
      width_uniform: wu,
      ratio_vs_uniform: wa / wu,
      prior_sd: ps ? ps.sd : null,
      prior_a: plan.prior.a,
      prior_b: plan.prior.b,
      prior_status: plan.prior.status,
      problems_given_attempts: given,
    })
    if (plan.prior.status !== 'converged')
      notes.push(
        `${g.label}: the Beta-Binomial prior is ${plan.prior.status} (${plan.prior.message}); the expected widths rest on it and are not trustworthy.`,
      )
    if (plan.note) notes.push(`${g.label}: ${plan.note}.`)
    if (ps?.failures) notes.push(`${g.label}: ${ps.failures} of ${ps.reps} bootstrap refits failed and were left out.`)
    // the problems with the most attempts
    const order = Array.from(plan.attempts.keys())
      .filter((i) => plan.attempts[i] > 0)
      .sort((x, y) => plan.attempts[y] - plan.attempts[x] || x - y)
      .slice(0, o.top)
    text.push(
      `${c.bold(g.label)}: ${g.n.length} problems, n ${nMin === nMax ? nMin : `${nMin}–${nMax}`}; pass@${k} = ${fmt(plan.passAtK)}${k > nMin ? ' (model-based: K > n)' : ''}; prior Beta(${fmt(plan.prior.a)}, ${fmt(plan.prior.b)})\n` +
        `  expected ${Math.round(plan.level * 100)}% interval width on pass@${k}: ${fmt(wb)} now → ${fmt(wa)} after ${o.budget} attempts (${o.strategy})` +
        (o.strategy === 'uniform' ? '' : `, vs ${fmt(wu)} spread uniformly (${fmt(wa / wu)}× uniform)`) +
        (ps
          ? `\n  includes the prior's own s.d. ${fmt(ps.sd)} (${o.bootstrap} bootstrap refits), held fixed after the plan`
          : '') +
        `\n  ${given} of ${g.n.length} problems get attempts; most: ` +
        order.map((i) => `${g.problems[i]} ${plan.attempts[i]} (c = ${g.c[i]}/${g.n[i]})`).join(', '),
    )
  }
  const cols: (keyof PlanSummaryRow)[] = [
    'model',
    'problems',
    'n_min',
    'n_max',
    'k',
    'strategy',
    'budget',
    'passAtK',
    'width_before',
    'width_after',
    'width_uniform',
    'ratio_vs_uniform',
    'prior_sd',
    'prior_a',
    'prior_b',
    'prior_status',
    'problems_given_attempts',
  ]
  const summaryRows = summary.map((r) => cols.map((k) => r[k]))
  const out =
    text.join('\n\n') +
    (notes.length
      ? `\n\n${c.bold(c.yellow(`Notes (${notes.length})`))}\n${notes.map((n) => `  ${n}`).join('\n')}`
      : '') +
    '\n'
  return {
    rows,
    summary,
    text: out,
    files: {
      'plan.csv': toCsv(['model', 'problem_id', 'attempts'], rows),
      'plan-summary.csv': toCsv(cols, summaryRows),
    },
    json: {
      plan: { summary: { columns: cols, rows: summaryRows }, columns: ['model', 'problem_id', 'attempts'], rows },
    },
  }
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'Where should the next attempts go? Allocate a budget to shrink the interval on pass@K',
  usage: 'passk plan LOGFILE --budget B [--target-k K] [--strategy optimal|kazdan|uniform] [--model M] [--out DIR]',
  get help() {
    return `Reads an evaluation log (the formats of passk fit), fits the Beta-Binomial distribution of per-problem
success probabilities per model, and allocates B more attempts over that model's problems so that the 95%
interval on pass@K of this problem set shrinks the most. Writes plan.csv (model,problem_id,attempts — every
problem, zeros included, for an evaluation loop to consume) and plan-summary.csv in a run directory, and prints
the expected interval width before and after, and against spreading the same budget uniformly.

How: problem i's success probability has the posterior Beta(a + c_i, b + n_i − c_i); the interval is on
pass@K = 1 − mean_i (1 − p_i)^K. For every candidate allocation the expected posterior variance after the new
attempts is computed exactly (preposterior analysis: law of total variance over the Beta-Binomial outcomes),
and attempts go greedily where they reduce it most (optimal for diminishing returns; see @passk/fitters plan.ts).
K may exceed n: pass@K is then the model-based (Beta posterior) value, not the unbiased estimator, which
exists only for K ≤ n; the plan is most useful exactly there, where the unsolved problems decide pass@K.

Plan:
  --budget B            extra attempts per model (a positive integer; each model in the log gets B)
  --target-k K          the K of pass@K to tighten (integer 1–1e9; default ${DEFAULT_K_FACTOR}× the model's largest n)
  --strategy S          optimal (default; least expected variance), kazdan (Kazdan et al. 2025's dynamic
                        sampling: attempts ∝ 1/(1 + c), most to problems with no success), uniform
  --bootstrap R         refit the prior on R problem resamples and add its s.d. to the widths (default 0: the
                        widths are conditional on the fitted prior; the plan itself does not change)
  --seed N              seed of the bootstrap and of uniform/kazdan tie-breaks (default 0)
  --top N               problems listed per model (default 10)

Reading the log (sources/llm-logs options, as in passk fit; --model M picks models):
${flagHelp(sourceFlags())}

Output:
  --out DIR             run directory (default runs/plan-<file>-<timestamp>); a non-empty DIR passk did not
                        write is refused
  --force               write the run files inside an existing non-empty DIR, touching no other file
  --json                print results.json with a "plan" object (summary and rows) to stdout
  --quiet               no progress output
  --config FILE         load external plugins from this passk.config.json
  --no-config           load no external plugins
  --debug               show stack traces

Examples:
  passk plan humaneval/all_models.csv --budget 1640 --target-k 1000
  passk plan samples.jsonl --model gpt-4 --budget 5000 --strategy kazdan --out runs/plan-gpt4`
  },
  async run(args, io) {
    const flags = sourceFlags()
    const { values, positionals } = parse('plan', args, { ...fixedFlags, ...parseArgsOptions(flags) })
    if (positionals.length !== 1)
      throw usage(
        `expects exactly one log file, got ${positionals.length}.`,
        'Usage: passk plan LOGFILE --budget B [--target-k K]; passk plan --help lists every flag.',
      )
    if (values.budget === undefined)
      throw new PasskError(
        'PASSK_PLAN_BUDGET',
        'passk plan: --budget is required (how many more attempts to allocate per model).',
        'Example: --budget 1640 (ten more attempts on each of 164 problems).',
        { exitCode: 2 },
      )
    const budgetHint = 'Example: --budget 1640 (ten more attempts on each of 164 problems).'
    const budget = intFlag('budget', values.budget, 1, 'PASSK_PLAN_BUDGET', budgetHint) as number
    const { PLAN_MAX_K, PLAN_MAX_BUDGET } = await import('@passk/fitters')
    if (budget > PLAN_MAX_BUDGET)
      throw new PasskError(
        'PASSK_PLAN_BUDGET',
        `passk plan: --budget ${budget} is above ${PLAN_MAX_BUDGET}.`,
        budgetHint,
        {
          exitCode: 2,
        },
      )
    const kHint = `The K of pass@K you will report, 1 to ${PLAN_MAX_K}, e.g. --target-k 1000; beyond that pass@K is the solvable fraction.`
    const k = intFlag('target-k', values['target-k'], 1, 'PASSK_PLAN_TARGET_K', kHint)
    if (k !== undefined && k > PLAN_MAX_K)
      throw new PasskError(
        'PASSK_PLAN_TARGET_K',
        `passk plan: --target-k ${k} is absurdly large (above ${PLAN_MAX_K}).`,
        kHint,
        {
          exitCode: 2,
        },
      )
    const strategy = (values.strategy ?? 'optimal') as Strategy
    if (!STRATEGIES.includes(strategy))
      throw usage(
        `--strategy must be one of ${STRATEGIES.join(', ')}, got ${JSON.stringify(values.strategy)}.`,
        'Example: --strategy kazdan',
      )
    const bootstrap = intFlag('bootstrap', values.bootstrap, 0, 'PASSK_USAGE', 'Example: --bootstrap 200') ?? 0
    const seed = intFlag('seed', values.seed, 0, 'PASSK_USAGE', 'Example: --seed 7') ?? 0
    const top = intFlag('top', values.top, 0, 'PASSK_USAGE', 'Example: --top 20') ?? 10
    const file = path.resolve(io.cwd, positionals[0])
    const source = { path: file, ...flagValues('plan', flags, values).source }
    checkFlagOptions('plan', flags, 'source', llmLogsOptions, source)
    const [{ runAndWrite }, { loadDefaultRegistry }] = await Promise.all([
      import('../headless.js'),
      import('../lazy-registry.js'),
    ])
    const registry = await loadDefaultRegistry({
      cwd: io.cwd,
      ...(values.config ? { configPath: path.resolve(io.cwd, values.config) } : {}),
      noConfig: values['no-config'] ?? false,
    })
    const spec = {
      version: 1 as const,
      name: `plan-${path
        .basename(file)
        .replace(/\.(gz)$/i, '')
        .replace(/\.[^.]+$/, '')}`,
      description: `passk plan ${file} --budget ${budget}`,
      seed,
      stages: [{ id: 'logs', use: 'sources/llm-logs', options: source }],
    }
    const opts: PlanRunOptions = {
      budget,
      ...(k !== undefined ? { k } : {}),
      strategy,
      bootstrap,
      seed,
      top,
      quiet: values.quiet ?? false,
    }
    const r = await runAndWrite(
      spec,
      {
        registry,
        baseDir: io.cwd,
        json: values.json ?? false,
        quiet: values.quiet ?? false,
        debug: values.debug ?? false,
        ...(values.out ? { out: values.out } : {}),
        ...(values.force ? { force: true } : {}),
        runInfo: { plan: { budget, targetK: k ?? null, strategy, bootstrap } },
        present: async (outcome) => {
          const p = await planSeries(outcome, opts, io)
          return { text: p.text, files: p.files, json: p.json }
        },
      },
      io,
    )
    return r.code
  },
}
