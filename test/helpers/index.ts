/** Helpers for cross-package tests: spawn the real binary, locate shared data. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')
export const bin = path.join(repoRoot, 'apps/tui/bin/passk.js')

function withoutForceColor(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _f, ...rest } = env
  return rest
}

/** Run `passk ...args` as a user would; returns status, stdout, stderr. */
export function passk(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; input?: string; timeout?: number } = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? repoRoot,
    // FORCE_COLOR would override NO_COLOR (and Node warns about the pair on stderr)
    env: { ...withoutForceColor(process.env), NO_COLOR: '1', CI: '1', ...opts.env },
    encoding: 'utf8',
    timeout: opts.timeout ?? 120_000,
    input: opts.input ?? '',
  })
}

/** The shared data directory (../shared/data beside the repo), or undefined when absent. */
export function sharedData(): string | undefined {
  const d = path.resolve(repoRoot, '../shared/data')
  return fs.existsSync(d) ? d : undefined
}

export function tmpDir(prefix = 'passk-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

export function writeJson(file: string, value: unknown): string {
  fs.writeFileSync(file, JSON.stringify(value, null, 2))
  return file
}
