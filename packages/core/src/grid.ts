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

/** Expand a grid spec to ascending unique values. */
export function expandGrid(g: GridSpec): number[] {
  let v: number[]
  if (Array.isArray(g)) v = [...g]
  else {
    const { from, to, num } = g
    const scale = g.scale ?? 'log',
      integer = g.integer ?? false
    v = []
    for (let i = 0; i < num; i++) {
      const t = num === 1 ? 0 : i / (num - 1)
      v.push(scale === 'log' ? Math.exp(Math.log(from) + t * (Math.log(to) - Math.log(from))) : from + t * (to - from))
    }
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
