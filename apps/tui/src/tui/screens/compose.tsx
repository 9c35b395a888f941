/** @jsxRuntime automatic @jsxImportSource react */
/**
 * Compose: the stage list on the left, the selected stage's option form (or the plugin picker) on the
 * right, the first problem and the key hints at the bottom. Only plugins whose `accepts` includes the
 * previous stage's output are offered (registry.list({ accepts })). Presentation only: the state and its key
 * transitions are internal/compose-state.ts, held by hooks/useCompose.ts (which also saves specs atomically).
 */
import path from 'node:path'
import { Box, Text } from 'ink'
import { useMemo } from 'react'
import type { PipelineSpec, Registry } from '@passk/core'
import { useCompose } from '../hooks/useCompose.js'
import { draftBaseDir } from '../internal/compose-state.js'
import { OptionForm } from '../components/OptionForm.js'
import { StageList } from '../components/StageList.js'
import { candidates, checkDraft, draftStageId, nextAccepts, type Draft } from '../internal/draft.js'
import { formatValue } from '../internal/form.js'
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
  const cs = useCompose(p)
  const { focus, stageIdx, fieldIdx, editing, pickIdx, pickFrom } = cs
  const savePath = cs.prompt
  const message = cs.message
  const baseDir = draftBaseDir(draft, p.cwd)
  const check = useMemo(() => checkDraft(draft, registry, baseDir), [draft, registry, baseDir])
  const cands = useMemo(() => candidates(draft, registry, pickFrom), [draft, registry, pickFrom])
  const stage = draft.stages[stageIdx]
  const sc = check.stages[stageIdx]
  const fields = sc?.fields ?? []
  const field = fields[fieldIdx]

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
          {cs.confirmOverwrite ? <Text {...fg(t, 'red')}> exists: Enter overwrites it, Esc keeps it</Text> : null}
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
