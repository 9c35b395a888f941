/**
 * Tiny deterministic generator for kernel tests and the package's own examples (mulberry32 + Box–Muller).
 * The linalg package has no dependencies, so it does not use @passk/core's RNG. Internal.
 */
export function randomNormals(n: number, seed: number): Float64Array {
  let s = seed >>> 0
  const u = () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296
  }
  const out = new Float64Array(n)
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u())),
      a = 2 * Math.PI * u()
    out[i] = r * Math.cos(a)
    if (i + 1 < n) out[i + 1] = r * Math.sin(a)
  }
  return out
}
