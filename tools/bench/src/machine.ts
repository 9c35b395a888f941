/** Machine description for BENCHMARKS.md: cores, CPU model, Node/V8, WebAssembly SIMD. */
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { execFileSync } from 'node:child_process'
import { kernelBackend } from '@passk/linalg'

export interface MachineInfo {
  nproc: number
  cpuModel: string
  cpuFlags: string
  node: string
  v8: string
  platform: string
  memGiB: number
  linalgBackend: string
}

export function machineInfo(): MachineInfo {
  let nproc = os.availableParallelism?.() ?? os.cpus().length
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc
  } catch {
    /* keep os value */
  }
  let cpuModel = os.cpus()[0]?.model ?? 'unknown',
    cpuFlags = ''
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8')
    cpuModel = /^model name\s*:\s*(.*)$/m.exec(info)?.[1] ?? cpuModel
    const flags = /^flags\s*:\s*(.*)$/m.exec(info)?.[1]?.split(/\s+/) ?? []
    cpuFlags = ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f'].filter((f) => flags.includes(f)).join(' ')
  } catch {
    /* not Linux */
  }
  return {
    nproc,
    cpuModel,
    cpuFlags,
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()}`,
    memGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    linalgBackend: kernelBackend(),
  }
}
