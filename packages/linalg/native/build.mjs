#!/usr/bin/env node
// Builds the @passk/linalg native backend (a Node-API addon) into native/build/passk_linalg.node with g++ directly:
// one translation unit per instruction set (only gemm-avx512.cc gets -mavx512f, only gemm-avx2.cc -mavx2 — never
// -march=native, the machine that runs it may differ from the one that built it), the Node-API glue with no -m flag.
// Run by the root `prepare` script (npm ci / npm install). Never fails an install: without a compiler or Node
// headers it prints one line and exits 0, and @passk/linalg falls back to its WebAssembly / JavaScript kernels.
// Skips the build when the addon is newer than every source (and this script). `--force` rebuilds.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const src = path.join(here, 'src')
const out = path.join(here, 'build')
const target = path.join(out, 'passk_linalg.node')
const cxx = process.env.CXX || 'g++'

/** Node-API headers: node's own include dir (next to the binary), npm's nodedir, or /usr/include/node. */
function includeDir() {
  const candidates = [
    process.env.npm_config_nodedir && path.join(process.env.npm_config_nodedir, 'include/node'),
    path.join(path.dirname(process.execPath), '../include/node'),
    '/usr/include/node',
    '/usr/local/include/node',
  ].filter(Boolean)
  return candidates.find((d) => fs.existsSync(path.join(d, 'node_api.h')))
}

const units = [
  ['addon.cc', []],
  ['gemm-avx512.cc', ['-mavx512f', '-mfma']],
  ['gemm-avx2.cc', ['-mavx2', '-mfma']],
]

function upToDate() {
  if (process.argv.includes('--force') || !fs.existsSync(target)) return false
  const t = fs.statSync(target).mtimeMs
  const inputs = [fileURLToPath(import.meta.url), ...fs.readdirSync(src).map((f) => path.join(src, f))]
  return inputs.every((f) => fs.statSync(f).mtimeMs < t)
}

function main() {
  if (upToDate()) return
  const inc = includeDir()
  if (!inc) throw new Error('Node-API headers (node_api.h) not found')
  fs.mkdirSync(out, { recursive: true })
  const common = ['-O3', '-std=c++17', '-fPIC', '-fno-exceptions', '-fno-rtti', '-fvisibility=hidden', '-Wall']
  const objects = units.map(([file, flags]) => {
    const obj = path.join(out, file.replace(/\.cc$/, '.o'))
    execFileSync(cxx, [...common, ...flags, `-I${inc}`, '-c', path.join(src, file), '-o', obj], { stdio: 'pipe' })
    return obj
  })
  // link into a temporary name first, so a half-written addon is never loaded
  const tmp = `${target}.tmp-${process.pid}`
  execFileSync(cxx, ['-shared', '-o', tmp, ...objects], { stdio: 'pipe' })
  fs.renameSync(tmp, target)
  for (const o of objects) fs.rmSync(o, { force: true })
  process.stderr.write(`@passk/linalg: built the native backend (${path.relative(process.cwd(), target)})\n`)
}

try {
  main()
} catch (e) {
  const detail = (e?.stderr?.toString() || e?.message || String(e)).trim().split('\n')[0]
  process.stderr.write(
    `@passk/linalg: native backend not built (${detail}); the WebAssembly/JavaScript kernels will be used.\n`,
  )
  process.exit(0)
}
