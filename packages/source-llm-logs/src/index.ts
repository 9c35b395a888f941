// @passk/source-llm-logs: external LLM evaluation logs (CSV/JSONL/JSON/Parquet, gzip) as TrialOutcomes.
import { definePackage } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { llmLogs } from './llm-logs.js'

export { llmLogs, llmLogsOptions, type LlmLogsOptions } from './llm-logs.js'

export default definePackage({
  meta: { name: pkg.name, version: pkg.version, namespace: 'sources' },
  plugins: [llmLogs],
})
