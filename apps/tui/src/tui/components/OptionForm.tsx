/** @jsxRuntime automatic @jsxImportSource react */
/** A plugin's options as a form (pure): one row per field with its value or default, and inline errors. */
import { Box, Text } from 'ink'
import type { Field } from '../internal/form.js'
import { formatValue } from '../internal/form.js'
import { truncate } from '../internal/format.js'
import { fg, useTheme } from '../theme.js'

export interface OptionFormProps {
  fields: Field[]
  text: Record<string, string>
  errors: Record<string, string>
  /** Index of the highlighted field (or -1). */
  selected: number
  /** Text being typed into the selected field, when editing. */
  editing?: string | undefined
  focused: boolean
  width: number
  /** Rows available for fields (the list scrolls to keep the selection visible). */
  height: number
}

const KIND_HINT: Record<Field['kind'], string> = {
  number: 'number',
  integer: 'integer',
  enum: '←/→',
  boolean: '←/→',
  string: 'text',
  path: 'file',
  list: 'list',
  grid: 'grid',
  json: 'JSON',
}

export function OptionForm({ fields, text, errors, selected, editing, focused, width, height }: OptionFormProps) {
  const t = useTheme()
  if (!fields.length) return <Text dimColor>This plugin takes no options.</Text>
  const nameW = Math.min(18, Math.max(...fields.map((f) => f.name.length)) + 1)
  const valueW = Math.max(8, width - nameW - 4)
  // a window of fields that fits `height` lines (a field with an error takes two), keeping the selection visible
  const rows = Math.max(1, height)
  const cost = (i: number) => (errors[fields[i].name] ? 2 : 1)
  let start = Math.max(0, Math.min(selected, fields.length - 1))
  let used = cost(start)
  while (start > 0 && used + cost(start - 1) <= Math.ceil(rows / 2)) {
    start--
    used += cost(start)
  }
  let end = start + 1
  while (end < fields.length && used + cost(end) <= rows) {
    used += cost(end)
    end++
  }
  while (start > 0 && used + cost(start - 1) <= rows) {
    start--
    used += cost(start)
  }
  const visible = fields.slice(start, end)
  return (
    <Box flexDirection="column">
      {start > 0 ? <Text dimColor> ↑ {start} more</Text> : null}
      {visible.map((f, j) => {
        const i = start + j
        const sel = i === selected && focused
        const raw = text[f.name] ?? ''
        const isEditing = sel && editing !== undefined
        const shown = isEditing
          ? `${editing}▏`
          : raw !== ''
            ? raw
            : f.default !== undefined
              ? formatValue(f, f.default)
              : f.required
                ? '(required)'
                : '(unset)'
        const isDefault = !isEditing && raw === ''
        const err = errors[f.name]
        return (
          <Box key={f.name} flexDirection="column">
            <Box>
              <Text inverse={sel}>
                {sel ? '›' : ' '} {truncate(f.name, nameW - 1).padEnd(nameW)}
              </Text>
              <Text
                {...(err ? fg(t, 'red') : isEditing ? fg(t, 'cyan') : {})}
                dimColor={isDefault && !err}
                bold={isEditing}
              >
                {' '}
                {truncate(shown, valueW - KIND_HINT[f.kind].length - 2)}
              </Text>
              <Text dimColor> {KIND_HINT[f.kind]}</Text>
            </Box>
            {err ? (
              <Text {...fg(t, 'red')}>
                {'   '}✗ {truncate(err, width - 5)}
              </Text>
            ) : null}
          </Box>
        )
      })}
      {end < fields.length ? <Text dimColor> ↓ {fields.length - end} more</Text> : null}
    </Box>
  )
}
