/**
 * The plugin contract: defineSource / defineEstimator / defineEvaluator / defineFitter return frozen
 * plain objects (STYLE §3). Options are zod schemas with defaults, so the CLI can print help, the TUI
 * can render a form (via JSON Schema) and every run records its fully resolved options.
 */
import { z } from 'zod'
import type { KindName, KindValue, Table } from './kinds.js'
import type { Rng } from './rng.js'
import type { KindDefinition } from './validate.js'

export type PluginRole = 'source' | 'estimator' | 'evaluator' | 'fitter'

export interface ProgressEvent {
  /** Units done and total (total may be unknown = undefined). */
  done: number
  total?: number
  /** What is being counted, e.g. "seed 2/3, N = 1024". */
  label?: string
}

export interface Logger {
  debug(msg: string): void
  info(msg: string): void
  warn(msg: string): void
}

export interface RunWarning {
  stage: string
  code: string
  message: string
}

/** Everything a plugin may use: no globals, no clock (results are a function of spec + seed). */
export interface PluginContext {
  /** Seeded RNG, private to this stage (split from the run's root RNG by stage id). */
  rng: Rng
  /** The run seed (for plugins that split further, e.g. per replicate). */
  seed: number
  progress(e: ProgressEvent): void
  signal: AbortSignal
  log: Logger
  /** Record a warning that ends up in results.json and the report. */
  warn(code: string, message: string): void
  /** Publish an extra table (e.g. per-problem flags) into the run's results. */
  table(t: Table): void
  /** Resolve a user-given path relative to the spec file's directory (or the cwd). */
  resolvePath(p: string): string
  /** Throws PasskError('PASSK_ABORTED') if the run was cancelled; call it in long loops. */
  throwIfAborted(): void
  /** Stage id within the pipeline (for messages). */
  stageId: string
}

export type OptionsSchema = z.ZodType<Record<string, unknown>>

interface PluginBase<O extends OptionsSchema, P extends KindName> {
  /** kebab-case name; the id is `${namespace}/${name}`. */
  name: string
  version: string
  summary: string
  /** Longer help text shown in --help and the TUI side panel. */
  description?: string
  /** Paper and equation references, e.g. ['LID Eq. 13']. */
  refs?: string[]
  options: O
  produces: P
}

export interface SourcePlugin<
  O extends OptionsSchema = OptionsSchema,
  P extends KindName = KindName,
> extends PluginBase<O, P> {
  role: 'source'
  accepts: null
  run(input: null, options: z.output<O>, ctx: PluginContext): Promise<KindValue<P>> | KindValue<P>
}

export interface StagePlugin<
  O extends OptionsSchema = OptionsSchema,
  A extends KindName = KindName,
  P extends KindName = KindName,
> extends PluginBase<O, P> {
  role: 'estimator' | 'evaluator' | 'fitter'
  /** Kinds this stage accepts as input (one or several). */
  accepts: readonly A[]
  run(input: KindValue<A>, options: z.output<O>, ctx: PluginContext): Promise<KindValue<P>> | KindValue<P>
}

// A heterogeneous list; each plugin is typed at its define* call.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Plugin = SourcePlugin<any, any> | StagePlugin<any, any, any>

/** A registered plugin, with its id and the package that provided it. */
export interface RegisteredPlugin {
  id: string
  namespace: string
  plugin: Plugin
  from: string
}

type SourceDef<O extends OptionsSchema, P extends KindName> = Omit<SourcePlugin<O, P>, 'role' | 'accepts'>
type StageDef<O extends OptionsSchema, A extends KindName, P extends KindName> = Omit<
  StagePlugin<O, A, P>,
  'role' | 'accepts'
> & { accepts: A | readonly A[] }

function check(
  role: PluginRole,
  def: { name: string; version: string; summary: string; options: unknown; run: unknown },
): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(def.name))
    throw new TypeError(`Plugin name ${JSON.stringify(def.name)} must be kebab-case ([a-z0-9-]).`)
  if (typeof def.run !== 'function') throw new TypeError(`Plugin ${def.name}: run must be a function.`)
  if (!(def.options instanceof z.ZodType))
    throw new TypeError(`Plugin ${def.name}: options must be a zod schema (use z.object({}) for none).`)
  if (!def.summary) throw new TypeError(`Plugin ${def.name}: summary is required.`)
  void role
}

export function defineSource<O extends OptionsSchema, P extends KindName>(def: SourceDef<O, P>): SourcePlugin<O, P> {
  check('source', def)
  return Object.freeze({ ...def, role: 'source' as const, accepts: null })
}

function defineStage<R extends 'estimator' | 'evaluator' | 'fitter'>(role: R) {
  return <O extends OptionsSchema, A extends KindName, P extends KindName>(
    def: StageDef<O, A, P>,
  ): StagePlugin<O, A, P> & { role: R } => {
    check(role, def)
    const accepts = Object.freeze(Array.isArray(def.accepts) ? [...def.accepts] : [def.accepts]) as readonly A[]
    return Object.freeze({ ...def, role, accepts })
  }
}

export const defineEstimator = defineStage('estimator')
export const defineEvaluator = defineStage('evaluator')
export const defineFitter = defineStage('fitter')

/** A plugin package's default export (ESLint shape): meta must match package.json. */
export interface PluginPackage {
  meta: { name: string; version: string; namespace: string }
  plugins: readonly Plugin[]
  /** Data kinds the package adds (defineKind(name, validate)); registry.use registers their validators. */
  kinds?: readonly KindDefinition[]
}

export function definePackage(pkg: PluginPackage): PluginPackage {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(pkg.meta.namespace))
    throw new TypeError(`Package ${pkg.meta.name}: namespace ${JSON.stringify(pkg.meta.namespace)} must be kebab-case.`)
  return Object.freeze({
    meta: Object.freeze({ ...pkg.meta }),
    plugins: Object.freeze([...pkg.plugins]),
    ...(pkg.kinds ? { kinds: Object.freeze([...pkg.kinds]) } : {}),
  })
}

/** JSON Schema of a plugin's options as the user writes them (defaults optional). */
export function optionsJsonSchema(plugin: Plugin): Record<string, unknown> {
  return z.toJSONSchema(plugin.options, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
}
