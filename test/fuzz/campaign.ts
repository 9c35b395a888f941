/**
 * A longer fuzz campaign on demand: `npm run fuzz -- --inputs 100000 [--seed 16] [--reader csv]`.
 * Prints per reader: inputs, typed errors, accepted, crashes, hangs, garbage (see readers.ts for the
 * oracle), the first findings with their inputs, and exits 1 when anything crashed, hung or was garbage.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { campaign, READERS } from './readers.js'

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback
}

const inputs = Number(arg('inputs', '10000'))
const seed = Number(arg('seed', '16'))
const only = arg('reader', '')
if (!Number.isInteger(inputs) || inputs < 1 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz -- [--inputs N] [--seed S] [--reader NAME]')
  process.exit(2)
}
const readers = READERS.filter((r) => !only || r.name.includes(only))
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-fuzz-'))
const t0 = Date.now()
try {
  const res = await campaign({
    inputs,
    seed,
    dir,
    readers,
    onProgress: (reader, done) => {
      if (done % 5000 === 0)
        process.stderr.write(`${reader}: ${done}/${inputs} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`)
    },
  })
  const cols = ['reader', 'inputs', 'typed', 'accepted', 'crashes', 'hangs', 'garbage'] as const
  const rows = res.map((r) => [r.reader, r.inputs, r.typed, r.accepted, r.crashes, r.hangs, r.garbage].map(String))
  const tot = ['total', ...[1, 2, 3, 4, 5, 6].map((j) => String(rows.reduce((s, r) => s + Number(r[j]), 0)))]
  console.log(`| ${cols.join(' | ')} |\n|${cols.map(() => ' --- ').join('|')}|`)
  for (const r of [...rows, tot]) console.log(`| ${r.join(' | ')} |`)
  console.log(`\nseed ${seed}, ${((Date.now() - t0) / 1000).toFixed(0)} s wall`)
  const findings = res.flatMap((r) => r.findings.map((f) => ({ reader: r.reader, ...f })))
  for (const f of findings) console.log(`\n${f.reader} ${f.verdict}: ${f.detail}\n  input: ${f.input}`)
  process.exitCode = findings.length ? 1 : 0
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
