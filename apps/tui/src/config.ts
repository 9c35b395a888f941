/**
 * passk.config.json: external plugin packages. The file is found by walking up from the working
 * directory (or given with --config) and looks like
 *   { "plugins": ["passk-plugin-foo", "./plugins/my-source"] }
 * Each entry is an npm package name (resolved from node_modules at or above the config file's
 * directory) or a path relative to the config file (a package directory or a module file). Only the
 * listed packages are imported — never anything named by a spec or a data file. Each default export
 * is checked against the plugin contract ({ meta: { name, version, namespace }, plugins }), its meta
 * against its package.json, and every plugin through the registry's own checks plus the known data
 * kinds; any mismatch is a PASSK_BAD_PLUGIN error naming the entry and the config file.
 */
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRegistry, knownKinds, PasskError, type PluginPackage } from '@passk/core'

export const CONFIG_FILE = 'passk.config.json'

export interface PasskConfig {
  plugins: string[]
}

/** The nearest passk.config.json at or above `cwd`, or undefined. */
export function findConfig(cwd: string): string | undefined {
  let dir = path.resolve(cwd)
  for (;;) {
    const f = path.join(dir, CONFIG_FILE)
    if (fs.existsSync(f) && fs.statSync(f).isFile()) return f
    const up = path.dirname(dir)
    if (up === dir) return undefined
    dir = up
  }
}

/** Read and validate a config file. */
export function readConfig(file: string): PasskConfig {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (e) {
    throw new PasskError(
      'PASSK_FILE_NOT_FOUND',
      `Config file ${file} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
      'Check the --config path, or remove the flag to search for passk.config.json from the current directory.',
      { cause: e },
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new PasskError(
      'PASSK_BAD_CONFIG',
      `${file} is not valid JSON: ${(e as Error).message}.`,
      `A config looks like { "plugins": ["passk-plugin-foo", "./plugins/my-source"] }.`,
    )
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw new PasskError(
      'PASSK_BAD_CONFIG',
      `${file}: expected a JSON object, found ${Array.isArray(json) ? 'an array' : JSON.stringify(json)}.`,
      'Write { "plugins": [ … ] }.',
    )
  const o = json as Record<string, unknown>
  const unknown = Object.keys(o).filter((k) => k !== 'plugins' && k !== '$schema')
  if (unknown.length)
    throw new PasskError(
      'PASSK_BAD_CONFIG',
      `${file}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}.`,
      'passk.config.json has one key, "plugins": a list of package names or paths.',
    )
  const plugins = o.plugins ?? []
  if (!Array.isArray(plugins) || plugins.some((p) => typeof p !== 'string' || !p.trim())) {
    throw new PasskError(
      'PASSK_BAD_CONFIG',
      `${file}: "plugins" must be a list of package names or paths, found ${JSON.stringify(plugins)}.`,
      'Example: { "plugins": ["passk-plugin-foo", "./plugins/my-source"] }',
    )
  }
  const dup = plugins.find((p, i) => plugins.indexOf(p) !== i)
  if (dup)
    throw new PasskError(
      'PASSK_BAD_CONFIG',
      `${file}: "${dup}" is listed twice in "plugins".`,
      'List each plugin package once.',
    )
  return { plugins: plugins as string[] }
}

const isPath = (s: string) =>
  s.startsWith('./') || s.startsWith('../') || s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s) || s === '.' || s === '..'

/**
 * Export conditions to honour, in priority order. When this module runs from TypeScript sources
 * (the passk bin's source mode, or tests) TypeScript entries can be imported, so "@passk/source" is
 * honoured too — the same condition the bin's resolve hook adds for workspace packages.
 */
function conditions(): string[] {
  const fromSource = import.meta.url.endsWith('.ts')
  return [...(fromSource ? ['@passk/source'] : []), 'import', 'node', 'default']
}

function pickExport(target: unknown, conds: string[]): string | undefined {
  if (typeof target === 'string') return target
  if (Array.isArray(target)) {
    for (const t of target) {
      const r = pickExport(t, conds)
      if (r) return r
    }
    return undefined
  }
  if (target && typeof target === 'object') {
    for (const [k, v] of Object.entries(target as Record<string, unknown>))
      if (conds.includes(k)) {
        const r = pickExport(v, conds)
        if (r) return r
      }
  }
  return undefined
}

interface Resolved {
  entry: string
  pkgJson?: { name?: string; version?: string; file: string }
}

/** Entry module of a package directory (its exports["."], then main, then index.js). */
function packageEntry(dir: string, spec: string, configFile: string): Resolved {
  const pj = path.join(dir, 'package.json')
  const pkg = JSON.parse(fs.readFileSync(pj, 'utf8')) as {
    name?: string
    version?: string
    exports?: unknown
    main?: string
  }
  const exp = pkg.exports
  const root =
    exp && typeof exp === 'object' && !Array.isArray(exp) && Object.keys(exp).some((k) => k.startsWith('.'))
      ? (exp as Record<string, unknown>)['.']
      : exp
  const rel = (root !== undefined ? pickExport(root, conditions()) : undefined) ?? pkg.main ?? 'index.js'
  const entry = path.resolve(dir, rel)
  if (!fs.existsSync(entry)) {
    throw new PasskError(
      'PASSK_BAD_PLUGIN',
      `Plugin package "${spec}" (listed in ${configFile}) points to ${path.relative(dir, entry) || entry}, which does not exist.`,
      entry.includes(`${path.sep}dist${path.sep}`)
        ? `Build it first (npm run build in ${dir}).`
        : `Fix "exports"/"main" in ${pj}.`,
    )
  }
  return {
    entry,
    pkgJson: {
      ...(pkg.name !== undefined ? { name: pkg.name } : {}),
      ...(pkg.version !== undefined ? { version: pkg.version } : {}),
      file: pj,
    },
  }
}

function resolveEntry(spec: string, configFile: string): Resolved {
  const base = path.dirname(configFile)
  if (isPath(spec)) {
    const p = path.resolve(base, spec)
    if (!fs.existsSync(p))
      throw new PasskError(
        'PASSK_BAD_PLUGIN',
        `Plugin path "${spec}" (listed in ${configFile}) does not exist: ${p}.`,
        "Paths are relative to the config file's directory.",
      )
    if (fs.statSync(p).isDirectory()) {
      if (!fs.existsSync(path.join(p, 'package.json')))
        throw new PasskError(
          'PASSK_BAD_PLUGIN',
          `Plugin path "${spec}" (listed in ${configFile}) is a directory without package.json.`,
          'Point to a package directory or to the module file that default-exports the plugin package.',
        )
      return packageEntry(p, spec, configFile)
    }
    return { entry: p }
  }
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(spec))
    throw new PasskError(
      'PASSK_BAD_CONFIG',
      `${configFile}: "${spec}" is neither an npm package name nor a path.`,
      'Use a package name (passk-plugin-foo, @scope/name) or a path starting with ./ or ../',
    )
  for (let dir = base; ; dir = path.dirname(dir)) {
    const cand = path.join(dir, 'node_modules', spec)
    if (fs.existsSync(path.join(cand, 'package.json'))) return packageEntry(fs.realpathSync(cand), spec, configFile)
    if (path.dirname(dir) === dir) break
  }
  throw new PasskError(
    'PASSK_BAD_PLUGIN',
    `Plugin package "${spec}" (listed in ${configFile}) is not installed: no node_modules/${spec} at or above ${base}.`,
    `Install it (npm install ${spec}) or remove it from ${CONFIG_FILE}.`,
  )
}

/** Check a loaded module's default export against the plugin contract. */
export function checkPluginPackage(
  mod: unknown,
  spec: string,
  configFile: string,
  pkgJson?: Resolved['pkgJson'],
): PluginPackage {
  const where = `Plugin package "${spec}" (listed in ${configFile})`
  const hint = 'Default-export definePackage({ meta: { name, version, namespace }, plugins: [...] }) from @passk/core.'
  const pkg = (mod as { default?: unknown })?.default as PluginPackage | undefined
  if (!pkg || typeof pkg !== 'object') throw new PasskError('PASSK_BAD_PLUGIN', `${where} has no default export.`, hint)
  const meta = (pkg as { meta?: Record<string, unknown> }).meta
  if (!meta || typeof meta !== 'object')
    throw new PasskError('PASSK_BAD_PLUGIN', `${where}: the default export has no "meta".`, hint)
  for (const k of ['name', 'version', 'namespace'] as const)
    if (typeof meta[k] !== 'string' || !meta[k])
      throw new PasskError(
        'PASSK_BAD_PLUGIN',
        `${where}: meta.${k} must be a non-empty string, found ${JSON.stringify(meta[k])}.`,
        hint,
      )
  if (!/^[a-z0-9][a-z0-9-]*$/.test(meta.namespace as string))
    throw new PasskError(
      'PASSK_BAD_PLUGIN',
      `${where}: meta.namespace ${JSON.stringify(meta.namespace)} is not kebab-case.`,
      'Use e.g. "sources", "fitters" or your own kebab-case namespace.',
    )
  if (!Array.isArray(pkg.plugins) || pkg.plugins.length === 0)
    throw new PasskError('PASSK_BAD_PLUGIN', `${where}: "plugins" must be a non-empty array.`, hint)
  if (pkgJson?.name !== undefined && pkgJson.name !== meta.name)
    throw new PasskError(
      'PASSK_BAD_PLUGIN',
      `${where}: meta.name is "${meta.name}" but ${pkgJson.file} says "${pkgJson.name}".`,
      'Take meta.name from package.json (import pkg from "../package.json" with { type: "json" }).',
    )
  if (pkgJson?.version !== undefined && pkgJson.version !== meta.version)
    throw new PasskError(
      'PASSK_BAD_PLUGIN',
      `${where}: meta.version is ${meta.version} but ${pkgJson.file} says ${pkgJson.version}.`,
      'Take meta.version from package.json, or rebuild the package after bumping its version.',
    )
  // The registry's own shape checks (role, run, options schema, kebab-case names, duplicates inside the package).
  try {
    createRegistry().use(pkg, spec)
  } catch (e) {
    const err = e as PasskError
    throw new PasskError('PASSK_BAD_PLUGIN', `${where}: ${err.message}`, err.hint, { cause: e })
  }
  const kinds = new Set(knownKinds())
  for (const p of pkg.plugins) {
    const used = [p.produces, ...(p.accepts ?? [])]
    const bad = used.filter((k) => !kinds.has(k as string))
    if (bad.length) {
      throw new PasskError(
        'PASSK_BAD_PLUGIN',
        `${where}: plugin ${meta.namespace}/${p.name} ${p.produces === bad[0] ? 'produces' : 'accepts'} the unknown data kind ${bad.map((k) => JSON.stringify(k)).join(', ')}; known kinds: ${[...kinds].join(', ')}.`,
        'Use one of the core kinds, or register a new kind with defineKind(name, validate) from the same @passk/core the CLI uses.',
      )
    }
  }
  return pkg
}

/**
 * Load the plugin packages listed in passk.config.json (the nearest one at or above `cwd`, or
 * `configPath`). Returns them in the listed order; `from` ("passk.config.json: ./plugins/x") tells
 * `passk plugins` where each came from.
 */
export async function loadConfigPlugins(opts: {
  cwd: string
  configPath?: string
}): Promise<{ pkg: PluginPackage; from: string }[]> {
  const file = opts.configPath ? path.resolve(opts.cwd, opts.configPath) : findConfig(opts.cwd)
  if (!file) return []
  const config = readConfig(file)
  const out: { pkg: PluginPackage; from: string }[] = []
  const rel = path.relative(opts.cwd, file) || CONFIG_FILE
  for (const spec of config.plugins) {
    const r = resolveEntry(spec, file)
    let mod: unknown
    try {
      mod = await import(pathToFileURL(r.entry).href)
    } catch (e) {
      throw new PasskError(
        'PASSK_BAD_PLUGIN',
        `Plugin package "${spec}" (listed in ${file}) failed to load: ${(e as Error).message}`,
        'Fix the error in the package, or remove it from passk.config.json.',
        { cause: e },
      )
    }
    const pkg = checkPluginPackage(mod, spec, file, r.pkgJson)
    out.push({ pkg, from: `${rel}: ${spec}` })
  }
  return out
}
