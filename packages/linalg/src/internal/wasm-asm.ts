/**
 * A tiny WebAssembly binary emitter: LEB128, vectors, sections and the opcodes the hand-written kernels
 * use (WebAssembly core spec §5 binary format; SIMD opcodes from WebAssembly/spec proposals/simd/BinarySIMD.md,
 * final numbering). Internal to @passk/linalg.
 */

/** Unsigned LEB128. */
export const leb = (n: number): number[] => {
  const o: number[] = []
  do {
    let b = n & 0x7f
    n >>>= 7
    if (n) b |= 0x80
    o.push(b)
  } while (n)
  return o
}
/** Signed LEB128 (i32.const immediates). */
export const sleb = (n: number): number[] => {
  const o: number[] = []
  for (;;) {
    const b = n & 0x7f
    n >>= 7
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      o.push(b)
      return o
    }
    o.push(b | 0x80)
  }
}
export const vec = (items: number[][]): number[] => [...leb(items.length), ...items.flat()]
export const str = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]))
export const section = (id: number, bytes: number[]): number[] => [id, ...leb(bytes.length), ...bytes]

export const T_I32 = 0x7f,
  T_F64 = 0x7c,
  T_V128 = 0x7b

export const op = {
  get: (i: number) => [0x20, ...leb(i)],
  set: (i: number) => [0x21, ...leb(i)],
  tee: (i: number) => [0x22, ...leb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  I32_ADD: 0x6a,
  I32_MUL: 0x6c,
  I32_LTU: 0x49,
  I32_EQZ: 0x45,
  I32_GTS: 0x4a,
  I32_GEU: 0x4f,
  SELECT: 0x1b,
  LOOP: [0x03, 0x40],
  BLOCK: [0x02, 0x40],
  END: 0x0b,
  brIf: (l: number) => [0x0d, ...leb(l)],
  br: (l: number) => [0x0c, ...leb(l)],
  /** v128.load / v128.store with a constant byte offset (align 2⁴ hint; unaligned access is allowed). */
  vload: (off = 0) => [0xfd, 0x00, 4, ...leb(off)],
  vstore: (off = 0) => [0xfd, 0x0b, 4, ...leb(off)],
  /** v128.load64_splat: one double into both lanes. */
  vsplatLoad: (off = 0) => [0xfd, 0x0a, 3, ...leb(off)],
  f64load: (off = 0) => [0x2b, 3, ...leb(off)],
  f64store: (off = 0) => [0x39, 3, ...leb(off)],
  F64X2_SPLAT: [0xfd, 0x14],
  F64X2_ADD: [0xfd, 0xf0, 0x01],
  F64X2_MUL: [0xfd, 0xf2, 0x01],
  V128_ZERO: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
}

/** The part of the WebAssembly JS API used here (typed locally: the project's TS libs omit it). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}
export interface WasmApi {
  validate(bytes: Uint8Array): boolean
  Memory: new (d: { initial: number }) => WasmMemory
  Module: new (bytes: Uint8Array) => object
  Instance: new (m: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> }
}

/** A module with one imported memory `env.memory` and the given functions (all exported by name). */
export function moduleBytes(
  fns: { name: string; params: number[]; locals: [count: number, type: number][]; body: number[] }[],
): Uint8Array {
  const types = section(1, vec(fns.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...vec([])])))
  const imp = section(2, vec([[...str('env'), ...str('memory'), 0x02, 0x00, 0x01]]))
  const fsec = section(3, vec(fns.map((_, i) => leb(i))))
  const exp = section(7, vec(fns.map((f, i) => [...str(f.name), 0x00, ...leb(i)])))
  const code = section(
    10,
    vec(
      fns.map((f) => {
        const body = [...vec(f.locals.map(([n, t]) => [...leb(n), t])), ...f.body, op.END]
        return [...leb(body.length), ...body]
      }),
    ),
  )
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imp, ...fsec, ...exp, ...code])
}
