/**
 * Extrapolation benchmarks (issue 14):
 *   node --conditions=@passk/source --import tsx tools/bench/src/extrapolation.ts gsm8k [maxGroups] [bootstrap]
 *     the fitters/extrapolate backtest on ../shared/data/llm-logs/pythia-checkpoints-gsm8k (README "How far can I
 *     extrapolate?"); prints a Markdown table.
 *   node --conditions=@passk/source --import tsx tools/bench/src/extrapolation.ts calibration [reps] [bootstrap]
 *     seeded simulation: generators Beta, Kumaraswamy, zero-inflated Beta, two-component Beta mixture; n ∈ {10, 100};
 *     coverage of the recommended 95% interval on pass@(10n) and pass@(100n) against the exact truth, and the
 *     recommended prediction's mean error vs the best single model's (BENCHMARKS.md).
 */
import fs from 'node:fs'
import path from 'node:path'
import { createRng, type Rng } from '@passk/core'
import { extrapolatePassAtK, type ExtrapolationModel } from '@passk/fitters'

const mode = process.argv[2] ?? 'gsm8k'

function gsm8k(maxGroups: number, reps: number): void {
  const file = path.resolve('../shared/data/llm-logs/pythia-checkpoints-gsm8k/gsm8k_checkpoints.csv')
  if (!fs.existsSync(file)) {
    console.log(`skipped: ${file} is absent`)
    return
  }
  const lines = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/)
  const head = lines[0].split(',')
  const im = head.indexOf('model'),
    iN = head.indexOf('n'),
    iC = head.indexOf('c')
  const by = new Map<string, { n: number[]; c: number[] }>()
  for (const l of lines.slice(1)) {
    const f = l.split(',')
    const g = by.get(f[im]) ?? { n: [], c: [] }
    g.n.push(Number(f[iN]))
    g.c.push(Number(f[iC]))
    by.set(f[im], g)
  }
  const labels = [...by.keys()].sort().slice(0, maxGroups)
  console.log(
    '| checkpoint | K = min n | pass@K | model (10×) | backtest RMSE 10× | pass@10K [95%] | supported | BB / ZI / PL RMSE 10× |',
  )
  console.log('|---|---|---|---|---|---|---|---|')
  const t0 = Date.now()
  const tally = { supported: 0, total: 0, rmse: new Map<string, number[]>() }
  for (const label of labels) {
    const g = by.get(label)
    if (!g) continue
    const r = extrapolatePassAtK(g.n, g.c, label, {
      bootstrap: reps,
      replicates: 3,
      ratios: [10],
      rng: createRng(label),
    })
    const rec = r.recommended[0]
    const bt = (m: ExtrapolationModel) => r.backtest.find((b) => b.model === m)?.rmse ?? NaN
    for (const m of ['beta-binomial', 'zi-beta-binomial', 'power-law'] as const) {
      const v = bt(m)
      if (Number.isFinite(v)) tally.rmse.set(m, [...(tally.rmse.get(m) ?? []), v])
    }
    tally.total++
    if (rec.supported) tally.supported++
    const f = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '–')
    console.log(
      `| ${label} | ${r.K} | ${f(r.observed.value)} | ${rec.model ?? '–'} | ${f(rec.backtestRmse)} | ${f(rec.value)} [${f(rec.lower)}, ${f(rec.upper)}] | ${rec.supported ? 'yes' : 'no'} | ${f(bt('beta-binomial'))} / ${f(bt('zi-beta-binomial'))} / ${f(bt('power-law'))} |`,
    )
  }
  console.log(`\n${tally.supported} of ${tally.total} checkpoints: 10× supported. Median backtest RMSE at 10×:`)
  for (const [m, v] of tally.rmse) {
    const s = [...v].sort((a, b) => a - b)
    console.log(`  ${m}: ${s[Math.floor(s.length / 2)].toFixed(4)} (${s.length} checkpoints)`)
  }
  console.log(`(${((Date.now() - t0) / 1000).toFixed(0)} s)`)
}

/** Exact pass@k of a success-probability density by Gauss–Legendre on q in log space is overkill: the generators
 * below are simulated with their q's known, and the truth is the population mean of 1 − (1 − q)^k estimated from
 * 200,000 draws of q (Monte Carlo s.e. < 0.001). */
type Gen = { name: string; draw: (rng: Rng) => number }

function kumaraswamy(rng: Rng, a: number, b: number): number {
  // inverse CDF: F(q) = 1 − (1 − q^a)^b
  return Math.pow(1 - Math.pow(1 - rng.uniform(), 1 / b), 1 / a)
}

const GENS: Gen[] = [
  { name: 'Beta(0.4, 3)', draw: (r) => r.beta(0.4, 3) },
  { name: 'Kumaraswamy(0.3, 4)', draw: (r) => kumaraswamy(r, 0.3, 4) },
  { name: 'zero-inflated Beta (A = 0.7, Beta(0.5, 2))', draw: (r) => (r.uniform() < 0.7 ? r.beta(0.5, 2) : 0) },
  {
    name: 'mixture 0.5·Beta(0.3, 5) + 0.5·Beta(3, 2)',
    draw: (r) => (r.uniform() < 0.5 ? r.beta(0.3, 5) : r.beta(3, 2)),
  },
]

function truthPassAtK(g: Gen, k: number): number {
  const rng = createRng(`truth:${g.name}`)
  const M = 200000
  let s = 0
  for (let i = 0; i < M; i++) s += -Math.expm1(k * Math.log1p(-g.draw(rng)))
  return s / M
}

function calibration(reps: number, boot: number): void {
  const P = 300
  console.log(
    '| generator | n | k | truth | coverage (recommended 95%) | mean abs error: recommended | best single model (which) | ratio |',
  )
  console.log('|---|---|---|---|---|---|---|---|')
  for (const g of GENS)
    for (const N of [10, 100]) {
      const ks = [10 * N, 100 * N]
      const truth = ks.map((k) => truthPassAtK(g, k))
      const cover = [0, 0],
        recErr = [0, 0],
        done = [0, 0]
      const modelErr = ks.map(() => new Map<string, number>())
      for (let rep = 0; rep < reps; rep++) {
        const rng = createRng(`cal:${g.name}:${N}:${rep}`)
        const n = new Int32Array(P).fill(N),
          c = new Int32Array(P)
        for (let i = 0; i < P; i++) {
          const q = g.draw(rng)
          for (let j = 0; j < N; j++) if (rng.uniform() < q) c[i]++
        }
        const r = extrapolatePassAtK(n, c, g.name, { bootstrap: boot, replicates: 2, rng: rng.split('fit') })
        r.recommended.forEach((x, j) => {
          if (!Number.isFinite(x.value)) return
          done[j]++
          if (x.lower <= truth[j] && truth[j] <= x.upper) cover[j]++
          recErr[j] += Math.abs(x.value - truth[j])
        })
        for (const p of r.predictions)
          p.points.slice(1).forEach((q, j) => {
            if (Number.isFinite(q.value))
              modelErr[j].set(p.model, (modelErr[j].get(p.model) ?? 0) + Math.abs(q.value - truth[j]) / reps)
          })
      }
      ks.forEach((k, j) => {
        let best = ['', Infinity] as [string, number]
        for (const [m, e] of modelErr[j]) if (e < best[1]) best = [m, e]
        const re = recErr[j] / Math.max(done[j], 1)
        console.log(
          `| ${g.name} | ${N} | ${k} | ${truth[j].toFixed(4)} | ${((100 * cover[j]) / Math.max(done[j], 1)).toFixed(1)}% (${done[j]}) | ${re.toFixed(4)} | ${best[1].toFixed(4)} (${best[0]}) | ${(re / best[1]).toFixed(2)} |`,
        )
      })
    }
}

if (mode === 'gsm8k') gsm8k(Number(process.argv[3] ?? 1000), Number(process.argv[4] ?? 100))
else if (mode === 'calibration') calibration(Number(process.argv[3] ?? 200), Number(process.argv[4] ?? 100))
else console.log('usage: extrapolation.ts gsm8k [maxGroups] [bootstrap] | calibration [reps] [bootstrap]')
