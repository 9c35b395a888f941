/** @jsxRuntime automatic @jsxImportSource react */
/** The key map (`?`). */
import { Box, Text } from 'ink'
import { useKeys } from '../hooks/useKeys.js'

export const KEYMAP: [string, string, string][] = [
  ['everywhere', '?', 'this key map (Esc or ? closes it)'],
  ['', 'q', 'quit (cancels a running pipeline); Ctrl-C also quits cleanly'],
  ['', 'Esc', 'back one screen'],
  ['', '↑/↓ Tab', 'move; Enter selects'],
  ['compose', 'a', 'add a stage (only plugins that accept the last stage’s output are offered)'],
  ['', 'Enter / →', 'edit the selected stage’s options'],
  ['', 'x', 'remove the selected stage'],
  ['', 'r', 'run the pipeline (blocked while an option is invalid)'],
  ['', 's', 'save the pipeline as a spec file'],
  ['option form', 'Enter', 'edit the field (Enter again to accept, Esc to cancel)'],
  ['', '←/→', 'cycle choices of enums and booleans'],
  ['', 'd', 'reset the field to its default'],
  ['', 'lists', '1,2,4,8  or a range  1..1e4 x40 log  (add "int" to round)'],
  ['run', 'c / Esc', 'cancel the run (AbortSignal); Esc after an error goes back to compose'],
  ['', 'l', 'expand / collapse logs and warnings'],
  ['results', 'Tab', 'switch between fits, charts and warnings'],
  ['', '←/→', 'previous / next chart'],
  ['', 'e', 'export the run directory: spec.json, results.json, CSVs, SVG plots'],
]

export function HelpScreen({ onClose, width }: { onClose(): void; width: number }) {
  useKeys((input, key) => { if (key.escape || input === '?' || key.return) onClose() })
  const w0 = Math.max(...KEYMAP.map((k) => k[0].length)), w1 = Math.max(...KEYMAP.map((k) => k[1].length))
  return (
    <Box flexDirection="column">
      <Text bold>Key map</Text>
      <Text> </Text>
      {KEYMAP.map(([ctx, key, what], i) => (
        <Text key={i} wrap="truncate-end">
          <Text dimColor>{ctx.padEnd(w0)}</Text>  <Text bold>{key.padEnd(w1)}</Text>  {what.slice(0, Math.max(10, width - w0 - w1 - 4))}
        </Text>
      ))}
      <Text> </Text>
      <Text dimColor>Esc, ? or Enter closes this page.</Text>
    </Box>
  )
}
