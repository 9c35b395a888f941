#!/usr/bin/env node
// The `passk` command. A published install runs the compiled dist/; a source checkout (src/ present,
// no PASSK_USE_DIST=1) runs the TypeScript sources through tsx, resolving workspace packages to their
// sources via the "@passk/source" export condition, so `npm start` needs no build step.
import { existsSync } from 'node:fs'
import { register } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const src = new URL('../src/cli.ts', import.meta.url)
const dist = new URL('../dist/src/cli.js', import.meta.url)
const fromSource = existsSync(fileURLToPath(src)) && process.env.PASSK_USE_DIST !== '1'

if (fromSource) {
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
