import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createRegistry, runPipeline, type PasskError, type TrialOutcomes } from '@passk/core'
import { PassThrough } from 'node:stream'
import { configNotice, findConfig, loadConfigPlugins, registryConfig } from './config.js'
import { createDefaultRegistry } from './registry.js'
import { pluginsCommand } from './commands/plugins.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const FIXTURE = path.join(ROOT, 'test/fixtures/external-plugin')

function tmp(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'passk-config-')))
}
function write(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
  return file
}
const config = (dir: string, plugins: unknown) =>
  write(path.join(dir, 'passk.config.json'), JSON.stringify({ plugins }))
async function caught(p: Promise<unknown>): Promise<PasskError> {
  try {
    await p
  } catch (e) {
    return e as PasskError
  }
  throw new Error('expected a rejection')
}

describe('loadConfigPlugins', () => {
  it('finds passk.config.json above the cwd, loads the listed package (named by --config) and its plugin runs', async () => {
    const dir = tmp()
    config(dir, [path.relative(dir, FIXTURE)])
    const cwd = path.join(dir, 'a/b')
    fs.mkdirSync(cwd, { recursive: true })
    expect(findConfig(cwd)).toBe(path.join(dir, 'passk.config.json'))
    // issue 16: a config above the working directory is loaded only when named (--config)
    const loaded = await loadConfigPlugins({ cwd, configPath: findConfig(cwd) })
    expect(loaded.length).toBe(1)
    expect(loaded[0].pkg.meta).toEqual({ name: 'passk-plugin-fixture', version: '1.2.3', namespace: 'external' })
    expect(loaded[0].from).toBe(`${path.join('..', '..', 'passk.config.json')}: ${path.relative(dir, FIXTURE)}`)
    const reg = createRegistry()
    for (const { pkg, from } of loaded) reg.use(pkg, from)
    expect(reg.resolve('external/staircase').from).toBe(loaded[0].from)
    const { outputs } = await runPipeline(
      { version: 1, seed: 1, stages: [{ id: 's', use: 'external/staircase', options: { problems: 7, attempts: 2 } }] },
      { registry: reg },
    )
    // c_i = i mod 3
    expect([...(outputs.get('s') as TrialOutcomes).groups[0].c]).toEqual([0, 1, 2, 0, 1, 2, 0])
  })

  it('never imports the modules of a config in an ancestor directory unless it is named (issue 16)', async () => {
    const dir = tmp()
    const ran = path.join(dir, 'top-level-code-ran')
    write(path.join(dir, 'evil.mjs'), `import fs from 'node:fs'\nfs.writeFileSync(${JSON.stringify(ran)}, 'x')\n`)
    config(dir, ['./evil.mjs'])
    const cwd = path.join(dir, 'a/b')
    fs.mkdirSync(cwd, { recursive: true })
    expect(await loadConfigPlugins({ cwd })).toEqual([])
    const reg = await createDefaultRegistry({ cwd })
    expect(fs.existsSync(ran)).toBe(false)
    expect(registryConfig(reg)).toEqual({ modules: [], skipped: path.join(dir, 'passk.config.json') })
    expect(configNotice(registryConfig(reg), cwd)).toBe(
      `note: ${path.join('..', '..', 'passk.config.json')} was not loaded (only ./passk.config.json or --config FILE are); to use it: --config ${path.join('..', '..', 'passk.config.json')}`,
    )
    // the config in the working directory itself is loaded, and a run says which modules it imported
    const here = tmp()
    config(here, [FIXTURE])
    const reg2 = await createDefaultRegistry({ cwd: here })
    expect(reg2.has('external/staircase')).toBe(true)
    const info = registryConfig(reg2)
    expect(info?.file).toBe(path.join(here, 'passk.config.json'))
    expect(info?.modules).toEqual([{ spec: FIXTURE, entry: path.join(FIXTURE, 'index.js') }])
    expect(configNotice(info, here)).toBe(
      `config: passk.config.json loaded 1 plugin module: ${FIXTURE} (${path.relative(here, path.join(FIXTURE, 'index.js'))})`,
    )
    expect(registryConfig(await createDefaultRegistry({ cwd: here, noConfig: true }))).toBeUndefined()
  })

  it('resolves an npm package name from node_modules above the config file', async () => {
    const dir = tmp()
    fs.mkdirSync(path.join(dir, 'node_modules'))
    fs.symlinkSync(FIXTURE, path.join(dir, 'node_modules/passk-plugin-fixture'), 'dir')
    const file = config(path.join(dir, 'proj'), ['passk-plugin-fixture'])
    const loaded = await loadConfigPlugins({ cwd: os.tmpdir(), configPath: file })
    expect(loaded.map((l) => l.pkg.meta.name)).toEqual(['passk-plugin-fixture'])
    const missing = await caught(
      loadConfigPlugins({ cwd: dir, configPath: config(path.join(dir, 'other'), ['passk-plugin-nope']) }),
    )
    expect(missing.code).toBe('PASSK_BAD_PLUGIN')
    expect(missing.message).toBe(
      `Plugin package "passk-plugin-nope" (listed in ${path.join(dir, 'other/passk.config.json')}) is not installed: no node_modules/passk-plugin-nope at or above ${path.join(dir, 'other')}.`,
    )
  })

  it('returns nothing when no config exists, and PASSK_FILE_NOT_FOUND for a missing --config', async () => {
    const dir = tmp()
    if (!findConfig(dir)) expect(await loadConfigPlugins({ cwd: dir })).toEqual([])
    const e = await caught(loadConfigPlugins({ cwd: dir, configPath: 'nope.json' }))
    expect(e.code).toBe('PASSK_FILE_NOT_FOUND')
    expect(e.message).toBe(`Config file ${path.join(dir, 'nope.json')} cannot be read: ENOENT.`)
  })

  it('rejects malformed config files with PASSK_BAD_CONFIG naming the file', async () => {
    const dir = tmp()
    const f = path.join(dir, 'passk.config.json')
    write(f, '{ "plugins": [ ')
    expect((await caught(loadConfigPlugins({ cwd: dir }))).message).toMatch(
      new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON`),
    )
    write(f, '{ "plugin": [] }')
    expect(await caught(loadConfigPlugins({ cwd: dir }))).toMatchObject({
      code: 'PASSK_BAD_CONFIG',
      message: `${f}: unknown key "plugin".`,
    })
    write(f, '{ "plugins": [3] }')
    expect(await caught(loadConfigPlugins({ cwd: dir }))).toMatchObject({
      code: 'PASSK_BAD_CONFIG',
      message: `${f}: "plugins" must be a list of package names or paths, found [3].`,
    })
    write(f, '{ "plugins": ["not a name!"] }')
    expect(await caught(loadConfigPlugins({ cwd: dir }))).toMatchObject({
      code: 'PASSK_BAD_CONFIG',
      message: `${f}: "not a name!" is neither an npm package name nor a path.`,
    })
  })

  it('reports a stale meta.version, an unknown data kind and a broken plugin clearly', async () => {
    const dir = tmp()
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
    const mod = (body: string) =>
      `import { z } from 'zod'\nconst p = { name: 'x', version: '1.0.0', summary: 's', role: 'source', accepts: null, produces: 'TrialOutcomes', options: z.object({}), run() {} }\n${body}\n`
    write(
      path.join(dir, 'stale/package.json'),
      JSON.stringify({ name: 'stale-plugin', version: '2.0.0', type: 'module', main: 'index.js' }),
    )
    write(
      path.join(dir, 'stale/index.js'),
      mod(`export default { meta: { name: 'stale-plugin', version: '1.0.0', namespace: 'x' }, plugins: [p] }`),
    )
    config(dir, ['./stale'])
    expect(await caught(loadConfigPlugins({ cwd: dir }))).toMatchObject({
      code: 'PASSK_BAD_PLUGIN',
      message: `Plugin package "./stale" (listed in ${path.join(dir, 'passk.config.json')}): meta.version is 1.0.0 but ${path.join(dir, 'stale/package.json')} says 2.0.0.`,
    })

    write(
      path.join(dir, 'kind.mjs'),
      mod(
        `export default { meta: { name: 'k', version: '1.0.0', namespace: 'x' }, plugins: [{ ...p, produces: 'Bogus' }] }`,
      ),
    )
    config(dir, ['./kind.mjs'])
    const k = await caught(loadConfigPlugins({ cwd: dir }))
    expect(k.code).toBe('PASSK_BAD_PLUGIN')
    expect(k.message).toMatch(
      /: plugin x\/x produces the unknown data kind "Bogus"; known kinds: StochasticRegression, LinearPredictors, TrialOutcomes, TrialScores, Curve, Fit/,
    )

    write(
      path.join(dir, 'norun.mjs'),
      mod(
        `export default { meta: { name: 'k', version: '1.0.0', namespace: 'x' }, plugins: [{ ...p, run: 3, role: 'thing' }] }`,
      ),
    )
    config(dir, ['./norun.mjs'])
    expect((await caught(loadConfigPlugins({ cwd: dir }))).message).toMatch(
      /does not follow the plugin contract: role "thing" is not source\|estimator\|evaluator\|fitter .*; run is not a function/,
    )

    write(path.join(dir, 'nodefault.mjs'), 'export const x = 1\n')
    config(dir, ['./nodefault.mjs'])
    expect((await caught(loadConfigPlugins({ cwd: dir }))).message).toBe(
      `Plugin package "./nodefault.mjs" (listed in ${path.join(dir, 'passk.config.json')}) has no default export.`,
    )

    write(path.join(dir, 'throws.mjs'), 'throw new Error("boom at import")\n')
    config(dir, ['./throws.mjs'])
    expect((await caught(loadConfigPlugins({ cwd: dir }))).message).toBe(
      `Plugin package "./throws.mjs" (listed in ${path.join(dir, 'passk.config.json')}) failed to load: boom at import`,
    )

    config(dir, ['./missing'])
    expect((await caught(loadConfigPlugins({ cwd: dir }))).message).toBe(
      `Plugin path "./missing" (listed in ${path.join(dir, 'passk.config.json')}) does not exist: ${path.join(dir, 'missing')}.`,
    )
  })

  it('makes `passk plugins` list the external plugin with where it came from', async () => {
    const dir = tmp()
    config(dir, [FIXTURE])
    const out = new PassThrough()
    let text = ''
    out.on('data', (d) => {
      text += d
    })
    const code = await pluginsCommand.run(['--role', 'sources'], {
      stdout: out,
      stderr: new PassThrough(),
      isTTY: false,
      stderrTTY: false,
      cwd: dir,
      env: {},
    })
    expect(code).toBe(0)
    expect(text).toContain(`external/staircase  source: — → TrialOutcomes  (passk.config.json: ${FIXTURE}@1.2.3)`)
  })
})
