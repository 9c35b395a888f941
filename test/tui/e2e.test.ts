/**
 * The TUI end to end, as a user drives it: the real `passk` binary in a tmux pseudo-terminal (100×30),
 * keys sent with `send-keys`, the screen read with `capture-pane -p`. Opens examples/quickstart.json,
 * runs it, reads the fit table and the chart, exports the run directory and quits with q.
 * Skipped (with a message) where tmux is not installed; CI installs it (apt-get install tmux).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bin, tmpDir } from '../helpers/index.js'

const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0
if (!hasTmux)
  console.warn('test/tui/e2e.test.ts: tmux is not installed, skipping the TUI end-to-end test (apt-get install tmux).')

const socket = `passk-e2e-${process.pid}`
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' })
const screen = () => tmux('capture-pane', '-p', '-t', 'e2e')
const keys = (...k: string[]) => {
  for (const key of k) tmux('send-keys', '-t', 'e2e', key)
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Wait until the app has put the pane's terminal in raw mode (Ink does so after its first frame): keys sent earlier
 * would be line-buffered and echoed.
 */
async function waitForRawMode(ms = 30_000): Promise<void> {
  const tty = tmux('display-message', '-p', '-t', 'e2e', '#{pane_tty}').trim()
  const t0 = Date.now()
  while (Date.now() - t0 < ms) {
    const r = spawnSync('stty', ['-F', tty, '-a'], { encoding: 'utf8' })
    if (r.status === 0 && /(^|\s)-icanon(\s|;|$)/.test(r.stdout)) return
    await sleep(100)
  }
  throw new Error(`the terminal ${tty} never entered raw mode; the screen shows:\n${screen()}`)
}

async function waitFor(what: string | RegExp, ms = 60_000): Promise<string> {
  const t0 = Date.now()
  let s = ''
  while (Date.now() - t0 < ms) {
    s = screen()
    if (typeof what === 'string' ? s.includes(what) : what.test(s)) return s
    await sleep(200)
  }
  throw new Error(`timed out after ${ms} ms waiting for ${String(what)}; the screen shows:\n${s}`)
}

/**
 * Start `passk` in a new 100×30 session (CI unset: `passk` only opens the UI on an interactive terminal outside CI);
 * afterwards the pane shows the exit code and whether the tty is back in canonical mode.
 */
function startPasskIn(cwd: string) {
  try {
    tmux('kill-session', '-t', 'e2e')
  } catch {
    /* none yet */
  }
  tmux(
    'new-session',
    '-d',
    '-s',
    'e2e',
    '-x',
    '100',
    '-y',
    '30',
    `cd ${JSON.stringify(cwd)} && env -u CI NO_COLOR=1 ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)}; echo PASSK_EXIT=$?; echo TTY_MODE=$(stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon)_$(stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo); sleep 60`,
  )
}

describe.skipIf(!hasTmux)('passk TUI in a terminal (tmux)', () => {
  const cwd = tmpDir('passk-tui-e2e-')
  afterAll(() => {
    try {
      tmux('kill-server')
    } catch {
      /* already gone */
    }
  })

  it('opens examples/quickstart.json, runs it, shows the fit and a chart, exports and quits cleanly', async () => {
    startPasskIn(cwd)
    await waitFor('pass@k scaling lab', 90_000)
    await waitForRawMode()
    keys('Down', 'Enter')
    let s = await waitFor('Examples')
    for (let i = 0; i < 30 && !/› quickstart\.json/.test(s); i++) {
      keys('Down')
      await sleep(150)
      s = screen()
    }
    expect(s).toMatch(/› quickstart\.json/)
    keys('Enter')
    s = await waitFor('passk · compose')
    expect(s).toContain('quickstart.json')
    expect(s).toContain('1. sources/beta')
    expect(s).toContain('ready to run (3 stages)')
    keys('r')
    s = await waitFor(/passk · results|✗ PASSK_/, 120_000)
    expect(s, s).toContain('passk · results')
    expect(s).toContain('value ± s.e.')
    expect(s).toMatch(/fit\/beta-passk/)
    expect(s).toMatch(/converged|max-iterations|at-bound/)
    keys('Tab')
    s = await waitFor('curve 1/')
    expect(s).toMatch(/[\u2801-\u28ff]/) // braille plot
    expect(s).toMatch(/└[─┬]+/) // x axis with ticks
    keys('e')
    s = await waitFor('Wrote runs/', 30_000)
    const runDir = path.join(cwd, /Wrote (runs\/[^/ ]+)\//.exec(s)![1])
    const results = JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8'))
    expect(results.spec.stages.map((st: { use: string }) => st.use)).toEqual([
      'sources/beta',
      'evaluators/passk-unbiased',
      'fitters/beta-passk',
    ])
    expect(results.fits.length).toBeGreaterThan(0)
    keys('q')
    s = await waitFor('TTY_MODE=')
    expect(s).toContain('PASSK_EXIT=0')
    expect(s).toContain('TTY_MODE=icanon_echo')
  })

  it('keeps keys typed during start-up, before the first frame (Down, Enter opens the examples list)', async () => {
    startPasskIn(cwd)
    await sleep(300)
    keys('Down', 'Enter')
    await waitFor('pass@k scaling lab', 90_000)
    const s = await waitFor('› cifar10h-fig3.json', 30_000)
    expect(s).toContain('Examples')
    keys('q')
    expect(await waitFor('TTY_MODE=')).toContain('PASSK_EXIT=0')
  })

  it('leaves the terminal usable (canonical mode, echo on) after Ctrl-C', async () => {
    startPasskIn(cwd)
    await waitFor('pass@k scaling lab', 90_000)
    await waitForRawMode()
    keys('Enter')
    await waitFor('Add a data source')
    keys('C-c')
    const s = await waitFor('TTY_MODE=')
    expect(s).toContain('PASSK_EXIT=0')
    expect(s).toContain('TTY_MODE=icanon_echo')
  })
})
