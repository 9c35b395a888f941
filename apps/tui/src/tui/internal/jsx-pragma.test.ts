import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// `passk` runs the sources through tsx from the user's cwd, where no tsconfig sets "jsx": "react-jsx";
// each .tsx file therefore names the automatic runtime itself, or Ink screens fail with "React is not defined".
const root = fileURLToPath(new URL('..', import.meta.url))
const tsx = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? tsx(path.join(dir, e.name)) : e.name.endsWith('.tsx') ? [path.join(dir, e.name)] : [],
    )

describe('tsx sources', () => {
  it('start with the automatic JSX runtime pragma when run by tsx outside the package', () => {
    const files = tsx(root)
    expect(files.length).toBeGreaterThan(10)
    for (const f of files)
      expect(fs.readFileSync(f, 'utf8').split('\n')[0], path.relative(root, f)).toBe(
        '/** @jsxRuntime automatic @jsxImportSource react */',
      )
  })
})
