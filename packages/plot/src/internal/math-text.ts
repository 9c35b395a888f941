/**
 * Math labels for SVG text: `L_inf`, `beta_eff`, `C_1 k^-beta`, `k^{-β}` become real sub- and superscripts
 * (tspans with a baseline shift and a smaller size), and Greek names written out right before `_`/`^` or
 * standing alone (`beta`, `beta_eff`; not `beta-binomial`) become letters. Plain labels pass through as text.
 */
import { esc } from './svg.js'

const GREEK: Record<string, string> = {
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ε',
  eta: 'η',
  theta: 'θ',
  kappa: 'κ',
  lambda: 'λ',
  mu: 'μ',
  sigma: 'σ',
  tau: 'τ',
}

/** Greek names as letters where they stand alone or carry a sub/superscript. */
export function greek(s: string): string {
  return s.replace(
    /(^|[^A-Za-z])(alpha|beta|gamma|delta|epsilon|eta|theta|kappa|lambda|mu|sigma|tau)(?=$|[_^\s),=*/}])/g,
    (_, a: string, g: string) => a + GREEK[g],
  )
}

export interface MathPart {
  text: string
  shift: 0 | -1 | 1
}

/** Split into runs of normal, subscript (+1) and superscript (−1) text. */
export function mathParts(label: string): MathPart[] {
  const s = greek(label)
  const parts: MathPart[] = []
  const push = (text: string, shift: 0 | -1 | 1) => {
    if (!text) return
    const last = parts.at(-1)
    if (last && last.shift === shift) last.text += text
    else parts.push({ text, shift })
  }
  let i = 0
  while (i < s.length) {
    const c = s[i]
    if ((c === '_' || c === '^') && i > 0 && i + 1 < s.length && !/\s/.test(s[i - 1])) {
      let j = i + 1,
        body: string
      if (s[j] === '{') {
        const end = s.indexOf('}', j)
        if (end < 0) {
          push(c, 0)
          i++
          continue
        }
        body = s.slice(j + 1, end)
        j = end + 1
      } else {
        const m = (c === '^' ? /^[−+-]?[\p{L}\p{N}.]+/u : /^[\p{L}\p{N}]+/u).exec(s.slice(j))
        if (!m) {
          push(c, 0)
          i++
          continue
        }
        body = m[0]
        j += body.length
      }
      push(c === '^' ? body.replace(/^-/, '−') : body, c === '_' ? 1 : -1)
      i = j
      continue
    }
    push(c, 0)
    i++
  }
  return parts
}

/** Plain-text rendering (sub/superscripts inline), e.g. for <title> and data attributes. */
export function mathPlain(label: string): string {
  return mathParts(label)
    .map((p) => p.text)
    .join('')
}

/** SVG text content: escaped text with tspans for the shifted runs, at font size `size`. */
export function mathSvg(label: string, size: number): string {
  const parts = mathParts(label)
  if (parts.every((p) => p.shift === 0)) return esc(parts.map((p) => p.text).join(''))
  const small = Math.round(size * 0.72 * 10) / 10
  let cur = 0
  return parts
    .map((p) => {
      const target = p.shift === 0 ? 0 : p.shift * size * (p.shift > 0 ? 0.28 : 0.4)
      const dy = Math.round((target - cur) * 100) / 100
      cur = target
      const attrs = `${dy !== 0 ? ` dy="${dy}"` : ''}${p.shift !== 0 ? ` font-size="${small}"` : ''}`
      return `<tspan${attrs}>${esc(p.text)}</tspan>`
    })
    .join('')
}
