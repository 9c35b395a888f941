import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Accumulator, BadRows } from './accumulate.js'
import { FastSamples, type FastSamplesConfig } from './fast-samples.js'
import { readJsonlLines, type JsonlPlan } from './jsonl.js'
import type { Layout } from './layout.js'
import { forEachLineInRange } from './ranges.js'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-fast-samples-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

const layout: Layout = {
  kind: 'samples',
  problem: 'task_id',
  success: 'passed',
  attempt: 'attempt',
  cost: 'tokens',
  model: 'model',
  groupCols: ['model'],
}
const cfg = (threshold: number | null = null, models: string[] = []): FastSamplesConfig => ({
  problem: 'task_id',
  success: 'passed',
  attempt: 'attempt',
  cost: 'tokens',
  group: 'model',
  fixedLabel: 'x',
  threshold,
  models: new Set(models),
})

/** Whether the fast path takes a line (it must count it exactly as the generic path would). */
function takes(line: string, threshold: number | null = null): boolean {
  const f = new FastSamples(cfg(threshold), new Accumulator(false, 'f'))
  const b = Buffer.from(line)
  return f.line(b, 0, b.length)
}

// xorshift32: deterministic lines without importing the package's RNG
function lcg(seed: number) {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 4294967296
  }
}

/** A mix of ordinary records and every kind the fast path must hand to the generic path. */
function makeLines(n: number, seed: number): string[] {
  const r = lcg(seed)
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const m = `m${Math.floor(r() * 3)}`,
      p = Math.floor(r() * 40),
      ok = r() < 0.3
    const u = r()
    if (u < 0.6)
      out.push(
        `{"model":"${m}","task_id":"T/${p}","attempt":${i % 7},"passed":${ok},"tokens":${Math.floor(r() * 500)},"completion":"x = \\"}\\" ${'y'.repeat(i % 50)}"}`,
      )
    else if (u < 0.65)
      out.push(`{"task_id": ${p}, "model": "${m}", "passed": ${ok ? 1 : 0}}`) // numeric id, 0/1
    else if (u < 0.68)
      out.push(`{"model":"${m}","task_id":"T/${p}","passed":"${ok ? 'passed' : 'failed: assertion'}"}`) // words
    else if (u < 0.7)
      out.push(`{"model":"${m}","task_id":"T\\u002f${p}","passed":${ok}}`) // escaped id = same problem
    else if (u < 0.72)
      out.push(`{"model":"${m}","task_id":"T/${p}","passed":0.5}`) // score without threshold: bad row
    else if (u < 0.74)
      out.push(`{"model":"${m}","task_id":"T/${p}","passed":null}`) // bad row
    else if (u < 0.76)
      out.push(`{"model":"${m}","task_id":"","passed":true}`) // empty id: bad row
    else if (u < 0.78)
      out.push(`{"model":"${m}","passed":true}`) // missing id: bad row
    else if (u < 0.8)
      out.push(`{"model":"${m}","task_id":"T/${p}","passed":true,"attempt":-1}`) // bad attempt
    else if (u < 0.82)
      out.push(`{"model":"${m}","task_id":"T/${p}","passed":true,"tokens":12.5e1}`) // fractional cost
    else if (u < 0.84)
      out.push(`{"model":"${m}","task_id":"T/${p}","passed":true,"tokens":-3}`) // negative cost: bad row
    else if (u < 0.86)
      out.push(`{"model":"${m}","task_id":"T/${p}","passed":true,"meta":{"a":[1,"]}"]}}`) // nested unwanted
    else if (u < 0.88)
      out.push(`{"model":"${m}","task_id":"T/${p}","passed":tru}`) // invalid JSON
    else if (u < 0.9)
      out.push(`  { "model" : "${m}" , "task_id" : "T/${p}" , "passed" : ${ok} }  `) // spaces
    else if (u < 0.92)
      out.push(`{"model":7,"task_id":"T/${p}","passed":${ok}}`) // numeric model label
    else if (u < 0.94)
      out.push(`{"model":"${m}","task_id":"T/${p}","passed":${ok},"passed":${!ok}}`) // duplicate key: last wins
    else if (u < 0.96)
      out.push(`{"model":"${m}","task_id":${p}.0,"passed":${ok}}`) // fractional numeric id
    else if (u < 0.98) out.push('[1, 2]')
    else out.push('')
  }
  return out
}

async function readBoth(lines: string[], plan: Omit<JsonlPlan, 'file' | 'fastPath'>, name: string) {
  const file = path.join(tmp, name)
  fs.writeFileSync(file, lines.join('\n'))
  const size = fs.statSync(file).size
  const run = async (fastPath: boolean) => {
    const acc = new Accumulator(false, file),
      bad = new BadRows(file, null)
    const r = await readJsonlLines({ ...plan, file, fastPath }, acc, bad, (sink) =>
      forEachLineInRange(file, 0, size, sink, { chunkBytes: 4096 }),
    )
    return { r, groups: acc.groupsOut(), mean: acc.meanCost(), bad: { count: bad.count, examples: bad.examples } }
  }
  return { fast: await run(true), generic: await run(false) }
}

describe('FastSamples (byte-level per-sample path)', () => {
  it('takes ordinary records and declines what the generic path must judge', () => {
    expect(takes('{"model":"a","task_id":"T/1","attempt":3,"passed":true,"tokens":12}')).toBe(true)
    expect(takes('{"task_id":5,"model":"a","passed":0}')).toBe(true)
    expect(takes(' {"model" : "a", "task_id":"T","passed":1.0e0} '.replace('1.0e0', '1'))).toBe(true)
    expect(takes('{"model":"a","task_id":"T","passed":0.7}', 0.5)).toBe(false) // fractional score: generic
    expect(takes('{"model":"a","task_id":"T","passed":7}', 5)).toBe(true) // integer score with a threshold
    for (const l of [
      '{"model":"a","task_id":"T","passed":"passed"}',
      '{"model":"a","task_id":"T\\n","passed":true}',
      '{"model":"a","task_id":"T","passed":null}',
      '{"model":"a","task_id":"","passed":true}',
      '{"model":"a","passed":true}',
      '{"model":"a","task_id":"T","passed":true',
      '{"model":"a","task_id":"T","passed":2}',
      '{"model":"a","task_id":"T","passed":true,"attempt":1.5}',
      '{"model":"a","task_id":-0,"passed":true}',
      '{"model":["a"],"task_id":"T","passed":true}',
    ]) {
      expect(takes(l), l).toBe(false)
    }
  })

  it("gives exactly the generic reader's counts, bad rows and first-appearance order on a mixed file", async () => {
    const lines = makeLines(6000, 7)
    const { fast, generic } = await readBoth(
      lines,
      { layout, fixedLabel: 'x', models: [], threshold: null, keepAttempts: false },
      'mixed.jsonl',
    )
    expect(fast.r).toEqual(generic.r)
    expect(fast.bad).toEqual(generic.bad)
    expect(fast.bad.count).toBeGreaterThan(500) // the mix really has bad rows
    expect(fast.groups.groups).toEqual(generic.groups.groups)
    expect([...fast.groups.mixedIdGroups].sort()).toEqual(['m0', 'm1', 'm2'])
    expect(fast.groups.mixedIdGroups).toEqual(generic.groups.mixedIdGroups)
    expect(fast.mean).toEqual(generic.mean)
    // independent count of the records with string ids: JSON.parse; success true/false or the words the
    // generator writes; non-negative integer attempt and non-negative tokens when present
    const words: Record<string, number> = { passed: 1, 'failed: assertion': 0 }
    let n = 0,
      c = 0
    for (const l of lines) {
      let o: Record<string, unknown>
      try {
        o = JSON.parse(l) as Record<string, unknown>
      } catch {
        continue
      }
      const s =
        typeof o?.passed === 'boolean' ? Number(o.passed) : typeof o?.passed === 'string' ? words[o.passed] : undefined
      if (
        s !== undefined &&
        typeof o.task_id === 'string' &&
        o.task_id !== '' &&
        (typeof o.model === 'string' || typeof o.model === 'number') &&
        (o.tokens === undefined || (Number.isFinite(o.tokens) && (o.tokens as number) >= 0)) &&
        (o.attempt === undefined || (Number.isInteger(o.attempt) && (o.attempt as number) >= 0))
      ) {
        n++
        c += s
      }
    }
    const stringIds = (g: { problems: string[]; n: Int32Array; c: Int32Array }) =>
      g.problems.reduce((a, p, i) => (p.startsWith('T/') ? [a[0] + g.n[i], a[1] + g.c[i]] : a), [0, 0])
    const tot = fast.groups.groups.map(stringIds).reduce((a, b) => [a[0] + b[0], a[1] + b[1]], [0, 0])
    expect(tot).toEqual([n, c])
  })

  it("a groupBy column without a model column is not filtered by model (the name labels the groups' source)", async () => {
    const lines = Array.from(
      { length: 400 },
      (_, i) => `{"temperature":"t${i % 2}","task_id":"T/${i % 20}","passed":${i % 3 === 0}}`,
    )
    const l2: Layout = { kind: 'samples', problem: 'task_id', success: 'passed', groupCols: ['temperature'] }
    const { fast, generic } = await readBoth(
      lines,
      { layout: l2, fixedLabel: 'gpt-4', models: ['gpt-4'], threshold: null, keepAttempts: false },
      'groupby.jsonl',
    )
    expect(fast.groups.groups).toEqual(generic.groups.groups)
    expect(fast.groups.groups.map((g) => [g.label, g.n.reduce((a, b) => a + b, 0)])).toEqual([
      ['t0', 200],
      ['t1', 200],
    ])
    expect(fast.r.filtered).toBe(0)
  })

  it('model filter and threshold: same as the generic path', async () => {
    const lines = Array.from(
      { length: 3000 },
      (_, i) => `{"model":"m${i % 4}","task_id":"T/${(i * 7) % 50}","passed":${(i * 13) % 10}}`,
    )
    const { fast, generic } = await readBoth(
      lines,
      { layout, fixedLabel: 'x', models: ['m1', 'm3'], threshold: 6, keepAttempts: false },
      'filter.jsonl',
    )
    expect(fast.r).toEqual(generic.r)
    expect(fast.r.filtered).toBe(1500)
    expect(fast.groups.groups).toEqual(generic.groups.groups)
    expect(fast.groups.groups.map((g) => g.label)).toEqual(['m1', 'm3'])
    // closed form: model m1 rows i ≡ 1 (mod 4); success iff (13 i mod 10) ≥ 6
    const m1 = Array.from({ length: 3000 }, (_, i) => i).filter((i) => i % 4 === 1)
    const g1 = fast.groups.groups[0]
    expect(g1.n.reduce((a, b) => a + b, 0)).toBe(m1.length)
    expect(g1.c.reduce((a, b) => a + b, 0)).toBe(m1.filter((i) => (i * 13) % 10 >= 6).length)
  })
})
