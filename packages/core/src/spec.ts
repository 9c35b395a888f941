/**
 * Pipeline specs: plain, versioned, seeded JSON. `loadSpec` reads and validates a file with errors
 * that name the line/field; `resolveSpec` fills every stage's option defaults so spec.json in a run
 * directory records exactly what ran.
 */
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { PasskError } from './errors.js'
import type { RegisteredPlugin } from './define.js'
import type { Registry } from './registry.js'
import { stageId, stageInput } from './stages.js'
import { jsonErrorOffset, showJson } from './json-position.js'

export const SPEC_VERSION = 1

export const stageSpecSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'stage ids use letters, digits, _ and -')
      .optional()
      .describe('Stage id (default: the plugin name)'),
    use: z.string().min(1).describe('Plugin id, namespace/name (see `passk plugins`)'),
    input: z
      .string()
      .optional()
      .describe('Id of the earlier stage whose output this stage consumes (default: the previous stage)'),
    options: z.record(z.string(), z.unknown()).default({}).describe('Plugin options; missing ones take their defaults'),
  })
  .strict()

export const pipelineSpecSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(SPEC_VERSION).describe('Spec format version'),
    name: z.string().optional(),
    description: z.string().optional(),
    seed: z.number().int().safe().default(0).describe('Root seed; every stage gets an RNG split from it'),
    stages: z.array(stageSpecSchema).min(1, 'a pipeline needs at least one stage (a data source)'),
  })
  .strict()

export type StageSpec = z.input<typeof stageSpecSchema>
export type PipelineSpec = z.input<typeof pipelineSpecSchema>
/** A spec after validation, with stage ids and all option defaults filled in. */
export interface ResolvedSpec {
  version: typeof SPEC_VERSION
  name?: string
  description?: string
  seed: number
  stages: { id: string; use: string; input?: string; options: Record<string, unknown> }[]
}

/** JSON Schema for spec files (written to examples/pipeline.schema.json by `passk schema`). */
export function pipelineJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(pipelineSpecSchema, { io: 'input' })
}

function issuesText(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ')
}

/** Validate an already-parsed spec object. */
export function parseSpec(value: unknown, where = 'spec'): ResolvedSpec {
  if (typeof value === 'object' && value !== null && 'version' in value && value.version !== SPEC_VERSION) {
    throw new PasskError(
      'PASSK_BAD_SPEC',
      `${where}: spec version ${showJson(value.version)} is not supported (this passk reads version ${SPEC_VERSION}).`,
      'Set "version": 1, or upgrade passk-lab.',
    )
  }
  const r = pipelineSpecSchema.safeParse(value)
  if (!r.success)
    throw new PasskError(
      'PASSK_BAD_SPEC',
      `${where} is not a valid pipeline spec: ${issuesText(r.error)}.`,
      'A spec looks like {"version": 1, "seed": 0, "stages": [{"use": "sources/beta", "options": {}}, …]}; see examples/.',
    )
  const spec = r.data
  const out: ResolvedSpec = { version: SPEC_VERSION, seed: spec.seed, stages: [] }
  if (spec.name !== undefined) out.name = spec.name
  if (spec.description !== undefined) out.description = spec.description
  spec.stages.forEach((s, i) => {
    const st: ResolvedSpec['stages'][number] = { id: stageId(spec, i), use: s.use, options: s.options }
    if (s.input !== undefined) st.input = s.input
    out.stages.push(st)
  })
  return out
}

/** Read a spec file; JSON syntax errors name the line and column. */
export function loadSpec(file: string): ResolvedSpec {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (e) {
    throw new PasskError(
      'PASSK_FILE_NOT_FOUND',
      `Cannot read spec file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
      'Check the path; examples live in examples/ (e.g. examples/quickstart.json).',
      { cause: e },
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message)
    let loc = ''
    // Node 20's V8 often omits the position: find it with a small recogniser (json-position.ts).
    const pos = m ? Number(m[1]) : jsonErrorOffset(text)
    if (pos >= 0) {
      const before = text.slice(0, pos)
      loc = ` at line ${before.split('\n').length}, column ${pos - before.lastIndexOf('\n')}`
    }
    throw new PasskError(
      'PASSK_BAD_SPEC',
      `Spec file ${file} is not valid JSON${loc}: ${(e as Error).message}.`,
      'Fix the JSON syntax (trailing commas and comments are not allowed).',
      { cause: e },
    )
  }
  return parseSpec(json, `Spec file ${path.basename(file)}`)
}

/** A spec resolved against a registry, with what the runner needs per stage (checked once). */
export interface SpecPlan {
  /** The resolved spec (what spec.json and results.json record: explicit inputs only). */
  spec: ResolvedSpec
  /** Per stage: its plugin, and the id of the stage it consumes (null for the source). */
  stages: { plugin: RegisteredPlugin; input: string | null }[]
}

/**
 * Resolve a spec once: check the stages connect (registry.check, once), fill every stage's option defaults
 * (rejecting bad options with PASSK_BAD_OPTIONS listing the fields) and every stage's input.
 */
export function planSpec(spec: ResolvedSpec, registry: Registry): SpecPlan {
  const plugins = registry.check(spec)
  const resolved: ResolvedSpec = {
    ...spec,
    stages: spec.stages.map((s, i) => {
      const p = plugins[i]
      const r = p.plugin.options.safeParse(s.options)
      if (!r.success) {
        throw new PasskError(
          'PASSK_BAD_OPTIONS',
          `Stage ${i + 1} (${s.id}, ${p.id}) has invalid options: ${issuesText(r.error)}.`,
          `Run \`passk plugins ${p.id}\` to see its options and defaults.`,
        )
      }
      return { ...s, use: p.id, options: r.data as Record<string, unknown> }
    }),
  }
  return { spec: resolved, stages: plugins.map((plugin, i) => ({ plugin, input: stageInput(spec, i) })) }
}

/** Fill every stage's option defaults and reject bad options (PASSK_BAD_OPTIONS lists the fields). */
export function resolveSpec(spec: ResolvedSpec, registry: Registry): ResolvedSpec {
  return planSpec(spec, registry).spec
}
