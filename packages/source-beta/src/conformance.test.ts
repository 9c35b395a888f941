/** The plugin contract for every plugin of this package (@passk/core/testing's testPlugin). */
import { describe, expect, it } from 'vitest'
import { testPlugin } from '@passk/core/testing'
import pkgJson from '../package.json' with { type: 'json' }
import pkg from './index.js'

const cases: Record<string, { options?: Record<string, unknown> }> = {
  beta: { options: { problems: 40, attempts: 8 } },
  'beta-curve': { options: { k: { from: 1, to: 100, num: 5, scale: 'log', integer: true } } },
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
