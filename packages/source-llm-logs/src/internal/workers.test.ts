import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Accumulator, BadRows } from './accumulate.js'
import { readJsonlLines, type JsonlPlan } from './jsonl.js'
import type { Layout } from './layout.js'
import { forEachLineInRange, splitAtLines } from './ranges.js'
import { readJsonlParallel } from './workers.js'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-jsonl-workers-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

const layout: Layout = {
  kind: 'samples',
  problem: 'task_id',
  success: 'passed',
  attempt: 'completion_id',
  cost: 'tokens',
  model: 'model',
  groupCols: ['model'],
}

/**
 * Problem-major records (8 attempts per problem, so chunk cuts fall inside problems), CRLF on every 5th line, some bad
 * rows, numeric ids for p ≡ 0 (mod 9).
 */
function writeFile(name: string): string {
  const lines: string[] = []
  for (let m = 0; m < 2; m++)
    for (let p = 0; p < 150; p++)
      for (let a = 0; a < 8; a++) {
        const id = p % 9 === 0 ? String(p) : `"Q-${p}"`
        lines.push(
          (p * 31 + a) % 17 === 0
            ? `{"model":"m${m}","task_id":${id},"passed":"perhaps"}`
            : `{"model":"m${m}","task_id":${id},"completion_id":${a},"passed":${(p + a + m) % 4 === 0},"tokens":${(p * a) % 50}}`,
        )
      }
  const f = path.join(tmp, name)
  fs.writeFileSync(f, lines.map((l, i) => l + (i % 5 === 0 ? '\r\n' : '\n')).join(''))
  return f
}

async function single(plan: JsonlPlan) {
  const acc = new Accumulator(false, plan.file),
    bad = new BadRows(plan.file, null)
  const r = await readJsonlLines(plan, acc, bad, (sink) =>
    forEachLineInRange(plan.file, 0, fs.statSync(plan.file).size, sink),
  )
  return { r, out: acc.groupsOut(), mean: acc.meanCost(), bad: { count: bad.count, examples: bad.examples } }
}

async function parallel(plan: JsonlPlan, threads: number, chunkBytes: number, mainReads: boolean) {
  const acc = new Accumulator(false, plan.file),
    bad = new BadRows(plan.file, null)
  const r = await readJsonlParallel(plan, threads, acc, bad, {
    signal: new AbortController().signal,
    chunkBytes,
    mainReads,
  })
  return { r, out: acc.groupsOut(), mean: acc.meanCost(), bad: { count: bad.count, examples: bad.examples } }
}

describe('readJsonlParallel (main thread + worker threads over chunks)', () => {
  const file = writeFile('log.jsonl')
  const plan: JsonlPlan = { file, layout, fixedLabel: 'x', models: [], threshold: null, keepAttempts: false }

  it('workers alone (2 workers, 3 KiB chunks cut mid-problem) give exactly the one-pass counts, order, costs and bad-row lines', async () => {
    const cuts = splitAtLines(file, Math.ceil(fs.statSync(file).size / 3072))
    const buf = fs.readFileSync(file)
    const problemAt = (at: number) => /"task_id":("?[^,"]+"?)/.exec(buf.toString('utf8', at, buf.indexOf(10, at)))![1]
    // at least one cut separates two lines of the same problem
    expect(cuts.slice(1, -1).some((c) => problemAt(c) === problemAt(buf.lastIndexOf(10, c - 2) + 1))).toBe(true)
    const ref = await single(plan)
    const par = await parallel(plan, 3, 3072, false)
    expect(par.r.threads).toBeGreaterThanOrEqual(1) // only workers read (one may have read every chunk)
    expect(par.r.threads).toBeLessThanOrEqual(2)
    expect(par.r.chunks).toBe(cuts.length - 1)
    expect(par.out).toEqual(ref.out)
    expect(par.mean).toEqual(ref.mean)
    expect(par.bad).toEqual(ref.bad)
    expect({ lines: par.r.lines, records: par.r.records, filtered: par.r.filtered }).toEqual(ref.r)
    // independent closed form for one problem: m1, "Q-5": attempts a with (5·31 + a) mod 17 ≠ 0, successes (5 + a + 1)
    // mod 4 = 0
    const g = par.out.groups.find((x) => x.label === 'm1')!
    const i = g.problems.indexOf('Q-5')
    const as = [0, 1, 2, 3, 4, 5, 6, 7].filter((a) => (5 * 31 + a) % 17 !== 0)
    expect([g.n[i], g.c[i]]).toEqual([as.length, as.filter((a) => (5 + a + 1) % 4 === 0).length])
    expect(ref.bad.count).toBe(
      Array.from({ length: 150 * 8 }, (_, k) => (Math.floor(k / 8) * 31 + (k % 8)) % 17 === 0).filter(Boolean).length *
        2,
    )
    expect(par.out.mixedIdGroups).toEqual(['m0', 'm1'])
  })

  it('main thread and a worker sharing 2 KiB chunks: same result whoever reads which chunk', async () => {
    const ref = await single(plan)
    const par = await parallel(plan, 2, 2048, true)
    expect(par.out).toEqual(ref.out)
    expect(par.bad).toEqual(ref.bad)
    expect(par.r.records).toBe(ref.r.records)
  })

  it('a model filter is applied in every chunk', async () => {
    const p2 = { ...plan, models: ['m1'] }
    const ref = await single(p2)
    const par = await parallel(p2, 2, 4096, false)
    expect(par.out).toEqual(ref.out)
    expect(par.r.filtered).toBe(ref.r.filtered)
    expect(par.out.groups.map((g) => g.label)).toEqual(['m1'])
  })
})
