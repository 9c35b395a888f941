// @passk/tools: Nx generators for passk-lab. Nx loads them through generators.json; this entry only
// names them, so that importing the package (its "exports" map points here) does not fail.
export const generators = ['data-source'] as const
export type GeneratorName = (typeof generators)[number]
