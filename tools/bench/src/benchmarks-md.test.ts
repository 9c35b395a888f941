import { describe, expect, it } from 'vitest'
import { historyTables, renderSection, upsertSection } from './benchmarks-md.js'

const H = '| run (UTC) | a | b |'
const sec = (rows: string[], header = H) =>
  [
    '<!-- bench:x -->',
    '## x',
    '',
    'text',
    '',
    '### Run history (newest first)',
    '',
    header,
    '| --- | --- | --- |',
    ...rows,
    '<!-- /bench:x -->',
  ].join('\n')

describe('BENCHMARKS.md run history', () => {
  it('adds the new row on top and keeps every earlier row (no cap)', () => {
    const old = Array.from(
      { length: 30 },
      (_, i) => `| 2026-01-${String(30 - i).padStart(2, '0')} 10:00 | ${i} | ${i} |`,
    )
    const out = renderSection(sec(old), {
      id: 'x',
      body: ['## x'],
      historyHeader: H,
      historyLine: '| 2026-02-01 10:00 | n | n |',
    })
    const t = historyTables(out)
    expect(t).toHaveLength(1)
    expect(t[0].rows).toEqual(['| 2026-02-01 10:00 | n | n |', ...old])
    expect(out.startsWith('<!-- bench:x -->\n## x\n')).toBe(true)
    expect(out.endsWith('<!-- /bench:x -->')).toBe(true)
  })

  it('keeps rows written under an earlier header in their own table, verbatim', () => {
    const oldH = '| run (UTC) | old |'
    const oldRows = ['| 2025-12-01 09:00 | 1 |', '| 2025-11-30 09:00 | 2 |']
    const once = renderSection(sec(oldRows, oldH), {
      id: 'x',
      body: ['## x'],
      historyHeader: H,
      historyLine: '| 2026-02-01 10:00 | n | n |',
    })
    const twice = renderSection(once, {
      id: 'x',
      body: ['## x'],
      historyHeader: H,
      historyLine: '| 2026-02-02 10:00 | m | m |',
    })
    const t = historyTables(twice)
    expect(t.map((x) => x.header)).toEqual([H, oldH])
    expect(t[0].rows).toEqual(['| 2026-02-02 10:00 | m | m |', '| 2026-02-01 10:00 | n | n |'])
    expect(t[1].rows).toEqual(oldRows)
  })

  it('starts a history for a section that had none', () => {
    const out = renderSection('', {
      id: 'y',
      body: ['## y'],
      historyHeader: H,
      historyLine: '| 2026-02-01 10:00 | 1 | 2 |',
    })
    expect(historyTables(out)).toEqual([{ header: H, rows: ['| 2026-02-01 10:00 | 1 | 2 |'] }])
  })

  it('folds a section that occurs twice (two merged branches) into one, keeping both histories', () => {
    const a = sec(['| 2026-01-02 10:00 | 2 | 2 |', '| 2026-01-01 10:00 | 1 | 1 |'])
    const b = sec(['| 2025-12-31 10:00 | 0 | 0 |', '| 2026-01-01 10:00 | 1 | 1 |'])
    const md = `# Benchmarks\n\n${a}\n\n<!-- bench:y -->\nother\n<!-- /bench:y -->\n\n${b}\n`
    const out = upsertSection(md, {
      id: 'x',
      body: ['## x'],
      historyHeader: H,
      historyLine: '| 2026-02-01 10:00 | n | n |',
    })
    expect(out.match(/<!-- bench:x -->/g)).toHaveLength(1)
    expect(out.match(/<!-- \/bench:x -->/g)).toHaveLength(1)
    expect(out).toContain('<!-- bench:y -->\nother\n<!-- /bench:y -->')
    expect(historyTables(out.slice(0, out.indexOf('<!-- bench:y')))[0].rows).toEqual([
      '| 2026-02-01 10:00 | n | n |',
      '| 2026-01-02 10:00 | 2 | 2 |',
      '| 2026-01-01 10:00 | 1 | 1 |',
      '| 2025-12-31 10:00 | 0 | 0 |',
    ])
    // absent: appended once
    const fresh = upsertSection('# Benchmarks\n', {
      id: 'z',
      body: ['## z'],
      historyHeader: H,
      historyLine: '| r | 1 | 1 |',
    })
    expect(fresh.match(/<!-- bench:z -->/g)).toHaveLength(1)
  })
})
