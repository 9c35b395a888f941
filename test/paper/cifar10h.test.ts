/// <reference path="../setup/matchers.ts" />
/**
 * LID paper §5 (Fig. 3) on real data: examples/cifar10h-fig3.json through the core runner with the CLI's
 * registry — sources/cifar10h → estimators/ridge → evaluators/{gen-loss, passk-target} →
 * fitters/{power-law, local-slope, beta-eff-saturation}, plus the label-histogram stage.
 * Needs ../shared/data (CIFAR-10H labels and ResNet-20 features of the first 1000 test images); skipped
 * with a message when it is absent.
 */
import path from 'node:path'
import { loadSpec, runPipeline, type CurveRecord } from '@passk/core'
import { createDefaultRegistry } from '@passk/tui'
import { describe, expect, it } from 'vitest'
import { repoRoot, sharedData } from '../helpers/index.js'

const data = sharedData()
if (!data) console.warn('test/paper/cifar10h.test.ts skipped: ../shared/data (CIFAR-10H labels + features) is absent.')

/** Spearman rank correlation (no ties expected in real-valued data). */
function spearman(a: number[], b: number[]): number {
  const rank = (v: number[]) => {
    const r = new Array<number>(v.length)
    v.map((x, i) => [x, i] as const)
      .sort((p, q) => p[0] - q[0])
      .forEach(([, i], k) => {
        r[i] = k
      })
    return r
  }
  const ra = rank(a),
    rb = rank(b),
    n = a.length
  let d2 = 0
  for (let i = 0; i < n; i++) d2 += (ra[i] - rb[i]) ** 2
  return 1 - (6 * d2) / (n * (n * n - 1))
}

describe.skipIf(!data)(
  'examples/cifar10h-fig3.json (LID §5, Fig. 3; d = 64 ResNet-20 features, 1000 images)',
  async () => {
    const file = path.join(repoRoot, 'examples/cifar10h-fig3.json')
    const spec = loadSpec(file)
    const registry = await createDefaultRegistry({ noConfig: true })
    const { results } = await runPipeline(spec, { registry, baseDir: path.dirname(file) })
    const curve = (stage: string) => results.curves.find((c: CurveRecord) => c.stage === stage)!
    const d = 64

    it('L_gen(N) peaks near N ≈ d and has a ∝ 1/N tail: fitted exponent within 0.8–1.2 for N ≥ 4d', () => {
      const g = curve('gen-loss').series[0]
      const peakN = g.x[g.y.indexOf(Math.max(...g.y))]
      expect(peakN).toBeGreaterThanOrEqual(d / 2)
      expect(peakN).toBeLessThanOrEqual(2 * d)
      expect(g.y.at(-1)!).toBeLessThan(Math.max(...g.y) / 10)
      const fit = results.fits.find((f) => f.stage === 'gen-tail')!
      expect(fit.status).toBe('converged')
      const b = fit.params.find((p) => p.name === 'b')!.value
      expect(b).toBeGreaterThan(0.8)
      expect(b).toBeLessThan(1.2)
      // and independently of the fitter: the least-squares slope of log L_gen on log N over N ≥ 4d
      const pts = g.x.map((N, i) => [Math.log(N), Math.log(g.y[i])] as const).filter(([lx]) => lx >= Math.log(4 * d))
      expect(pts.length).toBeGreaterThanOrEqual(4)
      const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length,
        my = pts.reduce((s, p) => s + p[1], 0) / pts.length
      const slope =
        pts.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0) / pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0)
      expect(slope).toBeCloseToRel(-b, 1e-6)
    })

    it('β_eff(N) increases with N past the interpolation peak and the saturating fit finds Δ > 0', () => {
      const b = curve('beta-eff').series[0]
      expect(b.x).toEqual([128, 192, 256, 384, 512, 640, 800])
      expect(spearman(b.x, b.y)).toBeGreaterThan(0.7)
      expect(b.y.at(-1)! - b.y[0]).toBeGreaterThan(0.005)
      const fit = results.fits.find((f) => f.stage === 'beta-eff-fit')!
      expect(fit.status).toBe('converged')
      const p = Object.fromEntries(fit.params.map((q) => [q.name, q]))
      expect(p.Delta.value).toBeGreaterThan(2 * (p.Delta.stdErr ?? Infinity))
      expect(p.beta.value).toBeGreaterThanOrEqual(Math.max(...b.y) - 3 * (p.beta.stdErr ?? 0) - 1e-3)
    })

    it("keeps the k-window [1e2, 1e4] above the validation set's resolution floor 10/n_val, which the output reports", () => {
      const L = curve('passk-past-peak')
      expect(L.meta?.resolutionFloor).toBeCloseToRel(10 / 200, 1e-12)
      for (const s of L.series) {
        s.x.forEach((k, i) => {
          if (k >= 100 && k <= 1e4) expect(s.y[i]).toBeGreaterThan(L.meta!.resolutionFloor as number)
        })
      }
      const windows = results.tables.find((t) => t.id === 'beta-eff-windows')!
      for (const row of windows.rows) {
        expect(row[2] as number).toBeGreaterThanOrEqual(100)
        expect(row[3] as number).toBeLessThanOrEqual(1e4)
      }
      expect(results.warnings.filter((w) => w.code === 'WINDOW_CROSSES_FLOOR')).toEqual([])
    })

    it('draws the bottom-row illustration: label histogram and N(m_i, v_i + ε_v) of the highest-variance image', () => {
      const h = curve('label-histogram')
      // image 997 has v = 15.994 (tools/reference/cifar10h_moments.py): half automobile, half truck
      expect(h.meta?.image).toBe(997)
      expect(h.series[0].y.reduce((a, b) => a + b, 0)).toBeCloseToRel(1, 1e-12)
      expect(h.series[1].style).toBe('fit')
    })
  },
)
