// Worker entry in plain JS: Node 20 does not apply the parent's `--import tsx` loader to a worker's
// entry module, so register tsx here, then load the TypeScript worker (same sources as in process).
import { register } from 'tsx/esm/api'

register()
await import('./worker.ts')
