/**
 * Option tables in the package READMEs, generated from the plugins' zod schemas (the same JSON Schema
 * `passk plugins` prints): one table per plugin, between the markers
 *   <!-- options:start ID -->  …  <!-- options:end -->
 * `npm run docs:options` rewrites them (and adds a block for a plugin that has none, after the README's
 * plugin table); readme-options.test.ts fails when a README table is stale.
 *   node --conditions=@passk/source --import tsx apps/tui/src/readme-options.ts [--check]
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeFileAtomic, type RegisteredPlugin, type Registry } from '@passk/core'
import { describeOptions } from './commands/plugins.js'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ')
const code = (s: string) => (s === '' ? '' : `\`${s.replace(/`/g, "'")}\``)

/** The markdown table of one plugin's options. */
export function optionsTable(p: RegisteredPlugin): string {
  const rows = describeOptions(p)
  if (!rows.length) return `\`${p.id}\` takes no options.`
  return [
    '| option | type | default | description |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (o) =>
        `| ${code(o.name)}${o.required ? ' (required)' : ''} | ${cell(code(o.type))} | ${o.default === undefined ? '' : cell(code(JSON.stringify(o.default)))} | ${cell(o.description ?? '')} |`,
    ),
  ].join('\n')
}

const start = (id: string) => `<!-- options:start ${id} -->`
const END = '<!-- options:end -->'
const NOTE =
  'Generated from the options schema by `npm run docs:options`; edit the schema (`.describe()`, `.default()`), not this table.'

export function optionsBlock(p: RegisteredPlugin): string {
  return `${start(p.id)}\n#### \`${p.id}\` options\n\n${NOTE}\n\n${optionsTable(p)}\n${END}`
}

/** The README of the package a built-in plugin comes from (packages/<name>/README.md), if it exists. */
export function readmeOf(p: RegisteredPlugin): string | undefined {
  const m = /^@passk\/(.+)$/.exec(p.from)
  if (!m) return undefined
  const file = path.join(repoRoot, 'packages', m[1], 'README.md')
  return fs.existsSync(file) ? file : undefined
}

/**
 * README text with every plugin's block regenerated; plugins without a block get one under a
 * "Options (generated)" heading after the first plugin table (a line starting "| `namespace/"), or at the end.
 */
export function updateReadme(text: string, plugins: readonly RegisteredPlugin[]): string {
  let out = text
  const missing: RegisteredPlugin[] = []
  for (const p of plugins) {
    const re = new RegExp(`${start(p.id).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[\\s\\S]*?${END}`)
    if (re.test(out)) out = out.replace(re, () => optionsBlock(p))
    else missing.push(p)
  }
  if (!missing.length) return out
  const heading = '### Options (generated)'
  const blocks = missing.map(optionsBlock).join('\n\n')
  if (out.includes(heading)) {
    // after the last existing block under the heading
    const i = out.lastIndexOf(END)
    return i >= 0
      ? `${out.slice(0, i + END.length)}\n\n${blocks}${out.slice(i + END.length)}`
      : out.replace(heading, `${heading}\n\n${blocks}`)
  }
  const lines = out.split('\n')
  const first = lines.findIndex((l) => /^\| `[a-z0-9-]+\/[a-z0-9-]+`/.test(l))
  if (first < 0) return `${out.trimEnd()}\n\n${heading}\n\n${blocks}\n`
  let end = first
  while (end + 1 < lines.length && lines[end + 1].startsWith('|')) end++
  lines.splice(end + 1, 0, '', heading, '', blocks)
  return lines.join('\n')
}

/** Every package README with its regenerated text: [file, current, expected]. */
export function readmeUpdates(registry: Registry): [string, string, string][] {
  const byFile = new Map<string, RegisteredPlugin[]>()
  for (const p of registry.list()) {
    const f = readmeOf(p)
    if (f) byFile.set(f, [...(byFile.get(f) ?? []), p])
  }
  return [...byFile].map(([file, plugins]) => {
    const current = fs.readFileSync(file, 'utf8')
    return [file, current, updateReadme(current, plugins)]
  })
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { createBuiltinRegistry } = await import('./registry.js')
  const check = process.argv.includes('--check')
  let stale = 0
  for (const [file, current, expected] of readmeUpdates(createBuiltinRegistry())) {
    if (current === expected) continue
    stale++
    if (!check) writeFileAtomic(file, expected)
    process.stdout.write(`${check ? 'stale' : 'updated'}: ${path.relative(repoRoot, file)}\n`)
  }
  if (check && stale) process.exitCode = 1
}
