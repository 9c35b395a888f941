import { describe, expect, it } from 'vitest'
import { createRng, type Curve, type Fit } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { kEff, kEffPassAtK } from './k-eff.js'

// [k, A, p, κ, pass@k] from tools/reference/fitters-k-eff.py (exact sums in mpmath).
const ref: [number, number, number, number, number][] = [
  [1, 0.85, 0.8, 0.5, 0.16999999999999996],
  [10, 0.85, 0.8, 0.5, 0.5727740030262125],
  [1000, 0.85, 0.8, 0.5, 0.8499991284699573],
  [10000, 1.0, 0.99, 1.3, 0.03671278761145455],
  [500, 0.7, 0.95, 0.0, 0.6999999999949078],
]
const ks = [...new Set(Array.from({ length: 31 }, (_, i) => Math.round(10 ** (i / 10))))]
function curve(A: number, p: number, kappa: number, noise = 0, seed = 1): Curve {
  const rng = createRng(seed)
  return {
    kind: 'Curve',
    id: 'passk',
    title: 'p',
    xLabel: 'k',
    yLabel: 'pass@k',
    xScale: 'log',
    yScale: 'linear',
    quantity: 'pass',
    series: [{ label: 'm', x: ks, y: ks.map((k) => kEffPassAtK(k, A, p, kappa) + noise * rng.normal()) }],
  }
}
const run = (c: Curve, o: Record<string, unknown> = {}) =>
  kEff.run(c, kEff.options.parse(o), createTestContext()) as Fit

describe('kEffPassAtK', () => {
  for (const [k, A, p, kap, v] of ref)
    it(`matches the exact sum (Levi Eq. 10) at k = ${k}, κ = ${kap}`, () =>
      expect(kEffPassAtK(k, A, p, kap)).toBeCloseToRel(v, 1e-10))
})

describe('kEff', () => {
  it('recovers (A, p, κ) from a noiseless curve to 1e-7', () => {
    const f = run(curve(0.85, 0.97, 0.45)).fits[0]
    expect(f.status).toBe('converged')
    expect(f.params[0].value).toBeCloseToRel(0.85, 1e-7)
    expect(f.params[1].value).toBeCloseToRel(0.97, 1e-8)
    expect(f.params[2].value).toBeCloseToRel(0.45, 1e-7)
  })

  it('recovers parameters within 3 SE from noisy data; SEs within 1.5× of the bootstrap spread', () => {
    const f = run(curve(0.85, 0.97, 0.45, 0.003, 4), { bootstrap: 80 }).fits[0]
    for (const [j, t, name] of [
      [0, 0.85, 'A'],
      [1, 0.97, 'p'],
      [2, 0.45, 'kappa'],
    ] as const) {
      expect(Math.abs(f.params[j].value - t)).toBeLessThan(3 * f.params[j].stdErr!)
      const ratio = f.params[j].stdErr! / f.derived![`bootstrapRobustSd_${name}`]
      expect(ratio).toBeGreaterThan(1 / 1.5)
      expect(ratio).toBeLessThan(1.5)
    }
  })

  it('reports the k → ∞ ceiling A·(1 − p^ζ(κ)) for κ > 1 (Eq. 9: H_k → ζ(κ))', () => {
    const f = run(curve(0.9, 0.6, 1.4)).fits[0]
    expect(f.status).toBe('converged')
    expect(f.params[2].value).toBeCloseToRel(1.4, 1e-7)
    expect(f.derived!.ceiling).toBeCloseToRel(f.predict!(1e15), 1e-5)
  })

  it('flags independent attempts (κ = 0) as at-bound instead of converged', () => {
    const f = run(curve(0.8, 0.9, 0)).fits[0]
    expect(f.status).toBe('at-bound')
    expect(f.message).toMatch(/kappa/)
  })

  it('holds κ at fixKappa and recovers (A, p) to 1e-8 from a noiseless curve; κ is reported fixed, without SE', () => {
    const f = run(curve(0.85, 0.97, 0.45), { fixKappa: 0.45 }).fits[0]
    expect(f.status).toBe('converged')
    expect(f.params[0].value).toBeCloseToRel(0.85, 1e-8)
    expect(f.params[1].value).toBeCloseToRel(0.97, 1e-8)
    expect(f.params[2]).toMatchObject({ name: 'kappa', value: 0.45, fixed: true })
    expect(f.goodness.dof).toBe(ks.length - 2)
    // A wrong κ is held too: the fit moves (A, p) instead and leaves residuals.
    const g = run(curve(0.85, 0.97, 0.45), { fixKappa: 0.3 }).fits[0]
    expect(g.params[2].value).toBe(0.3)
    expect(g.goodness.rss!).toBeGreaterThan(1e-6)
    // κ = 0 (independent attempts, H_k = k) is allowed as a fixed value: pass@k = A·(1 − p^k).
    const h = run(curve(0.8, 0.9, 0), { fixKappa: 0 }).fits[0]
    expect(h.params[0].value).toBeCloseToRel(0.8, 1e-8)
    expect(h.params[1].value).toBeCloseToRel(0.9, 1e-8)
  })

  it("takes κ from the input curve's meta.kappa with fixKappa 'from-input', and fits only the data series beside an Eq. 10 prediction", () => {
    const c = curve(0.85, 0.97, 0.45)
    c.meta = { kappa: 0.45 }
    c.series.push({ label: 'm, Eq. 10', x: ks, y: ks.map((k) => kEffPassAtK(k, 1, 0.5, 0.45)), style: 'fit' })
    const f = run(c, { fixKappa: 'from-input' })
    expect(f.fits.map((r) => r.target)).toEqual(['m'])
    expect(f.fits[0].params[2]).toMatchObject({ value: 0.45, fixed: true })
    expect(f.fits[0].params[1].value).toBeCloseToRel(0.97, 1e-8)
    // Named explicitly, a model curve is still fitted.
    expect(run(c, { fixKappa: 'from-input', series: 'm, Eq. 10' }).fits[0].params[1].value).toBeCloseToRel(0.5, 1e-8)
  })

  it("refuses fixKappa 'from-input' on a curve without meta.kappa (PASSK_NO_KAPPA)", () => {
    expect(() => run(curve(0.85, 0.97, 0.45), { fixKappa: 'from-input' })).toThrow(
      expect.objectContaining({
        code: 'PASSK_NO_KAPPA',
        message: 'fitters/k-eff: fixKappa is \'from-input\', but curve "passk" carries no κ (meta.kappa = null).',
      }),
    )
  })
})

describe('kEff on exact Eq. 10 curves (issue 18 D3) and its ceiling bound (issue 16)', () => {
  // Levi Eq. 10 on k = 1..100, exact sums in mpmath at 50 digits (tools/reference/issue18-fit-curves.py).
  const D3a = [
    0.35, 0.45251262658470837, 0.5035691415458597, 0.5348219952807036, 0.5562041949474867, 0.5718925016047578,
    0.5839700071337787, 0.5936000274086659, 0.601486955989623, 0.6080840798416007, 0.6136973013813655,
    0.618541099658761, 0.6227706482436758, 0.6265012002633541, 0.6298202881739705, 0.6327956777169137,
    0.6354807130498012, 0.6379180041571054, 0.6401420297039153, 0.6421810119153075, 0.6440582916259657,
    0.6457933531420486, 0.6474025992699249, 0.6488999451690761, 0.6502972788556628, 0.6516048222229044,
    0.6528314169202544, 0.6539847528290101, 0.6550715522233962, 0.6560977193888142, 0.65706846307134, 0.657988397379127,
    0.6588616254599428, 0.6596918093106964, 0.660482228344545, 0.6612358287855343, 0.6619552655344011,
    0.6626429378194667, 0.6633010196896914, 0.6639314862054221, 0.6645361360232099, 0.6651166109445721,
    0.6656744128974481, 0.6662109187377897, 0.6667273931930012, 0.6672250002155512, 0.6677048129714824,
    0.6681678226527883, 0.668614946273171, 0.6690470335823201, 0.6694648732136057, 0.6698691981631981,
    0.6702606906844897, 0.6706399866698239, 0.6710076795815291, 0.6713643239857887, 0.6717104387357006,
    0.6720465098437652, 0.672372993078828, 0.672690316318035, 0.6729988816805293, 0.6732990674663188,
    0.6735912299208989, 0.6738757048437544, 0.6741528090567299, 0.6744228417464062, 0.6746860856930019,
    0.6749428083969139, 0.6751932631127752, 0.6754376897998294, 0.6756763159964719, 0.6759093576259733,
    0.6761370197396639, 0.6763594972032112, 0.6765769753310433, 0.6767896304734649, 0.6769976305605595,
    0.6772011356065696, 0.6774002981780881, 0.6775952638290756, 0.6777861715054337, 0.6779731539216075,
    0.6781563379114649, 0.6783358447554927, 0.678511790486167, 0.6786842861731909, 0.6788534381901392,
    0.6790193484639225, 0.6791821147083551, 0.6793418306430045, 0.6794985861984022, 0.6796524677086035,
    0.6798035580920027, 0.6799519370212382, 0.680097681082953, 0.6802408639281141, 0.680381556413542,
    0.6805198267352464, 0.6806557405541216, 0.6807893611145112,
  ]
  const D3b = [
    0.1, 0.15651867807276507, 0.19671702305194017, 0.22815567217566543, 0.2540696443197028, 0.2761577998739148,
    0.2954289126925882, 0.3125335546449089, 0.32791703479764145, 0.3418982159376518, 0.3547136341859957,
    0.36654382480224446, 0.3775298510255755, 0.3877841225809711, 0.3973977263088957, 0.40644554126696936,
    0.41498989885009685, 0.42308325959980736, 0.4307702086748967, 0.43808896875463327, 0.44507256445408355,
    0.4517497306792771, 0.45814562988626634, 0.4642824247093071, 0.47017973972129123, 0.4758550372145745,
    0.48132392559030734, 0.48660041440692997, 0.4916971268267478, 0.49662547775255866, 0.5013958241177378,
    0.5060175924123019, 0.5104993874744337, 0.5148490857665717, 0.5190739157262217, 0.5231805272895852,
    0.5271750522982648, 0.5310631571914493, 0.5348500891399899, 0.5385407165809918, 0.5421395649515643,
    0.54565084829026, 0.5490784972683298, 0.5524261841254862, 0.5556973449126614, 0.5588951993843497,
    0.5620227688332206, 0.5650828921179386, 0.5680782401000609, 0.5710113286763109, 0.5738845305675121,
    0.5767000860042206, 0.5794601124309917, 0.5821666133357477, 0.5848214862974508, 0.5874265303338791,
    0.5899834526214685, 0.5924938746506813, 0.5949593378729876, 0.5973813088891388, 0.5997611842228276,
    0.6021002947189545, 0.6043999096014491, 0.6066612402218521, 0.6088854435265704, 0.6110736252678154,
    0.6132268429806753, 0.6153461087465082, 0.617432391760831, 0.6194866207221038, 0.6215096860562183,
    0.6235024419900914, 0.6254657084865028, 0.6274002730511898, 0.6293068924222056, 0.6311862941506411,
    0.6330391780810016, 0.6348662177387971, 0.6366680616322492, 0.6384453344744248, 0.6401986383315718,
    0.6419285537029481, 0.643635640536996, 0.645320439188319, 0.6469834713195581, 0.6486252407519334,
    0.6502462342679244, 0.6518469223692888, 0.6534277599933703, 0.6549891871904254, 0.6565316297644875,
    0.6580554998801041, 0.6595611966371042, 0.6610491066154001, 0.6625196043916807, 0.6639730530297191,
    0.6654098045458979, 0.6668302003514411, 0.6682345716727381, 0.6696232399510512,
  ]
  const on = (y: number[]): Curve => ({
    ...curve(0.5, 0.5, 0.5),
    series: [{ label: 'm', x: y.map((_, i) => i + 1), y }],
  })
  it('recovers (A, p, κ) = (0.7, 0.5, 1) to 3e-11 with standard errors (was: failed)', () => {
    const f = run(on(D3a)).fits[0]
    expect(f.status).toBe('converged')
    ;[0.7, 0.5, 1].forEach((t, j) => expect(f.params[j].value).toBeCloseToRel(t, 3e-11))
    for (const q of f.params) expect(q.stdErr).toBeGreaterThan(0)
  })
  it('recovers (0.7, 0.5, 1) within 4 s.e. with noise 1e-8 … 1e-6 (was: failed)', () => {
    for (const [noise, seed] of [
      [1e-8, 3],
      [1e-7, 4],
      [1e-6, 5],
    ]) {
      const rng = createRng(seed)
      const f = run(on(D3a.map((v) => v + noise * rng.normal()))).fits[0]
      expect(f.status).toBe('converged')
      ;[0.7, 0.5, 1].forEach((t, j) => expect(Math.abs(f.params[j].value - t)).toBeLessThan(4 * f.params[j].stdErr!))
    }
  })
  it('recovers (1, 0.9, 0.7): A = 1 is on the bound of (0, 1], p and κ to 3e-11 with s.e. (was: singular, no s.e.)', () => {
    const f = run(on(D3b)).fits[0]
    expect(f.status).toBe('at-bound')
    expect(f.message).toMatch(/A = 1.000 ran to the edge of \(0, 1\)/)
    expect(f.params[0].value).toBeCloseToRel(1, 3e-11)
    expect(f.params[1].value).toBeCloseToRel(0.9, 3e-11)
    expect(f.params[2].value).toBeCloseToRel(0.7, 3e-11)
    expect(f.params[1].stdErr).toBeGreaterThan(0)
    expect(f.params[2].stdErr).toBeGreaterThan(0)
  })
  it('keeps the ceiling A in (0, 1] on short noisy curves (was: converged with A = 2.33 and 7.73)', () => {
    const ks10 = Array.from({ length: 10 }, (_, i) => i + 1)
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = createRng(seed)
      const y = ks10.map((k) => kEffPassAtK(k, 0.95, 0.97, 0.2) + 0.003 * rng.normal())
      const f = run({ ...curve(0.5, 0.5, 0.5), series: [{ label: 'm', x: ks10, y }] }).fits[0]
      expect(f.params[0].value).toBeGreaterThan(0)
      expect(f.params[0].value).toBeLessThanOrEqual(1)
    }
  })
})
