/**
 * Grids (k values, N sweeps, budgets) as options: either an explicit list or {from, to, num, scale,
 * integer}. One schema so the CLI, the TUI form and every plugin read grids the same way.
 */
import { z } from 'zod'

export const rangeGridSchema = z
  .object({
    from: z.number().positive().describe('First value'),
    to: z.number().positive().describe('Last value'),
    num: z.number().int().min(1).max(1_000_000).describe('Number of points'),
    scale: z.enum(['log', 'linear']).default('log').describe('Spacing'),
    integer: z.boolean().default(false).describe('Round to integers and drop duplicates'),
  })
  .strict()

export const gridSchema = z.union([z.array(z.number().positive()).min(1), rangeGridSchema])
export type GridSpec = z.input<typeof gridSchema>

/**
 * Point i of num log-spaced points from `from` to `to`: from·10^(i·L/(num−1)), L = log10(to/from), with
 * the exponent formed as (i·L)/(num−1) so that whole decades are exact (1·10^4 is 10000, not the
 * 10000.000000000009 of exp(log(from) + t·(log(to) − log(from))), which cost windows ending at 1e4 their last
 * point: issue 18 D1). A point within 1e−13 (relative) of from·10^n or to·10^−n for an integer n is that value.
 */
function logPoint(from: number, to: number, i: number, num: number): number {
  if (num === 1 || i === 0) return from
  if (i === num - 1) return to
  const L = Math.log10(to / from)
  const e = (i * L) / (num - 1)
  const n = Math.round(e)
  if (Math.abs(e - n) < 1e-13 * Math.max(1, Math.abs(e))) return from * 10 ** n
  const back = Math.round(e - L) // the point as to·10^(e − L), exact when e − L is a whole number of decades
  if (Math.abs(e - L - back) < 1e-13 * Math.max(1, Math.abs(L))) return to * 10 ** back
  return from * 10 ** e
}

function linPoint(from: number, to: number, i: number, num: number): number {
  if (num === 1 || i === 0) return from
  if (i === num - 1) return to
  return from + ((to - from) * i) / (num - 1)
}

/** Expand a grid spec to ascending unique values. */
export function expandGrid(g: GridSpec): number[] {
  let v: number[]
  if (Array.isArray(g)) v = [...g]
  else {
    const { from, to, num } = g
    const scale = g.scale ?? 'log',
      integer = g.integer ?? false
    v = []
    for (let i = 0; i < num; i++) v.push(scale === 'log' ? logPoint(from, to, i, num) : linPoint(from, to, i, num))
    if (num > 1) v[num - 1] = to
    if (integer) v = v.map((x) => Math.round(x))
  }
  v.sort((a, b) => a - b)
  return v.filter((x, i) => i === 0 || x !== v[i - 1])
}

/** Log-spaced grid helper for code (not options). */
export function logGrid(from: number, to: number, num: number, integer = false): number[] {
  return expandGrid({ from, to, num, scale: 'log', integer })
}
