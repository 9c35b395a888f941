/**
 * The pipeline being composed: stages with their form text. Converts to and from pipeline specs and
 * checks it with the registry (kinds connect) and each plugin's schema (options valid), collecting
 * messages instead of throwing so the UI can show them inline.
 */
import fs from 'node:fs'
import path from 'node:path'
import {
  isPasskError,
  loadSpec,
  parseSpec,
  stageId,
  type KindName,
  type PipelineSpec,
  type Registry,
  type RegisteredPlugin,
} from '@passk/core'
import { checkForm, formFromOptions, pluginFields, type Field, type FormCheck, type FormState } from './form.js'

export interface DraftStage {
  id?: string
  use: string
  input?: string
  form: FormState
}

export interface Draft {
  name?: string
  description?: string
  seed: number
  stages: DraftStage[]
  /** File the draft was opened from (spec file or run dir's spec.json). */
  file?: string
}

export const emptyDraft = (): Draft => ({ seed: 0, stages: [] })

export interface StageCheck {
  plugin?: RegisteredPlugin
  fields: Field[]
  form?: FormCheck
  /** Unknown plugin or kinds that do not connect. */
  error?: string
}

export interface DraftCheck {
  stages: StageCheck[]
  /** The spec to run (present even when there are errors, for saving). */
  spec: PipelineSpec
  /** Human-readable problems, first one first; empty when the draft can run. */
  problems: string[]
  /** Kind the last stage produces (what the next stage must accept). */
  lastKind?: KindName
}

/** Spec object of a draft (options as the user set them; defaults are filled by the runner). */
export function draftSpec(draft: Draft, checks?: StageCheck[]): PipelineSpec {
  return {
    version: 1,
    ...(draft.name ? { name: draft.name } : {}),
    ...(draft.description ? { description: draft.description } : {}),
    seed: draft.seed,
    stages: draft.stages.map((s, i) => ({
      ...(s.id ? { id: s.id } : {}),
      use: checks?.[i]?.plugin?.id ?? s.use,
      ...(s.input ? { input: s.input } : {}),
      options: checks?.[i]?.form?.options ?? { ...(s.form.extra ?? {}) },
    })),
  }
}

export function checkDraft(draft: Draft, registry: Registry, baseDir?: string): DraftCheck {
  const stages: StageCheck[] = draft.stages.map((s) => {
    let plugin: RegisteredPlugin
    try {
      plugin = registry.resolve(s.use)
    } catch (e) {
      return { fields: [], error: isPasskError(e) ? `${e.message} ${e.hint ?? ''}`.trim() : String(e) }
    }
    const fields = pluginFields(plugin.plugin)
    return { plugin, fields, form: checkForm(plugin.plugin, fields, s.form, baseDir) }
  })
  const spec = draftSpec(draft, stages)
  const problems: string[] = []
  if (!draft.stages.length) problems.push('The pipeline is empty: add a data source (a).')
  let lastKind: KindName | undefined
  if (stages.every((s) => s.plugin) && draft.stages.length) {
    try {
      const resolved = registry.check(spec)
      lastKind = resolved.at(-1)?.plugin.produces
    } catch (e) {
      const msg = isPasskError(e) ? `${e.message}${e.hint ? ` ${e.hint}` : ''}` : String(e)
      const m = /^Stage (\d+)/.exec(msg)
      if (m) {
        const st = stages[Number(m[1]) - 1]
        if (st && !st.error) st.error = msg
      }
      problems.push(msg)
    }
  }
  stages.forEach((s, i) => {
    const where = `Stage ${i + 1} (${draft.stages[i].use})`
    if (s.error && !problems.some((p) => p === s.error)) problems.push(s.plugin ? s.error : `${where}: ${s.error}`)
    for (const [field, msg] of Object.entries(s.form?.errors ?? {}))
      problems.push(`${where} option ${field || '(options)'}: ${msg}`)
  })
  return { stages, spec, problems, ...(lastKind ? { lastKind } : {}) }
}

/**
 * The kind a new stage must accept when it reads stage `from` (default: the last stage), or null for
 * "a source" (empty pipeline), or undefined when that stage's plugin is unknown.
 */
export function nextAccepts(
  draft: Draft,
  registry: Registry,
  from = draft.stages.length - 1,
): KindName | null | undefined {
  if (!draft.stages.length) return null
  const src = draft.stages[from]
  if (!src) return undefined
  try {
    return registry.resolve(src.use).plugin.produces
  } catch {
    return undefined
  }
}

/** Plugins that may be appended reading stage `from`: sources for an empty draft, else those accepting its kind. */
export function candidates(draft: Draft, registry: Registry, from = draft.stages.length - 1): RegisteredPlugin[] {
  const k = nextAccepts(draft, registry, from)
  if (k === undefined) return []
  if (k === null) return registry.list({ role: 'source' })
  return registry.list({ accepts: k }).filter((p) => p.plugin.role !== 'source')
}

/** The latest stage whose output some registered plugin accepts (where `a` starts), or -1. */
export function lastExtensible(draft: Draft, registry: Registry): number {
  for (let i = draft.stages.length - 1; i >= 0; i--) if (candidates(draft, registry, i).length) return i
  return -1
}

/**
 * Append plugin `p`. When it reads an earlier stage than the last one, that stage gets an explicit id
 * (its current automatic id) and the new stage an `input` naming it, so removing other stages later
 * cannot silently re-wire it.
 */
export function addStage(draft: Draft, p: RegisteredPlugin, from = draft.stages.length - 1): Draft {
  if (!draft.stages.length || from === draft.stages.length - 1)
    return { ...draft, stages: [...draft.stages, { use: p.id, form: { text: {} } }] }
  const id = draft.stages[from].id ?? draftStageId(draft, from)
  const stages = draft.stages.map((s, i) => (i === from && !s.id ? { ...s, id } : s))
  return { ...draft, stages: [...stages, { use: p.id, input: id, form: { text: {} } }] }
}

/** Draft from a spec object (examples/*.json, runs/<dir>/spec.json). Throws PasskError on a malformed spec. */
export function draftFromSpec(value: unknown, registry: Registry, file?: string): Draft {
  const spec = parseSpec(value, file ? path.basename(file) : 'spec')
  const explicitIds = new Set(
    ((value as { stages?: { id?: string }[] }).stages ?? []).flatMap((s) => (s.id ? [s.id] : [])),
  )
  const draft: Draft = {
    seed: spec.seed,
    stages: [],
    ...(spec.name ? { name: spec.name } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    ...(file ? { file } : {}),
  }
  for (const s of spec.stages) {
    let fields: Field[] = []
    try {
      fields = pluginFields(registry.resolve(s.use).plugin)
    } catch {
      /* unknown plugin: shown by checkDraft */
    }
    draft.stages.push({
      ...(explicitIds.has(s.id) || spec.stages.some((t) => t.input === s.id) ? { id: s.id } : {}),
      use: s.use,
      ...(s.input ? { input: s.input } : {}),
      form: formFromOptions(fields, s.options),
    })
  }
  return draft
}

/** Draft from a spec file; read and syntax errors are PasskErrors from core's loadSpec (with line/column). */
export function loadDraft(file: string, registry: Registry): Draft {
  loadSpec(file)
  return draftFromSpec(JSON.parse(fs.readFileSync(file, 'utf8')), registry, file)
}

/** Stage id the runner will give stage i of the draft. */
export function draftStageId(draft: Draft, i: number): string {
  return stageId(draftSpec(draft), i)
}
