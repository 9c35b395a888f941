/**
 * The bounded fuzz campaign run in CI (issue 16): 2,000 seeded mutated inputs per reader (CSV, TSV,
 * JSONL counts and samples, JSON arrays, evalplus, lm-eval, gzip, npy, npz, spec JSON). Oracle: every
 * input ends in a PasskError or a result; results match the independent reference readers (n and c as
 * written, bad rows counted); the byte-level scanner agrees with JSON.parse. `npm run fuzz -- --inputs N`
 * runs a longer campaign.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { campaign, engineDiff, READERS } from './readers.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-fuzz-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('fuzz campaign (seeded, 2,000 inputs per reader)', () => {
  for (const reader of READERS)
    it(`${reader.name}: only typed errors or correct results`, async () => {
      const [c] = await campaign({ inputs: 2000, seed: 16, dir, readers: [reader], hangMs: 20_000 })
      expect(c.findings).toEqual([])
      expect([c.crashes, c.garbage, c.hangs]).toEqual([0, 0, 0])
      expect(c.typed + c.accepted).toBe(2000)
      // the mutations reach both outcomes (a campaign that only ever fails or only passes tests nothing)
      expect(c.typed).toBeGreaterThan(20)
      expect(c.accepted).toBeGreaterThan(20)
    }, 300_000)
})

describe('stream and DuckDB engines on the same fuzz corpus', () => {
  for (const kind of ['jsonl', 'csv'] as const)
    it(`${kind}: where both engines read a file they agree on every count`, async () => {
      const d = await engineDiff({ inputs: 150, seed: 16, dir, kind })
      expect(d.disagree).toEqual([])
      expect(d.bothAccepted).toBeGreaterThan(10)
    }, 300_000)
})
