/**
 * Test helpers for plugin authors (@passk/core/testing): a deterministic context, a runner that pushes
 * plugins through the real pipeline runner, and testPlugin, the plugin contract as one call.
 */
import path from 'node:path'
import { z } from 'zod'
import type { Plugin, PluginContext, PluginPackage } from './define.js'
import { definePackage, defineSource, optionsJsonSchema } from './define.js'
import { isPasskError, PasskError } from './errors.js'
import { stableJson } from './io.js'
import type { KindValue, Table } from './kinds.js'
import { createRegistry } from './registry.js'
import { createRng } from './rng.js'
import { resultsJson, runPipeline, type RunEvent, type RunOutcome } from './runner.js'
import { resolveSpec, type ResolvedSpec } from './spec.js'

export interface TestContext extends PluginContext {
  warnings: { code: string; message: string }[]
  tables: Table[]
  progressEvents: { done: number; total?: number; label?: string }[]
}

export function createTestContext(opts: { seed?: number; signal?: AbortSignal; baseDir?: string } = {}): TestContext {
  const seed = opts.seed ?? 1
  const signal = opts.signal ?? new AbortController().signal
  const warnings: TestContext['warnings'] = []
  const tables: Table[] = []
  const progressEvents: TestContext['progressEvents'] = []
  return {
    rng: createRng(seed).split('test'),
    seed,
    stageId: 'test',
    signal,
    progress: (e) => {
      progressEvents.push(e)
    },
    log: { debug: () => {}, info: () => {}, warn: () => {} },
    warn: (code, message) => {
      warnings.push({ code, message })
    },
    table: (t) => {
      tables.push(t)
    },
    resolvePath: (p) => path.resolve(opts.baseDir ?? process.cwd(), p),
    throwIfAborted: () => {
      if (signal.aborted) throw new PasskError('PASSK_ABORTED', 'aborted', '')
    },
    warnings,
    tables,
    progressEvents,
  }
}

/**
 * Run a chain of plugins (first one a source) through the real runner with the given options.
 * Returns the runner's outcome; `outcome.outputs.get(stageId)` gives each stage's value.
 */
export async function runPlugins(
  stages: { plugin: Plugin; options?: Record<string, unknown>; id?: string; input?: string }[],
  seed = 1,
): Promise<RunOutcome> {
  const reg = createRegistry().use(
    definePackage({
      meta: { name: 'test', version: '0.0.0', namespace: 'test' },
      plugins: [...new Set(stages.map((s) => s.plugin))],
    }),
  )
  return runPipeline(
    {
      version: 1,
      seed,
      stages: stages.map((s, i) => ({
        id: s.id ?? `s${i}`,
        use: `test/${s.plugin.name}`,
        options: s.options ?? {},
        ...(s.input ? { input: s.input } : {}),
      })),
    },
    { registry: reg },
  )
}

/** Last stage's output of a runPlugins call. */
export function lastOutput<T extends KindValue = KindValue>(o: RunOutcome): T {
  return [...o.outputs.values()].at(-1) as T
}

export interface TestPluginOptions {
  /** The plugin package's package.json (import pkg from '../package.json' with { type: 'json' }). */
  packageJson: { name?: string; version: string }
  /** The package's default export: its meta must match package.json and list the plugin. */
  pkg?: PluginPackage
  /** For an estimator, evaluator or fitter: a value of a kind it accepts, fed to it by a stand-in source. */
  sampleInput?: KindValue
  /** Options for the runs (a small workload, a fixture path); missing ones take their defaults. */
  options?: Record<string, unknown>
  /** Seed of the runs (default 1). */
  seed?: number
  /** Directory relative paths in options resolve against. */
  baseDir?: string
}

export interface TestPluginReport {
  plugin: string
  /** The checks that ran and passed, in order. */
  checks: string[]
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a),
    kb = Object.keys(b)
  if (ka.length !== kb.length) return false
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

/** A value of the wrong type for a JSON Schema property, or undefined when the property accepts anything. */
function wrongValue(prop: Record<string, unknown>): unknown {
  if (Array.isArray(prop.enum)) return '__not-one-of-the-choices__'
  if (prop.const !== undefined) return '__not-the-constant__'
  switch (prop.type) {
    case 'number':
    case 'integer':
      return 'not-a-number'
    case 'string':
      return 12345
    case 'boolean':
      return 'yes'
    case 'array':
      return 'not-an-array'
    case 'object':
      return 'not-an-object'
    default:
      return undefined
  }
}

/**
 * The plugin contract, checked for one plugin (for authors' own tests and every built-in package's
 * conformance test): meta vs package.json, options JSON Schema round trip (every option described, resolved
 * options survive JSON), same seed → same bytes, abort honoured (an aborted run ends in PASSK_ABORTED, never in
 * another error), and a wrong-typed value for every option rejected with PASSK_BAD_OPTIONS naming the field.
 * Throws an Error listing every failed check; returns the checks that passed.
 */
export async function testPlugin(plugin: Plugin, opts: TestPluginOptions): Promise<TestPluginReport> {
  const failures: string[] = []
  const checks: string[] = []
  const check = async (name: string, f: () => void | Promise<void>) => {
    try {
      await f()
      checks.push(name)
    } catch (e) {
      failures.push(`${name}: ${(e as Error)?.message ?? String(e)}`)
    }
  }
  const fail: (msg: string) => never = (msg) => {
    throw new Error(msg)
  }
  const seed = opts.seed ?? 1
  const options = opts.options ?? {}

  await check('meta matches package.json', () => {
    if (plugin.version !== opts.packageJson.version)
      fail(`plugin version ${plugin.version} ≠ package.json version ${opts.packageJson.version}`)
    if (opts.pkg) {
      if (opts.packageJson.name !== undefined && opts.pkg.meta.name !== opts.packageJson.name)
        fail(`meta.name "${opts.pkg.meta.name}" ≠ package.json name "${opts.packageJson.name}"`)
      if (opts.pkg.meta.version !== opts.packageJson.version)
        fail(`meta.version ${opts.pkg.meta.version} ≠ package.json version ${opts.packageJson.version}`)
      if (!opts.pkg.plugins.includes(plugin)) fail(`the package does not list plugin ${plugin.name}`)
    }
  })

  const schema = optionsJsonSchema(plugin) as { type?: unknown; properties?: Record<string, Record<string, unknown>> }
  await check('options JSON Schema round trip', () => {
    if (schema.type !== 'object') fail(`the options JSON Schema has type ${JSON.stringify(schema.type)}, not "object"`)
    if (!deepEqual(JSON.parse(JSON.stringify(schema)), schema)) fail('the options JSON Schema does not survive JSON')
    const undescribed = Object.entries(schema.properties ?? {})
      .filter(([, p]) => typeof p.description !== 'string' || !p.description)
      .map(([k]) => k)
    if (undescribed.length) fail(`option(s) without .describe(): ${undescribed.join(', ')}`)
    const r = plugin.options.safeParse(options)
    if (!r.success)
      fail(
        `the test options do not parse: ${r.error.issues.map((i: { path: PropertyKey[]; message: string }) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      )
    const again = plugin.options.safeParse(JSON.parse(stableJson(r.data)))
    if (!again.success || !deepEqual(JSON.parse(stableJson(again.data)), JSON.parse(stableJson(r.data))))
      fail('the resolved options do not parse back to themselves from JSON (spec.json could not rerun the run)')
  })

  const registryFor = () => {
    const plugins: Plugin[] = [plugin]
    if (plugin.role !== 'source') {
      const sample = opts.sampleInput
      if (!sample) fail(`a ${plugin.role} needs sampleInput (a value of ${plugin.accepts.join(' | ')})`)
      else
        plugins.push(
          defineSource({
            name: 'sample-input',
            version: '0.0.0',
            summary: 'the sample input of testPlugin',
            produces: sample.kind,
            options: z.object({}),
            run: () => sample as never,
          }),
        )
    }
    return createRegistry().use(
      definePackage({ meta: { name: 'test-plugin', version: '0.0.0', namespace: 'test' }, plugins }),
    )
  }
  const spec = (extra: Record<string, unknown> = {}): ResolvedSpec => ({
    version: 1,
    seed,
    stages: [
      ...(plugin.role === 'source' ? [] : [{ id: 'sample', use: 'test/sample-input', options: {} }]),
      { id: 'plugin', use: `test/${plugin.name}`, options: { ...options, ...extra } },
    ],
  })
  const run = (signal?: AbortSignal, onEvent?: (e: RunEvent) => void) =>
    runPipeline(spec(), {
      registry: registryFor(),
      ...(opts.baseDir ? { baseDir: opts.baseDir } : {}),
      ...(signal ? { signal } : {}),
      ...(onEvent ? { onEvent } : {}),
    })

  await check('same seed → same bytes', async () => {
    const a = await run(),
      b = await run()
    const bytes = (o: RunOutcome) => resultsJson(o.results) + stableJson(o.outputs.get('plugin'))
    if (bytes(a) !== bytes(b)) fail('two runs with the same seed and options gave different results or output')
  })

  await check('abort honoured', async () => {
    const ac = new AbortController()
    let outcome: unknown
    try {
      outcome = await run(ac.signal, (e) => {
        if (e.type === 'stage-start' && e.stage === 'plugin') ac.abort()
      })
    } catch (e) {
      if (isPasskError(e) && e.code === 'PASSK_ABORTED') return
      fail(`an aborted run ended in ${isPasskError(e) ? e.code : 'a raw error'}: ${(e as Error)?.message ?? String(e)}`)
    }
    if (outcome !== undefined) fail('an aborted run returned results')
  })

  await check('bad options rejected with a named field', () => {
    const tried: string[] = []
    for (const [name, prop] of Object.entries(schema.properties ?? {})) {
      const bad = wrongValue(prop)
      if (bad === undefined) continue
      tried.push(name)
      let err: unknown
      try {
        resolveSpec(spec({ [name]: bad }), registryFor())
      } catch (e) {
        err = e
      }
      if (!isPasskError(err) || err.code !== 'PASSK_BAD_OPTIONS')
        fail(`option ${name} = ${JSON.stringify(bad)} was not rejected with PASSK_BAD_OPTIONS`)
      if (!err.message.includes(name))
        fail(`the error for option ${name} = ${JSON.stringify(bad)} does not name the field: ${err.message}`)
    }
  })

  if (failures.length)
    throw new Error(
      `testPlugin(${plugin.name}): ${failures.length} check${failures.length > 1 ? 's' : ''} failed:\n  - ${failures.join('\n  - ')}`,
    )
  return { plugin: plugin.name, checks }
}
