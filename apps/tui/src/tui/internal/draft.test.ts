import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRegistry, defineEvaluator, defineFitter, definePackage, defineSource, z } from '@passk/core'
import { addStage, candidates, checkDraft, draftFromSpec, emptyDraft, lastExtensible, loadDraft } from './draft.js'

const never = () => {
  throw new Error('not run')
}
const src = defineSource({
  name: 'counts',
  version: '0',
  summary: 's',
  options: z.object({ n: z.number().int().positive().default(10).describe('n') }),
  produces: 'TrialOutcomes',
  run: never,
})
const ev = defineEvaluator({
  name: 'passk',
  version: '0',
  summary: 'e',
  accepts: 'TrialOutcomes',
  produces: 'Curve',
  options: z.object({}).strict(),
  run: never,
})
const fit = defineFitter({
  name: 'power',
  version: '0',
  summary: 'f',
  accepts: 'Curve',
  produces: 'Fit',
  options: z.object({ kMin: z.number().int().min(1).default(1).describe('k min') }),
  run: never,
})
const slope = defineFitter({
  name: 'slope',
  version: '0',
  summary: 'f',
  accepts: 'Curve',
  produces: 'Curve',
  options: z.object({}).strict(),
  run: never,
})
const registry = createRegistry()
  .use(definePackage({ meta: { name: 's', version: '0', namespace: 'sources' }, plugins: [src] }))
  .use(definePackage({ meta: { name: 'e', version: '0', namespace: 'evaluators' }, plugins: [ev] }))
  .use(definePackage({ meta: { name: 'f', version: '0', namespace: 'fitters' }, plugins: [fit, slope] }))

describe('candidates', () => {
  it('offers sources first, then only plugins accepting the last stage’s kind', () => {
    let d = emptyDraft()
    expect(candidates(d, registry).map((p) => p.id)).toEqual(['sources/counts'])
    d = addStage(d, registry.resolve('sources/counts'))
    expect(candidates(d, registry).map((p) => p.id)).toEqual(['evaluators/passk'])
    d = addStage(d, registry.resolve('evaluators/passk'))
    expect(candidates(d, registry).map((p) => p.id)).toEqual(['fitters/power', 'fitters/slope'])
    d = addStage(d, registry.resolve('fitters/power'))
    expect(candidates(d, registry)).toEqual([])
  })
})

describe('addStage with an earlier input', () => {
  it('branches from an earlier stage: pins that stage’s id and sets the new stage’s input', () => {
    let d = emptyDraft()
    for (const id of ['sources/counts', 'evaluators/passk', 'fitters/power']) d = addStage(d, registry.resolve(id))
    expect(lastExtensible(d, registry)).toBe(1) // nothing accepts Fit; stage 2 (Curve) can be extended
    expect(candidates(d, registry, 1).map((p) => p.id)).toEqual(['fitters/power', 'fitters/slope'])
    d = addStage(d, registry.resolve('fitters/slope'), 1)
    expect(d.stages.map((s) => [s.id, s.use, s.input])).toEqual([
      [undefined, 'sources/counts', undefined],
      ['passk', 'evaluators/passk', undefined],
      [undefined, 'fitters/power', undefined],
      [undefined, 'fitters/slope', 'passk'],
    ])
    const c = checkDraft(d, registry)
    expect(c.problems).toEqual([])
    // removing the first fitter keeps the branch wired to the curve stage
    const removed = { ...d, stages: d.stages.filter((_, i) => i !== 2) }
    expect(checkDraft(removed, registry).spec.stages.at(-1)).toEqual({
      use: 'fitters/slope',
      input: 'passk',
      options: {},
    })
    expect(checkDraft(removed, registry).problems).toEqual([])
  })
})

describe('checkDraft', () => {
  it('reports an empty pipeline, a kind mismatch, an unknown plugin and a bad option, naming the stage', () => {
    expect(checkDraft(emptyDraft(), registry).problems).toEqual(['The pipeline is empty: add a data source (a).'])
    const mismatch = checkDraft(
      {
        seed: 0,
        stages: [
          { use: 'sources/counts', form: { text: {} } },
          { use: 'fitters/power', form: { text: {} } },
        ],
      },
      registry,
    )
    expect(mismatch.problems[0]).toMatch(
      /^Stage 2 \(fitters\/power\): fitters\/power accepts Curve, but its input, stage 1 \(counts\), produces TrialOutcomes\. Insert a stage between them, e\.g\. evaluators\/passk\./,
    )
    const unknown = checkDraft({ seed: 0, stages: [{ use: 'sources/nope', form: { text: {} } }] }, registry)
    expect(unknown.problems[0]).toMatch(/^Stage 1 \(sources\/nope\): No plugin "sources\/nope" is registered/)
    const bad = checkDraft({ seed: 0, stages: [{ use: 'sources/counts', form: { text: { n: '0' } } }] }, registry)
    expect(bad.problems).toHaveLength(1)
    expect(bad.problems[0]).toMatch(/^Stage 1 \(sources\/counts\) option n: /)
  })

  it('produces the spec to run with only the options the user set', () => {
    const c = checkDraft(
      {
        seed: 7,
        name: 'x',
        stages: [
          { use: 'counts', form: { text: { n: '25' } } },
          { use: 'evaluators/passk', form: { text: {} } },
        ],
      },
      registry,
    )
    expect(c.problems).toEqual([])
    expect(c.lastKind).toBe('Curve')
    expect(c.spec).toEqual({
      version: 1,
      name: 'x',
      seed: 7,
      stages: [
        { use: 'sources/counts', options: { n: 25 } },
        { use: 'evaluators/passk', options: {} },
      ],
    })
  })
})

describe('draftFromSpec / loadDraft', () => {
  it('round-trips a spec with explicit ids and an input reference', () => {
    const spec = {
      version: 1,
      seed: 3,
      stages: [
        { id: 'data', use: 'sources/counts', options: { n: 5 } },
        { id: 'curve', use: 'evaluators/passk' },
        { use: 'fitters/slope' },
        { use: 'fitters/power', input: 'curve', options: { kMin: 2 } },
      ],
    }
    const d = draftFromSpec(spec, registry)
    expect(d.stages.map((s) => s.form.text)).toEqual([{ n: '5' }, {}, {}, { kMin: '2' }])
    const c = checkDraft(d, registry)
    expect(c.problems).toEqual([])
    expect(c.spec).toEqual({
      version: 1,
      seed: 3,
      stages: [
        { id: 'data', use: 'sources/counts', options: { n: 5 } },
        { id: 'curve', use: 'evaluators/passk', options: {} },
        { use: 'fitters/slope', options: {} },
        { use: 'fitters/power', input: 'curve', options: { kMin: 2 } },
      ],
    })
  })

  it('throws PASSK_BAD_SPEC naming the file for a spec with a JSON syntax error', () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'passk-draft-')), 'bad.json')
    fs.writeFileSync(f, '{\n  "version": 1,\n  "stages": [,]\n}\n')
    expect(() => loadDraft(f, registry)).toThrow(
      expect.objectContaining({
        code: 'PASSK_BAD_SPEC',
        message: expect.stringMatching(/^Spec file .*bad\.json is not valid JSON/),
      }),
    )
  })
})
