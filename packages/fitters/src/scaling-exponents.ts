/**
 * fitters/scaling-exponents: repeated-sampling logs of a family of checkpoints → the pass@k tail exponent
 * against training (issue 15; LID §4.2, Prop. 4.2 and Eq. 20).
 *
 * Per outcome group (one checkpoint) the fitters/beta-binomial fit (its public run(), the same options and
 * the same seeded bootstrap stream per group label, so the values equal a direct per-checkpoint fit) gives
 * q ~ Beta(a, b) and the failure tail 1 − pass@k ≈ P̃·k^(−a) (Levi 2024 Eq. 7 with Levi's β = a;
 * P̃ = Γ(a+b)/Γ(b)), i.e. β_eff = a and the prefactor P̃ of LID Eq. 22 at that checkpoint.
 * Covariates per group (training tokens, parameter count, any other) come from the group keys (e.g. columns
 * grouped by sources/llm-logs groupBy), a mapping file (CSV or JSON: group → covariates) or a regular
 * expression whose named groups carry numbers with SI suffixes (K, M, B/G, T).
 * Checkpoints whose exponent the data do not determine are listed with the reason and kept out of the
 * trend (see `identifiability`). Output: a Curve (x = the training covariate, log axis; y = a with the
 * bootstrap interval and se) with one series per family (e.g. per model size), which
 * fitters/beta-eff-saturation fits (weights 'se'); the per-checkpoint table; curve.meta.prefactor carries
 * P̃ per family for fitters/compute-allocation (P̃(N), LID Eq. 23).
 */
import fs from 'node:fs'
import {
  z,
  PasskError,
  defineFitter,
  special,
  type Curve,
  type Fit,
  type FitResult,
  type OutcomeGroup,
  type Series,
  type TrialOutcomes,
} from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { betaBinomial } from './beta-binomial.js'
import { intervalTooWide, tooFewSolved, unidentifiedMessage } from './internal/identify.js'

const ID = 'fitters/scaling-exponents'

const SI: Record<string, number> = { '': 1, K: 1e3, M: 1e6, G: 1e9, B: 1e9, T: 1e12 }

/** '1.4B' → 1.4e9, '300' → 300, '2e6' → 2e6; NaN when the text is not a number with an optional SI suffix. */
export function parseSi(text: string): number {
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([KMGBT]?)\s*$/i.exec(text)
  if (!m) return NaN
  return Number(m[1]) * SI[m[2].toUpperCase()]
}

export interface CheckpointCovariates {
  /** Numeric covariates (tokens, params, …). */
  values: Record<string, number>
  /** The text each came from (for labels: '1.4B'). */
  text: Record<string, string>
}

/** Covariates of one group from keys, then the mapping, then the pattern; PASSK_BAD_INPUT naming group and source. */
export function groupCovariates(
  g: Pick<OutcomeGroup, 'label' | 'keys'>,
  names: readonly string[],
  o: { pattern?: RegExp | undefined; mapping?: Record<string, Record<string, string>> | undefined },
): CheckpointCovariates {
  const out: CheckpointCovariates = { values: {}, text: {} }
  const m = o.pattern?.exec(g.label)
  const model = g.keys ? (Object.values(g.keys)[0] ?? g.label) : g.label
  const mapped = o.mapping?.[g.label] ?? o.mapping?.[model]
  for (const name of names) {
    const raw = g.keys?.[name] ?? mapped?.[name] ?? m?.groups?.[name]
    if (raw === undefined)
      throw new PasskError(
        'PASSK_BAD_INPUT',
        `${ID}: group "${g.label}" has no covariate "${name}": ${
          o.pattern
            ? m
              ? `pattern /${o.pattern.source}/ matched but has no named group (?<${name}>…)`
              : `pattern /${o.pattern.source}/ does not match the group name`
            : 'no pattern given'
        }${o.mapping ? ', not in the mapping file' : ''}, and no grouping column of that name.`,
        `Give a pattern with named groups, e.g. pattern "Pythia_(?<params>[\\d.]+[KMBT])_(?<tokens>[\\d.]+[KMBT])", a mapping file (group,${names.join(',')}), or group the log by a column named ${name}.`,
      )
    const v = parseSi(raw)
    if (!(v > 0) || !Number.isFinite(v))
      throw new PasskError(
        'PASSK_BAD_INPUT',
        `${ID}: group "${g.label}": covariate ${name} = ${JSON.stringify(raw)}${o.pattern && m ? ` (from pattern /${o.pattern.source}/)` : ''} is not a positive number with an optional SI suffix (K, M, B/G, T).`,
        'Write covariates like 1.4B, 300M, 2e9 or 64000000.',
      )
    out.values[name] = v
    out.text[name] = raw
  }
  return out
}

/** A mapping file: CSV with a header (first column = group) or JSON { group: { name: value } } / [{ group, … }]. */
export function readMapping(file: string): Record<string, Record<string, string>> {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (e) {
    throw new PasskError(
      'PASSK_FILE_NOT_FOUND',
      `${ID}: cannot read the covariate mapping ${file}: ${(e as Error).message}`,
      'Check the path (relative paths resolve against the spec file).',
    )
  }
  const out: Record<string, Record<string, string>> = {}
  const str = (v: unknown) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v : undefined)
  if (/^\s*[[{]/.test(text)) {
    let doc: unknown
    try {
      doc = JSON.parse(text)
    } catch (e) {
      throw new PasskError('PASSK_BAD_INPUT', `${ID}: mapping ${file} is not valid JSON: ${(e as Error).message}`, '')
    }
    const rows = Array.isArray(doc)
      ? (doc as Record<string, unknown>[]).map((r) => [str(r.group), r] as const)
      : Object.entries(doc as Record<string, Record<string, unknown>>)
    for (const [g, r] of rows) {
      if (g === undefined || typeof r !== 'object')
        throw new PasskError(
          'PASSK_BAD_INPUT',
          `${ID}: mapping ${file}: every entry needs a group name and an object of covariates.`,
          'Example: {"Pythia_1B_2B": {"params": "1B", "tokens": "2B"}}',
        )
      out[g] = {}
      for (const [k, v] of Object.entries(r)) if (k !== 'group' && str(v) !== undefined) out[g][k] = str(v) as string
    }
    return out
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  const head = (lines[0] ?? '').split(',').map((s) => s.trim())
  for (const [i, line] of lines.slice(1).entries()) {
    const f = line.split(',').map((s) => s.trim())
    if (f.length !== head.length)
      throw new PasskError(
        'PASSK_BAD_INPUT',
        `${ID}: mapping ${file} line ${i + 2} has ${f.length} fields, the header ${head.length}.`,
        'One row per group: group,params,tokens',
      )
    out[f[0]] = Object.fromEntries(head.slice(1).map((h, j) => [h, f[j + 1]]))
  }
  return out
}

export interface IdentifiabilityCriteria {
  /** Fewest problems with at least one success. */
  minSolved: number
  /** Largest ratio upper/lower of the exponent's bootstrap interval. */
  maxIntervalRatio: number
}

/**
 * Why a checkpoint's tail exponent is not determined by its data (empty when it is), by the shared criteria of
 * internal/identify.ts: the Beta-Binomial fit's own status ('unidentified' from identify(), or any status other
 * than 'converged', with its message), fewer than minSolved problems ever solved, and a bootstrap interval of a
 * wider than maxIntervalRatio×.
 */
export function identifiability(
  fit: FitResult,
  g: Pick<OutcomeGroup, 'c'>,
  crit: IdentifiabilityCriteria,
  bootstrap: number,
): string[] {
  const reasons: string[] = []
  const few = tooFewSolved(g.c, crit.minSolved)
  if (few) reasons.push(few)
  if (fit.status !== 'converged') {
    // identify()'s message: 'the data cannot determine this fit: <reasons>. Optimiser: <message>' — keep the reasons.
    const why = fit.message?.split('. Optimiser:')[0].replace('the data cannot determine this fit: ', '')
    reasons.push(`Beta-Binomial fit ${fit.status}${why ? ` (${why})` : ''}`)
  }
  const a = fit.params.find((p) => p.name === 'a')
  if (!a || !Number.isFinite(a.value)) reasons.push('no finite exponent')
  else if (bootstrap > 0) {
    const wide = intervalTooWide('a', a.lower, a.upper, crit.maxIntervalRatio)
    if (wide) reasons.push(wide)
  }
  return reasons
}

export interface CheckpointRow {
  family: string
  group: string
  x: number
  covariates: Record<string, number>
  problems: number
  solved: number
  nMin: number
  nMax: number
  a: number
  aLower: number | null
  aUpper: number | null
  aSe: number | null
  b: number
  prefactor: number
  passAt1: number
  /** Unbiased pass@k over the problems with n ≥ k (and how many), and the Beta-Binomial model's pass@k. */
  passAtK: { k: number; unbiased: number | null; problems: number; model: number }[]
  status: string
  reason: string | null
  fit: FitResult
}

export const scalingExponents = defineFitter({
  name: 'scaling-exponents',
  version: pkg.version,
  summary: 'Per checkpoint: Beta-Binomial tail exponent (Levi β = a) with bootstrap interval, against training tokens',
  description:
    'One fitters/beta-binomial fit per outcome group (checkpoint); covariates (tokens, parameters, …) from group keys, a mapping file or a named-group pattern with SI suffixes. Output: exponent-vs-training Curve, one series per family, for fitters/beta-eff-saturation; unidentified checkpoints are listed and left out.',
  refs: ['LID Eq. 20', 'LID Eq. 22', 'Levi 2024 Eq. 7 (β = a)'],
  accepts: 'TrialOutcomes',
  produces: 'Curve',
  options: z
    .object({
      pattern: z
        .string()
        .optional()
        .describe(
          'Regular expression on the group name with named groups per covariate, values with SI suffixes, e.g. "Pythia_(?<params>[\\d.]+[KMBT])_(?<tokens>[\\d.]+[KMBT])"',
        ),
      mapping: z
        .string()
        .optional()
        .describe('CSV (group,params,tokens,…) or JSON ({group: {params, tokens}}) file of covariates per group'),
      x: z.string().min(1).default('tokens').describe('Covariate on the x axis (training tokens, data size N, steps)'),
      family: z
        .string()
        .default('params')
        .describe("Covariate that defines a family (one series each, e.g. model size); 'none' = one family"),
      k: z
        .array(z.number().int().min(1))
        .default([10, 100])
        .describe('k values for the pass@k columns (pass@1 always)'),
      bootstrap: z.number().int().min(0).max(100000).default(200).describe('Bootstrap refits per checkpoint'),
      variant: z.enum(['plain', 'mixture']).default('plain').describe('Beta-Binomial variant (fitters/beta-binomial)'),
      minSolved: z
        .number()
        .int()
        .min(1)
        .default(5)
        .describe('A checkpoint with fewer problems solved at least once is unidentified'),
      maxIntervalRatio: z
        .number()
        .gt(1)
        .default(10)
        .describe('A checkpoint whose exponent interval spans more than this factor is unidentified'),
    })
    .strict(),
  run(t: TrialOutcomes, o, ctx): Curve {
    let pattern: RegExp | undefined
    if (o.pattern !== undefined) {
      try {
        pattern = new RegExp(o.pattern)
      } catch (e) {
        throw new PasskError(
          'PASSK_BAD_OPTIONS',
          `${ID}: pattern ${JSON.stringify(o.pattern)} is not a regular expression: ${(e as Error).message}`,
          'Example: "Pythia_(?<params>[\\d.]+[KMBT])_(?<tokens>[\\d.]+[KMBT])"',
        )
      }
    }
    const mapping = o.mapping !== undefined ? readMapping(ctx.resolvePath(o.mapping)) : undefined
    const names = o.family === 'none' ? [o.x] : [o.x, o.family]
    if (t.groups.length === 0)
      throw new PasskError('PASSK_BAD_INPUT', `${ID}: the outcomes have no groups.`, 'Check the source stage.')
    const covs = t.groups.map((g) => groupCovariates(g, names, { pattern, mapping }))
    const fit = betaBinomial.run(
      t,
      betaBinomial.options.parse({ variant: o.variant, bootstrap: o.bootstrap, gridPoints: 2 }),
      ctx,
    ) as Fit
    const rows: CheckpointRow[] = t.groups.map((g, i) => {
      const f = fit.fits[i]
      const cv = covs[i]
      const a = f.params.find((p) => p.name === 'a')
      const b = f.params.find((p) => p.name === 'b')
      let nMin = Infinity,
        nMax = 0,
        solved = 0,
        p1 = 0
      for (let j = 0; j < g.n.length; j++) {
        nMin = Math.min(nMin, g.n[j])
        nMax = Math.max(nMax, g.n[j])
        if (g.c[j] > 0) solved++
        p1 += g.c[j] / g.n[j]
      }
      const passAtK = o.k.map((k) => {
        let s = 0,
          m = 0
        for (let j = 0; j < g.n.length; j++)
          if (g.n[j] >= k) {
            s += special.passAtK(g.n[j], g.c[j], k)
            m++
          }
        return { k, unbiased: m ? s / m : null, problems: m, model: f.predict ? f.predict(k) : NaN }
      })
      const reasons = identifiability(f, g, o, o.bootstrap)
      const reason = reasons.length ? reasons.join('; ') : null
      // The checkpoint's fit carries core's FitStatus 'unidentified' with the reasons (never 'converged').
      const fitOut: FitResult =
        reasons.length && f.status === 'converged'
          ? { ...f, status: 'unidentified', message: unidentifiedMessage(reasons, f.message ?? '') }
          : f
      const bench = g.keys?.benchmark
      const fam =
        (o.family === 'none' ? 'all' : `${o.family}=${cv.text[o.family]}`) + (bench !== undefined ? ` · ${bench}` : '')
      const sd = f.derived?.bootstrapSd_a
      return {
        family: fam,
        group: g.label,
        x: cv.values[o.x],
        covariates: cv.values,
        problems: g.n.length,
        solved,
        nMin,
        nMax,
        a: a?.value ?? NaN,
        aLower: a?.lower ?? null,
        aUpper: a?.upper ?? null,
        aSe: sd !== undefined && Number.isFinite(sd) ? sd : (a?.stdErr ?? null),
        b: b?.value ?? NaN,
        prefactor: f.derived?.tailPrefactor ?? NaN,
        passAt1: p1 / g.n.length,
        passAtK,
        status: reason === null ? 'identified' : 'unidentified',
        reason,
        fit: fitOut,
      }
    })
    // Families in order of first appearance of their covariate value; checkpoints sorted by x within a family.
    const fams = [...new Set(rows.map((r) => r.family))].sort(
      (p, q) =>
        (rows.find((r) => r.family === p)?.covariates[o.family] ?? 0) -
        (rows.find((r) => r.family === q)?.covariates[o.family] ?? 0),
    )
    const series: Series[] = []
    const prefactor: Record<string, { x: number[]; y: number[]; b: number[] }> = {}
    const observed: Record<string, { xMax: number; nMax: number; passAtK: Record<number, number | null> }> = {}
    const ordered: CheckpointRow[] = []
    for (const fam of fams) {
      const rs = rows.filter((r) => r.family === fam).sort((p, q) => p.x - q.x)
      ordered.push(...rs)
      for (let i = 1; i < rs.length; i++)
        if (rs[i].x === rs[i - 1].x)
          throw new PasskError(
            'PASSK_BAD_INPUT',
            `${ID}: family ${fam}: groups "${rs[i - 1].group}" and "${rs[i].group}" have the same ${o.x} = ${rs[i].x}.`,
            'Split them by another covariate (option family) or group the log by benchmark (groupBy ["benchmark"]).',
          )
      const ok = rs.filter((r) => r.status === 'identified')
      for (const r of rs)
        if (r.reason !== null)
          ctx.warn(
            'SCALING_CHECKPOINT_UNIDENTIFIED',
            `${ID}: ${r.group}: exponent unidentified (${r.reason}); left out.`,
          )
      const params = rs[0].covariates[o.family]
      const all = <T>(v: (T | null)[]) => (v.every((q) => q !== null) ? (v as T[]) : undefined)
      const lower = all(ok.map((r) => r.aLower)),
        upper = all(ok.map((r) => r.aUpper)),
        se = all(ok.map((r) => r.aSe))
      series.push({
        label: fam,
        x: ok.map((r) => r.x),
        y: ok.map((r) => r.a),
        ...(lower && upper ? { lower, upper } : {}),
        ...(se ? { se } : {}),
        attrs: { family: fam, ...(params !== undefined ? { [o.family]: params } : {}), checkpoints: rs.length },
        style: 'data',
      })
      prefactor[fam] = { x: ok.map((r) => r.x), y: ok.map((r) => r.prefactor), b: ok.map((r) => r.b) }
      const last = ok.at(-1)
      observed[fam] = {
        xMax: Math.max(...rs.map((r) => r.x)),
        nMax: Math.max(...ok.map((r) => r.nMax), 0),
        // Unbiased pass@k of the most-trained identified checkpoint, to set the fitted laws against.
        passAtK: Object.fromEntries((last?.passAtK ?? []).map((q) => [q.k, q.unbiased])),
      }
    }
    const fmt = (v: number | null) => (v === null || !Number.isFinite(v) ? null : v)
    ctx.table({
      id: 'scaling-checkpoints',
      title: 'Tail exponent per checkpoint (Beta-Binomial a = Levi β, 95% bootstrap interval)',
      columns: [
        'family',
        'group',
        o.x,
        'problems',
        'solved',
        'n_min',
        'n_max',
        'a',
        'a_lower',
        'a_upper',
        'b',
        'prefactor',
        'pass@1',
        ...o.k.flatMap((k) => [`pass@${k}`, `pass@${k}_problems`, `pass@${k}_model`]),
        'fit_status',
        'status',
        'reason',
      ],
      rows: ordered.map((r) => [
        r.family,
        r.group,
        r.x,
        r.problems,
        r.solved,
        r.nMin,
        r.nMax,
        fmt(r.a),
        r.aLower,
        r.aUpper,
        fmt(r.b),
        fmt(r.prefactor),
        r.passAt1,
        ...r.passAtK.flatMap((p) => [p.unbiased, p.problems, fmt(p.model)]),
        r.fit.status,
        r.status,
        r.reason,
      ]),
    })
    return {
      kind: 'Curve',
      id: 'scaling-exponents',
      title: 'Tail exponent against training',
      xLabel: o.x,
      yLabel: 'β_eff (Beta-Binomial a)',
      xScale: 'log',
      yScale: 'linear',
      quantity: 'exponent',
      series,
      meta: {
        prefactor,
        observed,
        problems: Math.max(...t.groups.map((g) => g.n.length)),
        covariate: o.x,
        family: o.family,
        k: o.k,
        bootstrap: o.bootstrap,
      },
    }
  },
})
