/**
 * The compose screen's state machine, without React or I/O: `composeKey(state, draft, input, key, env)`
 * returns the next screen state, the next draft (when it changed) and at most one effect for the screen
 * to carry out (run the pipeline, go back, save the spec to a file). The screen (screens/compose.tsx)
 * only draws the state; the hook (hooks/useCompose.ts) holds it and performs the effects.
 */
import path from 'node:path'
import type { Key } from 'ink'
import type { PipelineSpec, Registry } from '@passk/core'
import { addStage, candidates, checkDraft, lastExtensible, nextAccepts, type Draft } from './draft.js'
import { formatValue, pluginFields, type Field } from './form.js'

export type ComposeFocus = 'stages' | 'form' | 'pick' | 'save' | 'seed' | 'name'

export interface ComposeMessage {
  text: string
  error: boolean
}

export interface ComposeState {
  focus: ComposeFocus
  /** Selected stage (stage list) and field (option form). */
  stageIdx: number
  fieldIdx: number
  /** Text of the option field being edited, or undefined when no field is being edited. */
  editing: string | undefined
  /** Selected candidate in the plugin picker, and which earlier stage the stage being added reads. */
  pickIdx: number
  pickFrom: number
  /** The line being typed in the save / seed / name prompt. */
  prompt: string
  /** A save target the user was asked to confirm (the file exists and is not the draft's own file). */
  confirmOverwrite?: string
  message?: ComposeMessage
}

export type ComposeEffect = { type: 'run'; spec: PipelineSpec } | { type: 'back' } | { type: 'save'; file: string }

export interface ComposeEnv {
  registry: Registry
  /** Where relative paths resolve when the draft has no file. */
  cwd: string
  /** Whether a file exists (for the overwrite question; injected so the state machine does no I/O). */
  exists(file: string): boolean
}

export interface ComposeStep {
  state: ComposeState
  draft?: Draft
  effect?: ComposeEffect
}

export function initialComposeState(draft: Draft): ComposeState {
  return {
    focus: draft.stages.length ? 'stages' : 'pick',
    stageIdx: Math.max(0, draft.stages.length - 1),
    fieldIdx: 0,
    editing: undefined,
    pickIdx: 0,
    pickFrom: draft.stages.length - 1,
    prompt: '',
  }
}

/** True while a text field has the keyboard (so `?` and `q` are typed, not commands). */
export function isTyping(s: ComposeState): boolean {
  return s.focus === 'save' || s.focus === 'seed' || s.focus === 'name' || s.editing !== undefined
}

/** Relative paths in options (and the save prompt's default) resolve against the spec file's directory. */
export function draftBaseDir(draft: Draft, cwd: string): string {
  return draft.file ? path.dirname(draft.file) : cwd
}

/** The save prompt's default file name. */
export function defaultSaveName(D: Draft): string {
  return D.file && !D.file.includes(`${path.sep}runs${path.sep}`)
    ? path.basename(D.file)
    : `${(D.name ?? 'pipeline').replace(/[^A-Za-z0-9_-]+/g, '-')}.json`
}

function stageFields(D: Draft, si: number, registry: Registry): Field[] {
  const st = D.stages[si]
  if (!st) return []
  try {
    return pluginFields(registry.resolve(st.use).plugin)
  } catch {
    return []
  }
}

function isTypingChar(input: string, key: Key): boolean {
  return (
    !!input &&
    !key.ctrl &&
    !key.meta &&
    !key.upArrow &&
    !key.downArrow &&
    !key.leftArrow &&
    !key.rightArrow &&
    !key.tab &&
    !key.return &&
    !key.escape
  )
}

/** One key press. Pure: the same state, draft and key give the same step. */
export function composeKey(s: ComposeState, D: Draft, input: string, key: Key, env: ComposeEnv): ComposeStep {
  const { registry } = env
  const si = s.stageIdx,
    fi = s.fieldIdx
  const st = D.stages[si]
  const stFields = stageFields(D, si, registry)
  const fld = stFields[fi]
  const typingChar = isTypingChar(input, key)
  const next = (patch: Partial<ComposeState>, draft?: Draft, effect?: ComposeEffect): ComposeStep => ({
    state: { ...s, ...patch },
    ...(draft ? { draft } : {}),
    ...(effect ? { effect } : {}),
  })
  const withText = (name: string, value: string): Draft | undefined =>
    st
      ? {
          ...D,
          stages: D.stages.map((x, i) =>
            i === si ? { ...x, form: { ...x.form, text: { ...x.form.text, [name]: value } } } : x,
          ),
        }
      : undefined
  const cycle = (dir: 1 | -1): Draft | undefined => {
    if (!fld || !st) return undefined
    const choices = fld.kind === 'boolean' ? ['false', 'true'] : (fld.choices ?? []).map(String)
    if (!choices.length) return undefined
    const cur = st.form.text[fld.name] || (fld.default !== undefined ? formatValue(fld, fld.default) : choices[0])
    return withText(fld.name, choices[(choices.indexOf(cur) + dir + choices.length) % choices.length])
  }

  // the save / seed / name prompt
  if (s.focus === 'save' || s.focus === 'seed' || s.focus === 'name') {
    const { confirmOverwrite: _c, ...rest } = s
    if (key.return) {
      const text = s.prompt.trim()
      if (s.focus === 'save') {
        const file = path.resolve(env.cwd, text)
        if (file !== D.file && s.confirmOverwrite !== file && env.exists(file)) {
          return next({
            confirmOverwrite: file,
            message: { text: `${text} exists. Enter again overwrites it; Esc keeps it.`, error: true },
          })
        }
        return { state: { ...rest, focus: 'stages' }, effect: { type: 'save', file } }
      }
      if (s.focus === 'name') {
        const { name: _n, ...without } = D
        return { state: { ...rest, focus: 'stages' }, draft: text ? { ...without, name: text } : without }
      }
      const seed = Number(text)
      if (!Number.isSafeInteger(seed))
        return {
          state: {
            ...rest,
            focus: 'stages',
            message: { text: `Seed "${text}" is not an integer; kept ${D.seed}.`, error: true },
          },
        }
      return {
        state: {
          ...rest,
          focus: 'stages',
          message: { text: `Seed set to ${seed}: every stage's RNG is split from it.`, error: false },
        },
        draft: { ...D, seed },
      }
    }
    if (key.escape) {
      // Esc after the overwrite question drops the question; otherwise the last message stays
      const { message: _m, ...clean } = rest
      return { state: s.confirmOverwrite ? { ...clean, focus: 'stages' } : { ...rest, focus: 'stages' } }
    }
    if (key.backspace || key.delete) return { state: { ...rest, prompt: s.prompt.slice(0, -1) } }
    if (key.ctrl && input === 'u') return { state: { ...rest, prompt: '' } }
    if (typingChar) return { state: { ...rest, prompt: s.prompt + input } }
    return { state: s }
  }

  // the plugin picker
  if (s.focus === 'pick') {
    const cs = candidates(D, registry, s.pickFrom)
    if ((key.leftArrow || key.rightArrow) && D.stages.length > 1) {
      // read another earlier stage's output (branching, e.g. a second fitter on the same curve)
      const n = D.stages.length
      let f = s.pickFrom
      for (let step = 0; step < n; step++) {
        f = (f + (key.rightArrow ? 1 : n - 1)) % n
        if (candidates(D, registry, f).length) break
      }
      return next({ pickFrom: f, pickIdx: 0 })
    }
    if (key.upArrow) return next({ pickIdx: (s.pickIdx + cs.length - 1) % Math.max(1, cs.length) })
    if (key.downArrow || key.tab) return next({ pickIdx: (s.pickIdx + 1) % Math.max(1, cs.length) })
    if (key.escape) return D.stages.length ? next({ focus: 'stages' }) : next({}, undefined, { type: 'back' })
    if (key.return) {
      const c = cs[s.pickIdx]
      if (!c) return { state: s }
      const { message: _m, ...rest } = s
      return {
        state: { ...rest, stageIdx: D.stages.length, fieldIdx: 0, focus: 'form' },
        draft: addStage(D, c, s.pickFrom),
      }
    }
    return { state: s }
  }

  // a field being edited
  if (s.focus === 'form' && s.editing !== undefined) {
    if (key.return) {
      const d = fld ? withText(fld.name, s.editing) : undefined
      return { state: { ...s, editing: undefined }, ...(d ? { draft: d } : {}) }
    }
    if (key.escape) return next({ editing: undefined })
    if (key.backspace || key.delete) return next({ editing: s.editing.slice(0, -1) })
    if (key.ctrl && input === 'u') return next({ editing: '' })
    if (typingChar) return next({ editing: s.editing + input })
    return { state: s }
  }

  // commands shared by the stage list and the form
  if (input === 'r') {
    const c = checkDraft(D, registry, draftBaseDir(D, env.cwd))
    if (c.problems.length) return next({ message: { text: `Cannot run: ${c.problems[0]}`, error: true } })
    return next({}, undefined, { type: 'run', spec: c.spec })
  }
  if (input === 's') {
    const { message: _m, ...rest } = s
    return { state: { ...rest, prompt: defaultSaveName(D), focus: 'save' } }
  }
  if (input === 'S' || input === 'n') {
    const { message: _m, ...rest } = s
    return {
      state: {
        ...rest,
        prompt: input === 'S' ? String(D.seed) : (D.name ?? ''),
        focus: input === 'S' ? 'seed' : 'name',
      },
    }
  }
  if (input === 'a') {
    const from = D.stages.length ? lastExtensible(D, registry) : -1
    if (D.stages.length && from < 0) {
      return next({
        message: {
          text: 'No registered plugin accepts the output of any stage (or a stage names an unknown plugin).',
          error: true,
        },
      })
    }
    const { message: _m, ...rest } = s
    const note =
      from >= 0 && from !== D.stages.length - 1
        ? {
            text: `Nothing accepts ${nextAccepts(D, registry)}; this stage will read stage ${from + 1} (${D.stages[from].use}).`,
            error: false,
          }
        : undefined
    return { state: { ...rest, pickFrom: from, pickIdx: 0, focus: 'pick', ...(note ? { message: note } : {}) } }
  }
  if (s.focus === 'stages') {
    if (key.upArrow) return next({ stageIdx: Math.max(0, si - 1), fieldIdx: 0 })
    if (key.downArrow) return next({ stageIdx: Math.min(D.stages.length - 1, si + 1), fieldIdx: 0 })
    if ((key.return || key.rightArrow || key.tab) && st) return next({ focus: 'form', fieldIdx: 0 })
    if (input === 'x' || key.delete) {
      if (!st) return { state: s }
      return next(
        {
          stageIdx: Math.max(0, Math.min(si, D.stages.length - 2)),
          message: { text: `Removed stage ${si + 1} (${st.use}).`, error: false },
        },
        { ...D, stages: D.stages.filter((_, i) => i !== si) },
      )
    }
    if (key.escape) return next({}, undefined, { type: 'back' })
    return { state: s }
  }
  // s.focus === 'form'
  if (key.upArrow || (key.tab && key.shift)) return next({ fieldIdx: Math.max(0, fi - 1) })
  if (key.downArrow || key.tab) return next({ fieldIdx: Math.min(stFields.length - 1, fi + 1) })
  if (key.leftArrow || key.rightArrow) {
    if (fld && (fld.kind === 'enum' || fld.kind === 'boolean')) {
      const d = cycle(key.rightArrow ? 1 : -1)
      return { state: s, ...(d ? { draft: d } : {}) }
    }
    if (key.leftArrow) return next({ focus: 'stages' })
    return { state: s }
  }
  if (key.return && fld) {
    if (fld.kind === 'enum' || fld.kind === 'boolean') {
      const d = cycle(1)
      return { state: s, ...(d ? { draft: d } : {}) }
    }
    return next({ editing: st?.form.text[fld.name] ?? '' })
  }
  if (input === 'd' && fld) {
    const d = withText(fld.name, '')
    return { state: s, ...(d ? { draft: d } : {}) }
  }
  if (key.escape) return next({ focus: 'stages' })
  return { state: s }
}
