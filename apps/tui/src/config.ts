/**
 * passk.config.json loading (external plugin packages). Placeholder that loads nothing until the
 * external-plugin loader lands; it keeps the registry code path real.
 */
import type { PluginPackage } from '@passk/core'

export async function loadConfigPlugins(_opts: { cwd: string; configPath?: string }): Promise<{ pkg: PluginPackage; from: string }[]> {
  return []
}
