/**
 * useRun: runs a spec through the same @passk/core runner the headless commands use and turns its
 * RunEvents into React state (per-stage status and progress, logs, warnings, the outcome or error).
 * `cancel()` aborts the run's AbortSignal; unmounting aborts too (Ctrl-C, leaving the screen). The
 * runner is inline (same thread) or a worker thread (internal/runner.ts).
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { parseSpec, type PipelineSpec, type RunEvent, type RunOutcome } from '@passk/core'
import type { PipelineRunner, RunHandle } from '../internal/runner.js'

export type StageStatus = 'pending' | 'running' | 'done' | 'failed' | 'cancelled'

export interface StageState {
  id: string
  use: string
  status: StageStatus
  done?: number
  total?: number
  label?: string
  /** performance.now() when the stage started. */
  startedAt?: number
  /** performance.now() of the first progress event with done > 0 (for the ETA). */
  firstProgressAt?: number
  ms?: number
}

export interface LogLine {
  stage: string
  level: 'debug' | 'info' | 'warn' | 'warning'
  message: string
  code?: string
}

export interface RunState {
  phase: 'running' | 'done' | 'failed' | 'cancelled'
  stages: StageState[]
  logs: LogLine[]
  warnings: LogLine[]
  startedAt: number
  ms?: number
  outcome?: RunOutcome
  error?: unknown
}

/** Pure reducer from runner events to state (exported for tests). */
export function applyEvent(s: RunState, e: RunEvent, now: number): RunState {
  switch (e.type) {
    case 'run-start':
      return { ...s, stages: e.stages.map((st) => ({ id: st.id, use: st.use, status: 'pending' })) }
    case 'stage-start':
      return {
        ...s,
        stages: s.stages.map((st, i) =>
          i === e.index ? { ...st, use: e.use, status: 'running', startedAt: now } : st,
        ),
      }
    case 'progress':
      return {
        ...s,
        stages: s.stages.map((st, i) =>
          i === e.index
            ? {
                ...st,
                done: e.done,
                ...(e.total !== undefined ? { total: e.total } : {}),
                ...(e.label !== undefined ? { label: e.label } : {}),
                ...(st.firstProgressAt === undefined && e.done > 0 ? { firstProgressAt: now } : {}),
              }
            : st,
        ),
      }
    case 'log':
      return { ...s, logs: [...s.logs, { stage: e.stage, level: e.level, message: e.message }].slice(-500) }
    case 'warning': {
      const w: LogLine = { stage: e.stage, level: 'warning', code: e.code, message: e.message }
      return { ...s, warnings: [...s.warnings, w], logs: [...s.logs, w].slice(-500) }
    }
    case 'stage-end':
      return { ...s, stages: s.stages.map((st, i) => (i === e.index ? { ...st, status: 'done', ms: e.ms } : st)) }
    case 'run-end':
      return { ...s, ms: e.ms }
  }
}

/** ETA in ms for a running stage from its progress rate, or undefined when unknown. */
export function stageEta(st: StageState, now: number): number | undefined {
  if (
    st.status !== 'running' ||
    st.total === undefined ||
    st.done === undefined ||
    st.startedAt === undefined ||
    st.done <= 0 ||
    st.total <= 0
  )
    return undefined
  const elapsed = now - st.startedAt
  const rate = st.done / elapsed
  return rate > 0 ? Math.max(0, (st.total - st.done) / rate) : undefined
}

export interface UseRunOptions {
  runner: PipelineRunner
  baseDir?: string
}

/** Start running `spec` on mount; returns live state and a cancel function. */
export function useRun(spec: PipelineSpec, opts: UseRunOptions): { state: RunState; cancel: () => void } {
  const [state, setState] = useState<RunState>(() => {
    let stages: StageState[] = []
    try {
      stages = parseSpec(spec).stages.map((s) => ({ id: s.id, use: s.use, status: 'pending' as const }))
    } catch {
      /* reported when the run starts */
    }
    return { phase: 'running', stages, logs: [], warnings: [], startedAt: performance.now() }
  })
  const handle = useRef<RunHandle | null>(null)
  const cancelled = useRef(false)
  useEffect(() => {
    let live = true
    // Batch bursts of progress events into one render per tick (a plugin may report thousands).
    let pending: RunEvent[] = []
    let timer: ReturnType<typeof setTimeout> | undefined
    const flush = () => {
      timer = undefined
      if (!live || !pending.length) return
      const evs = pending
      pending = []
      const now = performance.now()
      setState((s) => evs.reduce((acc, e) => applyEvent(acc, e, now), s))
    }
    const onEvent = (e: RunEvent) => {
      pending.push(e)
      if (!timer) timer = setTimeout(flush, 16)
    }
    const run = async () => {
      try {
        const resolved = parseSpec(spec)
        handle.current = opts.runner.run(resolved, { onEvent, ...(opts.baseDir ? { baseDir: opts.baseDir } : {}) })
        if (cancelled.current) handle.current.cancel()
        const outcome = await handle.current.done
        if (timer) clearTimeout(timer)
        flush()
        if (live) setState((s) => ({ ...s, phase: 'done', outcome, ms: s.ms ?? performance.now() - s.startedAt }))
      } catch (error) {
        if (timer) clearTimeout(timer)
        flush()
        if (!live) return
        const wasCancelled = cancelled.current
        setState((s) => ({
          ...s,
          phase: wasCancelled ? 'cancelled' : 'failed',
          error,
          ms: performance.now() - s.startedAt,
          stages: s.stages.map((st) =>
            st.status === 'running' ? { ...st, status: wasCancelled ? 'cancelled' : 'failed' } : st,
          ),
        }))
      }
    }
    // let Ink paint the pending stages first: a synchronous plugin blocks the event loop until it returns
    const startTimer = setTimeout(() => {
      void run()
    }, 20)
    return () => {
      live = false
      clearTimeout(startTimer)
      cancelled.current = true
      handle.current?.cancel()
      if (timer) clearTimeout(timer)
    }
    // the run is keyed by the component instance: a new run mounts a new RunScreen
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  const cancel = useCallback(() => {
    cancelled.current = true
    handle.current?.cancel()
  }, [])
  return { state, cancel }
}
