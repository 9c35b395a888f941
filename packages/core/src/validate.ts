/**
 * Runtime validators for the data kinds. They reject wrong shapes, NaN/∞, negative counts and c > n,
 * naming the offending field (e.g. "replicates[0].train.x[513]"). The runner validates every stage's
 * output, so a plugin bug surfaces at the stage that made it, not three stages later.
 */
import { PasskError } from './errors.js'
import type {
  Curve,
  DataKinds,
  Fit,
  KindName,
  LinearPredictors,
  StochasticRegression,
  TrialOutcomes,
  TrialScores,
} from './kinds.js'

/** Checks a value of one data kind; throws PASSK_INVALID_DATA naming the field. */
export type KindValidator = (value: unknown, where: string) => void

function bad(where: string, field: string, what: string): never {
  throw new PasskError(
    'PASSK_INVALID_DATA',
    `${where}: ${field} ${what}.`,
    'This is a bug in the plugin that produced the data, or the input file is malformed; the field path says where.',
  )
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null
}

export function checkFinite(
  where: string,
  field: string,
  a: ArrayLike<number>,
  opts: { min?: number; positive?: boolean } = {},
): void {
  for (let i = 0; i < a.length; i++) {
    const v = a[i]
    if (!Number.isFinite(v)) bad(where, `${field}[${i}]`, `is ${v} (must be a finite number)`)
    if (opts.positive && !(v > 0)) bad(where, `${field}[${i}]`, `is ${v} (must be > 0)`)
    if (opts.min !== undefined && v < opts.min) bad(where, `${field}[${i}]`, `is ${v} (must be ≥ ${opts.min})`)
  }
}

function checkLen(where: string, field: string, a: unknown, len: number): asserts a is ArrayLike<number> {
  if (!(a instanceof Float64Array) && !Array.isArray(a) && !ArrayBuffer.isView(a))
    bad(where, field, 'is missing or not an array')
  const n = (a as ArrayLike<number>).length
  if (n !== len) bad(where, field, `has length ${n}, expected ${len}`)
}

function checkInt(where: string, field: string, v: unknown, min = 0): asserts v is number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
    bad(where, field, `is ${String(v)} (must be an integer ≥ ${min})`)
}

function validateRegression(v: unknown, where: string): void {
  const r = v as StochasticRegression
  checkInt(where, 'd', r.d, 1)
  if (!Array.isArray(r.replicates) || r.replicates.length === 0)
    bad(where, 'replicates', 'is empty (need at least one replicate)')
  r.replicates.forEach((rep, i) => {
    const f = `replicates[${i}]`
    checkInt(where, `${f}.train.n`, rep.train?.n, 1)
    checkInt(where, `${f}.test.n`, rep.test?.n, 1)
    const { train, test } = rep
    checkLen(where, `${f}.train.x`, train.x, train.n * r.d)
    checkFinite(where, `${f}.train.x`, train.x)
    for (const k of ['m', 'y'] as const) {
      checkLen(where, `${f}.train.${k}`, train[k], train.n)
      checkFinite(where, `${f}.train.${k}`, train[k])
    }
    checkLen(where, `${f}.train.s`, train.s, train.n)
    checkFinite(where, `${f}.train.s`, train.s, { positive: true })
    checkLen(where, `${f}.test.x`, test.x, test.n * r.d)
    checkFinite(where, `${f}.test.x`, test.x)
    checkLen(where, `${f}.test.m`, test.m, test.n)
    checkFinite(where, `${f}.test.m`, test.m)
    checkLen(where, `${f}.test.s`, test.s, test.n)
    checkFinite(where, `${f}.test.s`, test.s, { positive: true })
    if (rep.teacher !== undefined) {
      checkLen(where, `${f}.teacher`, rep.teacher, r.d)
      checkFinite(where, `${f}.teacher`, rep.teacher)
    }
  })
  if (r.population) {
    checkLen(where, 'population.eigenvalues', r.population.eigenvalues, r.d)
    checkFinite(where, 'population.eigenvalues', r.population.eigenvalues, { min: 0 })
    if (!(r.population.tauShape > 0)) bad(where, 'population.tauShape', `is ${r.population.tauShape} (must be > 0)`)
    if (!(r.population.sigmaEta > 0)) bad(where, 'population.sigmaEta', `is ${r.population.sigmaEta} (must be > 0)`)
  }
}

function validatePredictors(v: unknown, where: string): void {
  const p = v as LinearPredictors
  checkInt(where, 'd', p.d, 1)
  if (!Array.isArray(p.ns) || p.ns.length === 0) bad(where, 'ns', 'is empty')
  p.ns.forEach((n, i) => {
    checkInt(where, `ns[${i}]`, n, 1)
    if (i > 0 && n <= p.ns[i - 1])
      bad(where, `ns[${i}]`, `is ${n}, not above ns[${i - 1}] = ${p.ns[i - 1]} (must ascend)`)
  })
  if (!isObj(p.data) || p.data.kind !== 'StochasticRegression') bad(where, 'data', 'is not a StochasticRegression')
  if (p.fits.length !== p.data.replicates.length)
    bad(where, 'fits', `has ${p.fits.length} entries for ${p.data.replicates.length} replicates`)
  p.fits.forEach((f, i) => {
    checkLen(where, `fits[${i}].theta`, f.theta, p.ns.length * p.d)
    checkFinite(where, `fits[${i}].theta`, f.theta)
  })
}

function validateOutcomes(v: unknown, where: string): void {
  const t = v as TrialOutcomes
  if (!Array.isArray(t.groups) || t.groups.length === 0) bad(where, 'groups', 'is empty (no problems were read)')
  t.groups.forEach((g, gi) => {
    const f = `groups[${gi}] (${g.label})`
    const np = g.problems?.length ?? -1
    if (np <= 0) bad(where, `${f}.problems`, 'is empty')
    checkLen(where, `${f}.n`, g.n, np)
    checkLen(where, `${f}.c`, g.c, np)
    for (let i = 0; i < np; i++) {
      const n = g.n[i],
        c = g.c[i]
      if (!Number.isInteger(n) || n < 0)
        bad(where, `${f}.n[${i}] (problem ${g.problems[i]})`, `is ${n} (must be a non-negative integer)`)
      if (!Number.isInteger(c) || c < 0)
        bad(where, `${f}.c[${i}] (problem ${g.problems[i]})`, `is ${c} (must be a non-negative integer)`)
      if (c > n)
        bad(where, `${f}.c[${i}] (problem ${g.problems[i]})`, `is ${c} > n = ${n} (more successes than attempts)`)
    }
    if (g.attempts) {
      if (g.attempts.length !== np) bad(where, `${f}.attempts`, `has ${g.attempts.length} entries for ${np} problems`)
      g.attempts.forEach((a, i) => {
        if (a.length !== g.n[i]) bad(where, `${f}.attempts[${i}]`, `has ${a.length} attempts but n = ${g.n[i]}`)
        let s = 0
        for (let j = 0; j < a.length; j++) s += a[j] ? 1 : 0
        if (s !== g.c[i]) bad(where, `${f}.attempts[${i}]`, `has ${s} successes but c = ${g.c[i]}`)
      })
    }
    if (g.cost)
      g.cost.forEach((a, i) => {
        if (a.length !== g.n[i]) bad(where, `${f}.cost[${i}]`, `has ${a.length} costs but n = ${g.n[i]}`)
        checkFinite(where, `${f}.cost[${i}]`, a, { min: 0 })
      })
  })
}

function validateScores(v: unknown, where: string): void {
  const t = v as TrialScores
  if (!Array.isArray(t.groups) || t.groups.length === 0) bad(where, 'groups', 'is empty')
  t.groups.forEach((g, gi) => {
    const f = `groups[${gi}] (${g.label})`
    checkInt(where, `${f}.nProblems`, g.nProblems, 1)
    checkInt(where, `${f}.nAttempts`, g.nAttempts, 1)
    checkLen(where, `${f}.scores`, g.scores, g.nProblems * g.nAttempts)
    checkFinite(where, `${f}.scores`, g.scores)
  })
}

function validateCurve(v: unknown, where: string): void {
  const c = v as Curve
  if (typeof c.id !== 'string' || !/^[A-Za-z0-9._-]+$/.test(c.id))
    bad(where, 'id', `is ${JSON.stringify(c.id)} (must match [A-Za-z0-9._-]+, it names files)`)
  if (!Array.isArray(c.series)) bad(where, 'series', 'is not an array')
  c.series.forEach((s, i) => {
    const f = `series[${i}] (${s.label})`
    if (!Array.isArray(s.x) || !Array.isArray(s.y)) bad(where, f, 'needs x and y arrays')
    if (s.x.length !== s.y.length) bad(where, `${f}.y`, `has length ${s.y.length}, x has ${s.x.length}`)
    checkFinite(where, `${f}.x`, s.x)
    // y may hold NaN only where a value is genuinely undefined (e.g. below a resolution floor); never ±∞.
    for (let j = 0; j < s.y.length; j++)
      if (s.y[j] === Infinity || s.y[j] === -Infinity) bad(where, `${f}.y[${j}]`, 'is infinite')
    for (const b of ['lower', 'upper', 'se'] as const)
      if (s[b] !== undefined) checkLen(where, `${f}.${b}`, s[b], s.x.length)
  })
}

function validateFit(v: unknown, where: string): void {
  const f = v as Fit
  if (!Array.isArray(f.fits)) bad(where, 'fits', 'is not an array')
  f.fits.forEach((r, i) => {
    for (const p of r.params) {
      if (r.status === 'converged' && !Number.isFinite(p.value))
        bad(where, `fits[${i}].params.${p.name}`, `is ${p.value} but the fit claims to have converged`)
      if (p.stdErr !== null && Number.isNaN(p.stdErr))
        bad(where, `fits[${i}].params.${p.name}.stdErr`, 'is NaN (report null when unavailable)')
    }
  })
}

/** The core kinds' validators (every registry starts with these; registry.use adds a package's own kinds). */
export const CORE_VALIDATORS: ReadonlyMap<string, KindValidator> = new Map<string, KindValidator>([
  ['StochasticRegression', validateRegression],
  ['LinearPredictors', validatePredictors],
  ['TrialOutcomes', validateOutcomes],
  ['TrialScores', validateScores],
  ['Curve', validateCurve],
  ['Fit', validateFit],
])

/** A data kind added by a package: list it in definePackage({ kinds: [defineKind(name, validate)] }). */
export interface KindDefinition {
  readonly name: string
  readonly validate: KindValidator
}

/**
 * Kinds made with defineKind, for code that calls it without listing the result in a package (the form
 * before kinds went through registry.use): registries fall back to these for names they do not know.
 */
const definedKinds = new Map<string, KindValidator>()

/**
 * Define a data kind added by augmentation of DataKinds. Pass the result to definePackage({ kinds: [...] }) so
 * the registry that uses the package validates it; called on its own it still registers the kind (as before).
 */
export function defineKind(name: string, validate: KindValidator): KindDefinition {
  if (typeof name !== 'string' || !name || typeof validate !== 'function')
    throw new TypeError('defineKind(name, validate): a non-empty name and a validator function are required.')
  definedKinds.set(name, validate)
  return Object.freeze({ name, validate })
}

/** A kind's validator: the registry's own (core kinds and its packages' kinds) first, then defineKind's. */
export function lookupKind(own: ReadonlyMap<string, KindValidator>, kind: string): KindValidator | undefined {
  return own.get(kind) ?? definedKinds.get(kind)
}

/** Every kind known without a registry: the core kinds and those made by defineKind. */
export function knownKinds(): string[] {
  return [...new Set([...CORE_VALIDATORS.keys(), ...definedKinds.keys()])]
}

/**
 * Throws PasskError('PASSK_INVALID_DATA') naming the field when `value` is not a valid `kind` (core kinds and
 * defineKind's; a registry's `validate` also knows its packages' kinds).
 */
export function validateKind<K extends KindName>(
  kind: K,
  value: unknown,
  where: string = kind,
  own: ReadonlyMap<string, KindValidator> = CORE_VALIDATORS,
): asserts value is DataKinds[K] {
  if (!isObj(value)) bad(where, 'value', `is ${value === null ? 'null' : typeof value}, expected a ${kind} object`)
  if (value.kind !== kind) bad(where, 'kind', `is ${JSON.stringify(value.kind)}, expected "${kind}"`)
  const v = lookupKind(own, kind)
  if (!v)
    throw new PasskError(
      'PASSK_UNKNOWN_KIND',
      `${where}: no validator for data kind "${kind}".`,
      'List it in the package: definePackage({ meta, plugins, kinds: [defineKind(name, validate)] }).',
    )
  v(value, where)
}
