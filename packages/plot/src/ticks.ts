/**
 * Axis domains and tick positions. Linear axes pad the data range by 4 % of its span on each side
 * and put ticks on the multiples of a 1-2-5 "nice step" inside. Log axes pad by 4 % of the span in
 * log10 units, put a labelled major tick on every decade (every 2nd/3rd/… decade when there are more
 * than 7) and unlabelled minor ticks at 2…9 × 10ⁿ. When fewer than two decades fall inside the
 * domain, 2 × and 5 × 10ⁿ are labelled too, so every log axis carries at least two labels. Decade
 * labels are plain decimals (0.001 … 10000) unless a labelled decade lies outside that range; then
 * all of them are written as powers of ten.
 */

export interface Axis {
  scale: 'log' | 'linear'
  /** Axis limits in data units. */
  domain: [number, number]
  /** Labelled tick positions (data units, ascending, inside the domain). */
  major: number[]
  /** Tick labels, one per major tick. */
  labels: string[]
  /** Unlabelled tick positions. */
  minor: number[]
}

const SUP: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '-': '⁻',
}
const MINUS = '\u2212'

/** "10⁻³" for exponent −3. */
export function powerOfTen(e: number): string {
  return (
    '10' +
    String(e)
      .split('')
      .map((ch) => SUP[ch] ?? ch)
      .join('')
  )
}

/** Smallest step from {1, 2, 5} × 10ⁿ that is ≥ raw (raw > 0). @example niceStep(0.23) // → 0.5 */
export function niceStep(raw: number): number {
  const mag = 10 ** Math.floor(Math.log10(raw))
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw * (1 - 1e-12)) return m * mag
  return 10 * mag
}

/** log10 with exact integers for exact powers of ten (Math.log10(1000) is 2.9999999999999996 on some engines). */
function log10(v: number): number {
  const e = Math.log10(v)
  const r = Math.round(e)
  return Math.abs(e - r) < 1e-12 ? r : e
}

function clean(v: number): number {
  return Number(v.toPrecision(12))
}

/** Tick label for value v on a linear axis with the given step: fixed decimals, or a×10ⁿ when very large/small. */
export function formatTick(v: number, step: number): string {
  if (v === 0 || Math.abs(v) < step * 1e-9) return '0'
  const sign = v < 0 ? MINUS : ''
  const a = Math.abs(v)
  const big = Math.max(a, step)
  if (big >= 1e6 || big < 1e-3) {
    const e = Math.floor(log10(a))
    const m = clean(a / 10 ** e)
    return sign + (m === 1 ? '' : `${m}×`) + powerOfTen(e)
  }
  const decimals = Math.max(0, Math.min(12, -Math.floor(log10(step) + 1e-9)))
  return sign + a.toFixed(decimals)
}

/** Label of a log-axis tick: plain decimals between 10⁻³ and 10⁴ (unless `powers`), powers of ten otherwise. */
export function formatLogTick(v: number, powers = false): string {
  const e = Math.floor(log10(v) + 1e-9)
  const m = Number((v / 10 ** e).toPrecision(3))
  if (!powers && e >= -3 && e <= 4) return String(Number(v.toPrecision(3)))
  return (m === 1 ? '' : `${m}×`) + powerOfTen(e)
}

/**
 * A linear axis over [min, max] with about `target` 1-2-5 steps. The domain is the data range widened
 * by `pad` × span on each side (so markers do not sit on the frame); ticks are the step multiples inside.
 */
export function linearAxis(min: number, max: number, target = 5, pad = 0.04): Axis {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    min = 0
    max = 1
  }
  if (min > max) [min, max] = [max, min]
  if (min === max) {
    const half = min === 0 ? 1 : Math.abs(min) * 0.5
    min -= half
    max += half
  }
  const span = max - min
  const d0 = min - pad * span,
    d1 = max + pad * span
  const step = niceStep(span / Math.max(1, target))
  const i0 = Math.ceil(d0 / step - 1e-9),
    i1 = Math.floor(d1 / step + 1e-9)
  const major: number[] = []
  // 15 significant digits drop float noise (0.30000000000000004) without merging ticks of tiny ranges.
  for (let i = i0; i <= i1; i++) major.push(Number((i * step).toPrecision(15)))
  return { scale: 'linear', domain: [d0, d1], major, labels: major.map((v) => formatTick(v, step)), minor: [] }
}

/** A log axis over [min, max] (both > 0). */
export function logAxis(min: number, max: number): Axis {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) {
    min = 1
    max = 10
  }
  if (min > max) [min, max] = [max, min]
  let l0 = log10(min),
    l1 = log10(max)
  if (l1 - l0 < 1e-9) {
    l0 -= 0.5
    l1 += 0.5
  }
  const pad = 0.04 * (l1 - l0)
  l0 -= pad
  l1 += pad
  const d0 = 10 ** l0,
    d1 = 10 ** l1
  const e0 = Math.ceil(l0 - 1e-9),
    e1 = Math.floor(l1 + 1e-9)
  const decades = e1 - e0 + 1
  const every = Math.max(1, Math.ceil(decades / 7))
  const major: number[] = [],
    minor: number[] = []
  const inside = (v: number) => v >= d0 * (1 - 1e-12) && v <= d1 * (1 + 1e-12)
  for (let e = Math.floor(l0); e <= Math.ceil(l1); e++) {
    const p = clean(10 ** e)
    if (inside(p)) (e % every === 0 ? major : minor).push(p)
    if (every === 1)
      for (let m = 2; m <= 9; m++) {
        const v = clean(m * 10 ** e)
        if (inside(v)) minor.push(v)
      }
  }
  if (major.length < 2) {
    // Fewer than two decades inside: promote 2× and 5× minor ticks to labelled ticks.
    for (const v of minor) {
      const m = Math.round(v / 10 ** Math.floor(log10(v) + 1e-9))
      if (m === 2 || m === 5) major.push(v)
    }
    major.sort((a, b) => a - b)
  }
  if (major.length < 2) {
    // Still under two labels (a domain inside one 1-2-5 gap): label the domain ends.
    major.splice(0, major.length, clean(d0), clean(d1))
  }
  const majorSet = new Set(major)
  const powers = major.some((v) => v < 1e-3 * (1 - 1e-9) || v >= 1e5)
  return {
    scale: 'log',
    domain: [d0, d1],
    major,
    labels: major.map((v) => formatLogTick(v, powers)),
    minor: minor.filter((v) => !majorSet.has(v)).sort((a, b) => a - b),
  }
}

export function makeAxis(scale: 'log' | 'linear', min: number, max: number, target = 5): Axis {
  return scale === 'log' ? logAxis(min, max) : linearAxis(min, max, target)
}
