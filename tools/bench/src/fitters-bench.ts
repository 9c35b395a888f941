/**
 * Fitters benchmark (issue 4 "done when"): Beta-Binomial MLE of 1e4 problems plus 1000 bootstrap
 * refits over problems, and one beta-passk curve fit.
 *   node --conditions=@passk/source --import tsx tools/bench/src/fitters-bench.ts [--problems P] [--attempts n] [--reps
 * R]
 * Prints a small table and one JSON line, and replaces its own section (<!-- bench:fitters -->) of
 * BENCHMARKS.md unless --no-write. Wall-clock numbers; the machine may be shared (load is recorded).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRng } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import type { Curve, Fit } from '@passk/core'
import { betaBinomialFit, betaPassk, betaPassAtK } from '@passk/fitters'

const argv = process.argv.slice(2)
const opt = (n: string, d: number) => {
  const i = argv.indexOf(n)
  return i >= 0 ? Number(argv[i + 1]) : d
}
const P = opt('--problems', 10_000),
  nAtt = opt('--attempts', 100),
  reps = opt('--reps', 1000),
  nAttArg = nAtt

const loadBefore = os.loadavg()[0]
const rng = createRng(42)
const n = new Int32Array(P).fill(nAtt),
  c = new Int32Array(P)
for (let i = 0; i < P; i++) {
  const q = rng.beta(0.4, 2)
  let s = 0
  for (let j = 0; j < nAtt; j++) if (rng.uniform() < q) s++
  c[i] = s
}

let t0 = performance.now()
const mle = betaBinomialFit(n, c)
const mleMs = performance.now() - t0
t0 = performance.now()
const boot = betaBinomialFit(n, c, { bootstrap: reps, rng: createRng(7) })
const bootMs = performance.now() - t0

const ks = [...new Set(Array.from({ length: 41 }, (_, i) => Math.round(10 ** (i / 10))))]
const curve: Curve = {
  kind: 'Curve',
  id: 'passk',
  title: 'p',
  xLabel: 'k',
  yLabel: 'pass@k',
  xScale: 'log',
  yScale: 'linear',
  quantity: 'pass',
  series: [{ label: 'm', x: ks, y: ks.map((k) => betaPassAtK(k, 0.9, 3, 0.35)) }],
}
t0 = performance.now()
const fit = betaPassk.run(curve, betaPassk.options.parse({}), createTestContext()) as Fit
const curveMs = performance.now() - t0

const rows: [string, string][] = [
  [
    `beta-binomial MLE, ${P} problems × ${nAtt} attempts`,
    `${mleMs.toFixed(1)} ms (status ${mle.status}, a = ${mle.a.toFixed(4)}, b = ${mle.b.toFixed(4)})`,
  ],
  [
    `beta-binomial MLE + ${reps} bootstrap refits`,
    `${(bootMs / 1000).toFixed(2)} s (${boot.bootstrapFailures ?? 0} failed refits)`,
  ],
  [`beta-passk curve fit, ${ks.length} points, 16 starts`, `${curveMs.toFixed(1)} ms (status ${fit.fits[0].status})`],
]
const loadAfter = os.loadavg()[0]
for (const [k, v] of rows) console.log(`${k.padEnd(52)} ${v}`)
if (!argv.includes('--no-write')) {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../BENCHMARKS.md')
  const section = [
    '<!-- bench:fitters -->',
    '## Fitters: Beta-Binomial MLE + bootstrap, beta-passk curve fit',
    '',
    `Run ${new Date().toISOString()} with \`node --conditions=@passk/source --import tsx tools/bench/src/fitters-bench.ts\` (single run, wall clock; 1-min load average ${loadBefore.toFixed(1)} before / ${loadAfter.toFixed(1)} after on ${os.cpus().length} cores).`,
    '',
    '```',
    ...rows.map(([k, v]) => `${k.padEnd(52)} ${v}`),
    '```',
    '',
    `- Data: ${P} problems, ${nAttArg} attempts each, success probabilities ~ Beta(0.4, 2) (seed 42); bootstrap resamples problems (seed 7) and refits from the MLE. Problems are grouped by distinct (n, c), so a refit costs O(#distinct pairs), not O(problems).`,
    '<!-- /bench:fitters -->',
  ].join('\n')
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n'
  const re = /<!-- bench:fitters -->[\s\S]*?<!-- \/bench:fitters -->/
  writeFileSync(file, re.test(old) ? old.replace(re, section) : `${old.trimEnd()}\n\n${section}\n`)
}
console.log(
  JSON.stringify({
    problems: P,
    attempts: nAtt,
    reps,
    mleMs,
    bootMs,
    curveMs,
    bootstrapFailures: boot.bootstrapFailures ?? 0,
  }),
)
