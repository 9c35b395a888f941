// `node --import ./log-modules.mjs …` appends the URL of every module the process resolves to the file
// named by PASSK_MODULE_LOG (tests check what `passk --help` loads; see src/startup.test.ts).
import { register } from 'node:module'

if (process.env.PASSK_MODULE_LOG)
  register('./log-modules-hook.mjs', import.meta.url, { data: { file: process.env.PASSK_MODULE_LOG } })
