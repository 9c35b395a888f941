/** The plugin contract for every plugin of this package (@passk/core/testing's testPlugin), on a small CSV log. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { testPlugin } from '@passk/core/testing'
import pkgJson from '../package.json' with { type: 'json' }
import pkg from './index.js'

const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'passk-llm-logs-conformance-')), 'counts.csv')
fs.writeFileSync(log, 'model,problem_id,n,c\na,p0,5,1\na,p1,5,4\nb,p0,5,0\nb,p1,5,5\n')

const cases: Record<string, { options?: Record<string, unknown> }> = {
  'llm-logs': { options: { path: log } },
}

describe(`${pkg.meta.name}: testPlugin on every plugin`, () => {
  it('has a case for every plugin', () => {
    expect(Object.keys(cases).sort()).toEqual(pkg.plugins.map((p) => p.name).sort())
  })
  for (const plugin of pkg.plugins)
    it(`${pkg.meta.namespace}/${plugin.name}`, async () => {
      const r = await testPlugin(plugin, { packageJson: pkgJson, pkg, ...cases[plugin.name] })
      expect(r.checks).toHaveLength(5)
    })
})
