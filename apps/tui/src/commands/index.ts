/**
 * Every `passk` subcommand, in the order `passk --help` lists them: its name, one-line summary and a
 * loader. A command's module (and whatever it imports: the plugin registry, DuckDB, Ink) is imported
 * only when that command runs or prints its help, so `passk --help` loads no plugin package.
 * Add a command: write commands/<name>.ts exporting a `Command`, and add one line here.
 */
import type { Command } from '../io.js'

export interface CommandEntry {
  name: string
  summary: string
  /** Imports the command's module. */
  load(): Promise<Command>
}

export const commands: CommandEntry[] = [
  {
    name: 'run',
    summary: 'Run a pipeline spec headless and write a run directory',
    load: async () => (await import('./run.js')).runCommand,
  },
  {
    name: 'fit',
    summary: 'Fit pass@k scaling to your own LLM evaluation logs (one command)',
    load: async () => (await import('./fit.js')).fitCommand,
  },
  {
    name: 'scaling',
    summary: 'Train more or sample more? Tail exponent vs training and the compute split, from checkpoint logs',
    load: async () => (await import('./scaling.js')).scalingCommand,
  },
  {
    name: 'plan',
    summary: 'Where should the next attempts go? Allocate a budget to shrink the interval on pass@K',
    load: async () => (await import('./plan.js')).planCommand,
  },
  {
    name: 'plugins',
    summary: 'List registered plugins with their options and defaults',
    load: async () => (await import('./plugins.js')).pluginsCommand,
  },
  {
    name: 'schema',
    summary: 'Print the JSON Schema of pipeline spec files',
    load: async () => (await import('./schema.js')).schemaCommand,
  },
  {
    name: 'start',
    summary: 'The main job: the TUI on a terminal, otherwise a headless run of examples/quickstart.json',
    load: async () => (await import('./start.js')).startCommand,
  },
  {
    name: 'report',
    summary: 'Write a self-contained report.html for a run directory',
    load: async () => (await import('./report.js')).reportCommand,
  },
]
