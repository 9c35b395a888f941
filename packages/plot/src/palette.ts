/**
 * Colours. Series use the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), which stays
 * distinguishable under the common colour-vision deficiencies; yellow is last because it is faint on
 * white. Series are also told apart by marker shape. Heat maps use viridis (sequential, perceptually
 * uniform, van der Walt & Smith 2015) or a blue–white–red diverging map (ColorBrewer RdBu) for signed
 * values such as correlations.
 */

export const SERIES_COLORS: readonly string[] = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#F0E442',
]

export function seriesColor(i: number): string {
  return SERIES_COLORS[((i % SERIES_COLORS.length) + SERIES_COLORS.length) % SERIES_COLORS.length]
}

/** Viridis sampled at 9 equally spaced stops (matplotlib's published table). */
const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725']
/** ColorBrewer RdBu (11 classes), reversed so that −1 is blue and +1 is red. */
const RDBU = [
  '#053061',
  '#2166ac',
  '#4393c3',
  '#92c5de',
  '#d1e5f0',
  '#f7f7f7',
  '#fddbc7',
  '#f4a582',
  '#d6604d',
  '#b2182b',
  '#67001f',
]

function hexToRgb(h: string): [number, number, number] {
  return [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)]
}
const hex2 = (v: number) =>
  Math.round(Math.min(255, Math.max(0, v)))
    .toString(16)
    .padStart(2, '0')

function ramp(stops: readonly string[], t: number): string {
  const u = Math.min(1, Math.max(0, t)) * (stops.length - 1)
  const i = Math.min(stops.length - 2, Math.floor(u)),
    f = u - i
  const a = hexToRgb(stops[i]),
    b = hexToRgb(stops[i + 1])
  return `#${hex2(a[0] + (b[0] - a[0]) * f)}${hex2(a[1] + (b[1] - a[1]) * f)}${hex2(a[2] + (b[2] - a[2]) * f)}`
}

/** Colour for t ∈ [0, 1] (clamped) on the named map. @example colorAt('viridis', 0) // → '#440154' */
export function colorAt(palette: 'viridis' | 'diverging', t: number): string {
  return ramp(palette === 'viridis' ? VIRIDIS : RDBU, t)
}

/** Relative luminance (sRGB, WCAG 2) of a #rrggbb colour: chooses black or white text on a cell. */
export function luminance(hex: string): number {
  const lin = (c: number) => {
    const s = c / 255
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }
  const [r, g, b] = hexToRgb(hex)
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}
