/**
 * fitters/exp-power-law: pass@k = exp(−a·k^(−b)), the coverage form of Large Language Monkeys
 * (Brown et al. 2024, Eq. 2 / Fig. 5). −log pass@k = a·k^(−b) is a power law, so starts come from
 * the log-log line of −log y.
 */
import { defineCurveFitter, olsLine, nonPositiveX } from './internal/curve-fitter.js'

export const expPowerLaw = defineCurveFitter({
  name: 'exp-power-law',
  summary: 'pass@k = exp(−a·k^(−b)): coverage fit (Large Language Monkeys form)',
  refs: ['Brown et al. 2024 (Large Language Monkeys), coverage fit'],
  natural: 'pass',
  defaultSpace: 'linear',
  identify: true,
  extra: {},
  check(x, y) {
    const bad = nonPositiveX(x, 'k', 'k^(−b) needs k > 0')
    if (bad) return bad
    for (let i = 0; i < y.length; i++)
      if (!(y[i] >= 0 && y[i] <= 1))
        return `pass@k value ${y[i]} at point ${i} is outside [0, 1]; exp(−a·k^(−b)) cannot describe it (is the curve a pass rate?)`
    return null
  },
  build(x, y) {
    const lx: number[] = [],
      ly: number[] = []
    for (let i = 0; i < x.length; i++)
      if (x[i] > 0 && y[i] > 0 && y[i] < 1) {
        lx.push(Math.log(x[i]))
        ly.push(Math.log(-Math.log(y[i])))
      }
    const l = lx.length >= 2 ? olsLine(lx, ly) : { a: 0, b: -0.5 }
    return {
      params: [
        { name: 'a', start: Math.exp(l.a), bound: 'positive' },
        { name: 'b', start: -l.b },
      ],
      model: (t, v) => Math.exp(-t[0] * Math.pow(v, -t[1])),
      gradient: (t, v, o) => {
        const p = Math.pow(v, -t[1]),
          f = Math.exp(-t[0] * p)
        o[0] = -p * f
        o[1] = t[0] * p * Math.log(v) * f
      },
    }
  },
})
