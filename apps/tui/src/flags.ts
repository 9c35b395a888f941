/**
 * Command-line flags generated from a plugin's zod options schema: every option `fooBar` becomes
 * `--foo-bar`, its value converted by the option's JSON Schema (numbers, comma lists, booleans, JSON
 * objects) and the result checked by the schema itself, so an error names the flag. Help lines take the
 * defaults and descriptions from the schema. An option added to a schema is a flag at once.
 */
import { PasskError, z } from '@passk/core'
export { didYouMean, nearest } from './suggest.js'

type JsonSchema = Record<string, unknown>

/** One generated flag. */
export interface FlagSpec {
  /** Kebab-case flag name without the dashes, e.g. `problem-column`. */
  flag: string
  /** Which options object the value goes to (e.g. a stage id, or 'spec'). */
  target: string
  /** Option name in that object, e.g. `problemColumn`. */
  key: string
  /** The option's JSON Schema (input side). */
  schema: JsonSchema
  /** Boolean options take no value. */
  boolean: boolean
  /** The option accepts a list: repeats and commas add elements. */
  list: boolean
  description: string
  default?: unknown
  metavar: string
}

export const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

/** Flatten nested anyOf/oneOf into the list of alternatives. */
function alternatives(s: JsonSchema): JsonSchema[] {
  const alts = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined
  if (alts) return alts.flatMap(alternatives)
  return Array.isArray(s.type) ? (s.type as string[]).map((type) => ({ ...s, type })) : [s]
}

const hasType = (alts: JsonSchema[], t: string) =>
  alts.some((a) => a.type === t || (Array.isArray(a.type) && (a.type as string[]).includes(t)))

function metavar(alts: JsonSchema[]): string {
  const literals = alts.flatMap((a) => (Array.isArray(a.enum) ? a.enum : a.const !== undefined ? [a.const] : []))
  const words = literals.filter((x): x is string => typeof x === 'string')
  const rest = alts.filter((a) => !Array.isArray(a.enum) && a.const === undefined && a.type !== 'null')
  const kinds = rest.map((a) =>
    a.type === 'array'
      ? 'LIST'
      : a.type === 'integer'
        ? 'N'
        : a.type === 'number'
          ? 'X'
          : a.type === 'object'
            ? 'JSON'
            : 'TEXT',
  )
  return [...new Set([...words, ...kinds])].join('|') || 'VALUE'
}

export interface FlagsFromSchemaOptions {
  /** Options not offered as flags (e.g. `path`, a positional). */
  omit?: readonly string[]
  /** Only these options. */
  only?: readonly string[]
  /** Flag names that differ from the kebab-case of the option (option → flag). */
  rename?: Readonly<Record<string, string>>
  /** Descriptions that differ from the schema's (option → text). */
  describe?: Readonly<Record<string, string>>
}

/** The flags of one zod object schema (the JSON Schema's input side: defaults are what the user may omit). */
export function flagsFromSchema(schema: z.ZodType, target: string, o: FlagsFromSchemaOptions = {}): FlagSpec[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema
  const props = (json.properties ?? {}) as Record<string, JsonSchema>
  return Object.entries(props)
    .filter(([k]) => !o.omit?.includes(k) && (!o.only || o.only.includes(k)))
    .map(([key, s]) => {
      const alts = alternatives(s)
      const boolean = alts.every((a) => a.type === 'boolean')
      return {
        flag: o.rename?.[key] ?? kebab(key),
        target,
        key,
        schema: s,
        boolean,
        list: hasType(alts, 'array'),
        description: o.describe?.[key] ?? (typeof s.description === 'string' ? s.description : ''),
        ...(s.default !== undefined ? { default: s.default } : {}),
        metavar: boolean ? '' : metavar(alts),
      }
    })
}

function usage(command: string, message: string, hint: string): PasskError {
  return new PasskError('PASSK_USAGE', `passk ${command}: ${message}`, hint)
}

/** Convert one raw flag value by the option's schema: numbers where a number is allowed, JSON for objects. */
function convert(command: string, f: FlagSpec, raw: string, alts: JsonSchema[]): unknown {
  const v = raw.trim()
  if ((v.startsWith('{') || v.startsWith('[')) && (hasType(alts, 'object') || hasType(alts, 'array'))) {
    try {
      return JSON.parse(v) as unknown
    } catch {
      throw usage(
        command,
        `--${f.flag} ${JSON.stringify(raw)} is not valid JSON.`,
        `Example: --${f.flag} '{"from": 1, "to": 100, "num": 10}'`,
      )
    }
  }
  if (hasType(alts, 'number') || hasType(alts, 'integer')) {
    const n = Number(v)
    if (v !== '' && Number.isFinite(n)) return n
  }
  if (hasType(alts, 'boolean') && (v === 'true' || v === 'false')) return v === 'true'
  if (hasType(alts, 'null') && v === 'null') return null
  return raw
}

function valueOf(command: string, f: FlagSpec, raws: string[]): unknown {
  const alts = alternatives(f.schema)
  if (f.list) {
    const items = alts.filter((a) => a.type === 'array').map((a) => (a.items ?? {}) as JsonSchema)
    const itemAlts = items.flatMap(alternatives)
    const single = alts.filter((a) => a.type !== 'array')
    // one value that is a word the option takes as such ('auto'), or a JSON document: not a list
    if (raws.length === 1) {
      const w = raws[0].trim()
      if (single.some((a) => a.const === w || (Array.isArray(a.enum) && a.enum.includes(w)))) return w
      if (w.startsWith('{') || w.startsWith('[')) return convert(command, f, w, alts)
    }
    return raws
      .flatMap((r) => r.split(','))
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map((s) => convert(command, f, s, itemAlts))
  }
  if (raws.length > 1)
    throw usage(command, `--${f.flag} was given ${raws.length} times; it takes one value.`, `Keep one --${f.flag}.`)
  return convert(command, f, raws[0], alts)
}

/** Raw parsed flag values (strings; booleans for boolean flags) → options objects by target. */
export function flagValues(
  command: string,
  flags: readonly FlagSpec[],
  values: Record<string, string | boolean | (string | boolean)[] | undefined>,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {}
  for (const f of flags) {
    const v = values[f.flag]
    if (v === undefined) continue
    const raws = (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'boolean' ? String(x) : x))
    ;(out[f.target] ??= {})[f.key] = f.boolean
      ? v === true || (Array.isArray(v) && v.at(-1) === true)
      : valueOf(command, f, raws)
  }
  return out
}

/** Check options built from flags against their schema; the first problem is reported with its flag. */
export function checkFlagOptions(
  command: string,
  flags: readonly FlagSpec[],
  target: string,
  schema: z.ZodType,
  options: Record<string, unknown>,
): void {
  const r = schema.safeParse(options)
  if (r.success) return
  const issue = r.error.issues[0]
  const key = String(issue.path[0] ?? '')
  const f = flags.find((x) => x.target === target && x.key === key)
  const name = f ? `--${f.flag}` : key
  throw usage(
    command,
    `${name} ${JSON.stringify(options[key])}: ${issue.message}.`,
    f
      ? `${name} ${f.metavar}${shownDefault(f.default) ? ` (default ${fmtDefault(f.default)})` : ''}: ${f.description}`
      : `Run \`passk ${command} --help\`.`,
  )
}

/** parseArgs option config for the generated flags (strings, multiple, booleans). */
export function parseArgsOptions(
  flags: readonly FlagSpec[],
): Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> {
  return Object.fromEntries(
    flags.map((f) => [f.flag, f.boolean ? { type: 'boolean' as const } : { type: 'string' as const, multiple: true }]),
  )
}

function fmtDefault(v: unknown): string {
  if (typeof v === 'string') return v
  if (Array.isArray(v))
    return v.length === 0 ? 'none' : v.every((x) => typeof x !== 'object') ? v.join(',') : JSON.stringify(v)
  return JSON.stringify(v)
}

/** A default worth printing (not false, not null). */
const shownDefault = (v: unknown) => v !== undefined && v !== false && v !== null

/** Help lines for flags: `  --flag VALUE   description (default …)`, wrapped at `width`. */
export function flagHelp(
  flags: readonly { flag: string; metavar: string; description: string; default?: unknown }[],
  width = 100,
  col = 34,
): string {
  const heads = flags.map((f) => `  --${f.flag}${f.metavar ? ` ${f.metavar}` : ''}`)
  return flags
    .map((f, i) => {
      const text = f.description + (shownDefault(f.default) ? ` (default ${fmtDefault(f.default)})` : '')
      const words = text.split(/\s+/).filter(Boolean)
      const lines: string[] = []
      let line = ''
      for (const w of words) {
        if (line && col + line.length + 1 + w.length > width) {
          lines.push(line)
          line = w
        } else line = line ? `${line} ${w}` : w
      }
      if (line) lines.push(line)
      const head = heads[i]
      const first =
        head.length + 2 > col
          ? [head, ...lines.map((l) => ' '.repeat(col) + l)]
          : [head.padEnd(col) + (lines[0] ?? ''), ...lines.slice(1).map((l) => ' '.repeat(col) + l)]
      return first.join('\n')
    })
    .join('\n')
}
