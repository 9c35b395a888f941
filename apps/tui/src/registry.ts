/**
 * The registry the `passk` command uses: every built-in plugin package, plus the packages listed in
 * passk.config.json of the working directory or --config (see config.ts). Plugins are discovered from here by the
 * CLI and the TUI; nothing else hard-codes plugin names.
 */
import path from 'node:path'
import { createRegistry, type PluginPackage, type Registry } from '@passk/core'
import sourceLid from '@passk/source-lid'
import sourceCifar10h from '@passk/source-cifar10h'
import sourceBeta from '@passk/source-beta'
import sourceVae, { vaeEvaluators } from '@passk/source-vae'
import sourceLlmLogs from '@passk/source-llm-logs'
import estimators from '@passk/estimators'
import evaluators from '@passk/evaluators'
import fitters from '@passk/fitters'

/** Built-in plugin packages, in registration order. */
export const builtinPackages: readonly PluginPackage[] = [
  sourceLid,
  sourceCifar10h,
  sourceBeta,
  sourceVae,
  sourceLlmLogs,
  estimators,
  evaluators,
  vaeEvaluators,
  fitters,
]

export interface RegistryOptions {
  /** Working directory: its passk.config.json is loaded (default: process.cwd()); ancestors' never are. */
  cwd?: string
  /** Explicit config file (--config). */
  configPath?: string
  /** Skip passk.config.json entirely (tests, --no-config). */
  noConfig?: boolean
}

/** A fresh registry with the built-ins and any configured external plugin packages. */
export async function createDefaultRegistry(opts: RegistryOptions = {}): Promise<Registry> {
  const reg = createRegistry()
  for (const p of builtinPackages) reg.use(p)
  if (!opts.noConfig) {
    const { configInDir, findConfig, loadConfigPlugins, recordConfig } = await import('./config.js')
    const cwd = opts.cwd ?? process.cwd()
    const extra = await loadConfigPlugins({ cwd, ...(opts.configPath ? { configPath: opts.configPath } : {}) })
    for (const { pkg, from } of extra) reg.use(pkg, from)
    const file = opts.configPath ? path.resolve(cwd, opts.configPath) : configInDir(cwd)
    const above = file ? undefined : findConfig(cwd)
    recordConfig(reg, {
      ...(file ? { file } : {}),
      modules: extra.map((e) => ({ spec: e.spec, entry: e.entry })),
      ...(above ? { skipped: above } : {}),
    })
  }
  return reg
}

/** Synchronous variant with built-ins only (tests, the TUI's component tests). */
export function createBuiltinRegistry(): Registry {
  const reg = createRegistry()
  for (const p of builtinPackages) reg.use(p)
  return reg
}
