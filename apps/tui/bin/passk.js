#!/usr/bin/env node
// The `passk` command. Three ways to run, fastest first:
//  1. dist/bundle/passk.js — the esbuild bundle (apps/tui/build/bundle.mjs, built by the root `prepare`
//     script on `npm ci`): plain JavaScript, no transpiling at start-up.
//  2. src/ through tsx, resolving workspace packages to their TypeScript sources via the "@passk/source"
//     export condition — for development: PASSK_FROM_SOURCE=1, no bundle, or a bundle older than a source.
//  3. dist/src/cli.js — the tsc build of a published package (PASSK_USE_DIST=1 forces it).
import { existsSync, readFileSync, statSync } from 'node:fs'
import { register } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const src = new URL('../src/cli.ts', import.meta.url)
const dist = new URL('../dist/src/cli.js', import.meta.url)
const bundle = new URL('../dist/bundle/passk.js', import.meta.url)
const hasSource = existsSync(fileURLToPath(src))

/** The bundle is stale when a source it was built from changed since (checked only in a checkout). */
function bundleFresh() {
  if (!hasSource) return true
  try {
    const built = statSync(bundle).mtimeMs
    const { root, inputs } = JSON.parse(readFileSync(new URL('../dist/bundle/inputs.json', import.meta.url), 'utf8'))
    const base = new URL(root, bundle)
    return inputs.every((f) => statSync(new URL(f, base)).mtimeMs <= built)
  } catch {
    return false
  }
}

const env = process.env
// `passk … | head`: a closed pipe ends the command quietly instead of an unhandled EPIPE
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw e
  })
const useBundle = env.PASSK_FROM_SOURCE !== '1' && env.PASSK_USE_DIST !== '1' && existsSync(fileURLToPath(bundle))
if (useBundle && bundleFresh()) {
  await import(bundle.href)
} else if (hasSource && env.PASSK_USE_DIST !== '1') {
  if (useBundle && process.stderr.isTTY)
    process.stderr.write(
      'passk: sources changed since the bundle was built; running them through tsx (npm run build:cli)\n',
    )
  register(pathToFileURL(`${here}source-conditions.js`))
  const { register: registerTsx } = await import('tsx/esm/api')
  // The package tsconfig (extends tsconfig.base.json) gives tsx the react-jsx transform for .tsx files.
  registerTsx({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) })
  await import(src.href)
} else if (existsSync(fileURLToPath(dist))) {
  await import(dist.href)
} else {
  process.stderr.write('passk: neither src/ nor dist/ found; reinstall @passk/tui or run `npm run build`.\n')
  process.exit(1)
}
