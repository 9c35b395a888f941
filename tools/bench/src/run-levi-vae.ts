// Run examples/levi-vae.json like `passk run` (with vaeEvaluators registered) and time it; writes /tmp/levi-vae-run.
// Moved from packages/source-vae/bench: it needs @passk/tui, and @passk/tui depends on @passk/source-vae.
import path from 'node:path'
import { loadSpec } from '@passk/core'
import { createDefaultRegistry, runAndWrite } from '@passk/tui'
import { vaeEvaluators } from '@passk/source-vae'
const file = path.resolve(import.meta.dirname, '../../../examples/levi-vae.json')
const registry = await createDefaultRegistry({ noConfig: true })
if (!registry.has('evaluators/score-passk')) registry.use(vaeEvaluators)
const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  isTTY: false,
  stderrTTY: false,
} as unknown as Parameters<typeof runAndWrite>[2]
const t = performance.now()
const r = await runAndWrite(loadSpec(file), { registry, out: '/tmp/levi-vae-run', baseDir: path.dirname(file) }, io)
console.log('code', r.code, 'wall', ((performance.now() - t) / 1000).toFixed(1), 's')
