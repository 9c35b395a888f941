/** @jsxRuntime automatic @jsxImportSource react */
/** The key map (`?`). */
import { Box, Text } from 'ink'

export const KEYMAP: [string, string, string][] = [
  ['everywhere', '?', 'this key map (Esc, ? or Enter closes it)'],
  ['', 'q', 'quit (cancels a run); Ctrl-C quits too'],
  ['', 'Esc', 'back one screen'],
  ['', '↑/↓ Tab', 'move; Enter selects'],
  ['home', 'v', 'view a recent run’s results without rerunning'],
  ['compose', 'a', 'add a stage that accepts the last output'],
  ['', 'Enter →', 'edit the selected stage’s options'],
  ['', 'x', 'remove the selected stage'],
  ['', 'r', 'run (blocked while an option is invalid)'],
  ['', 's', 'save the pipeline as a spec file'],
  ['', 'S  n', 'set the seed · name the pipeline'],
  ['options', 'Enter', 'edit a field; Enter accepts, Esc cancels'],
  ['', '←/→', 'cycle the choices of enums and booleans'],
  ['', 'd', 'reset the field to its default'],
  ['', 'lists', '1,2,4,8 or a range 1..1e4 x40 log [int]'],
  ['run', 'c Esc', 'cancel the run; Esc after an error: back'],
  ['', 'l', 'expand / collapse logs and warnings'],
  ['results', 'Tab', 'fits · charts · warnings'],
  ['', '←/→ ↑/↓', 'previous/next chart · scroll the fit table'],
  ['', 'e', 'export run dir: JSON, CSV, SVG plots'],
]

/** The key map page; the app routes its keys (Esc, ? or Enter close it) and keeps the screen below mounted. */
export function HelpScreen({ width }: { width: number }) {
  const w0 = Math.max(...KEYMAP.map((k) => k[0].length)),
    w1 = Math.max(...KEYMAP.map((k) => k[1].length))
  return (
    <Box flexDirection="column">
      <Text bold>Key map</Text>
      <Text> </Text>
      {KEYMAP.map(([ctx, key, what], i) => (
        <Text key={i} wrap="truncate-end">
          <Text dimColor>{ctx.padEnd(w0)}</Text> <Text bold>{key.padEnd(w1)}</Text>{' '}
          {what.slice(0, Math.max(10, width - w0 - w1 - 4))}
        </Text>
      ))}
      <Text> </Text>
      <Text dimColor>Esc, ? or Enter closes this page.</Text>
    </Box>
  )
}
