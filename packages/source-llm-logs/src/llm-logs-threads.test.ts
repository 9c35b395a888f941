import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import type { TrialOutcomes } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { splitAtLines } from './internal/ranges.js'
import { llmLogs } from './llm-logs.js'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-llm-logs-threads-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

async function read(options: Record<string, unknown>) {
  const ctx = createTestContext({ seed: 1 })
  const out = await llmLogs.run(null, llmLogs.options.parse(options), ctx)
  return { out, warnings: ctx.warnings.map((w) => `${w.code}: ${w.message}`) }
}

const view = (o: TrialOutcomes) =>
  o.groups.map((g) => ({ label: g.label, problems: g.problems, n: [...g.n], c: [...g.c] }))

/**
 * Problem-major per-sample JSONL: 3 models × 60 problems × 10 attempts, success of attempt a of problem p
 * iff (7p + 3a + model) mod 10 < 3 (so the expected n and c are known in closed form), CRLF on every
 * third line, bad rows in both halves, one 5 MB line (longer than the 4 MiB read buffer).
 */
function writeLog(): { file: string; expected: Map<string, { n: number; c: number }>; badLines: number[] } {
  const lines: string[] = []
  const expected = new Map<string, { n: number; c: number }>()
  const badLines: number[] = []
  for (let m = 0; m < 3; m++) {
    for (let p = 0; p < 60; p++) {
      for (let a = 0; a < 10; a++) {
        const ok = (7 * p + 3 * a + m) % 10 < 3
        const long = m === 1 && p === 5 && a === 0 ? ',"completion":"' + 'z'.repeat(5 << 20) + '"' : ''
        lines.push(`{"model":"m${m}","task_id":"P/${p}","completion_id":${a},"passed":${ok}${long}}`)
        const e = expected.get(`m${m}|P/${p}`) ?? { n: 0, c: 0 }
        e.n++
        e.c += ok ? 1 : 0
        expected.set(`m${m}|P/${p}`, e)
        if ((p === 7 || p === 50) && a === 4) {
          lines.push(`{"model":"m${m}","task_id":"P/${p}","passed":"maybe"}`)
          badLines.push(lines.length)
        }
      }
    }
  }
  const file = path.join(tmp, 'split.jsonl')
  fs.writeFileSync(file, lines.map((l, i) => l + (i % 3 === 0 ? '\r\n' : '\n')).join(''))
  return { file, expected, badLines }
}

describe('sources/llm-logs with worker threads', () => {
  const { file, expected, badLines } = writeLog()

  it('threads: 2 gives exactly the single-thread TrialOutcomes, bad-row line numbers and warnings; the split falls mid-problem', async () => {
    // the byte range boundary lies inside one problem's run of attempts
    const cut = splitAtLines(file, 2)[1]
    const buf = fs.readFileSync(file)
    const before = buf.toString('utf8', buf.lastIndexOf(10, cut - 2) + 1, cut - 1),
      after = buf.toString('utf8', cut, buf.indexOf(10, cut))
    const key = (l: string) => {
      const o = JSON.parse(l) as { model: string; task_id: string }
      return `${o.model}|${o.task_id}`
    }
    expect(key(before)).toBe(key(after))

    const one = await read({ path: file, threads: 1 })
    const two = await read({ path: file, threads: 2 })
    // the main thread may read every chunk before the worker is up (src/internal/workers.test.ts makes the workers
    // read)
    expect(two.out.meta.threads).toBeGreaterThanOrEqual(1)
    expect(one.out.meta.threads).toBeUndefined()
    expect(view(two.out)).toEqual(view(one.out))
    expect(two.warnings).toEqual(one.warnings)
    expect([two.out.meta.records, two.out.meta.badRows]).toEqual([one.out.meta.records, one.out.meta.badRows])
    // against the closed form
    expect(two.out.meta.records).toBe(1800 + badLines.length)
    expect(two.out.meta.badRows).toBe(badLines.length)
    expect(two.warnings[0]).toContain(
      badLines
        .slice(0, 5)
        .map((l) => `line ${l}:`)
        .join(' passed is "maybe", expected a boolean, 0/1 or pass/fail; '),
    )
    for (const g of two.out.groups) {
      expect(g.problems).toEqual(Array.from({ length: 60 }, (_, p) => `P/${p}`))
      g.problems.forEach((p, i) =>
        expect([g.n[i], g.c[i]], `${g.label} ${p}`).toEqual([
          expected.get(`${g.label}|${p}`)!.n,
          expected.get(`${g.label}|${p}`)!.c,
        ]),
      )
    }
  })

  it('model filter across both ranges: same counts and filtered rows as one thread', async () => {
    const one = await read({ path: file, threads: 1, model: ['m0', 'm2'] })
    const two = await read({ path: file, threads: 2, model: ['m0', 'm2'] })
    expect(view(two.out)).toEqual(view(one.out))
    expect(two.out.meta.filteredRows).toBe(600) // m1's 600 rows; its 2 unreadable rows are bad rows (checked before the filter)
    expect(two.out.meta.badRows).toBe(one.out.meta.badRows)
    expect(one.out.meta.filteredRows).toBe(two.out.meta.filteredRows)
  })

  it('gzip, keepAttempts and strict read in one thread (ordered attempts stay exact)', async () => {
    const gz = path.join(tmp, 'split.jsonl.gz')
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(file)))
    const g = await read({ path: gz, threads: 2 })
    expect(g.out.meta.threads).toBeUndefined()
    expect(view(g.out)).toEqual(view((await read({ path: file, threads: 1 })).out))
    const k = await read({ path: file, threads: 2, keepAttempts: true })
    expect(k.out.meta.threads).toBeUndefined()
    const m0 = k.out.groups[0]
    expect([...m0.attempts![7]]).toEqual(Array.from({ length: 10 }, (_, a) => ((7 * 7 + 3 * a) % 10 < 3 ? 1 : 0)))
    await expect(read({ path: file, threads: 2, strict: true })).rejects.toMatchObject({
      code: 'PASSK_LLM_LOGS_BAD_ROW',
      message: expect.stringContaining(`:${badLines[0]}:`),
    })
  })
})
