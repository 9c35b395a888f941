import path from 'node:path'
import type { Key } from 'ink'
import { describe, expect, it } from 'vitest'
import { createRegistry, defineEvaluator, definePackage, defineSource, z } from '@passk/core'
import { composeKey, initialComposeState, isTyping, type ComposeEnv, type ComposeState } from './compose-state.js'
import { emptyDraft, type Draft } from './draft.js'

const never = () => {
  throw new Error('not run')
}
const src = defineSource({
  name: 'counts',
  version: '0',
  summary: 's',
  options: z.object({ n: z.number().int().positive().default(10).describe('n') }),
  produces: 'TrialOutcomes',
  run: never,
})
const ev = defineEvaluator({
  name: 'passk',
  version: '0',
  summary: 'e',
  accepts: 'TrialOutcomes',
  produces: 'Curve',
  options: z.object({ mode: z.enum(['a', 'b', 'c']).default('a').describe('mode') }),
  run: never,
})
const registry = createRegistry()
  .use(definePackage({ meta: { name: 's', version: '0', namespace: 'sources' }, plugins: [src] }))
  .use(definePackage({ meta: { name: 'e', version: '0', namespace: 'evaluators' }, plugins: [ev] }))

const noKey: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
}
const k = (patch: Partial<Key>): Key => ({ ...noKey, ...patch })
const existing = new Set<string>()
const env: ComposeEnv = { registry, cwd: '/work/x', exists: (f) => existing.has(f) }

/** Feed a sequence of keys ('\r' Enter, '\x1b' Esc, '↓' down, '→' right, other text typed) and collect effects. */
function drive(draft: Draft, keys: string[], state?: ComposeState) {
  let s = state ?? initialComposeState(draft),
    d = draft
  const effects: unknown[] = []
  for (const key of keys) {
    const [input, kk] =
      key === '\r'
        ? ['', k({ return: true })]
        : key === '\x1b'
          ? ['', k({ escape: true })]
          : key === '↓'
            ? ['', k({ downArrow: true })]
            : key === '→'
              ? ['', k({ rightArrow: true })]
              : key === '⌫'
                ? ['', k({ backspace: true })]
                : [key, noKey]
    const step = composeKey(s, d, input, kk, env)
    s = step.state
    if (step.draft) d = step.draft
    if (step.effect) effects.push(step.effect)
  }
  return { state: s, draft: d, effects }
}

describe('compose state machine (pure)', () => {
  it('adds a source and an evaluator from the picker, cycles an enum, and runs the checked spec', () => {
    const r = drive(emptyDraft(), ['\r', 'a', '\r', '→', '→', 'r'])
    expect(r.draft.stages.map((s) => s.use)).toEqual(['sources/counts', 'evaluators/passk'])
    expect(r.draft.stages[1].form.text.mode).toBe('c') // a → b → c
    expect(r.effects).toEqual([
      {
        type: 'run',
        spec: expect.objectContaining({
          stages: [
            expect.objectContaining({ use: 'sources/counts' }),
            expect.objectContaining({ use: 'evaluators/passk', options: { mode: 'c' } }),
          ],
        }),
      },
    ])
  })

  it('types while a prompt has the keyboard (q and ? are text), and rejects a non-integer seed', () => {
    const base = drive(emptyDraft(), ['\r'])
    const typed = drive(base.draft, ['S', '⌫', '?', 'q'], base.state)
    expect(isTyping(typed.state)).toBe(true)
    expect(typed.state.prompt).toBe('?q')
    const done = drive(typed.draft, ['\r'], typed.state)
    expect(done.draft.seed).toBe(0)
    expect(done.state.message).toEqual({ text: 'Seed "?q" is not an integer; kept 0.', error: true })
    expect(isTyping(done.state)).toBe(false)
  })

  it('asks before saving over an existing file that is not the draft’s own; Esc cancels, Enter twice saves', () => {
    const base = drive(emptyDraft(), ['\r'])
    existing.add(path.resolve('/work/x', 'notes.json'))
    const ask = drive(base.draft, ['s', ...Array(13).fill('⌫'), ...'notes.json'], base.state)
    expect(ask.state.prompt).toBe('notes.json')
    const q = drive(ask.draft, ['\r'], ask.state)
    expect(q.effects).toEqual([])
    expect(q.state.confirmOverwrite).toBe('/work/x/notes.json')
    expect(drive(q.draft, ['\x1b'], q.state).state).toMatchObject({ focus: 'stages' })
    expect(drive(q.draft, ['\x1b'], q.state).state.message).toBeUndefined()
    expect(drive(q.draft, ['\r'], q.state).effects).toEqual([{ type: 'save', file: '/work/x/notes.json' }])
    // a new file is saved at once
    const fresh = drive(base.draft, ['s', '\r'], base.state)
    expect(fresh.effects).toEqual([{ type: 'save', file: '/work/x/pipeline.json' }])
  })

  it('removes the selected stage with x and goes back on Esc from the stage list', () => {
    const two = drive(emptyDraft(), ['\r', 'a', '\r', '\x1b'])
    expect(two.state.focus).toBe('stages')
    const removed = drive(two.draft, ['x'], two.state)
    expect(removed.draft.stages.map((s) => s.use)).toEqual(['sources/counts'])
    expect(removed.state.message).toEqual({ text: 'Removed stage 2 (evaluators/passk).', error: false })
    expect(drive(removed.draft, ['\x1b'], removed.state).effects).toEqual([{ type: 'back' }])
  })
})
