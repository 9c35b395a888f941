/**
 * Conformance of every built-in plugin package (STYLE §3): the registry accepts it, meta matches the
 * package's package.json, every plugin's options schema round-trips through JSON Schema (the TUI's forms
 * and `passk plugins` are generated from it), every option is described, and defaults parse.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRegistry, optionsJsonSchema } from '@passk/core'
import { builtinPackages } from '@passk/tui'
import { repoRoot } from '../helpers/index.js'

const pkgJsonByName = new Map<string, { name: string; version: string }>()
for (const dir of ['packages', 'apps'])
  for (const d of fs.readdirSync(path.join(repoRoot, dir))) {
    const f = path.join(repoRoot, dir, d, 'package.json')
    if (fs.existsSync(f)) {
      const j = JSON.parse(fs.readFileSync(f, 'utf8'))
      pkgJsonByName.set(j.name, j)
    }
  }

describe('built-in plugin packages', () => {
  it('register together without duplicate ids', () => {
    const reg = createRegistry()
    for (const p of builtinPackages) reg.use(p)
    expect(reg.list().length).toBeGreaterThanOrEqual(25)
  })

  for (const pkg of builtinPackages) {
    describe(`${pkg.meta.name} (${pkg.meta.namespace})`, () => {
      it('has meta.name and meta.version equal to its package.json', () => {
        const j = pkgJsonByName.get(pkg.meta.name)
        expect(j, `no package.json named ${pkg.meta.name}`).toBeDefined()
        expect(pkg.meta.version).toBe(j!.version)
      })
      for (const plugin of pkg.plugins) {
        it(`${pkg.meta.namespace}/${plugin.name}: options schema round-trips through JSON Schema with every option described`, () => {
          const schema = optionsJsonSchema(plugin) as {
            type?: string
            properties?: Record<string, { description?: string }>
          }
          expect(schema.type).toBe('object')
          // JSON Schema must survive serialisation (the TUI and --json consume it as JSON)
          expect(JSON.parse(JSON.stringify(schema))).toEqual(schema)
          for (const [name, prop] of Object.entries(schema.properties ?? {})) {
            expect(prop.description, `${plugin.name}.${name} has no .describe()`).toBeTruthy()
          }
          expect(plugin.summary.length).toBeGreaterThan(10)
          expect(plugin.version).toBe(pkg.meta.version)
        })
        it(`${pkg.meta.namespace}/${plugin.name}: rejects an unknown option instead of ignoring it`, () => {
          const r = plugin.options.safeParse({ definitelyNotAnOption: 1 })
          expect(r.success).toBe(false)
        })
      }
    })
  }
})
