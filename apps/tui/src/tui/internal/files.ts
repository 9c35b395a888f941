/** Where the TUI finds specs to open: examples/*.json and recent runs/<dir>/spec.json. */
import fs from 'node:fs'
import path from 'node:path'

export interface SpecFile {
  file: string
  label: string
  detail?: string
  mtimeMs: number
}

function readName(file: string): string | undefined {
  try {
    const j = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown; description?: unknown }
    return typeof j.description === 'string' ? j.description : typeof j.name === 'string' ? j.name : undefined
  } catch {
    return undefined
  }
}

/** *.json specs in the given example directories (first directory wins on duplicate names). */
export function listExamples(dirs: string[]): SpecFile[] {
  const seen = new Set<string>()
  const out: SpecFile[] = []
  for (const d of dirs) {
    let names: string[]
    try {
      names = fs
        .readdirSync(d)
        .filter((n) => n.endsWith('.json') && !n.endsWith('.schema.json'))
        .sort()
    } catch {
      continue
    }
    for (const n of names) {
      if (seen.has(n)) continue
      seen.add(n)
      const file = path.join(d, n)
      const detail = readName(file)
      out.push({ file, label: n, mtimeMs: fs.statSync(file).mtimeMs, ...(detail ? { detail } : {}) })
    }
  }
  return out
}

/** runs/<dir>/spec.json, newest first. */
export function listRuns(runsDir: string, limit = 30): SpecFile[] {
  let dirs: string[]
  try {
    dirs = fs.readdirSync(runsDir)
  } catch {
    return []
  }
  const out: SpecFile[] = []
  for (const d of dirs) {
    const file = path.join(runsDir, d, 'spec.json')
    try {
      out.push({ file, label: `${d}/`, mtimeMs: fs.statSync(file).mtimeMs })
    } catch {
      /* not a run dir */
    }
  }
  return out.sort((a, b) => b.mtimeMs - a.mtimeMs).slice(0, limit)
}
