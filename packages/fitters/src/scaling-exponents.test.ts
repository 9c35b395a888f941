import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createRng, isPasskError, type Curve, type Fit, type OutcomeGroup, type TrialOutcomes } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { groupCovariates, parseSi, readMapping, scalingExponents } from './scaling-exponents.js'
import { betaBinomial } from './beta-binomial.js'

const PYTHIA = 'Pythia_(?<params>[\\d.]+[KMBT])_(?<tokens>[\\d.]+[KMBT])'

const run = (t: TrialOutcomes, o: Record<string, unknown>, seed = 3) => {
  const ctx = createTestContext({ seed })
  const curve = scalingExponents.run(t, scalingExponents.options.parse(o), ctx) as Curve
  return { curve, ctx }
}

/** A group with q ~ Beta(a, b) per problem, n attempts each (binomial counts), seeded. */
function betaGroup(label: string, a: number, b: number, problems: number, n: number, seed: number): OutcomeGroup {
  const rng = createRng(seed)
  const nn = new Int32Array(problems).fill(n),
    cc = new Int32Array(problems)
  for (let i = 0; i < problems; i++) {
    const x = rng.gamma(a),
      y = rng.gamma(b)
    const q = x / (x + y)
    let c = 0
    for (let j = 0; j < n; j++) if (rng.uniform() < q) c++
    cc[i] = c
  }
  return { label, problems: Array.from({ length: problems }, (_, i) => `p${i}`), n: nn, c: cc }
}

describe('parseSi and covariates', () => {
  it('reads numbers with SI suffixes K, M, B/G, T', () => {
    expect(parseSi('1.4B')).toBe(1.4e9)
    expect(parseSi('300M')).toBe(300e6)
    expect(parseSi('64K')).toBe(64e3)
    expect(parseSi('2T')).toBe(2e12)
    expect(parseSi('3g')).toBe(3e9)
    expect(parseSi('2e6')).toBe(2e6)
    expect(parseSi('12')).toBe(12)
    expect(parseSi('1.4X')).toBeNaN()
    expect(parseSi('')).toBeNaN()
  })

  it('takes covariates from a pattern, group keys, or a mapping, and names group and pattern when one fails', () => {
    const re = new RegExp(PYTHIA)
    expect(groupCovariates({ label: 'Pythia_1.4B_300B' }, ['tokens', 'params'], { pattern: re }).values).toEqual({
      tokens: 300e9,
      params: 1.4e9,
    })
    expect(
      groupCovariates({ label: 'x', keys: { model: 'x', tokens: '2e9', params: '1B' } }, ['tokens', 'params'], {})
        .values,
    ).toEqual({ tokens: 2e9, params: 1e9 })
    try {
      groupCovariates({ label: 'gpt-4' }, ['tokens'], { pattern: re })
      expect.unreachable()
    } catch (e) {
      expect(isPasskError(e) && e.code).toBe('PASSK_BAD_INPUT')
      expect((e as Error).message).toContain('"gpt-4"')
      expect((e as Error).message).toContain(PYTHIA)
    }
    expect(() => groupCovariates({ label: 'Pythia_1.4Q_3B' }, ['params'], { pattern: /_(?<params>[^_]+)_/ })).toThrow(
      /Pythia_1\.4Q_3B.*1\.4Q/,
    )
  })

  it('reads CSV and JSON mapping files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-map-'))
    const csv = path.join(dir, 'm.csv'),
      json = path.join(dir, 'm.json')
    fs.writeFileSync(csv, 'group,params,tokens\nckA,1B,2B\nckB,1B,20B\n')
    fs.writeFileSync(json, JSON.stringify({ ckA: { params: '1B', tokens: 2e9 } }))
    expect(readMapping(csv)).toEqual({ ckA: { params: '1B', tokens: '2B' }, ckB: { params: '1B', tokens: '20B' } })
    expect(readMapping(json)).toEqual({ ckA: { params: '1B', tokens: '2000000000' } })
    fs.writeFileSync(csv, 'group,params,tokens\nckA,1B\n')
    expect(() => readMapping(csv)).toThrow(/line 2 has 2 fields/)
    fs.rmSync(dir, { recursive: true })
  })
})

describe('scalingExponents', () => {
  it('sorts checkpoints by tokens within a family and its values equal direct beta-binomial fits exactly', () => {
    // Given in decreasing token order: the curve must come out increasing, each y from its own group.
    const groups = [
      betaGroup('m_1B_300B', 0.9, 20, 400, 200, 1),
      betaGroup('m_1B_20B', 0.5, 20, 400, 200, 2),
      betaGroup('m_1B_2B', 0.3, 20, 400, 200, 3),
    ]
    const t: TrialOutcomes = { kind: 'TrialOutcomes', groups, meta: {} }
    const { curve, ctx } = run(t, { pattern: '_(?<params>[\\d.]+[MBT])_(?<tokens>[\\d.]+[MBT])', bootstrap: 40 })
    const s = curve.series[0]
    expect(s.x).toEqual([2e9, 20e9, 300e9])
    for (const [i, g] of [groups[2], groups[1], groups[0]].entries()) {
      const direct = (
        betaBinomial.run(
          { kind: 'TrialOutcomes', groups: [g], meta: {} },
          betaBinomial.options.parse({ bootstrap: 40 }),
          createTestContext({ seed: 3 }),
        ) as Fit
      ).fits[0]
      const a = direct.params[0]
      expect(a.name).toBe('a')
      expect(s.y[i]).toBe(a.value)
      expect(s.lower?.[i]).toBe(a.lower)
      expect(s.upper?.[i]).toBe(a.upper)
      expect(s.se?.[i]).toBe(direct.derived?.bootstrapSd_a)
      expect((curve.meta?.prefactor as Record<string, { y: number[] }>)['params=1B'].y[i]).toBe(
        direct.derived?.tailPrefactor,
      )
    }
    const tab = ctx.tables.find((q) => q.id === 'scaling-checkpoints')
    expect(tab?.rows.map((r) => r[1])).toEqual(['m_1B_2B', 'm_1B_20B', 'm_1B_300B'])
    // pass@1 = mean of c/n; pass@10 unbiased over problems with n ≥ 10, recomputed here.
    const g = groups[2]
    let p1 = 0
    for (let i = 0; i < g.n.length; i++) p1 += g.c[i] / g.n[i]
    expect(tab?.rows[0][tab.columns.indexOf('pass@1')]).toBeCloseTo(p1 / g.n.length, 14)
  })

  it('lists checkpoints with too few solved problems as unidentified, with the reason, and leaves them out', () => {
    const dead: OutcomeGroup = {
      label: 'm_1B_2M',
      problems: ['a', 'b', 'c', 'd', 'e', 'f'],
      n: Int32Array.from([100, 100, 100, 100, 100, 100]),
      c: Int32Array.from([0, 0, 1, 0, 2, 0]),
    }
    const t: TrialOutcomes = {
      kind: 'TrialOutcomes',
      groups: [dead, betaGroup('m_1B_2B', 0.4, 10, 300, 100, 5)],
      meta: {},
    }
    const { curve, ctx } = run(t, { pattern: '_(?<params>[\\d.]+[MBT])_(?<tokens>[\\d.]+[MBT])', bootstrap: 20 })
    expect(curve.series[0].x).toEqual([2e9])
    const tab = ctx.tables[0]
    const row = tab.rows.find((r) => r[1] === 'm_1B_2M')
    expect(row?.[tab.columns.indexOf('status')]).toBe('unidentified')
    expect(String(row?.[tab.columns.indexOf('reason')])).toMatch(/only 2 problem\(s\) solved/)
    expect(
      ctx.warnings.some((w) => w.code === 'SCALING_CHECKPOINT_UNIDENTIFIED' && w.message.includes('m_1B_2M')),
    ).toBe(true)
  })

  it('refuses two groups at the same tokens in one family (e.g. two benchmarks pooled) with a hint', () => {
    const a = betaGroup('m_1B_2B', 0.4, 10, 50, 20, 1)
    const t: TrialOutcomes = {
      kind: 'TrialOutcomes',
      groups: [
        { ...a, label: 'm_1B_2B · benchmark=X', keys: { benchmark: 'X' } },
        { ...a, label: 'm_1B_2B · benchmark=Y', keys: { benchmark: 'Y' } },
        { ...a, label: 'n_1B_2B' },
        { ...a, label: 'o_1B_2B' },
      ],
      meta: {},
    }
    // Benchmarks in the keys become separate families …
    const two = t.groups.slice(0, 2)
    const { curve } = run(
      { ...t, groups: two },
      { pattern: '_(?<params>[\\d.]+[MBT])_(?<tokens>[\\d.]+[MBT])', bootstrap: 0 },
    )
    expect(curve.series.map((s) => s.label)).toEqual(['params=1B · X', 'params=1B · Y'])
    // … while the same tokens twice in one family is refused.
    try {
      run(
        { ...t, groups: t.groups.slice(2) },
        { pattern: '_(?<params>[\\d.]+[MBT])_(?<tokens>[\\d.]+[MBT])', bootstrap: 0 },
      )
      expect.unreachable()
    } catch (e) {
      expect(isPasskError(e) && e.code).toBe('PASSK_BAD_INPUT')
      expect(isPasskError(e) && e.hint).toMatch(/benchmark/)
    }
  })
})

const repoRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..')
const PYTHIA_CSV = path.resolve(repoRoot, '../shared/data/llm-logs/pythia-checkpoints-gsm8k/gsm8k_checkpoints.csv')

function readPythia(): TrialOutcomes {
  const by = new Map<string, { p: string[]; n: number[]; c: number[] }>()
  for (const line of fs.readFileSync(PYTHIA_CSV, 'utf8').trim().split(/\r?\n/).slice(1)) {
    const [, model, pid, n, c] = line.split(',')
    const g = by.get(model) ?? { p: [], n: [], c: [] }
    by.set(model, g)
    g.p.push(pid)
    g.n.push(Number(n))
    g.c.push(Number(c))
  }
  return {
    kind: 'TrialOutcomes',
    groups: [...by].map(([label, g]) => ({ label, problems: g.p, n: Int32Array.from(g.n), c: Int32Array.from(g.c) })),
    meta: {},
  }
}

describe.skipIf(!fs.existsSync(PYTHIA_CSV))(
  'on the Pythia × GSM8K checkpoints (skipped when ../shared/data/llm-logs/pythia-checkpoints-gsm8k is absent)',
  () => {
    it('gives per checkpoint exactly the direct fitters/beta-binomial values (81 checkpoints, 9 sizes)', () => {
      const t = readPythia()
      expect(t.groups.length).toBe(81)
      const { curve, ctx } = run(t, { pattern: PYTHIA, bootstrap: 30 }, 11)
      expect(curve.series.length).toBe(9)
      const tab = ctx.tables[0]
      const col = (n: string) => tab.columns.indexOf(n)
      let identified = 0
      for (const g of t.groups) {
        const direct = (
          betaBinomial.run(
            { kind: 'TrialOutcomes', groups: [g], meta: {} },
            betaBinomial.options.parse({ bootstrap: 30 }),
            createTestContext({ seed: 11 }),
          ) as Fit
        ).fits[0]
        const row = tab.rows.find((r) => r[1] === g.label)
        const a = direct.params[0]
        expect(row?.[col('a')]).toBe(Number.isFinite(a.value) ? a.value : null)
        expect(row?.[col('a_lower')]).toBe(a.lower ?? null)
        expect(row?.[col('a_upper')]).toBe(a.upper ?? null)
        expect(row?.[col('b')]).toBe(Number.isFinite(direct.params[1].value) ? direct.params[1].value : null)
        if (row?.[col('status')] === 'identified') {
          identified++
          const s = curve.series.find((q) => q.label === row[0])
          const j = s?.x.indexOf(Number(row[2])) ?? -1
          expect(s?.y[j]).toBe(a.value)
        }
      }
      expect(identified).toBe(curve.series.reduce((n, s) => n + s.x.length, 0))
      // The degenerate early checkpoints are unidentified, not "converged" exponents.
      const status = (label: string) => tab.rows.find((r) => r[1] === label)?.[col('status')]
      expect(status('Pythia_12B_2M')).toBe('unidentified') // nothing solved
      expect(status('Pythia_1.4B_64M')).toBe('unidentified') // a, b run to the boundary
      expect(status('Pythia_1.4B_300B')).toBe('identified')
    })
  },
)
