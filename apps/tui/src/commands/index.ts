/** Every `passk` subcommand, in the order `passk --help` lists them. Add one line per command. */
import type { Command } from '../io.js'
import { runCommand } from './run.js'
import { pluginsCommand } from './plugins.js'
import { schemaCommand } from './schema.js'
import { startCommand } from './start.js'
import { reportCommand } from './report.js'
import { fitCommand } from './fit.js'
import { scalingCommand } from './scaling.js'

export const commands: Command[] = [
  runCommand,
  fitCommand,
  scalingCommand,
  pluginsCommand,
  schemaCommand,
  startCommand,
  reportCommand,
]
