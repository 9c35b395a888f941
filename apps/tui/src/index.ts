// @passk/tui: the `passk` command (headless CLI + Ink TUI) and the default plugin registry.
export { main, helpText } from './cli.js'
export { createDefaultRegistry, createBuiltinRegistry, builtinPackages } from './registry.js'
export { runAndWrite, summarize, plotFiles, textTable } from './headless.js'
export { describeOptions } from './commands/plugins.js'
export type { Command, CliIO } from './io.js'
export type { RegistryOptions } from './registry.js'
export type { RunAndWriteOptions, RunAndWriteResult } from './headless.js'
