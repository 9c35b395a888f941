import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { passk, tmpDir, writeJson } from '../helpers/index.js'

const dir = tmpDir()
const spec = (stages: unknown[], extra: Record<string, unknown> = {}) =>
  writeJson(path.join(dir, `spec-${Math.random().toString(36).slice(2)}.json`), {
    version: 1,
    seed: 1,
    stages,
    ...extra,
  })

describe('passk (usage and spec errors)', () => {
  it('prints help and exits 0 with --help', () => {
    const r = passk(['--help'])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('passk run')
    expect(r.stdout).toContain('passk plugins')
  })

  it('exits 2 naming the command when the command is unknown', () => {
    const r = passk(['frobnicate'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('PASSK_USAGE')
    expect(r.stderr).toContain('Unknown command "frobnicate"')
  })

  it('exits 2 with a line and column when the spec is malformed JSON', () => {
    const f = path.join(dir, 'bad.json')
    fs.writeFileSync(f, '{\n  "version": 1,\n  "stages": [,]\n}')
    const r = passk(['run', f])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('PASSK_BAD_SPEC')
    expect(r.stderr).toMatch(/line 3, column \d+/)
  })

  it('exits 2 when the spec has the wrong version', () => {
    const r = passk(['run', spec([{ use: 'sources/beta' }], { version: 7 })])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('spec version 7 is not supported')
  })

  it('exits 2 and suggests a near name when a plugin is unknown', () => {
    const r = passk(['run', spec([{ use: 'sources/betta' }])])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('PASSK_UNKNOWN_PLUGIN')
    expect(r.stderr).toContain('No plugin "sources/betta"')
    expect(r.stderr).toContain('sources/beta')
  })

  it('exits 2 naming the stage when stages do not connect', () => {
    const r = passk(['run', spec([{ use: 'sources/beta' }, { use: 'fitters/beta-passk' }])])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('PASSK_KIND_MISMATCH')
    expect(r.stderr).toMatch(
      /Stage 2 \(beta-passk\): fitters\/beta-passk accepts Curve, but its input, stage 1 \(beta\), produces TrialOutcomes/,
    )
    expect(r.stderr).toContain('evaluators/passk-unbiased')
  })

  it('exits 2 listing the field when an option is invalid', () => {
    const r = passk(['run', spec([{ use: 'sources/beta', options: { problems: -5 } }])])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('PASSK_BAD_OPTIONS')
    expect(r.stderr).toContain('Stage 1 (beta, sources/beta) has invalid options: problems')
  })

  it('exits 2 when a stage input names no earlier stage', () => {
    const r = passk(['run', spec([{ use: 'sources/beta' }, { use: 'evaluators/passk-unbiased', input: 'nowhere' }])])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('input "nowhere" names no earlier stage')
  })

  it('exits 2 for a bad --seed value', () => {
    const r = passk(['run', spec([{ use: 'sources/beta' }]), '--seed', 'abc'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('--seed expects an integer')
  })
})
