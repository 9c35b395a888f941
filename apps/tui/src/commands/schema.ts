import { pipelineJsonSchema } from '@passk/core'
import type { Command } from '../io.js'

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'Print the JSON Schema of pipeline spec files',
  usage: 'passk schema',
  help: 'Prints the JSON Schema (draft 2020-12) that pipeline spec files follow; editors can use it via "$schema".',
  async run(_args, io) {
    io.stdout.write(JSON.stringify(pipelineJsonSchema(), null, 2) + '\n')
    return 0
  },
}
