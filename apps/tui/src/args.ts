/** Argument parsing on node:util parseArgs, turning its errors into PASSK_USAGE (exit 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { PasskError } from '@passk/core'
import { didYouMean } from './flags.js'

type OptionValues<T extends NonNullable<ParseArgsConfig['options']>> = {
  [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : T[K]['multiple'] extends true ? string[] : string
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: string[],
  options: T,
  allowPositionals = true,
): { values: OptionValues<T>; positionals: string[] } {
  try {
    const r = parseArgs({ args, options, allowPositionals, strict: true })
    return { values: r.values, positionals: r.positionals }
  } catch (e) {
    const message = (e as Error).message.replace(/\. To specify.*$/s, '')
    const unknown = /^Unknown option '(-{1,2})([^']+)'/.exec(message)
    const near = unknown ? didYouMean(unknown[2], Object.keys(options), '--') : ''
    throw new PasskError(
      'PASSK_USAGE',
      `passk ${command}: ${message}.`,
      `${near}Run \`passk ${command} --help\` for the options.`,
    )
  }
}

export function parseNumber(command: string, flag: string, v: string | undefined, integer = false): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (v.trim() === '' || !Number.isFinite(n) || (integer && !Number.isSafeInteger(n))) {
    throw new PasskError(
      'PASSK_USAGE',
      `passk ${command}: --${flag} expects ${integer ? 'an integer' : 'a number'}, got ${JSON.stringify(v)}.`,
      `Example: --${flag} 42`,
    )
  }
  return n
}

/** "1,2,4,8" → [1,2,4,8] */
export function parseList(command: string, flag: string, v: string | undefined): number[] | undefined {
  if (v === undefined) return undefined
  const xs = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number)
  if (!xs.length || xs.some((x) => !Number.isFinite(x) || x <= 0))
    throw new PasskError(
      'PASSK_USAGE',
      `passk ${command}: --${flag} expects a comma-separated list of positive numbers, got ${JSON.stringify(v)}.`,
      `Example: --${flag} 1,2,4,8,16`,
    )
  return xs
}
