/** @jsxRuntime automatic @jsxImportSource react */
/**
 * Compose: the stage list on the left, the selected stage's option form (or the plugin picker) on the
 * right, the first problem and the key hints at the bottom. Only plugins whose `accepts` includes the
 * previous stage's output are offered (registry.list({ accepts })).
 */
import fs from 'node:fs'
import path from 'node:path'
import { Box, Text } from 'ink'
import { useKeys } from '../hooks/useKeys.js'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useSyncState } from '../hooks/useSyncState.js'
import type { PipelineSpec, Registry } from '@passk/core'
import { OptionForm } from '../components/OptionForm.js'
import { StageList } from '../components/StageList.js'
import {
  addStage,
  candidates,
  checkDraft,
  draftStageId,
  lastExtensible,
  nextAccepts,
  type Draft,
} from '../internal/draft.js'
import { formatValue, pluginFields } from '../internal/form.js'
import { truncate } from '../internal/format.js'
import { fg, useTheme } from '../theme.js'

export interface ComposeProps {
  registry: Registry
  draft: Draft
  setDraft(d: Draft): void
  /** Where relative paths (file options, save) resolve. */
  cwd: string
  width: number
  height: number
  onRun(spec: PipelineSpec): void
  onBack(): void
  /** Tell the app a text field has the keyboard (so ? and q are typed, not commands). */
  setTyping(v: boolean): void
}

type Focus = 'stages' | 'form' | 'pick' | 'save' | 'seed' | 'name'

/** A file relative to the cwd when inside it, else its parent directory and name (examples/x.json). */
export function shortPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file)
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel)
    ? rel
    : path.join(path.basename(path.dirname(file)), path.basename(file))
}

export function ComposeScreen(p: ComposeProps) {
  const t = useTheme()
  const { draft, registry } = p
  const [focus, setFocus, focusRef] = useSyncState<Focus>(draft.stages.length ? 'stages' : 'pick')
  const [stageIdx, setStageIdx, stageIdxRef] = useSyncState(Math.max(0, draft.stages.length - 1))
  const [fieldIdx, setFieldIdx, fieldIdxRef] = useSyncState(0)
  const [editing, setEditing, editingRef] = useSyncState<string | undefined>(undefined)
  const [pickIdx, setPickIdx, pickIdxRef] = useSyncState(0)
  /** Which earlier stage the stage being added reads (default: the last one). */
  const [pickFrom, setPickFrom, pickFromRef] = useSyncState(draft.stages.length - 1)
  const [savePath, setSavePath, savePathRef] = useSyncState('')
  const [message, setMessage] = useState<{ text: string; error: boolean } | undefined>()
  // the draft lives in the app; keep the newest one we set for key handlers (see useSyncState)
  const draftRef = useRef(draft)
  const seenProp = useRef(draft)
  if (seenProp.current !== draft) {
    seenProp.current = draft
    draftRef.current = draft
  }
  const setDraft = (d: Draft) => {
    draftRef.current = d
    p.setDraft(d)
  }

  // relative paths in options resolve against the spec file's directory, as in the runner
  const baseDir = draft.file ? path.dirname(draft.file) : p.cwd
  const check = useMemo(() => checkDraft(draft, registry, baseDir), [draft, registry, baseDir])
  const cands = useMemo(() => candidates(draft, registry, pickFrom), [draft, registry, pickFrom])
  const stage = draft.stages[stageIdx]
  const sc = check.stages[stageIdx]
  const fields = sc?.fields ?? []
  const field = fields[fieldIdx]
  const typing = focus === 'save' || focus === 'seed' || focus === 'name' || editing !== undefined
  useEffect(() => {
    p.setTyping(typing)
  }, [typing]) // eslint-disable-line react-hooks/exhaustive-deps

  useKeys((input, key) => {
    // read the latest state (refs), not this render's closure
    const D = draftRef.current,
      F = focusRef.current,
      si = stageIdxRef.current,
      fi = fieldIdxRef.current
    const st = D.stages[si]
    const stFields = st
      ? (() => {
          try {
            return pluginFields(registry.resolve(st.use).plugin)
          } catch {
            return []
          }
        })()
      : []
    const fld = stFields[fi]
    const setText = (name: string, value: string) => {
      if (!st) return
      setDraft({
        ...D,
        stages: D.stages.map((s, i) =>
          i === si ? { ...s, form: { ...s.form, text: { ...s.form.text, [name]: value } } } : s,
        ),
      })
    }
    const cycle = (dir: 1 | -1) => {
      if (!fld || !st) return
      const choices = fld.kind === 'boolean' ? ['false', 'true'] : (fld.choices ?? []).map(String)
      if (!choices.length) return
      const cur = st.form.text[fld.name] || (fld.default !== undefined ? formatValue(fld, fld.default) : choices[0])
      setText(fld.name, choices[(choices.indexOf(cur) + dir + choices.length) % choices.length])
    }
    const typingChar =
      input &&
      !key.ctrl &&
      !key.meta &&
      !key.upArrow &&
      !key.downArrow &&
      !key.leftArrow &&
      !key.rightArrow &&
      !key.tab &&
      !key.return &&
      !key.escape

    if (F === 'save' || F === 'seed' || F === 'name') {
      if (key.return) {
        const text = savePathRef.current.trim()
        if (F === 'save') doSave(text, D)
        else if (F === 'name') {
          const { name: _n, ...rest } = D
          setDraft(text ? { ...rest, name: text } : rest)
          setFocus('stages')
        } else {
          const seed = Number(text)
          if (!Number.isSafeInteger(seed)) {
            setMessage({ text: `Seed "${text}" is not an integer; kept ${D.seed}.`, error: true })
          } else {
            setDraft({ ...D, seed })
            setMessage({ text: `Seed set to ${seed}: every stage's RNG is split from it.`, error: false })
          }
          setFocus('stages')
        }
      } else if (key.escape) setFocus('stages')
      else if (key.backspace || key.delete) setSavePath((x) => x.slice(0, -1))
      else if (key.ctrl && input === 'u') setSavePath('')
      else if (typingChar) setSavePath((x) => x + input)
      return
    }
    if (F === 'pick') {
      const cs = candidates(D, registry, pickFromRef.current)
      if ((key.leftArrow || key.rightArrow) && D.stages.length > 1) {
        // read another earlier stage's output (branching, e.g. a second fitter on the same curve)
        const n = D.stages.length
        let f = pickFromRef.current
        for (let step = 0; step < n; step++) {
          f = (f + (key.rightArrow ? 1 : n - 1)) % n
          if (candidates(D, registry, f).length) break
        }
        setPickFrom(f)
        setPickIdx(0)
      } else if (key.upArrow) setPickIdx((i) => (i + cs.length - 1) % Math.max(1, cs.length))
      else if (key.downArrow || key.tab) setPickIdx((i) => (i + 1) % Math.max(1, cs.length))
      else if (key.escape) {
        if (D.stages.length) setFocus('stages')
        else p.onBack()
      } else if (key.return) {
        const c = cs[pickIdxRef.current]
        if (!c) return
        setDraft(addStage(D, c, pickFromRef.current))
        setStageIdx(D.stages.length)
        setFieldIdx(0)
        setFocus('form')
        setMessage(undefined)
      }
      return
    }
    if (F === 'form' && editingRef.current !== undefined) {
      if (key.return) {
        if (fld) setText(fld.name, editingRef.current)
        setEditing(undefined)
      } else if (key.escape) setEditing(undefined)
      else if (key.backspace || key.delete) setEditing((x) => (x ?? '').slice(0, -1))
      else if (key.ctrl && input === 'u') setEditing('')
      else if (typingChar) setEditing((x) => (x ?? '') + input)
      return
    }
    // commands shared by the stage list and the form
    if (input === 'r') {
      const c = checkDraft(D, registry, D.file ? path.dirname(D.file) : p.cwd)
      if (c.problems.length) setMessage({ text: `Cannot run: ${c.problems[0]}`, error: true })
      else p.onRun(c.spec)
      return
    }
    if (input === 's') {
      const def =
        D.file && !D.file.includes(`${path.sep}runs${path.sep}`)
          ? path.basename(D.file)
          : `${(D.name ?? 'pipeline').replace(/[^A-Za-z0-9_-]+/g, '-')}.json`
      setSavePath(def)
      setFocus('save')
      setMessage(undefined)
      return
    }
    if (input === 'S' || input === 'n') {
      setSavePath(input === 'S' ? String(D.seed) : (D.name ?? ''))
      setFocus(input === 'S' ? 'seed' : 'name')
      setMessage(undefined)
      return
    }
    if (input === 'a') {
      const from = D.stages.length ? lastExtensible(D, registry) : -1
      if (D.stages.length && from < 0) {
        setMessage({
          text: 'No registered plugin accepts the output of any stage (or a stage names an unknown plugin).',
          error: true,
        })
        return
      }
      setPickFrom(from)
      setPickIdx(0)
      setFocus('pick')
      setMessage(
        from >= 0 && from !== D.stages.length - 1
          ? {
              text: `Nothing accepts ${nextAccepts(D, registry)}; this stage will read stage ${from + 1} (${D.stages[from].use}).`,
              error: false,
            }
          : undefined,
      )
      return
    }
    if (F === 'stages') {
      if (key.upArrow) {
        setStageIdx((i) => Math.max(0, i - 1))
        setFieldIdx(0)
      } else if (key.downArrow) {
        setStageIdx((i) => Math.min(D.stages.length - 1, i + 1))
        setFieldIdx(0)
      } else if ((key.return || key.rightArrow || key.tab) && st) {
        setFocus('form')
        setFieldIdx(0)
      } else if (input === 'x' || key.delete) {
        if (!st) return
        setDraft({ ...D, stages: D.stages.filter((_, i) => i !== si) })
        setStageIdx(Math.max(0, Math.min(si, D.stages.length - 2)))
        setMessage({ text: `Removed stage ${si + 1} (${st.use}).`, error: false })
      } else if (key.escape) p.onBack()
      return
    }
    if (F === 'form') {
      if (key.upArrow || (key.tab && key.shift)) setFieldIdx((i) => Math.max(0, i - 1))
      else if (key.downArrow || key.tab) setFieldIdx((i) => Math.min(stFields.length - 1, i + 1))
      else if (key.leftArrow || key.rightArrow) {
        if (fld && (fld.kind === 'enum' || fld.kind === 'boolean')) cycle(key.rightArrow ? 1 : -1)
        else if (key.leftArrow) setFocus('stages')
      } else if (key.return && fld) {
        if (fld.kind === 'enum' || fld.kind === 'boolean') cycle(1)
        else setEditing(st?.form.text[fld.name] ?? '')
      } else if (input === 'd' && fld) setText(fld.name, '')
      else if (key.escape) setFocus('stages')
    }
  })

  function doSave(target: string, D: Draft) {
    const file = path.resolve(p.cwd, target.trim())
    const spec = checkDraft(D, registry, D.file ? path.dirname(D.file) : p.cwd)
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true })
      fs.writeFileSync(file, JSON.stringify(spec.spec, null, 2) + '\n')
      setDraft({ ...D, file })
      setMessage({
        text: `Saved ${path.relative(p.cwd, file) || file}${spec.problems.length ? ' (it still has problems: it will not run as is)' : ''}`,
        error: false,
      })
    } catch (e) {
      setMessage({ text: `Could not save ${file}: ${(e as Error).message}`, error: true })
    }
    setFocus('stages')
  }

  const leftW = Math.min(34, Math.max(24, Math.floor(p.width * 0.3)))
  const rightW = p.width - leftW - 3
  const bodyH = Math.max(8, p.height - 3)
  const rows = draft.stages.map((s, i) => {
    const c = check.stages[i]
    const bad =
      c?.error ?? (c?.form && !c.form.ok ? `${Object.keys(c.form.errors).length} invalid option(s)` : undefined)
    return {
      id: draftStageId(draft, i),
      use: s.use,
      ...(c?.plugin ? { produces: c.plugin.plugin.produces } : {}),
      problem: bad,
    }
  })
  const need = nextAccepts(draft, registry, pickFrom)
  const desc = focus === 'pick' ? cands[pickIdx] : sc?.plugin
  const footer =
    message ?? (check.problems.length && draft.stages.length ? { text: check.problems[0], error: true } : undefined)
  const hints =
    focus === 'save'
      ? 'type a file name · Enter save · Esc cancel'
      : focus === 'seed' || focus === 'name'
        ? `type the ${focus} · Enter accept · Esc cancel`
        : focus === 'pick'
          ? `↑/↓ choose · Enter add · ${draft.stages.length > 1 ? '←/→ input stage · ' : ''}Esc back`
          : focus === 'form'
            ? editing !== undefined
              ? 'type · Enter accept · Esc cancel · Ctrl-U clear'
              : '↑/↓ field · Enter edit · ←/→ cycle · d default · Esc back · r run · s save'
            : 'a add · Enter options · x remove · r run · s save · S seed · n name · ? help'
  return (
    <Box flexDirection="column">
      <Text bold>
        passk · compose{' '}
        <Text dimColor>
          {truncate(
            `${draft.name ?? (draft.file ? path.basename(draft.file, '.json') : 'untitled')}${draft.file ? ` (${shortPath(p.cwd, draft.file)})` : ''} · seed ${draft.seed}`,
            p.width - 18,
          )}
        </Text>
      </Text>
      <Box height={bodyH}>
        <Box flexDirection="column" width={leftW} borderStyle="single" borderDimColor={focus !== 'stages'} paddingX={0}>
          <Text bold>Stages</Text>
          <StageList
            stages={rows}
            selected={stageIdx}
            focused={focus === 'stages'}
            width={leftW - 2}
            height={bodyH - 3}
          />
        </Box>
        <Box
          flexDirection="column"
          width={rightW + 1}
          borderStyle="single"
          borderDimColor={focus === 'stages'}
          paddingX={1}
        >
          {focus === 'pick' ? (
            <Box flexDirection="column">
              <Text bold wrap="truncate-end">
                {need === null ? 'Add a data source' : `Add a stage that accepts ${need}`}
              </Text>
              {draft.stages.length > 1 ? (
                <Text dimColor wrap="truncate-end">
                  input: stage {pickFrom + 1} ({draft.stages[pickFrom]?.use}) · ←/→ another stage
                </Text>
              ) : null}
              {cands
                .slice(Math.max(0, pickIdx - (bodyH - 7)), Math.max(0, pickIdx - (bodyH - 7)) + Math.max(1, bodyH - 6))
                .map((c) => {
                  const i = cands.indexOf(c)
                  return (
                    <Text key={c.id} inverse={i === pickIdx} wrap="truncate-end">
                      {i === pickIdx ? '›' : ' '}{' '}
                      {truncate(`${c.id}  ${c.plugin.role} → ${c.plugin.produces}`, rightW - 5)}
                    </Text>
                  )
                })}
            </Box>
          ) : stage && sc ? (
            <Box flexDirection="column">
              <Text bold wrap="truncate-end">
                {truncate(`${stageIdx + 1}. ${sc.plugin?.id ?? stage.use}`, rightW - 2)}{' '}
                <Text dimColor>
                  {sc.plugin ? `${sc.plugin.plugin.accepts?.join('|') ?? 'source'} → ${sc.plugin.plugin.produces}` : ''}
                </Text>
              </Text>
              {sc.error ? <Text {...fg(t, 'red')}>{truncate(sc.error, (rightW - 2) * 2)}</Text> : null}
              <OptionForm
                fields={fields}
                text={stage.form.text}
                errors={sc.form?.errors ?? {}}
                selected={fieldIdx}
                editing={editing}
                focused={focus === 'form'}
                width={rightW - 2}
                height={Math.max(2, bodyH - 8 - (sc.error ? 1 : 0))}
              />
              {sc.form?.errors[''] ? <Text {...fg(t, 'red')}>✗ {sc.form.errors['']}</Text> : null}
            </Box>
          ) : (
            <Text dimColor>Press a to add a stage.</Text>
          )}
          <Box flexGrow={1} />
          {desc ? (
            <Box flexDirection="column">
              <Text dimColor wrap="truncate-end">
                {focus === 'form' && field
                  ? `${field.name}: ${field.description ?? ''}${field.bounds ? ` (${field.bounds})` : ''}${field.default !== undefined ? ` · default ${formatValue(field, field.default)}` : ''}`
                  : desc.plugin.summary}
              </Text>
              <Text dimColor wrap="truncate-end">
                {focus === 'form'
                  ? desc.plugin.summary
                  : `${desc.plugin.description ?? ''}${desc.plugin.refs?.length ? ` refs: ${desc.plugin.refs.join('; ')}` : ''}`}
              </Text>
            </Box>
          ) : null}
        </Box>
      </Box>
      {focus === 'save' || focus === 'seed' || focus === 'name' ? (
        <Text>
          {focus === 'save' ? 'Save spec as' : focus === 'seed' ? 'Seed' : 'Pipeline name'}:{' '}
          <Text {...fg(t, 'cyan')}>{savePath}▏</Text>
        </Text>
      ) : (
        <Text {...(footer ? fg(t, footer.error ? 'red' : 'green') : {})} wrap="truncate-end">
          {footer
            ? footer.text
            : check.problems.length
              ? ''
              : `✓ ready to run (${draft.stages.length} stage${draft.stages.length === 1 ? '' : 's'})`}
        </Text>
      )}
      <Text dimColor wrap="truncate-end">
        {hints}
      </Text>
    </Box>
  )
}
