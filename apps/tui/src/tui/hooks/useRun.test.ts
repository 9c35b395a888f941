import { describe, expect, it } from 'vitest'
import type { RunEvent } from '@passk/core'
import { applyEvent, stageEta, type RunState } from './useRun.js'
import { bar } from '../components/ProgressBars.js'

const empty = (): RunState => ({ phase: 'running', stages: [], logs: [], warnings: [], startedAt: 0 })
const play = (events: [RunEvent, number][]) => events.reduce((s, [e, t]) => applyEvent(s, e, t), empty())

describe('applyEvent', () => {
  it('tracks each stage from pending to running to done with its progress, logs and warnings', () => {
    const s = play([
      [
        {
          type: 'run-start',
          stages: [
            { id: 'data', use: 'sources/a' },
            { id: 'fit', use: 'fitters/b' },
          ],
        },
        0,
      ],
      [{ type: 'stage-start', stage: 'data', index: 0, use: 'sources/a' }, 10],
      [{ type: 'progress', stage: 'data', index: 0, done: 0, total: 4 }, 11],
      [{ type: 'progress', stage: 'data', index: 0, done: 1, total: 4, label: 'seed 1/4' }, 20],
      [{ type: 'log', stage: 'data', level: 'info', message: 'hello' }, 21],
      [{ type: 'warning', stage: 'data', code: 'W1', message: 'careful' }, 22],
      [{ type: 'stage-end', stage: 'data', index: 0, ms: 30, produces: 'Curve' }, 40],
      [{ type: 'stage-start', stage: 'fit', index: 1, use: 'fitters/b' }, 41],
    ])
    expect(s.stages[0]).toEqual({
      id: 'data',
      use: 'sources/a',
      status: 'done',
      startedAt: 10,
      done: 1,
      total: 4,
      label: 'seed 1/4',
      firstProgressAt: 20,
      ms: 30,
    })
    expect(s.stages[1]).toEqual({ id: 'fit', use: 'fitters/b', status: 'running', startedAt: 41 })
    expect(s.logs.map((l) => l.message)).toEqual(['hello', 'careful'])
    expect(s.warnings).toEqual([{ stage: 'data', level: 'warning', code: 'W1', message: 'careful' }])
  })
})

describe('stageEta', () => {
  it('extrapolates the remaining time linearly: 25 of 100 done after 1 s → 3 s left', () => {
    expect(stageEta({ id: 'a', use: 'a', status: 'running', startedAt: 0, done: 25, total: 100 }, 1000)).toBeCloseToRel(
      3000,
      1e-12,
    )
  })

  it('is unknown without a total, before any progress, or after the stage ended', () => {
    expect(stageEta({ id: 'a', use: 'a', status: 'running', startedAt: 0, done: 5 }, 1000)).toBeUndefined()
    expect(stageEta({ id: 'a', use: 'a', status: 'running', startedAt: 0, done: 0, total: 9 }, 1000)).toBeUndefined()
    expect(stageEta({ id: 'a', use: 'a', status: 'done', startedAt: 0, done: 9, total: 9 }, 1000)).toBeUndefined()
  })
})

describe('bar', () => {
  it('fills floor(f·w) cells, adds a half cell from 0.5 and keeps the width', () => {
    expect(bar(0, 10)).toBe('░'.repeat(10))
    expect(bar(0.25, 10)).toBe('██▌░░░░░░░')
    expect(bar(1, 10)).toBe('█'.repeat(10))
    expect(bar(1.7, 4)).toBe('████')
    expect(bar(undefined, 3)).toBe('░░░')
    for (const f of [0.01, 0.33, 0.5, 0.66, 0.99]) expect([...bar(f, 7)].length).toBe(7)
  })
})
