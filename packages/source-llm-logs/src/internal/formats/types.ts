/**
 * The format interface: every log format the reader knows is one `LogFormat` in this directory, chosen by
 * `detect(probe)` over ONE probe of the file (stat, head bytes, gzip, container) taken once in `probeFile`.
 * A format's `read` feeds the shared accumulator (`ReadState`, the sink) and may set the layout it used.
 */
import type { PluginContext } from '@passk/core'
import type { Accumulator, BadRows } from '../accumulate.js'
import type { FileType } from '../detect.js'
import type { Layout } from '../layout.js'

/** What a reader may know about the options (the zod output of llmLogsOptions). */
export interface FormatOptions {
  path: string
  format: string
  fileType: 'auto' | FileType
  engine: 'auto' | 'stream' | 'duckdb'
  model: string | string[]
  groupBy: string[]
  /** COL=VALUE filters (absent = none; optional so that resolved specs of older runs stay byte-identical). */
  where?: string[] | undefined
  modelColumn: string
  problemColumn: string
  nColumn: string
  cColumn: string
  successColumn: string
  attemptColumn: string
  costColumn: string
  threshold: number | null
  metric: string
  filter: string
  evalplusTests: 'plus' | 'base'
  tests?: 'plus' | 'base' | undefined
  scorer?: string | undefined
  label: string
  duplicates: 'error' | 'first' | 'sum'
  threads: 'auto' | number
  keepAttempts: boolean
  strict: boolean
  /** Decompressed-size and line-length bounds (PASSK_TOO_LARGE past them). */
  maxBytes: number
  maxLineBytes: number
}

/** Container of the bytes on disk: zip archives (inspect_ai .eval), Parquet, gzip-compressed text, plain text. */
export type Container = 'zip' | 'parquet' | 'gzip' | 'plain'

export interface Probe {
  file: string
  size: number
  container: Container
  gzip: boolean
  /** First bytes on disk (up to 64 KiB). */
  rawHead: Buffer
  /** First bytes of the content (gunzipped prefix for gzip files; up to 64 KiB). */
  head: Buffer
  /** The text container type: the fileType option, else the extension (after .gz), else sniffed from the content. */
  type: FileType | 'zip' | undefined
  /** First non-empty line of the (decompressed) text, memoised; read beyond the head only when the line is longer. */
  firstLine(): Promise<{ text: string; line: number } | undefined>
  /** Keys of the first JSONL record (undefined when the first line is not a JSON object), memoised. */
  firstRecord(): Promise<Record<string, unknown> | undefined>
  /** The whole document parsed as JSON (json files only), memoised; throws PASSK_LLM_LOGS_BAD_JSON. */
  document(): unknown
}

export interface ReadState {
  acc: Accumulator
  bad: BadRows
  records: number
  filtered: number
  /** Rows left out by the where option. */
  whereFiltered: number
  layout?: Layout
  /** Every column of a table format (for hints). */
  columns?: string[]
  threads?: number
  /** The engine that read the file ('stream' or 'duckdb'). */
  engine: 'stream' | 'duckdb'
  /** Extra meta entries a format reports (harness, task, scorer, …). */
  meta: Record<string, unknown>
  /** Set by a format that reports its own format name in meta.format (else the layout kind). */
  formatName?: string
}

export interface LogFormat {
  /** The `format` option value that forces it. */
  name: string
  /** Whether this probe is this format (only consulted when format is 'auto'). */
  detect(probe: Probe, o: FormatOptions): boolean | Promise<boolean>
  read(probe: Probe, o: FormatOptions, sink: ReadState, ctx: PluginContext): Promise<void>
}
