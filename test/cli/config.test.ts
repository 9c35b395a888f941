/**
 * The config-loading rule (issue 16, security): external plugins load only from ./passk.config.json or
 * --config; a config in an ancestor directory is never imported on its own; every run says what it loaded;
 * --config and --no-config are documented in --help.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { passk, repoRoot, tmpDir, writeJson } from '../helpers/index.js'

const fixture = path.join(repoRoot, 'test/fixtures/external-plugin')
const spec = { version: 1, seed: 1, stages: [{ use: 'external/staircase' }, { use: 'evaluators/passk-unbiased' }] }

describe('passk.config.json loading', () => {
  it('documents --config and --no-config in run, fit and plugins --help and the global help', () => {
    for (const cmd of [['run', '--help'], ['fit', '--help'], ['plugins', '--help'], ['--help']]) {
      const r = passk(cmd)
      expect(r.status).toBe(0)
      expect(r.stdout, cmd.join(' ')).toContain('--config')
      expect(r.stdout, cmd.join(' ')).toContain('--no-config')
    }
  })

  it('loads ./passk.config.json, says which config and module it loaded, and records them in run.json', () => {
    const cwd = tmpDir('passk-cfg-')
    writeJson(path.join(cwd, 'passk.config.json'), { plugins: [fixture] })
    writeJson(path.join(cwd, 'spec.json'), spec)
    const r = passk(['run', 'spec.json', '--out', 'run', '--quiet'], { cwd })
    expect(r.status).toBe(0)
    expect(r.stderr).toContain(`config: passk.config.json loaded 1 plugin module: ${fixture} (`)
    const run = JSON.parse(fs.readFileSync(path.join(cwd, 'run', 'run.json'), 'utf8'))
    expect(run.config).toEqual({
      file: path.join(fs.realpathSync(cwd), 'passk.config.json'),
      modules: [{ spec: fixture, entry: path.join(fixture, 'index.js') }],
    })
    const none = passk(['run', 'spec.json', '--out', 'run2', '--quiet', '--no-config'], { cwd })
    expect(none.status).toBe(2)
    expect(none.stderr).toContain('No plugin "external/staircase" is registered')
  })

  it('never imports the modules of a config in a parent directory unless named with --config', () => {
    const top = tmpDir('passk-cfg-')
    const ran = path.join(top, 'top-level-code-ran')
    fs.writeFileSync(
      path.join(top, 'evil.mjs'),
      `import fs from 'node:fs'\nfs.writeFileSync(${JSON.stringify(ran)}, 'x')\n`,
    )
    writeJson(path.join(top, 'passk.config.json'), { plugins: ['./evil.mjs'] })
    const cwd = path.join(top, 'project')
    fs.mkdirSync(cwd)
    const r = passk(['run', path.join(repoRoot, 'examples/quickstart.json'), '--out', 'run', '--quiet'], { cwd })
    expect(r.status).toBe(0)
    expect(fs.existsSync(ran)).toBe(false)
    expect(r.stderr).toContain(`note: ${path.join('..', 'passk.config.json')} was not loaded`)
    const named = passk(['plugins', '--config', '../passk.config.json'], { cwd })
    expect(fs.existsSync(ran)).toBe(true) // named explicitly: loaded (and then rejected by the contract check)
    expect(named.status).toBe(2)
    expect(named.stderr).toContain('PASSK_BAD_PLUGIN')
  })
})
