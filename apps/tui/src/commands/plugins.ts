import { optionsJsonSchema, PasskError, type RegisteredPlugin, type PluginRole } from '@passk/core'
import { parse } from '../args.js'
import { textTable } from '../headless.js'
import { loadDefaultRegistry as createDefaultRegistry } from '../lazy-registry.js'
import { colors, type Command } from '../io.js'

interface OptionInfo {
  name: string
  type: string
  default?: unknown
  description?: string
  required: boolean
}

/** Flatten a plugin's options JSON Schema into rows for help and the TUI. */
export function describeOptions(p: RegisteredPlugin): OptionInfo[] {
  const schema = optionsJsonSchema(p.plugin) as {
    properties?: Record<string, Record<string, unknown>>
    required?: string[]
  }
  const props = schema.properties ?? {}
  return Object.entries(props).map(([name, s]) => ({
    name,
    type: typeName(s),
    ...(s.default !== undefined ? { default: s.default } : {}),
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
    required: (schema.required ?? []).includes(name) && s.default === undefined,
  }))
}

function typeName(s: Record<string, unknown>): string {
  if (Array.isArray(s.enum)) return s.enum.map((x) => JSON.stringify(x)).join('|')
  if (s.const !== undefined) return JSON.stringify(s.const)
  if (Array.isArray(s.anyOf)) return (s.anyOf as Record<string, unknown>[]).map(typeName).join(' | ')
  if (s.type === 'array') return `${typeName((s.items as Record<string, unknown>) ?? {})}[]`
  if (s.type === 'object') return s.properties ? `{${Object.keys(s.properties).join(',')}}` : 'object'
  return typeof s.type === 'string' ? s.type : Array.isArray(s.type) ? s.type.join('|') : 'any'
}

function pluginJson(p: RegisteredPlugin) {
  return {
    id: p.id,
    role: p.plugin.role,
    from: p.from,
    version: p.plugin.version,
    summary: p.plugin.summary,
    accepts: p.plugin.accepts,
    produces: p.plugin.produces,
    refs: p.plugin.refs ?? [],
    options: optionsJsonSchema(p.plugin),
  }
}

export const pluginsCommand: Command = {
  name: 'plugins',
  summary: 'List registered plugins with their options and defaults',
  usage: 'passk plugins [ID] [--kind KIND] [--role ROLE] [--json]',
  help: `Lists every registered plugin (built-ins and those in passk.config.json): its id, the data kind
it accepts and produces, where it came from, and its options with defaults.

Options:
  ID            show one plugin in full (e.g. fitters/beta-passk)
  --kind K      only plugins that accept or produce data kind K (e.g. Curve, TrialOutcomes)
  --role R      only sources | estimators | evaluators | fitters
  --json        machine-readable output (options as JSON Schema)
  --config F    load external plugins from this passk.config.json (default: ./passk.config.json only)
  --no-config   load no external plugins`,
  async run(args, io) {
    const { values, positionals } = parse('plugins', args, {
      kind: { type: 'string' },
      role: { type: 'string' },
      json: { type: 'boolean' },
      config: { type: 'string' },
      'no-config': { type: 'boolean' },
    })
    const registry = await createDefaultRegistry({
      cwd: io.cwd,
      ...(values.config ? { configPath: values.config } : {}),
      noConfig: values['no-config'] ?? false,
    })
    const c = colors(io, 'stdout')
    let list = registry.list()
    if (positionals.length) list = positionals.map((id) => registry.resolve(id))
    if (values.kind)
      list = list.filter(
        (p) => p.plugin.produces === values.kind || (p.plugin.accepts ?? []).includes(values.kind as never),
      )
    if (values.role) {
      const role = values.role.replace(/s$/, '') as PluginRole
      if (!['source', 'estimator', 'evaluator', 'fitter'].includes(role))
        throw new PasskError(
          'PASSK_USAGE',
          `passk plugins: --role ${values.role} is not one of sources, estimators, evaluators, fitters.`,
          'Example: passk plugins --role fitters',
        )
      list = list.filter((p) => p.plugin.role === role)
    }
    if (values.json) {
      io.stdout.write(JSON.stringify({ schemaVersion: 1, plugins: list.map(pluginJson) }, null, 2) + '\n')
      return 0
    }
    if (!list.length) {
      io.stdout.write('No plugins match.\n')
      return 0
    }
    for (const p of list) {
      io.stdout.write(
        `${c.bold(p.id)}  ${c.dim(`${p.plugin.role}: ${p.plugin.accepts ? p.plugin.accepts.join(' | ') : '—'} → ${p.plugin.produces}`)}  ${c.dim(`(${p.from}@${p.plugin.version})`)}\n`,
      )
      io.stdout.write(`  ${p.plugin.summary}\n`)
      if (p.plugin.refs?.length) io.stdout.write(`  refs: ${p.plugin.refs.join('; ')}\n`)
      const opts = describeOptions(p)
      if (opts.length) {
        const t = textTable(
          ['option', 'type', 'default', 'description'],
          opts.map((o) => [
            o.name + (o.required ? '*' : ''),
            o.type.length > 40 ? o.type.slice(0, 39) + '…' : o.type,
            o.default === undefined ? '' : JSON.stringify(o.default),
            o.description ?? '',
          ]),
        )
        io.stdout.write(
          t
            .split('\n')
            .map((l) => '    ' + l)
            .join('\n') + '\n',
        )
      }
      io.stdout.write('\n')
    }
    return 0
  },
}
