/**
 * Opens report.html in headless Chromium (Debian's `chromium` package) and checks that every chart
 * drew: the report's inline check script marks each <figure data-chart> data-rendered="yes" when its
 * SVG has a non-empty layout box and drawn marks, and the DOM is dumped after load. Skipped, with a
 * message, where Chromium is not installed (`apt-get install -y chromium`).
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildReport } from './build-report.js'
import { addSurface, demoResults, scalingResults } from './internal/fixture.js'

const CANDIDATES = [
  process.env.PASSK_CHROMIUM,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter((p): p is string => Boolean(p))
const chromium = CANDIDATES.find((p) => fs.existsSync(p))
if (!chromium)
  console.warn(
    `[report] headless-browser test skipped: no Chromium at ${CANDIDATES.join(', ')} (install with \`apt-get install -y chromium\` or set PASSK_CHROMIUM).`,
  )

function dumpDom(file: string, extra: string[] = []): Promise<string> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-chromium-'))
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--mute-audio',
    `--user-data-dir=${profile}`,
    '--virtual-time-budget=5000',
    ...extra,
    '--dump-dom',
    `file://${file}`,
  ]
  return new Promise((resolve, reject) => {
    execFile(chromium!, args, { timeout: 90_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      fs.rmSync(profile, { recursive: true, force: true })
      if (err) reject(new Error(`chromium failed: ${err.message}\n${stderr.slice(-2000)}`))
      else resolve(stdout)
    })
  })
}

describe('report.html in headless Chromium', () => {
  it.skipIf(!chromium)(
    'draws every chart (each figure reports data-rendered="yes")',
    async () => {
      const results = addSurface(await demoResults())
      // a second curve on linear axes and one with no drawable point, so all chart paths are exercised
      results.curves.push({ ...results.curves[0], id: 'linear', xScale: 'linear', yScale: 'linear' })
      results.curves.push({ ...results.curves[0], id: 'empty', series: [{ label: 'none', x: [1, 2], y: [-1, 0] }] })
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-report-browser-'))
      const file = path.join(dir, 'report.html')
      fs.writeFileSync(file, buildReport({ results }))
      const dom = await dumpDom(file)
      const body = /<body([^>]*)>/.exec(dom)![1]
      expect(body).toContain('data-charts="6"') // 4 curves + correlation and surface heat maps
      expect(body).toContain('data-rendered="6"')
      const figs = [...dom.matchAll(/<figure data-chart="[^"]+"[^>]*>/g)].map((m) => m[0])
      expect(figs.length).toBe(6)
      for (const f of figs) expect(f).toContain('data-rendered="yes"')
    },
    120_000,
  )

  it.skipIf(!chromium)(
    'lays out tables without mid-word breaks and lists plugins as items, not a JSON blob (issue 18)',
    async () => {
      const results = addSurface(await demoResults())
      const plugins = Object.fromEntries(
        Array.from({ length: 12 }, (_, i) => [`@passk/plugin-with-a-long-name-${i}`, `0.${i}.0`]),
      )
      const html = buildReport({ results, runInfo: { plugins, node: 'v20.20.2' } })
      // measured in the page after layout: header cells on one line, the 'previous' marker unbroken, the plugin
      // list as items, and no horizontal overflow of the page at 700 px
      const probe = `<script>(function () {
        function lines(el) { var r = document.createRange(); r.selectNodeContents(el); var ys = {};
          Array.prototype.forEach.call(r.getClientRects(), function (b) { if (b.width > 0) ys[Math.round(b.top)] = 1; });
          return Object.keys(ys).length; }
        var th = Array.prototype.map.call(document.querySelectorAll('th'), lines);
        var prev = Array.prototype.map.call(document.querySelectorAll('td .muted'), function (e) { return e.textContent === 'previous' ? lines(e) : 1; });
        var dd = Array.prototype.filter.call(document.querySelectorAll('dl.meta dt'), function (d) { return d.textContent === 'plugins'; })[0].nextElementSibling;
        document.body.setAttribute('data-layout', JSON.stringify({
          thMaxLines: Math.max.apply(null, th), thCount: th.length, prevMaxLines: Math.max.apply(null, prev.concat([1])),
          pluginItems: dd.querySelectorAll('ul.kv > li').length, pluginBrace: dd.textContent.indexOf('{') >= 0,
          overflow: document.documentElement.scrollWidth - window.innerWidth }));
      })();</script>`
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-report-layout-'))
      const file = path.join(dir, 'report.html')
      fs.writeFileSync(file, html.replace('</body>', `${probe}</body>`))
      const dom = await dumpDom(file, ['--window-size=700,900'])
      const m = /data-layout="([^"]*)"/.exec(dom)
      expect(m, 'the layout probe ran').not.toBeNull()
      const layout = JSON.parse(m![1].replace(/&quot;/g, '"')) as Record<string, number | boolean>
      expect(layout.thCount).toBeGreaterThan(10)
      expect(layout.thMaxLines).toBe(1)
      expect(layout.prevMaxLines).toBe(1)
      expect(layout.pluginItems).toBe(12)
      expect(layout.pluginBrace).toBe(false)
      expect(layout.overflow).toBeLessThanOrEqual(0)
    },
    120_000,
  )

  it.skipIf(!chromium)(
    'shows a scaling run: exponent chart with its saturating fit, the verdict, the split, the pass@k(D, k) heat map, and the extrapolation recommended row and backtest (issues 14, 15)',
    async () => {
      const results = await scalingResults()
      // measured after layout: each key table is open and laid out (non-zero box), with its rows in the DOM
      const probe = `<script>(function () {
        var out = {};
        Array.prototype.forEach.call(document.querySelectorAll('#summary .table-block'), function (b) {
          var t = b.querySelector('table'), r = t.getBoundingClientRect();
          out[b.getAttribute('data-table')] = { h: r.height, w: r.width, rows: t.querySelectorAll('tbody tr').length,
            text: t.querySelector('tbody tr').textContent };
        });
        var heat = document.querySelector('figure[data-table="split.split-surface-params-1b"] svg');
        out.heat = heat ? { cells: heat.querySelectorAll('.cells rect').length,
          overlays: Array.prototype.map.call(heat.querySelectorAll('.overlay'), function (o) {
            var b = o.getBBox(); return [o.getAttribute('data-label'), b.width > 0 || b.height > 0]; }) } : null;
        document.body.setAttribute('data-probe', JSON.stringify(out));
      })();</script>`
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-report-scaling-'))
      const file = path.join(dir, 'report.html')
      fs.writeFileSync(file, buildReport({ results }).replace('</body>', `${probe}</body>`))
      const dom = await dumpDom(file)
      const body = /<body([^>]*)>/.exec(dom)![1]
      // curves: exponents (saturating fit overlaid) and compute-split, plus the pass@k(D, k) heat map: 3 charts
      expect(body).toContain('data-charts="3"')
      expect(body).toContain('data-rendered="3"')
      for (const f of [...dom.matchAll(/<figure data-chart="[^"]+"[^>]*>/g)].map((m) => m[0]))
        expect(f).toContain('data-rendered="yes"')
      expect(dom).toMatch(/Fits overlaid: beta-eff-saturation → params=1B/)
      const probe_ = JSON.parse(/data-probe="([^"]*)"/.exec(dom)![1].replace(/&quot;/g, '"')) as Record<
        string,
        { h: number; w: number; rows: number; text: string }
      > & { heat: { cells: number; overlays: [string, boolean][] } | null }
      const key = (id: string) => probe_[id]
      expect(Object.keys(probe_).filter((k) => k !== 'heat')).toEqual([
        'extrapolate.extrapolation-recommended',
        'extrapolate.extrapolation-backtest',
        'saturation.saturation-verdict',
        'split.compute-split',
        'exponents.scaling-checkpoints',
      ])
      for (const [id, rows] of [
        ['extrapolate.extrapolation-recommended', 1],
        ['extrapolate.extrapolation-backtest', 2],
        ['saturation.saturation-verdict', 2],
        ['split.compute-split', 1],
        ['exponents.scaling-checkpoints', 7],
      ] as const) {
        expect(key(id).h, `${id} is laid out (open)`).toBeGreaterThan(20 * rows)
        expect(key(id).rows).toBe(rows)
      }
      expect(key('extrapolate.extrapolation-recommended').text).toMatch(/beta-binomial.*0\.62.*yes/)
      expect(key('saturation.saturation-verdict').text).toMatch(/params=1B.*saturation/)
      expect(probe_.heat?.cells).toBe(6 * 60)
      expect(probe_.heat?.overlays).toEqual([
        ['iso-compute C = 10×C₀', true],
        ['reference point (D₀, k₀)', true],
        ['optimum (D*, k*) at 10×C₀ (Eq. 24)', true],
      ])
    },
    120_000,
  )
})
