/**
 * fitters/power-law: y = a·x^(−b) (Levi 2024 Eq. 7 tail, LID Eq. 22 at fixed N). Default: log-space
 * residuals, starts from the log-log OLS line (so no start search is needed), analytic Jacobian.
 */
import { defineCurveFitter, olsLine, nonPositiveX } from './internal/curve-fitter.js'

export const powerLaw = defineCurveFitter({
  name: 'power-law',
  summary: 'y = a·x^(−b): power-law fit (log space by default, optional Huber loss)',
  refs: ['Levi 2024 Eq. 7 (k → ∞ tail)', 'LID Eq. 22'],
  natural: 'failure',
  defaultSpace: 'log',
  identify: true,
  extra: {},
  check(x) {
    return nonPositiveX(x, 'x', 'x^(−b) needs x > 0')
  },
  build(x, y) {
    const lx: number[] = [],
      ly: number[] = []
    for (let i = 0; i < x.length; i++)
      if (x[i] > 0 && y[i] > 0) {
        lx.push(Math.log(x[i]))
        ly.push(Math.log(y[i]))
      }
    const l = lx.length >= 2 ? olsLine(lx, ly) : { a: Math.log(Math.abs(y[0]) || 1), b: 0 }
    return {
      params: [
        { name: 'a', start: Math.exp(l.a), bound: 'positive' },
        { name: 'b', start: -l.b },
      ],
      model: (t, v) => t[0] * Math.pow(v, -t[1]),
      gradient: (t, v, o) => {
        const p = Math.pow(v, -t[1])
        o[0] = p
        o[1] = -t[0] * p * Math.log(v)
      },
    }
  },
})
