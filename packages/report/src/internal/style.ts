/** The report's inline stylesheet: system fonts only, readable when printed, no external resources. */
export const CSS = `
:root { color-scheme: light; --fg: #1b1b1b; --muted: #666; --line: #ddd; --bg-alt: #f6f7f9; --ok: #1a7f37; --warn: #9a6700; --bad: #b42318; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif; color: var(--fg); background: #fff; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 20px 64px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
.muted { color: var(--muted); } code, pre { font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'DejaVu Sans Mono', monospace; font-size: 12.5px; }
pre { background: var(--bg-alt); padding: 10px 12px; overflow-x: auto; border-radius: 4px; }
table { border-collapse: collapse; margin: 6px 0 12px; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
.table-wrap { max-width: 100%; overflow-x: auto; margin: 6px 0 12px; } .table-wrap > table { margin: 0; }
th { background: var(--bg-alt); font-weight: 600; white-space: nowrap; word-break: keep-all; }
td { overflow-wrap: normal; word-break: normal; hyphens: none; } td code { white-space: nowrap; }
ul.kv, ol.kv { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2px 12px; }
ul.kv ul.kv { display: inline-flex; } ul.kv li { white-space: nowrap; } ul.kv .k { color: var(--muted); }
ol.kv { display: block; } .list code { white-space: nowrap; }
td.num, th.num { text-align: right; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; } dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; background: var(--warn); }
.badge.converged { background: var(--ok); } .badge.failed, .badge.non-finite, .badge.singular { background: var(--bad); }
.warnings li { margin: 4px 0; } .warnings code { color: var(--warn); font-weight: 600; }
.error { border-left: 4px solid var(--bad); background: #fdf0ef; padding: 8px 12px; }
figure { margin: 12px 0 20px; } figure svg { max-width: 100%; height: auto; display: block; } figcaption { color: var(--muted); font-size: 13px; }
details { margin: 4px 0 12px; } summary { cursor: pointer; color: #0b5cad; }
.fit { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; margin: 10px 0; }
@media print { details { display: block; } summary { display: none; } h2 { break-after: avoid; } figure { break-inside: avoid; } }
`
