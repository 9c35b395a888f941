/**
 * Holds the compose screen's state (internal/compose-state.ts) and carries out its effects: run, back, and
 * saving the spec through @passk/core's atomic writer. The state lives in a ref so that keys typed faster
 * than React re-renders (paste, key repeat, tmux send-keys) each see the state the previous key produced.
 */
import fs from 'node:fs'
import path from 'node:path'
import { useEffect, useReducer, useRef } from 'react'
import { writeFileAtomic, type PipelineSpec, type Registry } from '@passk/core'
import { checkDraft, type Draft } from '../internal/draft.js'
import {
  composeKey,
  draftBaseDir,
  initialComposeState,
  isTyping,
  type ComposeEnv,
  type ComposeState,
} from '../internal/compose-state.js'
import { useKeys } from './useKeys.js'

export interface UseComposeProps {
  registry: Registry
  draft: Draft
  setDraft(d: Draft): void
  cwd: string
  onRun(spec: PipelineSpec): void
  onBack(): void
  setTyping(v: boolean): void
}

/** Write a spec file atomically (a temp file beside it, then rename); the directory is created if needed. */
export function saveSpecFile(file: string, spec: PipelineSpec): void {
  writeFileAtomic(file, JSON.stringify(spec, null, 2) + '\n')
}

export function useCompose(p: UseComposeProps): ComposeState {
  const stateRef = useRef<ComposeState | null>(null)
  if (stateRef.current === null) stateRef.current = initialComposeState(p.draft)
  const [, rerender] = useReducer((x: number) => x + 1, 0)
  // the draft lives in the app; keep the newest one we set for key handlers
  const draftRef = useRef(p.draft)
  const seenProp = useRef(p.draft)
  if (seenProp.current !== p.draft) {
    seenProp.current = p.draft
    draftRef.current = p.draft
  }
  const setDraft = (d: Draft) => {
    draftRef.current = d
    p.setDraft(d)
  }
  const env: ComposeEnv = { registry: p.registry, cwd: p.cwd, exists: (f) => fs.existsSync(f) }
  const typing = isTyping(stateRef.current)
  useEffect(() => {
    p.setTyping(typing)
  }, [typing]) // eslint-disable-line react-hooks/exhaustive-deps

  useKeys((input, key) => {
    const D = draftRef.current
    const step = composeKey(stateRef.current ?? initialComposeState(D), D, input, key, env)
    let state = step.state
    if (step.draft) setDraft(step.draft)
    const effect = step.effect
    if (effect?.type === 'save') {
      const spec = checkDraft(D, p.registry, draftBaseDir(D, p.cwd))
      try {
        saveSpecFile(effect.file, spec.spec)
        setDraft({ ...D, file: effect.file })
        const shown = path.relative(p.cwd, effect.file) || effect.file
        const note = spec.problems.length ? ' (it still has problems: it will not run as is)' : ''
        state = { ...state, message: { text: `Saved ${shown}${note}`, error: false } }
      } catch (e) {
        state = { ...state, message: { text: `Could not save ${effect.file}: ${(e as Error).message}`, error: true } }
      }
    }
    stateRef.current = state
    // tell the app at once (not after the next render) whether `?` and `q` are typed or are commands
    p.setTyping(isTyping(state))
    rerender()
    if (effect?.type === 'run') p.onRun(effect.spec)
    else if (effect?.type === 'back') p.onBack()
  })
  return stateRef.current
}
