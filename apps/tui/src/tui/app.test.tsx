/** @jsxRuntime automatic @jsxImportSource react */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { render } from 'ink-testing-library'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createRegistry,
  defineEstimator,
  defineEvaluator,
  defineFitter,
  definePackage,
  defineSource,
  expandGrid,
  gridSchema,
  PasskError,
  z,
  type Curve,
  type Fit,
  type LinearPredictors,
  type StochasticRegression,
} from '@passk/core'
import { App } from './app.js'

// A small LID-shaped plugin set (source → estimator → evaluator → fitter) so the flow tests do not
// depend on the real plugins' speed; the real registry is exercised by the tmux e2e test.
const toyLid = defineSource({
  name: 'toy-lid',
  version: '0.0.0',
  summary: 'Toy LID-like regression source',
  refs: ['LID Def. 3.1'],
  options: z.object({
    d: z.number().int().positive().default(3).describe('Dimension'),
    n: z.number().int().positive().default(4).describe('Training rows'),
  }),
  produces: 'StochasticRegression',
  run(_i, o): StochasticRegression {
    const z0 = (k: number) => new Float64Array(k),
      one = (k: number) => new Float64Array(k).fill(1)
    return {
      kind: 'StochasticRegression',
      d: o.d,
      meta: {},
      replicates: [
        {
          seed: 0,
          train: { n: o.n, x: z0(o.n * o.d), m: z0(o.n), s: one(o.n), y: z0(o.n) },
          test: { n: 2, x: z0(2 * o.d), m: z0(2), s: one(2) },
        },
      ],
    }
  },
})
const toyRidge = defineEstimator({
  name: 'toy-ridge',
  version: '0.0.0',
  summary: 'Toy estimator',
  accepts: 'StochasticRegression',
  produces: 'LinearPredictors',
  options: z.object({ lambda: z.number().nonnegative().default(0).describe('Ridge λ') }),
  run(data, o): LinearPredictors {
    return {
      kind: 'LinearPredictors',
      d: data.d,
      ns: [data.replicates[0].train.n],
      fits: [{ theta: new Float64Array(data.d), lambda: [o.lambda], jitter: [0] }],
      data,
      estimator: 'toy',
      diagnostics: {},
    }
  },
})
const toyLinf = defineEvaluator({
  name: 'toy-linf',
  version: '0.0.0',
  summary: 'L_inf(k) = k^-exponent',
  accepts: 'LinearPredictors',
  produces: 'Curve',
  options: z.object({
    k: gridSchema.default({ from: 1, to: 1000, num: 10, scale: 'log', integer: true }).describe('k grid'),
    exponent: z.number().positive().default(0.7).describe('Decay exponent of L_inf(k)'),
  }),
  async run(_p, o, ctx): Promise<Curve> {
    const ks = expandGrid(o.k)
    for (let i = 0; i < 3; i++) {
      ctx.progress({ done: i + 1, total: 3, label: `seed ${i + 1}/3` })
      await new Promise((r) => setTimeout(r, 5))
    }
    ctx.warn('TOY_WARNING', 'a toy warning')
    return {
      kind: 'Curve',
      id: 'linf',
      title: 'L_inf(k)',
      xLabel: 'k',
      yLabel: 'L_inf',
      xScale: 'log',
      yScale: 'log',
      series: [{ label: 'N=4', x: ks, y: ks.map((k) => k ** -o.exponent) }],
    }
  },
})
/** β_eff = −slope of the least-squares line through (log k, log L): exact for a pure power law. */
const toyBetaEff = defineFitter({
  name: 'toy-beta-eff',
  version: '0.0.0',
  summary: 'Toy β_eff fitter',
  accepts: 'Curve',
  produces: 'Fit',
  options: z.object({}).strict(),
  run(c): Fit {
    const s = c.series[0]
    const lx = s.x.map(Math.log),
      ly = s.y.map(Math.log),
      n = lx.length
    const mx = lx.reduce((a, b) => a + b) / n,
      my = ly.reduce((a, b) => a + b) / n
    const slope = lx.reduce((a, x, i) => a + (x - mx) * (ly[i] - my), 0) / lx.reduce((a, x) => a + (x - mx) ** 2, 0)
    return {
      kind: 'Fit',
      source: c,
      fits: [
        {
          model: 'power-law',
          target: s.label,
          params: [{ name: 'beta_eff', value: -slope, stdErr: 0.001 }],
          status: 'converged',
          iterations: 1,
          goodness: { n, dof: n - 2, r2: 1 },
          curve: { x: s.x, y: s.y },
        },
      ],
    }
  },
})
/** Waits in 5 ms steps until cancelled (or 10 s), reporting progress: for the cancel key. */
const toySlow = defineFitter({
  name: 'toy-slow',
  version: '0.0.0',
  summary: 'Slow',
  accepts: 'Curve',
  produces: 'Fit',
  options: z.object({}).strict(),
  async run(_c, _o, ctx): Promise<Fit> {
    for (let i = 0; i < 2000; i++) {
      ctx.throwIfAborted()
      ctx.progress({ done: i, total: 2000 })
      await new Promise((r) => setTimeout(r, 5))
    }
    return { kind: 'Fit', fits: [] }
  },
})
const toyThrows = defineFitter({
  name: 'toy-throws',
  version: '0.0.0',
  summary: 'Always fails',
  accepts: 'Curve',
  produces: 'Fit',
  options: z.object({}).strict(),
  run(): Fit {
    throw new PasskError('PASSK_TOY_SINGULAR', 'the design matrix is singular', 'Use a wider k grid.')
  },
})

function toyRegistry() {
  const reg = createRegistry()
  reg.use(definePackage({ meta: { name: 'toy-sources', version: '0.0.0', namespace: 'sources' }, plugins: [toyLid] }))
  reg.use(
    definePackage({ meta: { name: 'toy-estimators', version: '0.0.0', namespace: 'estimators' }, plugins: [toyRidge] }),
  )
  reg.use(
    definePackage({ meta: { name: 'toy-evaluators', version: '0.0.0', namespace: 'evaluators' }, plugins: [toyLinf] }),
  )
  reg.use(
    definePackage({
      meta: { name: 'toy-fitters', version: '0.0.0', namespace: 'fitters' },
      plugins: [toyBetaEff, toyThrows, toySlow],
    }),
  )
  return reg
}

const KEY = {
  enter: '\r',
  esc: '\u001b',
  down: '\u001b[B',
  up: '\u001b[A',
  right: '\u001b[C',
  tab: '\t',
  backspace: '\u007f',
}
const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms))

let active: ReturnType<typeof render> | undefined
afterEach(() => {
  active?.unmount()
  active = undefined
})

function start(props: { examplesDirs?: string[]; runsDir?: string; cwd?: string; color?: boolean } = {}) {
  active = render(
    <App
      registry={toyRegistry()}
      cwd={props.cwd ?? process.cwd()}
      examplesDirs={props.examplesDirs ?? []}
      runsDir={props.runsDir ?? '/nonexistent'}
      color={props.color ?? false}
    />,
  )
  return active
}

/**
 * Type keys one by one; after each, wait until the frame has been stable for 3 polls (renders lag on a busy machine).
 */
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

async function until(app: ReturnType<typeof render>, pred: (frame: string) => boolean, ms = 3000): Promise<string> {
  const t0 = Date.now()
  while (Date.now() - t0 < ms) {
    const f = app.lastFrame() ?? ''
    if (pred(f)) return f
    await tick(20)
  }
  return app.lastFrame() ?? ''
}

/** Home → compose → add source, estimator, evaluator and the given fitter, by key presses only. */
async function composeLid(app: ReturnType<typeof render>, fitterDown: number) {
  await press(app, KEY.enter) // "Compose a new pipeline"
  expect(app.lastFrame()).toContain('Add a data source')
  await press(app, KEY.enter, KEY.esc) // sources/toy-lid, back to the stage list
  await press(app, 'a')
  expect(app.lastFrame()).toContain('Add a stage that accepts StochasticRegression')
  await press(app, KEY.enter, KEY.esc, 'a')
  expect(app.lastFrame()).toContain('Add a stage that accepts LinearPredictors')
  await press(app, KEY.enter, KEY.esc, 'a')
  expect(app.lastFrame()).toContain('Add a stage that accepts Curve')
  for (let i = 0; i < fitterDown; i++) await press(app, KEY.down)
  await press(app, KEY.enter, KEY.esc)
}

describe('App', () => {
  it('composes a LID-shaped pipeline from scratch by key presses, offering only plugins that connect', async () => {
    const app = start()
    await press(app)
    await press(app, KEY.enter)
    const pick = app.lastFrame()!
    expect(pick).toContain('sources/toy-lid')
    expect(pick).not.toContain('estimators/toy-ridge')
    await press(app, KEY.enter, KEY.esc, 'a')
    const pick2 = app.lastFrame()!
    expect(pick2).toContain('estimators/toy-ridge')
    expect(pick2).not.toContain('fitters/toy-beta-eff')
    await press(app, KEY.esc, KEY.esc) // back to home
    expect(app.lastFrame()).toContain('Continue composing')
    await press(app, KEY.enter) // continue: the source is still there
    await press(app, 'a', KEY.enter, KEY.esc, 'a', KEY.enter, KEY.esc, 'a', KEY.enter, KEY.esc)
    const f = app.lastFrame()!
    for (const id of [
      '1. sources/toy-lid',
      '2. estimators/toy-ridge',
      '3. evaluators/toy-linf',
      '4. fitters/toy-beta-eff',
    ])
      expect(f).toContain(id)
    expect(f).toContain('ready to run (4 stages)')
  })

  it('shows the option form with defaults and blocks an invalid option with a message', async () => {
    const app = start()
    await composeLid(app, 0)
    await press(app, KEY.up, KEY.enter) // stage 3 (toy-linf) options
    let f = app.lastFrame()!
    expect(f).toContain('1..1000 x10 log int') // the grid default, as editable text
    expect(f).toContain('0.7')
    await press(app, KEY.down, KEY.enter, '-', '1', KEY.enter) // exponent = -1
    f = app.lastFrame()!
    expect(f).toMatch(/✗ .*(>0|> 0)/)
    await press(app, 'r')
    f = app.lastFrame()!
    expect(f).toContain('passk · compose')
    expect(f).toMatch(/Cannot run: Stage 3 \(evaluators\/toy-linf\) option exponent/)
    // a bad list entry is caught by the field parser
    await press(app, KEY.up, KEY.enter, ...'1,2,x'.split(''), KEY.enter)
    expect(app.lastFrame()).toContain('"x" is not a number')
  })

  it('runs the pipeline, shows progress then the fitted β_eff, charts and warnings', async () => {
    const app = start()
    await composeLid(app, 0)
    await press(app, 'r')
    const f = await until(app, (s) => s.includes('passk · results'))
    expect(f).toContain('β_eff')
    // exact power law k^-0.7: the log-log least-squares slope is exactly -0.7
    expect(f).toMatch(/β_eff\s+0\.7 ± 0\.001/)
    expect(f).toContain('converged')
    await press(app, KEY.tab)
    const chart = app.lastFrame()!
    expect(chart).toContain('L_inf(k)')
    expect(chart).toMatch(/[\u2801-\u28ff]/) // braille dots
    expect(chart).toContain('power-law fit (N=4)')
    await press(app, KEY.tab)
    expect(app.lastFrame()).toContain('TOY_WARNING: a toy warning')
  })

  it('branches a second fitter off the curve stage when nothing accepts the last output (Fit)', async () => {
    const app = start()
    await composeLid(app, 0)
    await press(app, 'a')
    let f = app.lastFrame()!
    expect(f).toContain('Nothing accepts Fit; this stage will read stage 3 (evaluators/toy-linf).')
    expect(f).toContain('Add a stage that accepts Curve')
    expect(f).toContain('input: stage 3 (evaluators/toy-linf)')
    await press(app, KEY.enter, KEY.esc)
    f = app.lastFrame()!
    expect(f).toContain('5. fitters/toy-beta-eff')
    expect(f).toContain('ready to run (5 stages)')
    await press(app, 'r')
    f = await until(app, (x) => x.includes('passk · results'))
    expect(f).toContain('Fits (2)')
    expect(f.match(/β_eff\s+0\.7 ± 0\.001/g)).toHaveLength(2)
  })

  it('shows a throwing plugin’s code, message and hint, and lets the user go back to compose', async () => {
    const app = start()
    await composeLid(app, 2)
    expect(app.lastFrame()).toContain('4. fitters/toy-throws')
    await press(app, 'r')
    const f = await until(app, (s) => s.includes('PASSK_TOY_SINGULAR'))
    expect(f).toContain('the design matrix is singular')
    expect(f).toContain('hint: Use a wider k grid.')
    expect(f).toMatch(/✓ evaluators\/toy-linf/)
    await press(app, KEY.esc)
    expect(app.lastFrame()).toContain('passk · compose')
    expect(app.lastFrame()).toContain('4. fitters/toy-throws')
  })

  it('opens the key map on ? and closes it with Esc', async () => {
    const app = start()
    await press(app, '?')
    expect(app.lastFrame()).toContain('Key map')
    expect(app.lastFrame()).toContain('1..1e4 x40 log')
    await press(app, KEY.esc)
    expect(app.lastFrame()).toContain('Compose a new pipeline')
  })

  it('cancels a running stage with c and shows that nothing was written', async () => {
    const app = start()
    await composeLid(app, 1)
    expect(app.lastFrame()).toContain('4. fitters/toy-slow')
    await press(app, 'r')
    await until(app, (f) => /toy-slow.*\d+\/2000/.test(f))
    await press(app, 'c')
    const f = await until(app, (x) => x.includes('Cancelled'))
    expect(f).toContain('Cancelled after')
    expect(f).toContain('Nothing was written')
    expect(f).toMatch(/■ fitters\/toy-slow/)
    await press(app, KEY.esc)
    expect(app.lastFrame()).toContain('passk · compose')
  })

  it('opens an example, saves it as a spec file, and exports a finished run directory with e', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-tui-'))
    const ex = path.join(dir, 'examples')
    fs.mkdirSync(ex)
    const spec = {
      version: 1,
      name: 'toy',
      seed: 5,
      stages: [
        { use: 'sources/toy-lid', options: { d: 2 } },
        { use: 'estimators/toy-ridge' },
        { use: 'evaluators/toy-linf', options: { exponent: 0.5 } },
        { use: 'fitters/toy-beta-eff' },
      ],
    }
    fs.writeFileSync(path.join(ex, 'toy.json'), JSON.stringify(spec))
    const app = start({ examplesDirs: [ex], runsDir: path.join(dir, 'runs'), cwd: dir })
    await press(app, '', KEY.down, KEY.enter)
    expect(app.lastFrame()).toContain('toy.json')
    await press(app, KEY.enter)
    expect(app.lastFrame()).toContain('passk · compose toy (examples/toy.json) · seed 5')
    await press(app, 's')
    expect(app.lastFrame()).toContain('Save spec as: toy.json')
    await press(app, ...Array(9).fill(KEY.backspace), ...'mine.json'.split(''), KEY.enter)
    expect(app.lastFrame()).toContain('Saved mine.json')
    const saved = JSON.parse(fs.readFileSync(path.join(dir, 'mine.json'), 'utf8'))
    expect(saved).toEqual({ ...spec, stages: spec.stages.map((s) => ({ options: {}, ...s })) })
    // a new seed (S) and name (n) go into the spec the run records
    await press(
      app,
      'S',
      KEY.backspace,
      '9',
      KEY.enter,
      'n',
      ...Array(3).fill(KEY.backspace),
      ...'mine'.split(''),
      KEY.enter,
    )
    expect(app.lastFrame()).toContain('passk · compose mine (mine.json) · seed 9')
    await press(app, 'r')
    await until(app, (f) => f.includes('passk · results'))
    expect(app.lastFrame()).toMatch(/β_eff\s+0\.5 ± /)
    await press(app, 'e')
    const f = await until(app, (x) => x.includes('Wrote runs/'))
    const runDir = path.join(dir, /Wrote (runs\/[^/ ]+)\//.exec(f)![1])
    for (const file of ['spec.json', 'results.json', 'fits.csv', 'curves/toy-linf.linf.csv'])
      expect(fs.existsSync(path.join(runDir, file)), file).toBe(true)
    const results = JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8'))
    expect(results.fits[0].params[0].value).toBeCloseToRel(0.5, 1e-12)
    expect([results.seed, results.spec.name]).toEqual([9, 'mine'])
    expect(path.basename(runDir)).toMatch(/^mine-\d{8}-\d{6}$/)
    // the exported run is listed under "recent runs"; v views its results.json without rerunning
    // home now starts with "Continue composing": the recent runs are the 4th entry
    await press(app, KEY.esc, KEY.esc, KEY.down, KEY.down, KEY.down, KEY.enter)
    let home = app.lastFrame()!
    expect(home).toContain('Recent runs')
    expect(home).toContain(`› ${path.basename(runDir)}/`)
    await press(app, 'v')
    home = await until(app, (x) => x.includes('passk · results'))
    expect(home).toMatch(/β_eff\s+0\.5 ± /)
    // a run directory whose results.json is not ours (listed first: newest first)
    fs.mkdirSync(path.join(dir, 'runs', 'zz-broken'))
    fs.writeFileSync(path.join(dir, 'runs', 'zz-broken', 'results.json'), '{"schemaVersion": 99}')
    const later = new Date(Date.now() + 10_000)
    fs.writeFileSync(path.join(dir, 'runs', 'zz-broken', 'spec.json'), '{}')
    fs.utimesSync(path.join(dir, 'runs', 'zz-broken', 'spec.json'), later, later)
    await press(app, KEY.esc, KEY.esc, KEY.down, KEY.down, KEY.down, KEY.enter)
    expect(app.lastFrame()).toContain('› zz-broken/')
    await press(app, 'v')
    expect(app.lastFrame()!.replace(/\n/g, ' ')).toMatch(
      /error PASSK_BAD_RUN_DIR: .*results\.json is not a passk results document/,
    )
  })

  it('shows PASSK_BAD_SPEC with its hint for a malformed example and stays on the list', async () => {
    const ex = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-tui-bad-'))
    fs.writeFileSync(
      path.join(ex, 'broken.json'),
      JSON.stringify({ version: 1, stages: [{ use: 'sources/toy-lid', options: {}, extra: 1 }] }),
    )
    const app = start({ examplesDirs: [ex] })
    await press(app, '', KEY.down, KEY.enter, KEY.enter)
    const f = app.lastFrame()!.replace(/\n/g, ' ')
    expect(f).toMatch(
      /error PASSK_BAD_SPEC: Spec file broken\.json is not a valid pipeline spec: stages\.0: Unrecognized\s+key: "extra"/,
    )
    expect(f).toContain('hint: A spec looks like')
    expect(f).toContain('› broken.json')
  })

  it('draws charts with ANSI colours only when colour is on (NO_COLOR) and redraws them on resize', async () => {
    for (const color of [true, false]) {
      const app = start({ color })
      await composeLid(app, 0)
      await press(app, 'r')
      await until(app, (f) => f.includes('passk · results'))
      await press(app, KEY.tab)
      const f = app.lastFrame()!
      expect(f.includes('\u001b[36m'), `color=${color}`).toBe(color)
      if (!color) {
        const axisWidth = (frame: string) => frame.split('\n').find((l) => l.includes('└'))!.length
        const before = axisWidth(f)
        Object.defineProperty(app.stdout, 'columns', { value: 70, configurable: true })
        app.stdout.emit('resize')
        await tick(60)
        const after = axisWidth(app.lastFrame()!)
        expect(before).toBeGreaterThan(75)
        expect(after).toBeLessThanOrEqual(70)
      }
      app.unmount()
    }
  })
})

describe('TUI fixes from the new-user report (issue 16)', () => {
  it('closing the key map over a cancelled run does not start a new run (? Esc, ? ?)', async () => {
    const app = start()
    await composeLid(app, 1)
    await press(app, 'r')
    await until(app, (f) => /toy-slow.*\d+\/2000/.test(f))
    await press(app, 'c')
    await until(app, (x) => x.includes('Cancelled'))
    for (const close of [KEY.esc, '?']) {
      await press(app, '?')
      expect(app.lastFrame()).toContain('Key map')
      await press(app, close)
      await tick(200)
      const f = app.lastFrame() ?? ''
      expect(f).toContain('Cancelled after')
      expect(f).not.toContain('Running…')
      expect(f).not.toContain('Key map')
    }
  })

  it('Ctrl-C during a run reports an interrupt (exit 130); Ctrl-C elsewhere only quits', async () => {
    const interrupts: number[] = []
    const mk = () =>
      render(
        <App
          registry={toyRegistry()}
          cwd={process.cwd()}
          examplesDirs={[]}
          runsDir="/nonexistent"
          color={false}
          onInterrupt={() => interrupts.push(1)}
        />,
      )
    active = mk()
    await composeLid(active, 1)
    await press(active, '\u0003')
    expect(interrupts).toEqual([])
    active.unmount()
    active = mk()
    await composeLid(active, 1)
    await press(active, 'r')
    await until(active, (f) => /toy-slow.*\d+\/2000/.test(f))
    await press(active, '\u0003')
    expect(interrupts).toEqual([1])
  })

  it('a viewed recent run is titled by its run, and Esc returns to the recent-run list', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-tui-view-'))
    const ex = path.join(dir, 'examples')
    fs.mkdirSync(ex)
    const spec = {
      version: 1,
      seed: 3,
      stages: [
        { use: 'sources/toy-lid', options: { d: 2 } },
        { use: 'estimators/toy-ridge' },
        { use: 'evaluators/toy-linf', options: { exponent: 0.5 } },
        { use: 'fitters/toy-beta-eff' },
      ],
    }
    fs.writeFileSync(path.join(ex, 'noname.json'), JSON.stringify(spec))
    const app = start({ examplesDirs: [ex], runsDir: path.join(dir, 'runs'), cwd: dir })
    await press(app, '', KEY.down, KEY.enter, KEY.enter)
    await press(app, 'r')
    await until(app, (f) => f.includes('passk · results'))
    await press(app, 'e')
    const f = await until(app, (x) => x.includes('Wrote runs/'))
    const runName = /Wrote runs\/([^/ ]+)\//.exec(f)?.[1] ?? ''
    expect(runName).toMatch(/^noname-\d{8}-\d{6}$/)
    await press(app, KEY.esc, KEY.esc, KEY.down, KEY.down, KEY.down, KEY.enter)
    expect(app.lastFrame()).toContain(`› ${runName}/`)
    await press(app, 'v')
    const viewed = await until(app, (x) => x.includes('passk · results'))
    expect(viewed).toContain(`passk · results ${runName}`)
    expect(viewed).not.toContain('untitled')
    await press(app, KEY.esc)
    const list = app.lastFrame() ?? ''
    expect(list).toContain('Recent runs')
    expect(list).toContain(`› ${runName}/`)
    expect(list).not.toContain('passk · compose')
  })

  it('saving over an existing file that is not the draft’s asks first; Esc keeps the file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-tui-save-'))
    const ex = path.join(dir, 'examples')
    fs.mkdirSync(ex)
    fs.writeFileSync(path.join(ex, 'toy.json'), JSON.stringify({ version: 1, stages: [{ use: 'sources/toy-lid' }] }))
    fs.writeFileSync(path.join(dir, 'notes.json'), 'my notes\n')
    const app = start({ examplesDirs: [ex], runsDir: path.join(dir, 'runs'), cwd: dir })
    await press(app, '', KEY.down, KEY.enter, KEY.enter, 's')
    await press(app, ...Array(8).fill(KEY.backspace), ...'notes.json'.split(''), KEY.enter)
    expect(app.lastFrame()).toContain('exists: Enter overwrites it, Esc keeps it')
    await press(app, KEY.esc)
    expect(fs.readFileSync(path.join(dir, 'notes.json'), 'utf8')).toBe('my notes\n')
    await press(app, 's', ...Array(8).fill(KEY.backspace), ...'notes.json'.split(''), KEY.enter, KEY.enter)
    expect(app.lastFrame()).toContain('Saved notes.json')
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'notes.json'), 'utf8')).stages[0].use).toBe('sources/toy-lid')
    // no temporary file is left beside it
    expect(fs.readdirSync(dir).sort()).toEqual(['examples', 'notes.json'])
  })
})
