/**
 * Headless progress: a single redrawn line on a TTY, throttled plain lines otherwise (CI logs,
 * pipes). Fed by the core runner's events.
 */
import type { RunEvent } from '@passk/core'
import { colors, type CliIO } from './io.js'

function fmtTime(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`
  return `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`
}

/** Warnings of one code printed as they happen before the rest are only counted (unless verbose). */
export const WARNINGS_SHOWN_PER_CODE = 2

export function createProgressPrinter(
  io: CliIO,
  opts: { quiet?: boolean; verbose?: boolean } = {},
): (e: RunEvent) => void {
  const c = colors(io)
  const tty = io.stderrTTY
  let stages: { id: string; use: string }[] = []
  let current = -1
  let stageStart = 0
  let lastDraw = 0
  let lastPlain = 0
  let line = ''
  const seen = new Map<string, number>()
  const clear = () => {
    if (tty && line) {
      io.stderr.write('\r\u001b[2K')
      line = ''
    }
  }
  const draw = (s: string) => {
    if (!tty) return
    line = s.slice(0, Math.max(20, (io.stderr.columns ?? 80) - 1))
    io.stderr.write(`\r\u001b[2K${line}`)
  }
  const out = (s: string) => {
    clear()
    io.stderr.write(s + '\n')
  }
  return (e) => {
    if (opts.quiet) return
    const now = performance.now()
    switch (e.type) {
      case 'run-start':
        stages = e.stages
        break
      case 'stage-start':
        current = e.index
        stageStart = now
        if (tty) draw(`${c.cyan('▶')} [${e.index + 1}/${stages.length}] ${e.stage} ${c.dim(e.use)}`)
        else out(`[${e.index + 1}/${stages.length}] ${e.stage} (${e.use}) …`)
        break
      case 'progress': {
        const frac = e.total ? Math.min(1, e.done / e.total) : undefined
        const elapsed = now - stageStart
        const eta = frac && frac > 0.02 ? ` eta ${fmtTime((elapsed * (1 - frac)) / frac)}` : ''
        const count = e.total ? `${e.done}/${e.total}` : `${e.done}`
        if (tty) {
          if (now - lastDraw < 60 && frac !== 1) return
          lastDraw = now
          const w = 20,
            filled = frac === undefined ? 0 : Math.round(frac * w)
          const bar = frac === undefined ? '' : `${'█'.repeat(filled)}${'░'.repeat(w - filled)} `
          draw(
            `${c.cyan('▶')} [${e.index + 1}/${stages.length}] ${e.stage} ${bar}${count} ${c.dim(e.label ?? '')} ${c.dim(fmtTime(elapsed) + eta)}`,
          )
        } else if (now - lastPlain > 2000) {
          lastPlain = now
          out(
            `    ${e.stage}: ${count}${frac !== undefined ? ` (${Math.round(frac * 100)}%)` : ''} ${e.label ?? ''}${eta}`,
          )
        }
        break
      }
      case 'log':
        if (e.level !== 'debug') out(`    ${e.stage}: ${e.message}`)
        break
      case 'warning': {
        // the first few of each code as they happen; the rest are counted in the summary at the end
        const key = `${e.stage} ${e.code}`
        const n = (seen.get(key) ?? 0) + 1
        seen.set(key, n)
        if (opts.verbose || n <= WARNINGS_SHOWN_PER_CODE)
          out(`${c.yellow('warning')} ${e.stage} ${e.code}: ${e.message}`)
        else if (n === WARNINGS_SHOWN_PER_CODE + 1)
          out(
            `${c.yellow('warning')} ${e.stage} ${e.code}: more of these follow; counted in the summary (--verbose prints each)`,
          )
        break
      }
      case 'stage-end':
        out(`${c.green('✔')} [${e.index + 1}/${stages.length}] ${e.stage} → ${e.produces} ${c.dim(fmtTime(e.ms))}`)
        break
      case 'run-end':
        clear()
        break
    }
    void current
  }
}
