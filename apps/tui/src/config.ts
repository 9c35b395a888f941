/**
 * passk.config.json: external plugin packages. Only the config in the working directory, or the one named
 * with --config, is loaded (importing a module runs its code, so a config in some ancestor directory is never
 * picked up on its own; --no-config loads none). Every run says which config and modules were loaded. It looks like
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
import { createRegistry, PasskError, type PluginPackage, type Registry } from '@passk/core'

export const CONFIG_FILE = 'passk.config.json'

export interface PasskConfig {
  plugins: string[]
}

/** passk.config.json in `cwd` itself (the only one loaded without --config), or undefined. */
export function configInDir(cwd: string): string | undefined {
  const f = path.join(path.resolve(cwd), CONFIG_FILE)
  return fs.existsSync(f) && fs.statSync(f).isFile() ? f : undefined
}

/**
 * The nearest passk.config.json at or above `cwd`, or undefined. Not loaded when it is above `cwd`: used to
 * tell the user it was skipped and how to use it (--config).
 */
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
  let kinds: Set<string>
  try {
    kinds = new Set(createRegistry().use(pkg, spec).kinds())
  } catch {
    kinds = new Set()
  }
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

/** What a registry loaded from a config: shown on stderr and recorded in run.json by every run. */
export interface LoadedConfig {
  /** The config file loaded (absolute), or undefined when none was. */
  file?: string
  /** Each listed entry and the module file imported for it. */
  modules: { spec: string; entry: string }[]
  /** A passk.config.json above the working directory that was not loaded. */
  skipped?: string
}

const loadedConfigs = new WeakMap<Registry, LoadedConfig>()

/** Record what `registry` loaded (createDefaultRegistry calls this). */
export function recordConfig(registry: Registry, info: LoadedConfig): void {
  loadedConfigs.set(registry, info)
}

/** What `registry` loaded from a config, if it was made by createDefaultRegistry with configs enabled. */
export function registryConfig(registry: Registry): LoadedConfig | undefined {
  return loadedConfigs.get(registry)
}

/** One line for stderr saying which config and modules a run loaded (or which ancestor config it skipped). */
export function configNotice(info: LoadedConfig | undefined, cwd: string): string | undefined {
  if (!info) return undefined
  const rel = (f: string) => path.relative(cwd, f) || f
  if (info.file)
    return `config: ${rel(info.file)} loaded ${info.modules.length} plugin module${info.modules.length === 1 ? '' : 's'}${info.modules.length ? ': ' + info.modules.map((m) => `${m.spec} (${rel(m.entry)})`).join(', ') : ''}`
  if (info.skipped)
    return `note: ${rel(info.skipped)} was not loaded (only ./${CONFIG_FILE} or --config FILE are); to use it: --config ${rel(info.skipped)}`
  return undefined
}

/**
 * Load the plugin packages listed in passk.config.json: the one in `cwd` or `configPath` (--config), never one
 * found in an ancestor directory. Returns them in the listed order; `from` ("passk.config.json: ./plugins/x")
 * tells `passk plugins` where each came from, `entry` is the module file imported.
 */
export async function loadConfigPlugins(opts: {
  cwd: string
  configPath?: string | undefined
}): Promise<{ pkg: PluginPackage; from: string; spec: string; entry: string }[]> {
  const file = opts.configPath ? path.resolve(opts.cwd, opts.configPath) : configInDir(opts.cwd)
  if (!file) return []
  const config = readConfig(file)
  const out: { pkg: PluginPackage; from: string; spec: string; entry: string }[] = []
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
    out.push({ pkg, from: `${rel}: ${spec}`, spec, entry: r.entry })
  }
  return out
}
