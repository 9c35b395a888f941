/**
 * The plugin registry: register packages, list by role or kind, resolve ids, and check that a
 * pipeline's stages connect. Freezes on first run (unified's processor model, STYLE §3).
 */
import { PasskError } from './errors.js'
import type { Plugin, PluginPackage, PluginRole, RegisteredPlugin } from './define.js'
import type { KindName } from './kinds.js'
import { stageId, stageInput, type StageRef } from './stages.js'
import { CORE_VALIDATORS, knownKinds, validateKind, type KindValidator } from './validate.js'

export interface Registry {
  /** Add a plugin package (its default export), or bare plugins under a namespace. */
  use(pkg: PluginPackage, from?: string): Registry
  freeze(): Registry
  readonly frozen: boolean
  list(filter?: { role?: PluginRole; accepts?: KindName | null; produces?: KindName }): RegisteredPlugin[]
  /** Resolve "namespace/name" (or a bare name if unambiguous). */
  resolve(id: string): RegisteredPlugin
  has(id: string): boolean
  packages(): PluginPackage['meta'][]
  /**
   * Check the stages connect; returns the resolved plugin of each stage, throws PASSK_KIND_MISMATCH naming the stage.
   */
  check(spec: { stages: readonly StageRef[] }): RegisteredPlugin[]
  /** Data kinds this registry validates: the core kinds, its packages' `kinds`, and defineKind's. */
  kinds(): string[]
  /** Throws PASSK_INVALID_DATA naming the field when `value` is not a valid `kind` (PASSK_UNKNOWN_KIND if unknown). */
  validate(kind: KindName, value: unknown, where?: string): void
}

function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]
    dp[0] = i
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = tmp
    }
  }
  return dp[b.length]
}

export function createRegistry(): Registry {
  const byId = new Map<string, RegisteredPlugin>()
  const pkgs: PluginPackage['meta'][] = []
  const kinds = new Map<string, KindValidator>(CORE_VALIDATORS)
  let frozen = false

  const reg: Registry = {
    get frozen() {
      return frozen
    },
    use(pkg, from) {
      if (frozen)
        throw new PasskError(
          'PASSK_REGISTRY_FROZEN',
          'Cannot call `use` on a frozen registry: it has already run a pipeline.',
          'Create a new registry with createRegistry() and register all plugins before the first run.',
        )
      if (!pkg || typeof pkg !== 'object' || !pkg.meta || !Array.isArray(pkg.plugins)) {
        throw new PasskError(
          'PASSK_BAD_PLUGIN',
          `${from ?? 'A plugin package'} does not export { meta, plugins }.`,
          'Export `definePackage({ meta: { name, version, namespace }, plugins: [...] })` as the default export.',
        )
      }
      const source = from ?? pkg.meta.name
      for (const k of pkg.kinds ?? []) {
        if (!k || typeof k.name !== 'string' || typeof k.validate !== 'function')
          throw new PasskError(
            'PASSK_BAD_PLUGIN',
            `${source}: an entry of "kinds" is not a kind definition.`,
            'List kinds made with defineKind(name, validate) from @passk/core.',
          )
        const prev = kinds.get(k.name)
        if (prev && prev !== k.validate)
          throw new PasskError(
            'PASSK_DUPLICATE_PLUGIN',
            `Data kind "${k.name}" from ${source} is already registered with another validator.`,
            'Give the new kind another name.',
          )
      }
      for (const plugin of pkg.plugins) {
        validatePluginShape(plugin, source)
        const id = `${pkg.meta.namespace}/${plugin.name}`
        const prev = byId.get(id)
        if (prev)
          throw new PasskError(
            'PASSK_DUPLICATE_PLUGIN',
            `Plugin id "${id}" is registered twice: by ${prev.from} and by ${source}.`,
            'Rename one of the plugins or give its package another namespace.',
          )
        byId.set(id, Object.freeze({ id, namespace: pkg.meta.namespace, plugin, from: source }))
      }
      for (const k of pkg.kinds ?? []) kinds.set(k.name, k.validate)
      pkgs.push(pkg.meta)
      return reg
    },
    freeze() {
      frozen = true
      return reg
    },
    list(filter = {}) {
      return [...byId.values()]
        .filter(
          ({ plugin }) =>
            (filter.role === undefined || plugin.role === filter.role) &&
            (filter.produces === undefined || plugin.produces === filter.produces) &&
            (filter.accepts === undefined ||
              (filter.accepts === null ? plugin.accepts === null : (plugin.accepts ?? []).includes(filter.accepts))),
        )
        .sort((a, b) => ROLE_ORDER[a.plugin.role] - ROLE_ORDER[b.plugin.role] || a.id.localeCompare(b.id))
    },
    has(id) {
      try {
        reg.resolve(id)
        return true
      } catch {
        return false
      }
    },
    resolve(id) {
      const hit = byId.get(id)
      if (hit) return hit
      if (!id.includes('/')) {
        const cands = [...byId.values()].filter((p) => p.plugin.name === id)
        if (cands.length === 1) return cands[0]
        if (cands.length > 1)
          throw new PasskError(
            'PASSK_UNKNOWN_PLUGIN',
            `Plugin name "${id}" is ambiguous: ${cands.map((c) => c.id).join(', ')}.`,
            'Use the full id namespace/name.',
          )
      }
      const all = [...byId.keys()]
      const near = all
        .map((k) => [k, Math.min(levenshtein(id, k), levenshtein(id, k.split('/')[1]))] as const)
        .sort((a, b) => a[1] - b[1])
        .filter(([, d]) => d <= Math.max(3, id.length / 3))
        .slice(0, 3)
        .map(([k]) => k)
      throw new PasskError(
        'PASSK_UNKNOWN_PLUGIN',
        `No plugin "${id}" is registered.`,
        near.length
          ? `Did you mean ${near.map((n) => `"${n}"`).join(' or ')}? Run \`passk plugins\` to list all.`
          : 'Run `passk plugins` to list the registered plugins, or add the package to passk.config.json.',
      )
    },
    packages() {
      return [...pkgs]
    },
    kinds() {
      return [...new Set([...kinds.keys(), ...knownKinds()])]
    },
    validate(kind, value, where) {
      validateKind(kind, value, where ?? kind, kinds)
    },
    check(spec) {
      const resolved: RegisteredPlugin[] = []
      const produced = new Map<string, { kind: KindName; index: number }>()
      spec.stages.forEach((stage, i) => {
        const where = `Stage ${i + 1} (${stage.id ?? stage.use})`
        const r = reg.resolve(stage.use)
        const p = r.plugin
        if (i === 0 && p.role !== 'source')
          throw new PasskError(
            'PASSK_KIND_MISMATCH',
            `${where}: the first stage must be a data source, but ${r.id} is a${p.role === 'estimator' || p.role === 'evaluator' ? 'n' : ''} ${p.role} accepting ${p.accepts?.join(' | ')}.`,
            `Start the pipeline with one of: ${reg
              .list({ role: 'source' })
              .map((s) => s.id)
              .join(', ')}.`,
          )
        if (i > 0 && p.role === 'source')
          throw new PasskError(
            'PASSK_KIND_MISMATCH',
            `${where}: ${r.id} is a data source; only the first stage may be a source.`,
            'Start a separate pipeline for the second source.',
          )
        if (p.role !== 'source') {
          const inputId = stageInput(spec, i) ?? ''
          const from = produced.get(inputId)
          if (!from)
            throw new PasskError(
              'PASSK_BAD_INPUT_REF',
              `${where}: input "${inputId}" names no earlier stage.`,
              `Use one of: ${[...produced.keys()].join(', ')}.`,
            )
          if (!p.accepts.includes(from.kind)) {
            const fixes = reg
              .list({ accepts: from.kind })
              .filter((q) => q.plugin.role !== 'source')
              .map((q) => q.id)
            const bridge = reg
              .list({ accepts: from.kind })
              .filter((q) => p.accepts.includes(q.plugin.produces))
              .map((q) => q.id)
            throw new PasskError(
              'PASSK_KIND_MISMATCH',
              `${where}: ${r.id} accepts ${p.accepts.join(' | ')}, but its input, stage ${from.index + 1} (${inputId}), produces ${from.kind}.`,
              bridge.length
                ? `Insert a stage between them, e.g. ${bridge.join(' or ')}.`
                : fixes.length
                  ? `Plugins that accept ${from.kind}: ${fixes.join(', ')}.`
                  : `No registered plugin accepts ${from.kind}.`,
            )
          }
        }
        const id = stageId(spec, i)
        if (produced.has(id))
          throw new PasskError(
            'PASSK_BAD_SPEC',
            `${where}: stage id "${id}" is used twice.`,
            'Give each stage a unique "id".',
          )
        produced.set(id, { kind: p.produces, index: i })
        resolved.push(r)
      })
      return resolved
    },
  }
  return reg
}

const ROLE_ORDER: Record<PluginRole, number> = { source: 0, estimator: 1, evaluator: 2, fitter: 3 }

export { stageId } from './stages.js'

function validatePluginShape(p: unknown, from: string): asserts p is Plugin {
  const q = p as Partial<Plugin>
  const problems: string[] = []
  if (!q || typeof q !== 'object') problems.push('is not an object')
  else {
    if (typeof q.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(q.name))
      problems.push(`name ${JSON.stringify(q.name)} is not kebab-case`)
    if (!['source', 'estimator', 'evaluator', 'fitter'].includes(q.role as string))
      problems.push(
        `role ${JSON.stringify(q.role)} is not source|estimator|evaluator|fitter (use defineSource/defineEstimator/…)`,
      )
    if (typeof q.run !== 'function') problems.push('run is not a function')
    if (typeof q.produces !== 'string') problems.push('produces is missing')
    if (!q.options || typeof (q.options as { safeParse?: unknown }).safeParse !== 'function')
      problems.push('options is not a zod schema')
    if (q.role !== 'source' && !Array.isArray(q.accepts)) problems.push('accepts is missing')
  }
  if (problems.length)
    throw new PasskError(
      'PASSK_BAD_PLUGIN',
      `A plugin from ${from} does not follow the plugin contract: ${problems.join('; ')}.`,
      'Create plugins with defineSource/defineEstimator/defineEvaluator/defineFitter from @passk/core.',
    )
}
