/**
 * Option forms from JSON Schema: turn a plugin's `optionsJsonSchema` into typed fields, format values
 * as editable text, parse the user's text back (numbers, integers, enums, booleans, paths, lists and
 * k grids like "1,2,4,8" or "1..1e4 x40 log"), and validate the whole object with the plugin's own
 * zod schema (`plugin.options.safeParse`), so the form never disagrees with the runner.
 */
import fs from 'node:fs'
import path from 'node:path'
import { expandGrid, optionsJsonSchema, type Plugin } from '@passk/core'

export type FieldKind = 'number' | 'integer' | 'enum' | 'boolean' | 'string' | 'path' | 'list' | 'grid' | 'json'

export interface Field {
  name: string
  kind: FieldKind
  description?: string
  /** The schema default (undefined when the option has none). */
  default?: unknown
  required: boolean
  /** Allowed values of an enum. */
  choices?: (string | number)[]
  /** Lists: items must be integers. */
  integerItems?: boolean
  /** Numeric bounds, shown as a hint. */
  bounds?: string
}

type JsonSchema = Record<string, unknown>

function boundsText(s: JsonSchema): string | undefined {
  const parts: string[] = []
  if (typeof s.exclusiveMinimum === 'number') parts.push(`> ${s.exclusiveMinimum}`)
  if (typeof s.minimum === 'number') parts.push(`≥ ${s.minimum}`)
  if (typeof s.exclusiveMaximum === 'number') parts.push(`< ${s.exclusiveMaximum}`)
  if (typeof s.maximum === 'number' && s.maximum < Number.MAX_SAFE_INTEGER) parts.push(`≤ ${s.maximum}`)
  return parts.length ? parts.join(', ') : undefined
}

const isGridObject = (s: JsonSchema) =>
  s.type === 'object' &&
  typeof s.properties === 'object' &&
  s.properties !== null &&
  ['from', 'to', 'num'].every((k) => k in (s.properties as object))

/** One field per property of the options schema, in declaration order. */
export function schemaFields(schema: JsonSchema): Field[] {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>
  const required = new Set((schema.required ?? []) as string[])
  return Object.entries(props).map(([name, s]) => {
    const f: Field = { name, kind: fieldKind(name, s), required: required.has(name) && s.default === undefined }
    if (typeof s.description === 'string') f.description = s.description
    if (s.default !== undefined) f.default = s.default
    if (Array.isArray(s.enum)) f.choices = s.enum as (string | number)[]
    const b = boundsText(s)
    if (b) f.bounds = b
    const arr =
      s.type === 'array'
        ? s
        : Array.isArray(s.anyOf)
          ? (s.anyOf as JsonSchema[]).find((a) => a.type === 'array')
          : undefined
    if (arr && (arr.items as JsonSchema | undefined)?.type === 'integer') f.integerItems = true
    return f
  })
}

function fieldKind(name: string, s: JsonSchema): FieldKind {
  if (Array.isArray(s.enum)) return 'enum'
  if (Array.isArray(s.anyOf)) {
    const alts = s.anyOf as JsonSchema[]
    if (alts.some((a) => a.type === 'array') && alts.some(isGridObject)) return 'grid'
    return 'json'
  }
  switch (s.type) {
    case 'integer':
      return 'integer'
    case 'number':
      return 'number'
    case 'boolean':
      return 'boolean'
    case 'string':
      return /path|file|dir/i.test(`${name} ${String(s.description ?? '')}`) ? 'path' : 'string'
    case 'array':
      return (s.items as JsonSchema | undefined)?.type === 'number' ||
        (s.items as JsonSchema | undefined)?.type === 'integer'
        ? 'list'
        : 'json'
    default:
      return 'json'
  }
}

export function pluginFields(plugin: Plugin): Field[] {
  return schemaFields(optionsJsonSchema(plugin))
}

const num = (v: number) =>
  Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-4) ? v.toExponential().replace('e+', 'e') : String(v)

/** A value as editable text: lists "1,2,4", grids "1..1e4 x40 log", objects as JSON. */
export function formatValue(field: Field, v: unknown): string {
  if (v === undefined) return ''
  if (typeof v === 'number') return num(v)
  if (typeof v === 'string' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v.map(num).join(',')
  if ((field.kind === 'grid' || field.kind === 'list') && typeof v === 'object' && v !== null && 'from' in v) {
    const g = v as { from: number; to: number; num: number; scale?: string; integer?: boolean }
    return `${num(g.from)}..${num(g.to)} x${g.num} ${g.scale ?? 'log'}${g.integer ? ' int' : ''}`
  }
  return JSON.stringify(v)
}

export type ParseResult = { ok: true; value: unknown } | { ok: false; error: string }

const NUM = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?`
const RANGE = new RegExp(
  String.raw`^(${NUM})\s*\.\.\s*(${NUM})\s*(?:x|×|\*)\s*(\d+)(?:\s+(log|lin|linear))?(?:\s+(int|integer))?$`,
  'i',
)

/** "1..1e4 x40 log [int]" → a range grid, or undefined when the text is not a range. */
export function parseRange(
  text: string,
): { from: number; to: number; num: number; scale: 'log' | 'linear'; integer: boolean } | undefined {
  const m = RANGE.exec(text.trim())
  if (!m) return undefined
  return {
    from: Number(m[1]),
    to: Number(m[2]),
    num: Number(m[3]),
    scale: m[4] && m[4].toLowerCase() !== 'log' ? 'linear' : 'log',
    integer: Boolean(m[5]),
  }
}

function parseNumberList(text: string, integer: boolean): ParseResult {
  const parts = text.split(/[,\s]+/).filter(Boolean)
  const out: number[] = []
  for (const p of parts) {
    const v = Number(p)
    if (!Number.isFinite(v) || p.trim() === '')
      return { ok: false, error: `"${p}" is not a number (write a list like 1,2,4,8 or a range like 1..1e4 x40 log)` }
    if (integer && !Number.isInteger(v)) return { ok: false, error: `${p} is not an integer` }
    out.push(v)
  }
  if (!out.length) return { ok: false, error: 'the list is empty' }
  return { ok: true, value: out }
}

/**
 * Parse the text typed into a field. Empty text means "use the default" (value undefined).
 * `baseDir` is where relative paths resolve (existence check for path fields).
 */
export function parseField(field: Field, text: string, baseDir = process.cwd()): ParseResult {
  const t = text.trim()
  if (t === '')
    return field.required
      ? { ok: false, error: 'required: this option has no default' }
      : { ok: true, value: undefined }
  switch (field.kind) {
    case 'number':
    case 'integer': {
      const v = Number(t)
      if (!Number.isFinite(v)) return { ok: false, error: `"${t}" is not a number` }
      if (field.kind === 'integer' && !Number.isInteger(v)) return { ok: false, error: `${t} is not an integer` }
      return { ok: true, value: v }
    }
    case 'boolean':
      if (/^(true|yes|on|1)$/i.test(t)) return { ok: true, value: true }
      if (/^(false|no|off|0)$/i.test(t)) return { ok: true, value: false }
      return { ok: false, error: `"${t}" is not true/false` }
    case 'enum': {
      const hit = field.choices?.find((c) => String(c) === t)
      return hit !== undefined
        ? { ok: true, value: hit }
        : { ok: false, error: `"${t}" is not one of ${field.choices?.join(', ')}` }
    }
    case 'path': {
      const abs = path.resolve(baseDir, t)
      if (!fs.existsSync(abs)) return { ok: false, error: `file not found: ${abs}` }
      return { ok: true, value: t }
    }
    case 'string':
      return { ok: true, value: t }
    case 'grid': {
      const r = parseRange(t)
      if (r) return { ok: true, value: r }
      return parseNumberList(t, field.integerItems ?? false)
    }
    case 'list': {
      const r = parseRange(t)
      if (r) {
        if (!(r.from > 0 && r.to > 0) && r.scale === 'log')
          return { ok: false, error: 'a log range needs from > 0 and to > 0' }
        if (r.num > 100_000) return { ok: false, error: `${r.num} points is too many for a list (max 100000)` }
        return { ok: true, value: expandGrid({ ...r, integer: r.integer || (field.integerItems ?? false) }) }
      }
      return parseNumberList(t, field.integerItems ?? false)
    }
    case 'json':
      // unions (e.g. an enum or a number) and nested objects: JSON when it parses, else the bare text
      // as a string; the plugin's zod schema then says whether that alternative is allowed
      try {
        return { ok: true, value: JSON.parse(t) }
      } catch {
        return { ok: true, value: t }
      }
  }
}

export interface FormState {
  /** Raw text per field ('' or absent = default). */
  text: Record<string, string>
  /** Options not described by the schema (kept from a loaded spec so nothing is lost). */
  extra?: Record<string, unknown>
}

export interface FormCheck {
  /** The options object to put in the spec (only fields the user set, plus extras). */
  options: Record<string, unknown>
  /** Error message per field name; '' key for errors not tied to one field. */
  errors: Record<string, string>
  ok: boolean
}

/** Parse every field and validate the object with the plugin's zod schema. */
export function checkForm(plugin: Plugin, fields: Field[], form: FormState, baseDir?: string): FormCheck {
  const options: Record<string, unknown> = { ...(form.extra ?? {}) }
  const errors: Record<string, string> = {}
  for (const f of fields) {
    const r = parseField(f, form.text[f.name] ?? '', baseDir)
    if (!r.ok) errors[f.name] = r.error
    else if (r.value !== undefined) options[f.name] = r.value
  }
  const parsed = plugin.options.safeParse(options)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.length ? String(issue.path[0]) : ''
      if (errors[key] === undefined)
        errors[key] = issue.path.length > 1 ? `${issue.path.slice(1).join('.')}: ${issue.message}` : issue.message
    }
  }
  return { options, errors, ok: Object.keys(errors).length === 0 }
}

/** Form text for options read from a spec (fields the spec sets; unknown keys go to `extra`). */
export function formFromOptions(fields: Field[], options: Record<string, unknown>): FormState {
  const text: Record<string, string> = {}
  const extra: Record<string, unknown> = {}
  const byName = new Map(fields.map((f) => [f.name, f]))
  for (const [k, v] of Object.entries(options)) {
    const f = byName.get(k)
    if (f) text[k] = formatValue(f, v)
    else extra[k] = v
  }
  return Object.keys(extra).length ? { text, extra } : { text }
}
