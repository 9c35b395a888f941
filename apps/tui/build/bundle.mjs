#!/usr/bin/env node
// Bundles the `passk` CLI and its worker entry points into plain JavaScript with esbuild, so the command
// starts without transpiling TypeScript (issue 17: start-up). Workspace packages (@passk/*) are bundled
// from their TypeScript sources (the "@passk/source" condition); third-party packages stay external and
// load from node_modules (DuckDB and resvg are native; Ink/React load only with the TUI). Dynamic
// imports stay dynamic (code splitting), so each command loads only its own chunks.
//
// Layout of DIST (default apps/tui/dist):
//   bundle/passk.js        the CLI entry (bin/passk.js imports it) and the lazily loaded chunks
//   bundle/jsonl-worker.js source-llm-logs resolves './jsonl-worker.js' next to the chunk holding it
//   run-worker.js          the TUI's runner resolves '../run-worker.js' from its chunk; self-contained,
//   jsonl-worker.js        as is the JSONL worker beside it (used by runs inside the TUI's worker)
//   bundle/inputs.json     the sources it was built from: bin/passk.js runs the sources instead of a stale bundle
// bundle/ sits as deep below the repository root as src/commands/, so the '../../../../examples' URLs of
// the sources resolve to the same directory.
//
// Run by the root `prepare` script (npm ci / npm install) and `npm run build:cli`; `--dist DIR` for tests.
import { build } from 'esbuild'
import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('../../../', import.meta.url))

/**
 * Left to node_modules: the native addons (DuckDB, resvg), Ink's optional React dev tools, and tsx.
 * Everything else — @passk/* sources, zod, ml-matrix, Ink, React and their dependencies — is bundled: one
 * file read instead of a resolution walk per module, and no CommonJS parsing at start-up (Ink and React
 * alone were ~0.6 s of CPU to import from node_modules). React runs its production build
 * (process.env.NODE_ENV is "production" in the bundle).
 */
const EXTERNAL = /^(@duckdb\/|@resvg\/|react-devtools-core|tsx(\/|$))/
const externals = {
  name: 'externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      EXTERNAL.test(args.path) ? { path: args.path, external: true } : undefined,
    )
  },
}

/** The sources a bundle was built from (relative to the repository root), for the staleness checks. */
function writeInputs(file, dir, inputs) {
  fs.writeFileSync(
    file,
    JSON.stringify({
      root: path.relative(dir, root).split(path.sep).join('/') + '/',
      inputs: [...new Set(inputs)].filter((f) => !f.includes('node_modules')),
    }),
  )
}

const defaultDist = path.join(root, 'apps/tui/dist')

/** Build into `dist` (and, for the default dist, the bench worker); returns the output files. */
export async function bundleCli(dist = defaultDist) {
  const outdir = path.join(dist, 'bundle')
  fs.rmSync(outdir, { recursive: true, force: true })
  for (const f of ['run-worker', 'jsonl-worker'])
    for (const x of ['.js', '.js.map']) fs.rmSync(path.join(dist, f + x), { force: true })
  const common = {
    absWorkingDir: root,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['@passk/source'],
    tsconfig: path.join(root, 'apps/tui/tsconfig.json'),
    jsx: 'automatic',
    sourcemap: 'linked',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    // CommonJS modules in the bundle (signal-exit, …) require() Node built-ins: give the ESM output a require
    banner: {
      js: "import { createRequire as __passkRequire } from 'node:module'; const require = __passkRequire(import.meta.url);",
    },
    logLevel: 'warning',
    metafile: true,
    plugins: [externals],
  }
  const cli = await build({
    ...common,
    entryPoints: [
      { in: 'apps/tui/src/cli.ts', out: 'passk' },
      { in: 'packages/source-llm-logs/src/internal/jsonl-worker.ts', out: 'jsonl-worker' },
    ],
    outdir,
    splitting: true,
    chunkNames: '[name]-[hash]',
  })
  const workers = await build({
    ...common,
    entryPoints: [
      { in: 'apps/tui/src/tui/run-worker.ts', out: 'run-worker' },
      { in: 'packages/source-llm-logs/src/internal/jsonl-worker.ts', out: 'jsonl-worker' },
    ],
    outdir: dist,
  })
  // W1's bench pool worker (tools/bench/src/pool.ts starts it when fresh)
  const benchDir = path.join(root, 'tools/bench/dist/bundle')
  const bench =
    path.resolve(dist) === defaultDist
      ? await build({ ...common, entryPoints: [{ in: 'tools/bench/src/worker.ts', out: 'worker' }], outdir: benchDir })
      : undefined
  if (bench) writeInputs(path.join(benchDir, 'worker.inputs.json'), benchDir, Object.keys(bench.metafile.inputs))
  fs.writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(cli.metafile))
  const inputs = [...new Set([...Object.keys(cli.metafile.inputs), ...Object.keys(workers.metafile.inputs)])]
  fs.writeFileSync(
    path.join(outdir, 'inputs.json'),
    JSON.stringify({
      root: path.relative(outdir, root).split(path.sep).join('/') + '/',
      inputs: inputs.filter((f) => !f.includes('node_modules')),
    }),
  )
  return [...Object.keys(cli.metafile.outputs), ...Object.keys(workers.metafile.outputs)].filter((f) =>
    f.endsWith('.js'),
  )
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--dist')
  const dist = i > 0 ? path.resolve(process.argv[i + 1]) : undefined
  const t0 = performance.now()
  let files
  try {
    files = await bundleCli(dist)
  } catch (e) {
    // never fail an install over it: bin/passk.js runs the sources when there is no bundle
    process.stderr.write(`passk: could not bundle the CLI (${e?.message ?? e}); \`passk\` will run from the sources.\n`)
    process.exit(0)
  }
  process.stderr.write(
    `passk: bundled the CLI into ${files.length} files (${path.relative(process.cwd(), dist ?? path.join(root, 'apps/tui/dist')) || '.'}) in ${Math.round(performance.now() - t0)} ms\n`,
  )
}
