/** Terminal size that follows resizes (Ink's stdout; 80×24 when unknown, e.g. in tests). */
import { useStdout } from 'ink'
import { useEffect, useState } from 'react'

export function useTermSize(): { columns: number; rows: number } {
  const { stdout } = useStdout()
  const read = () => ({ columns: Math.max(40, stdout?.columns || 80), rows: Math.max(12, stdout?.rows || 24) })
  const [size, setSize] = useState(read)
  useEffect(() => {
    if (!stdout || typeof stdout.on !== 'function') return
    const onResize = () => setSize(read())
    stdout.on('resize', onResize)
    return () => {
      stdout.off('resize', onResize)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stdout])
  return size
}
