/**
 * Commands load the plugin packages only when they need the registry, so `passk --help` and usage
 * errors stay fast (importing every plugin package costs most of the startup time).
 */
import type { Registry } from '@passk/core'
import type { RegistryOptions } from './registry.js'

export async function loadDefaultRegistry(opts: RegistryOptions = {}): Promise<Registry> {
  const { createDefaultRegistry } = await import('./registry.js')
  return createDefaultRegistry(opts)
}
