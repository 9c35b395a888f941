/** HTML string helpers for the report (never re-exported). */

export function esc(s: unknown): string {
  return String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** A number for a table cell: 4 significant digits, exponent form outside [1e-3, 1e5), '—' when missing. */
export function fmt(v: unknown, digits = 4): string {
  if (typeof v !== 'number') return v === null || v === undefined ? '—' : esc(v)
  if (!Number.isFinite(v)) return '—'
  if (v === 0) return '0'
  const a = Math.abs(v)
  if (Number.isInteger(v) && a < 1e9) return String(v).replace('-', '\u2212')
  const s =
    a >= 1e5 || a < 1e-3 ? v.toExponential(digits - 1).replace(/\.?0+e/, 'e') : String(Number(v.toPrecision(digits)))
  return s.replace('-', '\u2212')
}

/** A simple table; cells are already-escaped HTML. Wrapped so a wide table scrolls instead of breaking words. */
export function table(columns: readonly string[], rows: readonly (readonly string[])[], cls = ''): string {
  return `<div class="table-wrap"><table${cls ? ` class="${cls}"` : ''}><thead><tr>${columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`
}

/**
 * A value from spec options or run info as readable HTML instead of a JSON blob: primitives as text, arrays of
 * primitives comma-separated, objects as a list of `key value` pairs (nested up to 3 levels, then compact JSON).
 */
export function valueHtml(v: unknown, depth = 0): string {
  if (v === null || v === undefined) return '<span class="muted">—</span>'
  if (typeof v === 'number') return `<code>${fmt(v, 6)}</code>`
  if (typeof v !== 'object') return `<code>${esc(v)}</code>`
  if (depth >= 3) return `<code>${esc(JSON.stringify(v))}</code>`
  if (Array.isArray(v)) {
    if (v.length === 0) return '<span class="muted">[ ]</span>'
    if (v.every((x) => x === null || typeof x !== 'object'))
      return `<span class="list">${v.map((x) => valueHtml(x, depth + 1)).join(', ')}</span>`
    return `<ol class="kv">${v.map((x) => `<li>${valueHtml(x, depth + 1)}</li>`).join('')}</ol>`
  }
  const entries = Object.entries(v as Record<string, unknown>)
  if (entries.length === 0) return '<span class="muted">{ }</span>'
  return `<ul class="kv">${entries.map(([k, x]) => `<li><span class="k">${esc(k)}</span> ${valueHtml(x, depth + 1)}</li>`).join('')}</ul>`
}

/** An id-safe slug. */
export function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'x'
  )
}
