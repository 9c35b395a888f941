/** @jsxRuntime automatic @jsxImportSource react */
/**
 * The scaling pipeline in the composer (issue 15): the example spec examples/pythia-gsm8k-scaling.json opens from
 * the examples list with its four stages, the same stages can be composed by key presses (each offered only where
 * its input kind connects), and a small seeded checkpoint family runs to the results screen — with the real
 * plugins (createDefaultRegistry), inline.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { render } from 'ink-testing-library'
import { afterEach, describe, expect, it } from 'vitest'
import { createRng } from '@passk/core'
import { createDefaultRegistry } from '../registry.js'
import { App } from './app.js'
import { listExamples } from './internal/files.js'

const EXAMPLES = fileURLToPath(new URL('../../../../examples', import.meta.url))
const KEY = { enter: '\r', esc: '\u001b', down: '\u001b[B', up: '\u001b[A', tab: '\t' }
const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms))

let active: ReturnType<typeof render> | undefined
afterEach(() => {
  active?.unmount()
  active = undefined
})

async function start(examplesDirs: string[], cwd: string) {
  const registry = await createDefaultRegistry({ cwd })
  active = render(
    <App registry={registry} cwd={cwd} examplesDirs={examplesDirs} runsDir={path.join(cwd, 'runs')} color={false} />,
  )
  return active
}

async function press(app: ReturnType<typeof render>, ...keys: string[]) {
  for (const k of keys) {
    app.stdin.write(k)
    let last = app.lastFrame(),
      stable = 0
    for (let i = 0; i < 100 && stable < 3; i++) {
      await tick(15)
      const f = app.lastFrame()
      stable = f === last ? stable + 1 : 0
      last = f
    }
  }
}

async function until(app: ReturnType<typeof render>, pred: (frame: string) => boolean, ms: number): Promise<string> {
  const t0 = Date.now()
  while (Date.now() - t0 < ms) {
    const f = app.lastFrame() ?? ''
    if (pred(f)) return f
    await tick(50)
  }
  return app.lastFrame() ?? ''
}

/** Home → "Open an example" → the example named `name` in the sorted list. */
async function openExample(app: ReturnType<typeof render>, dirs: string[], name: string) {
  const idx = listExamples(dirs).findIndex((e) => e.label === name)
  expect(idx, `${name} is listed`).toBeGreaterThanOrEqual(0)
  await press(app, '', KEY.down, KEY.enter)
  for (let i = 0; i < idx; i++) await press(app, KEY.down)
  await press(app, KEY.enter)
}

/** Picks `use` from the open "Add a stage" list by moving down until it is selected (›), then Enter, Esc. */
async function pick(app: ReturnType<typeof render>, use: string) {
  // The picker's selected row is '│ › <plugin>' in the right pane (the stage list's cursor is '│›').
  const selected = () => /│ › (\S+)/.exec(app.lastFrame() ?? '')?.[1]
  for (let i = 0; i < 60 && selected() !== use; i++) await press(app, KEY.down)
  expect(selected()).toBe(use)
  await press(app, KEY.enter, KEY.esc)
}

describe('the scaling pipeline in the TUI composer', () => {
  it('opens examples/pythia-gsm8k-scaling.json from the examples list with its four stages', async () => {
    const app = await start([EXAMPLES], path.dirname(EXAMPLES))
    await openExample(app, [EXAMPLES], 'pythia-gsm8k-scaling.json')
    const f = app.lastFrame() ?? ''
    expect(f).toContain('passk · compose pythia-gsm8k-scaling (examples/pythia-gsm8k-scaling.json)')
    for (const s of ['sources/llm-logs', 'scaling-exponents', 'beta-eff-satura', 'compute-split'])
      expect(f).toContain(s)
    expect(f).toMatch(/ready to run \(4 stages\)/)
  }, 60_000)

  it('composes llm-logs → scaling-exponents → beta-eff-saturation → compute-split from the stage lists', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-tui-scaling-'))
    const app = await start([], dir)
    await press(app, KEY.enter) // Compose a new pipeline
    expect(app.lastFrame()).toContain('Add a data source')
    await pick(app, 'sources/llm-logs')
    await press(app, 'a')
    expect(app.lastFrame()).toContain('Add a stage that accepts TrialOutcomes')
    await pick(app, 'fitters/scaling-exponents')
    await press(app, 'a')
    expect(app.lastFrame()).toContain('Add a stage that accepts Curve')
    await pick(app, 'fitters/beta-eff-saturation')
    await press(app, 'a')
    expect(app.lastFrame()).toContain('Add a stage that accepts Fit')
    await pick(app, 'fitters/compute-split')
    const f = app.lastFrame() ?? ''
    for (const [i, name] of ['sources/llm-logs', 'scaling-exponents', 'beta-eff-saturation', 'compute-split'].entries())
      expect(f).toMatch(new RegExp(`${i + 1}\\. (\\w+/)?${name}`))
    // Every stage connects (✓ → its kind); the one thing left is the log file.
    expect(f).toMatch(/✓ → Curve[\s\S]*✓ → Fit[\s\S]*✓ → Curve/)
    expect(f).toContain('Stage 1 (sources/llm-logs) option path: required')
    fs.rmSync(dir, { recursive: true })
  }, 60_000)

  it('runs a seeded synthetic checkpoint family opened from the examples list to the results screen', async () => {
    // 8 checkpoints × 300 problems × n = 100, q ~ Beta(a(D), 3) with a rising as LID Eq. 20 (β = 0.9, Δ = 0.5,
    // N½ = 3e9, ν = 1.5); the scaling spec with small bootstraps.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-tui-scaling-'))
    const ex = path.join(dir, 'examples')
    fs.mkdirSync(ex)
    const rng = createRng(7)
    const lines = ['benchmark,model,problem_id,n,c']
    for (const t of ['100M', '300M', '1B', '3B', '10B', '30B', '100B', '300B']) {
      const D = Number(t.slice(0, -1)) * (t.endsWith('B') ? 1e9 : 1e6)
      const a = 0.9 - 0.5 / (1 + (D / 3e9) ** 1.5)
      for (let i = 0; i < 300; i++) {
        const x = rng.gamma(a),
          y = rng.gamma(3)
        const q = x / (x + y)
        let c = 0
        for (let j = 0; j < 100; j++) if (rng.uniform() < q) c++
        lines.push(`SIM,sim_1B_${t},${i},100,${c}`)
      }
    }
    fs.writeFileSync(path.join(dir, 'family.csv'), lines.join('\n') + '\n')
    const spec = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'pythia-gsm8k-scaling.json'), 'utf8')) as {
      name: string
      stages: { options: Record<string, unknown> }[]
    }
    spec.name = 'sim-scaling'
    spec.stages[0].options.path = '../family.csv'
    spec.stages[1].options.pattern = 'sim_(?<params>[\\d.]+[KMBT])_(?<tokens>[\\d.]+[KMBT])'
    spec.stages[1].options.bootstrap = 20
    spec.stages[2].options.bootstrap = 20
    spec.stages[3].options.bootstrap = 10
    fs.writeFileSync(path.join(ex, 'sim-scaling.json'), JSON.stringify(spec))
    const app = await start([ex], dir)
    await openExample(app, [ex], 'sim-scaling.json')
    expect(app.lastFrame()).toMatch(/ready to run \(4 stages\)/)
    await press(app, 'r')
    const f = await until(app, (s) => s.includes('passk · results') || s.includes('✗'), 120_000)
    expect(f).toContain('passk · results sim-scaling')
    // The saturating law's fit of the family, with its parametric-bootstrap intervals.
    expect(f).toMatch(/saturation\/beta-eff-saturation\s+params=/)
    expect(f).toMatch(/β\s+0\.\d+ ± [\d.]+\s+\[/)
    fs.rmSync(dir, { recursive: true })
  }, 180_000)
})
