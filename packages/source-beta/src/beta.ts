/**
 * sources/beta — Levi 2024 §3.1–3.4: per-problem failure probabilities p_i ~ Beta(α, β) (Eq. 5) with a
 * ceiling A (Eq. 6), optionally correlated trials with k_eff = H_k(κ) (Eq. 9–10), simulated attempts or
 * the exact expected pass@k / inference loss / coverage-vs-cost curves (Eq. 6, 7, 11–13).
 *
 * Ceiling A (Eq. 6): pass@k = A·(1 − ⟨p^k⟩). Generatively: exactly round((1 − A)·problems) problems,
 * at random positions, are unsolvable (failure probability 1); the others draw p_i ~ Beta(α, β).
 * Then E[pass@k] = A·(1 − ⟨p^k⟩) up to the rounding of A·problems.
 */
import {
  defineSource,
  expandGrid,
  gridSchema,
  PasskError,
  z,
  type Curve,
  type PluginContext,
  type TrialOutcomes,
} from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { createCorrelatedSampler } from './correlated-trials.js'
import { effectiveTrials, logBetaMoment, tailPrefactor } from './beta-moments.js'

/** Hard cap on simulated attempts (problems × attempts) so a typo cannot exhaust memory. */
export const MAX_SIMULATED_ATTEMPTS = 200_000_000

const costSchema = z
  .object({
    promptTokens: z.number().nonnegative().default(500).describe('N_p: prompt tokens per problem (paid once, Eq. 11)'),
    decodeTokens: z
      .number()
      .positive()
      .default(500)
      .describe('N_d: decoded tokens per completion (paid k times, Eq. 11)'),
    flopsPerToken: z
      .number()
      .positive()
      .default(1.6e10)
      .describe('F: FLOPs per token (≈ 2 × parameters; 1.6e10 ≈ an 8B model)'),
  })
  .strict()

const common = {
  alpha: z
    .number()
    .positive()
    .max(1e6)
    .default(5)
    .describe('α of Beta(α, β) for failure probabilities (Eq. 5); paper LLM fits: 2–20'),
  beta: z
    .number()
    .positive()
    .max(1e6)
    .default(0.35)
    .describe('β of Beta(α, β): the large-k exponent of the inference loss (Eq. 7); paper LLM fits ≈ 0.35'),
  ceiling: z
    .number()
    .gt(0)
    .max(1)
    .default(0.9)
    .describe('A in Eq. 6: a fraction 1 − A of the problems is never solved'),
  correlation: z
    .object({
      kappa: z
        .number()
        .min(0)
        .max(50)
        .describe('κ: trials are correlated so that k_eff = H_k(κ) (Eq. 9); 0 = independent'),
    })
    .strict()
    .optional()
    .describe('Correlated trials (§3.3): a subordinator mixture makes P(k attempts all fail) = p^{H_k(κ)} exactly'),
}

export const betaOptions = z
  .object({
    problems: z.number().int().min(1).max(10_000_000).default(500).describe('Number of problems n'),
    attempts: z.number().int().min(1).max(1_000_000).default(100).describe('Simulated attempts per problem'),
    ...common,
    storeAttempts: z.boolean().default(true).describe('Keep the ordered per-attempt outcomes'),
  })
  .strict()

export const betaCurveOptions = z
  .object({
    ...common,
    curve: z
      .enum(['passk', 'loss', 'cost', 'loss-cost'])
      .default('passk')
      .describe(
        'passk: exact expected pass@k vs k (Eq. 6, or Eq. 10 with correlation); loss: inference loss vs k (Eq. 7); cost: coverage vs total inference cost (Eq. 11–12); loss-cost: inference loss vs total inference cost (Eq. 13)',
      ),
    k: gridSchema.default({ from: 1, to: 10000, num: 41, scale: 'log', integer: true }).describe('k grid'),
    cost: costSchema
      .default({ promptTokens: 500, decodeTokens: 500, flopsPerToken: 1.6e10 })
      .describe('Inference cost model (Eq. 11) for the curves "cost" and "loss-cost"'),
  })
  .strict()

export type BetaOptions = z.output<typeof betaOptions>
export type BetaCurveOptions = z.output<typeof betaCurveOptions>

export const beta = defineSource({
  name: 'beta',
  version: pkg.version,
  summary:
    'Simulated attempts with Beta-distributed failure probabilities, ceiling A, optional correlated trials (Levi 2024 §3)',
  description:
    'p_i ~ Beta(α, β) per problem (Eq. 5); a fraction 1 − A of problems is unsolvable (Eq. 6). ' +
    'Simulates `attempts` attempts per problem and keeps the ordered outcomes. With correlation.kappa the attempts are ' +
    'exchangeable but correlated so that pass@k follows Eq. 10 (k_eff = H_k(κ)). For the exact expected curves use sources/beta-curve.',
  refs: ['Levi 2024, Eq. 5', 'Levi 2024, Eq. 6', 'Levi 2024, Eq. 9–10'],
  options: betaOptions,
  produces: 'TrialOutcomes',
  run(_input, o, ctx) {
    return simulateOutcomes(o, ctx)
  },
})

export const betaCurve = defineSource({
  name: 'beta-curve',
  version: pkg.version,
  summary:
    'Exact expected pass@k, inference loss or coverage vs inference cost for Beta failures (Levi 2024 Eq. 6–7, 10–12)',
  description:
    'No simulation: A·(1 − ⟨p^k⟩) with ⟨p^s⟩ = B(α + s, β)/B(α, β) (Eq. 6); with correlation.kappa, s = H_k(κ) (Eq. 10); ' +
    'the inference loss A·⟨p^k⟩ (Eq. 7); or coverage vs C = N_p·F + N_d·F·k (Eq. 11) with the large-k law of Eq. 12 as a reference series. ' +
    'Also publishes the table "beta-expected" (k, k_eff, pass@k, L_inference, cost).',
  refs: ['Levi 2024, Eq. 6', 'Levi 2024, Eq. 7', 'Levi 2024, Eq. 9–10', 'Levi 2024, Eq. 11–13'],
  options: betaCurveOptions,
  produces: 'Curve',
  run(_input, o, ctx) {
    return expectedCurve(o, ctx)
  },
})

function paramLabel(o: BetaOptions | BetaCurveOptions): string {
  const kappa = o.correlation?.kappa ?? 0
  return `Beta(α=${o.alpha}, β=${o.beta}), A=${o.ceiling}${kappa > 0 ? `, κ=${kappa}` : ''}`
}

function simulateOutcomes(o: BetaOptions, ctx: PluginContext): TrialOutcomes {
  const n = o.problems,
    m = o.attempts
  if (n * m > MAX_SIMULATED_ATTEMPTS) {
    throw new PasskError(
      'PASSK_BAD_OPTIONS',
      `sources/beta: problems × attempts = ${n} × ${m} = ${n * m} exceeds the limit of ${MAX_SIMULATED_ATTEMPTS} simulated attempts.`,
      'Lower problems or attempts, or use sources/beta-curve for the exact expected pass@k without simulation.',
    )
  }
  const kappa = o.correlation?.kappa ?? 0
  const pRng = ctx.rng.split('failure-prob'),
    aRng = ctx.rng.split('attempts'),
    cRng = ctx.rng.split('correlation'),
    uRng = ctx.rng.split('unsolvable')
  // Unsolvable problems: exactly round((1 − A)·n), chosen by a partial Fisher–Yates shuffle.
  const nUnsolvable = Math.round((1 - o.ceiling) * n)
  const unsolvable = new Uint8Array(n)
  const perm = new Int32Array(n)
  for (let i = 0; i < n; i++) perm[i] = i
  for (let i = 0; i < nUnsolvable; i++) {
    const j = i + uRng.int(n - i)
    const t = perm[i]
    perm[i] = perm[j]!
    perm[j] = t
    unsolvable[perm[i]] = 1
  }
  const sampler = createCorrelatedSampler(kappa, m)
  if (kappa > 0 && sampler.T < 50 * m) {
    ctx.warn(
      'PASSK_APPROXIMATION',
      `Correlated trials: jumps are simulated exactly only up to t = ${sampler.T} < 50 × attempts (${50 * m}); the remainder is a drift, so P(k attempts all fail) deviates from p^{H_k(κ)} by up to ≈ ${(((kappa * Math.abs(1 - kappa)) / 2) * Math.pow(m / sampler.T, 1 + kappa) * 100).toPrecision(2)}% in the exponent at k = ${m}.`,
    )
  }
  const problems: string[] = new Array(n)
  const nArr = new Int32Array(n),
    cArr = new Int32Array(n)
  const successProb = new Float64Array(n)
  const attempts: Uint8Array[] | undefined = o.storeAttempts ? new Array(n) : undefined
  const step = Math.max(1, Math.floor(n / 50))
  for (let i = 0; i < n; i++) {
    if (i % 256 === 0) ctx.throwIfAborted()
    problems[i] = `p${i}`
    // Draw p_i for every problem (also unsolvable ones) so that changing A does not reshuffle the rest.
    const pi = pRng.beta(o.alpha, o.beta)
    const p = unsolvable[i] ? 1 : pi
    successProb[i] = 1 - p
    const q = sampler.sampleQ(p, cRng)
    const row = new Uint8Array(m)
    let c = 0
    if (q < 1)
      for (let j = 0; j < m; j++) {
        if (aRng.uniform() >= q) {
          row[j] = 1
          c++
        }
      }
    nArr[i] = m
    cArr[i] = c
    if (attempts) attempts[i] = row
    if ((i + 1) % step === 0 || i === n - 1) ctx.progress({ done: i + 1, total: n, label: 'problems simulated' })
  }
  return {
    kind: 'TrialOutcomes',
    groups: [
      {
        label: paramLabel(o),
        problems,
        n: nArr,
        c: cArr,
        ...(attempts ? { attempts } : {}),
        truth: { successProb },
      },
    ],
    meta: {
      source: 'sources/beta',
      alpha: o.alpha,
      beta: o.beta,
      ceiling: o.ceiling,
      kappa,
      unsolvable: nUnsolvable,
      problems: n,
      attempts: m,
      ...(kappa > 0 ? { correlationTruncation: sampler.T } : {}),
    },
  }
}

/** Exact expected pass@k (Eq. 6 or 10), inference loss (Eq. 7) or coverage vs cost (Eq. 11–12). */
function expectedCurve(o: BetaCurveOptions, ctx: PluginContext): Curve {
  const ks = expandGrid(o.k)
  const kappa = o.correlation?.kappa ?? 0
  const s = effectiveTrials(ks, kappa)
  const A = o.ceiling
  const moment = s.map((si) => Math.exp(logBetaMoment(si, o.alpha, o.beta)))
  const pass = moment.map((mo) => A * (1 - mo))
  const loss = moment.map((mo) => A * mo)
  const { promptTokens: Np, decodeTokens: Nd, flopsPerToken: F } = o.cost
  const cost = ks.map((k) => Np * F + Nd * F * k)
  const pre = tailPrefactor(o.alpha, o.beta)
  const label = paramLabel(o)
  const meta = { source: 'sources/beta-curve', alpha: o.alpha, beta: o.beta, ceiling: A, kappa }
  ctx.table({
    id: 'beta-expected',
    title: `Expected pass@k and inference loss, ${label}`,
    columns: ['k', 'k_eff', 'pass@k', 'L_inference', 'cost_flops'],
    rows: ks.map((k, i) => [k, s[i], pass[i], loss[i], cost[i]]),
  })
  if (o.curve === 'passk') {
    return {
      kind: 'Curve',
      id: 'passk',
      title: `Expected pass@k, ${label} (Eq. ${kappa > 0 ? '10' : '6'})`,
      xLabel: 'k (attempts)',
      yLabel: 'pass@k',
      xScale: 'log',
      yScale: 'linear',
      quantity: 'pass',
      series: [{ label, x: ks, y: pass, style: 'data', attrs: { alpha: o.alpha, beta: o.beta, A, kappa } }],
      meta,
    }
  }
  if (o.curve === 'loss') {
    const series: Curve['series'] = [
      { label, x: ks, y: loss, style: 'data', attrs: { alpha: o.alpha, beta: o.beta, A, kappa } },
    ]
    if (kappa === 0)
      series.push({
        label: 'large-k law A·Γ(β)/B(α,β)·k^−β',
        x: ks,
        y: ks.map((k) => A * pre * Math.pow(k, -o.beta)),
        style: 'reference',
      })
    return {
      kind: 'Curve',
      id: 'inference-loss',
      title: `Inference loss, ${label} (Eq. 7)`,
      xLabel: 'k (attempts)',
      yLabel: 'L_inference(k)',
      xScale: 'log',
      yScale: 'log',
      quantity: 'loss',
      series,
      meta,
    }
  }
  if (o.curve === 'loss-cost') {
    const series: Curve['series'] = [
      { label, x: cost, y: loss, style: 'data', attrs: { alpha: o.alpha, beta: o.beta, A, kappa, Np, Nd, F } },
    ]
    if (kappa === 0)
      series.push({
        label: 'large-k law (Eq. 13)',
        x: cost,
        y: cost.map((C) => A * pre * Math.pow((C / F - Np) / Nd, -o.beta)),
        style: 'reference',
      })
    return {
      kind: 'Curve',
      id: 'loss-cost',
      title: `Inference loss vs total inference cost, ${label} (Eq. 11, 13)`,
      xLabel: 'total inference cost C = N_p·F + N_d·F·k (FLOPs)',
      yLabel: 'L_inference',
      xScale: 'log',
      yScale: 'log',
      quantity: 'loss',
      series,
      meta: { ...meta, promptTokens: Np, decodeTokens: Nd, flopsPerToken: F },
    }
  }
  const series: Curve['series'] = [
    { label, x: cost, y: pass, style: 'data', attrs: { alpha: o.alpha, beta: o.beta, A, kappa, Np, Nd, F } },
  ]
  if (kappa === 0)
    series.push({
      label: 'large-k law (Eq. 12)',
      x: cost,
      y: ks.map((k) => A * (1 - pre * Math.pow(k, -o.beta))),
      style: 'reference',
    })
  return {
    kind: 'Curve',
    id: 'coverage-cost',
    title: `Coverage vs total inference cost, ${label} (Eq. 11–12)`,
    xLabel: 'total inference cost C = N_p·F + N_d·F·k (FLOPs)',
    yLabel: 'coverage (pass@k)',
    xScale: 'log',
    yScale: 'linear',
    quantity: 'pass',
    series,
    meta: { ...meta, promptTokens: Np, decodeTokens: Nd, flopsPerToken: F },
  }
}
