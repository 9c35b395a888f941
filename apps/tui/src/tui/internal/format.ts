/** Number and time formatting shared by the screens. */

export function fmtNum(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—'
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞'
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(digits - 1)
  return Number(v.toPrecision(digits)).toString()
}

/** 83 ms, 4.2 s, 3m05s. */
export function fmtMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const s = Math.round(ms / 1000)
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
}

export function truncate(s: string, w: number): string {
  if (w <= 0) return ''
  return s.length <= w ? s : w === 1 ? '…' : s.slice(0, w - 1) + '…'
}

/** Greek names as symbols for display: beta_eff → β_eff. */
export function prettyParam(name: string): string {
  return name
    .replace(/^beta/, 'β')
    .replace(/^alpha/, 'α')
    .replace(/^lambda/, 'λ')
    .replace(/^sigma/, 'σ')
    .replace(/^kappa/, 'κ')
    .replace(/^tau/, 'τ')
}
