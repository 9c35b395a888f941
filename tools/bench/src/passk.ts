/**
 * Where the bench gets its test-set exact pass@k from: engineer C's evaluators package. Until it
 * exports a usable function the phase is reported as missing (never replaced by a stand-in).
 */
import type { PasskExact } from './w1.js'

export async function resolvePasskExact(): Promise<{ fn: PasskExact; source: string } | null> {
  const mod = (await import('@passk/evaluators')) as Record<string, unknown>
  const fn = mod['linfTestSetExact']
  if (typeof fn === 'function') return { fn: fn as PasskExact, source: '@passk/evaluators linfTestSetExact' }
  return null
}
