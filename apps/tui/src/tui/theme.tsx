/** @jsxRuntime automatic @jsxImportSource react */
/** Colour on/off for the whole UI (NO_COLOR, non-terminals): components ask `useTheme().c('green')`. */
import { createContext, useContext } from 'react'

export interface Theme {
  color: boolean
  /** The colour name when colour is on, else undefined (Ink then draws plain text). */
  c(name: 'green' | 'red' | 'yellow' | 'cyan' | 'gray' | 'magenta' | 'blue'): string | undefined
}

export const makeTheme = (color: boolean): Theme => ({ color, c: (name) => (color ? name : undefined) })
export const ThemeContext = createContext<Theme>(makeTheme(false))
export const useTheme = () => useContext(ThemeContext)

/** Ink's `color` prop without `undefined` (exactOptionalPropertyTypes): spread `{...fg(t, 'red')}`. */
export function fg(t: Theme, name: Parameters<Theme['c']>[0]): { color?: string } {
  const v = t.c(name)
  return v ? { color: v } : {}
}
