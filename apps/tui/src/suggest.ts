/** "Did you mean …?" for unknown commands, flags and values (no imports: `passk --help` loads it). */

/** Levenshtein distance (small strings: flag and command names). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]
    d[0] = i
    for (let j = 1; j <= b.length; j++) {
      const t = d[j]
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = t
    }
  }
  return d[b.length]
}

/** The closest candidates to `input` (by edit distance, or a prefix), best first; none when nothing is near. */
export function nearest(input: string, candidates: readonly string[], max = 3): string[] {
  const limit = Math.max(2, Math.floor(input.length / 3))
  return candidates
    .map((c) => ({ c, d: c.startsWith(input) || input.startsWith(c) ? 0.5 : editDistance(input, c) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c)
}

/** "Did you mean …?" text, or '' when nothing is near. */
export function didYouMean(input: string, candidates: readonly string[], prefix = ''): string {
  const near = nearest(input, candidates)
  return near.length ? `Did you mean ${near.map((c) => `${prefix}${c}`).join(' or ')}? ` : ''
}
