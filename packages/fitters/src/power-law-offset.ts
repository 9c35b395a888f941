/**
 * fitters/power-law-offset: y = c + a·x^(−b), an irreducible floor c plus a power law (the Epoch /
 * Chinchilla-style saturating form). Multi-start over the offset c ∈ {0, ½·min y, 0.9·min y}, each
 * with a and b from the log-log line of y − c.
 */
import { defineCurveFitter, olsLine, nonPositiveX } from './internal/curve-fitter.js'

export const powerLawOffset = defineCurveFitter({
  name: 'power-law-offset',
  summary: 'y = c + a·x^(−b): power law with an offset (floor)',
  refs: ['Levi 2024 Eq. 7 with a floor', 'LID Eq. 17 (one term plus a constant)'],
  natural: 'failure',
  defaultSpace: 'log',
  identify: true,
  extra: {},
  check(x) {
    return nonPositiveX(x, 'x', 'x^(−b) needs x > 0')
  },
  build(x, y) {
    const ymin = y.reduce((a, b) => Math.min(a, b), Infinity)
    const cs = ymin > 0 ? [0, 0.5 * ymin, 0.9 * ymin] : [0]
    // One start per offset; a and b from the log-log line of (y − c) at that offset.
    const starts = cs.map((c) => {
      const lx: number[] = [],
        ly: number[] = []
      for (let i = 0; i < x.length; i++)
        if (x[i] > 0 && y[i] - c > 0) {
          lx.push(Math.log(x[i]))
          ly.push(Math.log(y[i] - c))
        }
      const l = lx.length >= 2 ? olsLine(lx, ly) : { a: 0, b: 0 }
      return { c, a: Math.exp(l.a), b: -l.b }
    })
    return {
      // Starts are listed per parameter; the engine's Cartesian grid includes the matched triples.
      params: [
        { name: 'c', start: starts.map((s) => s.c) },
        { name: 'a', start: [...new Set(starts.map((s) => s.a))], bound: 'positive' },
        { name: 'b', start: [...new Set(starts.map((s) => s.b))] },
      ],
      model: (t, v) => t[0] + t[1] * Math.pow(v, -t[2]),
      gradient: (t, v, o) => {
        const p = Math.pow(v, -t[2])
        o[0] = 1
        o[1] = p
        o[2] = -t[1] * p * Math.log(v)
      },
    }
  },
})
