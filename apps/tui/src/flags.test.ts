import { describe, expect, it } from 'vitest'
import { z, type PasskError } from '@passk/core'
import { coverageAtCostOptions, passkUnbiasedOptions } from '@passk/evaluators'
import { llmLogsOptions } from '@passk/source-llm-logs'
import { checkFlagOptions, flagHelp, flagsFromSchema, flagValues, kebab } from './flags.js'
import { didYouMean, editDistance, nearest } from './suggest.js'
import { FLAG_SOURCES, fitFlagHelp, fitFlags, fitOptionsFromFlags, fixedFlags } from './commands/fit-flags.js'

const demo = z
  .object({
    problemColumn: z.string().default('auto').describe('Problem id column'),
    threshold: z.number().nullable().default(null).describe('Score threshold'),
    threads: z.union([z.literal('auto'), z.number().int().min(1).max(16)]).default('auto'),
    k: z.union([z.literal('auto'), z.array(z.number().positive()).min(1)]).default('auto'),
    model: z.union([z.string(), z.array(z.string())]).default([]),
    grid: z.union([z.array(z.number()), z.object({ from: z.number(), to: z.number() })]).optional(),
    strict: z.boolean().default(false).describe('Fail on the first bad row'),
    mode: z.enum(['a', 'b']).default('a'),
  })
  .strict()

function errorOf(f: () => unknown): PasskError {
  try {
    f()
  } catch (e) {
    return e as PasskError
  }
  throw new Error('expected an error')
}

describe('flags generated from a zod schema', () => {
  const flags = flagsFromSchema(demo, 'demo')
  const parse = (values: Record<string, string | boolean | (string | boolean)[]>) => flagValues('t', flags, values).demo

  it('names every option in kebab case, booleans without a value', () => {
    expect(flags.map((f) => f.flag)).toEqual([
      'problem-column',
      'threshold',
      'threads',
      'k',
      'model',
      'grid',
      'strict',
      'mode',
    ])
    expect(kebab('cColumn')).toBe('c-column')
    expect(flags.find((f) => f.flag === 'strict')?.boolean).toBe(true)
    expect(flags.find((f) => f.flag === 'mode')?.metavar).toBe('a|b')
    expect(flags.find((f) => f.flag === 'threads')?.metavar).toBe('auto|N')
  })

  it('converts values by the schema: numbers, words, comma lists and repeats, JSON objects, booleans', () => {
    expect(parse({ threshold: ['0.5'], threads: ['auto'], k: ['1,2, 4'], model: ['a', 'b,c'], strict: true })).toEqual({
      threshold: 0.5,
      threads: 'auto',
      k: [1, 2, 4],
      model: ['a', 'b', 'c'],
      strict: true,
    })
    expect(parse({ threads: ['3'], k: ['auto'], grid: ['{"from": 1, "to": 9}'], 'problem-column': ['42'] })).toEqual({
      threads: 3,
      k: 'auto',
      grid: { from: 1, to: 9 },
      problemColumn: '42',
    })
  })

  it('reports a bad value with the flag name, the allowed values and the default', () => {
    const bad = (o: Record<string, unknown>) => errorOf(() => checkFlagOptions('t', flags, 'demo', demo, o))
    const e = bad(parse({ threads: ['99'] }))
    expect(e.code).toBe('PASSK_USAGE')
    expect(e.message).toContain('--threads 99')
    expect(e.hint).toContain('--threads auto|N (default auto)')
    expect(bad(parse({ mode: ['c'] })).message).toContain('--mode "c"')
    expect(bad(parse({ k: ['1,-2'] })).message).toContain('--k [1,-2]')
    expect(errorOf(() => parse({ grid: ['{from'] })).message).toContain('--grid "{from" is not valid JSON')
    expect(errorOf(() => parse({ mode: ['a', 'b'] })).message).toContain('--mode was given 2 times')
  })

  it('prints help lines with descriptions and defaults from the schema', () => {
    const help = flagHelp(flags)
    expect(help).toMatch(/^ {2}--problem-column TEXT +Problem id column \(default auto\)$/m)
    expect(help).toMatch(/^ {2}--strict +Fail on the first bad row$/m)
    expect(help).not.toContain('default null')
  })
})

describe('did you mean', () => {
  it('edit distance is the Levenshtein distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('', 'abc')).toBe(3)
    expect(editDistance('flaw', 'lawn')).toBe(2)
  })

  it('suggests the nearest names only when they are near', () => {
    expect(nearest('problem-colum', ['problem-column', 'n-column', 'model'])).toEqual(['problem-column'])
    expect(didYouMean('fitt', ['run', 'fit', 'plugins'], 'passk ')).toBe('Did you mean passk fit? ')
    expect(didYouMean('zzzzzz', ['run', 'fit'])).toBe('')
  })
})

describe('passk fit flags', () => {
  const flags = fitFlags()

  it('offer every sources/llm-logs option but path, so a new option is a flag with no change in the CLI', () => {
    const keys = Object.keys(llmLogsOptions.shape).filter((k) => k !== 'path')
    expect(
      flags
        .filter((f) => f.target === 'source')
        .map((f) => f.key)
        .sort(),
    ).toEqual(keys.sort())
    for (const f of ['problem-column', 'success-column', 'n-column', 'c-column', 'model-column', 'attempt-column'])
      expect(flags.map((x) => x.flag)).toContain(f)
    expect(flags.map((x) => x.flag)).toEqual(expect.arrayContaining(['cost-column', 'group-by', 'duplicates']))
  })

  it('have unique names, none shadowing a fixed flag', () => {
    const names = [...flags.map((f) => f.flag), ...Object.keys(fixedFlags)]
    expect(new Set(names).size).toBe(names.length)
  })

  it('list every flag in the help with the schema default (or passk fit’s own)', () => {
    const help = fitFlagHelp()
    for (const f of flags) expect(help).toContain(`--${f.flag}`)
    expect(help).toMatch(/--bootstrap N +Bootstrap resamples of the problems \(default 1000\)/)
    expect(help).toMatch(/--coverage-targets LIST +Target coverages for the savings table \(default 0\.5,0\.8,0\.9\)/)
    expect(FLAG_SOURCES.map((s) => s.schema)).toEqual(
      expect.arrayContaining([llmLogsOptions, passkUnbiasedOptions, coverageAtCostOptions]),
    )
  })

  it('build typed FitOptions: log options, pass@k, coverage and the seed', () => {
    const o = fitOptionsFromFlags('/x/log.csv', flags, {
      'problem-column': ['task'],
      'group-by': ['temperature,seed'],
      duplicates: ['sum'],
      k: ['1,2,8'],
      bootstrap: ['200'],
      coverage: ['empirical'],
      seed: ['7'],
      'keep-attempts': true,
    })
    expect(o).toEqual({
      source: {
        path: '/x/log.csv',
        problemColumn: 'task',
        groupBy: ['temperature', 'seed'],
        duplicates: 'sum',
        keepAttempts: true,
      },
      passk: { k: [1, 2, 8], bootstrap: 200 },
      coverage: { probabilities: 'empirical' },
      seed: 7,
    })
    const e = errorOf(() => fitOptionsFromFlags('/x/log.csv', flags, { duplicates: ['add'] }))
    expect(e.message).toContain('--duplicates "add"')
    expect(errorOf(() => fitOptionsFromFlags('/x/log.csv', flags, { seed: ['1.5'] })).message).toContain('--seed 1.5')
  })
})
