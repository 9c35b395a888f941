import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createRng } from '@passk/core'
import { planAttempts } from '@passk/fitters'
import { main } from '../cli.js'
import type { CliIO } from '../io.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-plan-cmd-'))

function capture(): { io: CliIO; out: () => string; err: () => string } {
  const o: string[] = [],
    e: string[] = []
  const sink = (into: string[]) => {
    const s = new PassThrough()
    s.on('data', (d: Buffer) => into.push(d.toString()))
    return s
  }
  return {
    io: { stdout: sink(o), stderr: sink(e), isTTY: false, stderrTTY: false, cwd: dir, env: { NO_COLOR: '1' } },
    out: () => o.join(''),
    err: () => e.join(''),
  }
}

const parseCsv = (f: string) =>
  fs
    .readFileSync(f, 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','))

// a generated counts file: two models, 40 problems each, n = 10, success probabilities ~ Beta(0.5, 2) (seeded)
const rng = createRng('plan-cli-test')
const models = ['alpha', 'beta']
const counts = new Map<string, { n: number[]; c: number[] }>()
const lines = ['model,problem,n,c']
for (const m of models) {
  const n: number[] = [],
    c: number[] = []
  for (let i = 0; i < 40; i++) {
    const p = rng.beta(m === 'alpha' ? 0.5 : 1.5, 2)
    let s = 0
    for (let j = 0; j < 10; j++) if (rng.uniform() < p) s++
    n.push(10)
    c.push(s)
    lines.push(`${m},p${i},10,${s}`)
  }
  counts.set(m, { n, c })
}
const csv = path.join(dir, 'counts.csv')
fs.writeFileSync(csv, lines.join('\n') + '\n')

async function run(args: string[]) {
  const c = capture()
  const code = await main(args, c.io)
  return { code, out: c.out(), err: c.err() }
}

describe('passk plan (in process)', () => {
  it('writes plan.csv (model,problem_id,attempts) per model, the allocation planAttempts gives, and the widths', async () => {
    const out = path.join(dir, 'run1')
    const r = await run([
      'plan',
      csv,
      '--problem-column',
      'problem',
      '--budget',
      '120',
      '--target-k',
      '100',
      '--out',
      out,
    ])
    expect(r.err).not.toMatch(/error/)
    expect(r.code).toBe(0)
    const rows = parseCsv(path.join(out, 'plan.csv'))
    expect(rows[0]).toEqual(['model', 'problem_id', 'attempts'])
    expect(rows.length).toBe(1 + 80)
    for (const m of models) {
      const mine = rows.slice(1).filter((x) => x[0] === m)
      expect(mine.length).toBe(40)
      const a = mine.map((x) => Number(x[2]))
      expect(a.reduce((x, y) => x + y, 0)).toBe(120)
      for (const x of a) expect(Number.isInteger(x) && x >= 0).toBe(true)
      const g = counts.get(m) as { n: number[]; c: number[] }
      const direct = planAttempts(g.n, g.c, { budget: 120, k: 100 })
      // rows in the log's problem order
      expect(mine.map((x) => x[1])).toEqual(g.n.map((_, i) => `p${i}`))
      expect(a).toEqual(Array.from(direct.attempts))
      const uni = planAttempts(g.n, g.c, { budget: 120, k: 100, strategy: 'uniform', prior: direct.prior })
      const line = r.out
        .split('\n')
        .find((l) => l.includes('interval width') && r.out.indexOf(l) > r.out.indexOf(`${m}:`))
      const m3 = /: (\S+) now → (\S+) after .* vs (\S+) spread uniformly/.exec(line ?? '')
      expect(m3).not.toBeNull()
      const [wb, wa, wu] = (m3 ?? []).slice(1).map(Number)
      // printed to 3 significant digits
      expect(Math.abs(wb / direct.widthBefore - 1)).toBeLessThan(5e-3)
      expect(Math.abs(wa / direct.widthAfter - 1)).toBeLessThan(5e-3)
      expect(Math.abs(wu / uni.widthAfter - 1)).toBeLessThan(5e-3)
      expect(direct.widthAfter).toBeLessThan(uni.widthAfter)
    }
    expect(r.out).toContain('model-based: K > n')
    const summary = parseCsv(path.join(out, 'plan-summary.csv'))
    expect(summary[0].slice(0, 5)).toEqual(['model', 'problems', 'n_min', 'n_max', 'k'])
    expect(summary.slice(1).map((x) => x[0])).toEqual(models)
    // the run directory passk writes: spec and results beside the plan
    for (const f of ['spec.json', 'results.json', 'run.json']) expect(fs.existsSync(path.join(out, f))).toBe(true)
  })

  it('--model, --strategy, --json, --seed: one model, the plan under "plan", deterministic for a seed', async () => {
    const a = await run([
      'plan',
      csv,
      '--problem-column',
      'problem',
      '--model',
      'beta',
      '--budget',
      '45',
      '--strategy',
      'uniform',
      '--seed',
      '4',
      '--json',
      '--out',
      path.join(dir, 'run2'),
    ])
    const b = await run([
      'plan',
      csv,
      '--problem-column',
      'problem',
      '--model',
      'beta',
      '--budget',
      '45',
      '--strategy',
      'uniform',
      '--seed',
      '4',
      '--json',
      '--out',
      path.join(dir, 'run3'),
    ])
    expect(a.code).toBe(0)
    const ja = JSON.parse(a.out) as {
      plan: { rows: [string, string, number][]; summary: { columns: string[]; rows: unknown[][] } }
    }
    const jb = JSON.parse(b.out) as typeof ja
    expect(ja.plan.rows.every((x) => x[0] === 'beta')).toBe(true)
    expect(ja.plan.rows.map((x) => x[2]).reduce((x, y) => x + y, 0)).toBe(45)
    // 45 over 40 problems: 1 each plus 5 more to seeded problems
    expect(ja.plan.rows.filter((x) => x[2] === 2).length).toBe(5)
    expect(ja.plan.rows).toEqual(jb.plan.rows)
    const kCol = ja.plan.summary.columns.indexOf('k')
    expect(ja.plan.summary.rows[0][kCol]).toBe(100) // default: 10 × the largest n
    expect(fs.readFileSync(path.join(dir, 'run2', 'plan.csv'), 'utf8')).toBe(
      fs.readFileSync(path.join(dir, 'run3', 'plan.csv'), 'utf8'),
    )
  })

  it('refuses bad budgets, K, strategies and an empty log with typed errors (exit 2), before writing anything', async () => {
    const cases: [string[], string][] = [
      [['--budget', '0'], 'PASSK_PLAN_BUDGET'],
      [['--budget=-3'], 'PASSK_PLAN_BUDGET'],
      [['--budget', '2.5'], 'PASSK_PLAN_BUDGET'],
      [['--budget', 'lots'], 'PASSK_PLAN_BUDGET'],
      [[], 'PASSK_PLAN_BUDGET'],
      [['--budget', '10', '--target-k', '1e12'], 'PASSK_PLAN_TARGET_K'],
      [['--budget', '10', '--target-k', '0'], 'PASSK_PLAN_TARGET_K'],
      [['--budget', '10', '--strategy', 'greedy'], 'PASSK_USAGE'],
    ]
    for (const [extra, code] of cases) {
      const out = path.join(dir, `bad-${code}-${extra.join('_')}`)
      const r = await run(['plan', csv, '--problem-column', 'problem', ...extra, '--out', out])
      expect(r.code).toBe(2)
      expect(r.err).toContain(code)
      expect(r.err).toMatch(/hint:/)
      expect(fs.existsSync(out)).toBe(false)
    }
    const empty = path.join(dir, 'empty.csv')
    fs.writeFileSync(empty, 'model,problem,n,c\n')
    const r = await run([
      'plan',
      empty,
      '--problem-column',
      'problem',
      '--budget',
      '10',
      '--out',
      path.join(dir, 'empty-run'),
    ])
    expect(r.code).not.toBe(0)
    expect(r.err).toMatch(/PASSK_\w+/)
  })

  it('never writes into a directory passk did not create', async () => {
    const mine = path.join(dir, 'users-dir')
    fs.mkdirSync(mine)
    fs.writeFileSync(path.join(mine, 'notes.txt'), 'keep me')
    const r = await run(['plan', csv, '--problem-column', 'problem', '--budget', '10', '--out', mine])
    expect(r.code).not.toBe(0)
    expect(fs.readdirSync(mine)).toEqual(['notes.txt'])
    expect(fs.readFileSync(path.join(mine, 'notes.txt'), 'utf8')).toBe('keep me')
  })

  it('--help explains the flags and k > n', async () => {
    const r = await run(['plan', '--help'])
    expect(r.code).toBe(0)
    for (const s of [
      '--budget',
      '--target-k',
      '--strategy',
      'kazdan',
      'uniform',
      '--bootstrap',
      '--model',
      'K may exceed n',
      'plan.csv',
    ])
      expect(r.out).toContain(s)
  })
})

const humaneval = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../../shared/data/llm-logs/humaneval/all_models.csv',
)
const hasShared = fs.existsSync(humaneval)
if (!hasShared) console.warn(`skipping the HumanEval plan test: ${humaneval} is absent (../shared not mounted)`)

describe.skipIf(!hasShared)('passk plan on ../shared HumanEval logs', () => {
  it('plans per model (164 problems each), the budget to unsolved problems first, narrower than uniform', async () => {
    const out = path.join(dir, 'humaneval')
    const r = await run([
      'plan',
      humaneval,
      '--budget',
      '1640',
      '--target-k',
      '1000',
      '--bootstrap',
      '20',
      '--out',
      out,
    ])
    expect(r.code).toBe(0)
    const rows = parseCsv(path.join(out, 'plan.csv')).slice(1)
    const byModel = new Map<string, number[]>()
    for (const x of rows) byModel.set(x[0], [...(byModel.get(x[0]) ?? []), Number(x[2])])
    expect([...byModel.keys()].sort()).toEqual(['codellama-34b-instruct', 'gpt-3.5-turbo', 'gpt-4'])
    for (const a of byModel.values()) {
      expect(a.length).toBe(164)
      expect(a.reduce((x, y) => x + y, 0)).toBe(1640)
    }
    const summary = parseCsv(path.join(out, 'plan-summary.csv'))
    const col = (name: string) => summary[0].indexOf(name)
    for (const s of summary.slice(1)) {
      expect(Number(s[col('ratio_vs_uniform')])).toBeLessThan(1)
      expect(Number(s[col('width_after')])).toBeLessThan(Number(s[col('width_before')]))
      expect(Number(s[col('prior_sd')])).toBeGreaterThan(0)
    }
    expect(r.out).toContain("includes the prior's own s.d.")
  })
})
