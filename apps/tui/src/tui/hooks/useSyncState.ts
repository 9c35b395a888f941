/**
 * useState whose latest value is readable at once through a ref. Key handlers read the ref, so keys
 * typed faster than React re-renders (paste, key repeat, tmux send-keys) see the state the previous
 * key produced instead of a stale closure.
 */
import { useCallback, useRef, useState, type MutableRefObject } from 'react'

export function useSyncState<T>(init: T | (() => T)): [T, (v: T | ((prev: T) => T)) => void, MutableRefObject<T>] {
  const [value, setValue] = useState<T>(init)
  const ref = useRef<T>(value)
  const set = useCallback((v: T | ((prev: T) => T)) => {
    const next = typeof v === 'function' ? (v as (prev: T) => T)(ref.current) : v
    ref.current = next
    setValue(next)
  }, [])
  return [value, set, ref]
}
