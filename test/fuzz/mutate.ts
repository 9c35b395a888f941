/**
 * Seeded mutations for the fuzz harness: byte flips, token insertions (the values that broke readers
 * before: leading zeros, hex counts, huge counts, raw tabs, bad escapes, BOMs, deep nesting), range
 * deletion and duplication, line splicing and truncation. Deterministic for a given seed.
 */

/** mulberry32: a small seeded PRNG (uniform in [0, 1)). */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export type Rand = () => number
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]
const int = (r: Rand, n: number) => Math.floor(r() * n)

/** Tokens inserted at random positions. */
export const TOKENS = [
  '"',
  '\\',
  '\\q',
  '\\u12',
  '\\u0041',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '\t',
  '\n',
  '\r\n',
  '\uFEFF',
  '\u0000',
  ' ',
  '0',
  '01',
  '-',
  '-0',
  '1.',
  '.5',
  '1e',
  '1.2.3',
  '1e400',
  '0x10',
  '0b11',
  '4294967306',
  '2147483648',
  '9007199254740993',
  'true',
  'false',
  'null',
  'NaN',
  'Infinity',
  'passed',
  'failed',
  '"model"',
  '"task_id"',
  '"passed"',
  '"n"',
  '"c"',
  '""',
  '['.repeat(3000) + ']'.repeat(3000),
  '{"a":'.repeat(2000) + '1' + '}'.repeat(2000),
  'é',
  '\uD800',
  '\xff',
]

/** One mutation of `input` (a Buffer); `text` mutations are UTF-8 encoded. */
export function mutate(r: Rand, input: Buffer): Buffer {
  const b = Buffer.from(input)
  const n = b.length
  switch (int(r, 9)) {
    case 0: {
      // flip bits of a few bytes
      const out = Buffer.from(b)
      for (let k = 1 + int(r, 4); k > 0 && n; k--) out[int(r, n)] ^= 1 << int(r, 8)
      return out
    }
    case 1:
    case 2: {
      // insert a token
      const at = int(r, n + 1)
      return Buffer.concat([b.subarray(0, at), Buffer.from(pick(r, TOKENS), 'utf8'), b.subarray(at)])
    }
    case 3: {
      // replace a token-sized range with a token
      const at = int(r, n + 1)
      const len = 1 + int(r, 6)
      return Buffer.concat([b.subarray(0, at), Buffer.from(pick(r, TOKENS), 'utf8'), b.subarray(at + len)])
    }
    case 4: {
      // delete a range
      const at = int(r, n + 1)
      return Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + int(r, 16))])
    }
    case 5: {
      // duplicate a range
      const at = int(r, n + 1)
      const len = 1 + int(r, 64)
      return Buffer.concat([b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len)])
    }
    case 6: {
      // truncate
      return b.subarray(0, int(r, n + 1))
    }
    case 7: {
      // swap or repeat lines
      const lines = b.toString('latin1').split('\n')
      if (lines.length > 2) {
        const i = int(r, lines.length),
          j = int(r, lines.length)
        if (r() < 0.5) [lines[i], lines[j]] = [lines[j], lines[i]]
        else lines.splice(i, 0, lines[j])
      }
      return Buffer.from(lines.join('\n'), 'latin1')
    }
    default: {
      // a random byte
      const at = int(r, n + 1)
      return Buffer.concat([b.subarray(0, at), Buffer.from([int(r, 256)]), b.subarray(at)])
    }
  }
}

/** 1–3 stacked mutations. */
export function mutateSome(r: Rand, input: Buffer): Buffer {
  let b = input
  for (let k = 1 + int(r, 3); k > 0; k--) b = mutate(r, b)
  return b
}
