/**
 * Test helpers for plugin authors (@passk/core/testing): a deterministic context and a runner that
 * pushes one plugin through the real pipeline runner.
 */
import type { Plugin, PluginContext } from './define.js'
import { definePackage } from './define.js'
import type { KindValue, Table } from './kinds.js'
import { createRegistry } from './registry.js'
import { createRng } from './rng.js'
import { runPipeline, type RunOutcome } from './runner.js'
import { PasskError } from './errors.js'
import path from 'node:path'

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
