/**
 * Key routing: the app owns the single `useInput` subscription and forwards each key to the handler
 * of the screen on display. Screens register with `useKeys` in a layout effect (synchronous at commit),
 * so a key that arrives right after a screen change reaches the new screen; Ink's own `useInput`
 * subscribes in a passive effect, which can run after the next key on a busy machine.
 */
import { createContext, useContext, useLayoutEffect, type MutableRefObject } from 'react'
import type { Key } from 'ink'

export type KeyHandler = (input: string, key: Key) => void

export const KeysContext = createContext<MutableRefObject<KeyHandler | null>>({ current: null })

export function useKeys(handler: KeyHandler): void {
  const slot = useContext(KeysContext)
  useLayoutEffect(() => {
    slot.current = handler
    return () => {
      if (slot.current === handler) slot.current = null
    }
  })
}
