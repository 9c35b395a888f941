/**
 * Adam's update (Kingma & Ba 2015, Algorithm 1) as a WebAssembly SIMD kernel (f64x2): one pass over the
 * parameters, gradient and both moments, two elements per instruction. The scalar loop in JavaScript is bound by
 * the divider (one sqrt and one division per parameter, ≈ 650 K parameters per step for the paper's VAE);
 * f64x2.sqrt / f64x2.div do two lanes at once, which halves the step's time. The lanes compute exactly the
 * scalar expressions of adamStep's JavaScript loop (no FMA in WebAssembly), so both paths give the same bits.
 *
 * The kernel reads the arrays in place, so they have to live in its memory: adamArena(n) allocates p, g, m and v
 * there (trainVae trains on these and copies the parameters back). Binary format: WebAssembly core spec §5;
 * SIMD opcodes from WebAssembly/spec proposals/simd/BinarySIMD.md (the same encoding as @passk/linalg's emitter).
 */

const leb = (n: number): number[] => {
  const o: number[] = []
  do {
    let b = n & 0x7f
    n >>>= 7
    if (n) b |= 0x80
    o.push(b)
  } while (n)
  return o
}
const vec = (items: number[][]): number[] => [...leb(items.length), ...items.flat()]
const str = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]))
const section = (id: number, bytes: number[]): number[] => [id, ...leb(bytes.length), ...bytes]

const T_I32 = 0x7f,
  T_F64 = 0x7c,
  T_V128 = 0x7b
const get = (i: number) => [0x20, ...leb(i)],
  set = (i: number) => [0x21, ...leb(i)],
  tee = (i: number) => [0x22, ...leb(i)]
const I32_ADD = 0x6a,
  I32_LTU = 0x49,
  I32_GEU = 0x4f
const vload = [0xfd, 0x00, 4, 0],
  vstore = [0xfd, 0x0b, 4, 0]
const SPLAT = [0xfd, 0x14],
  SQRT = [0xfd, 0xef, 0x01],
  ADD = [0xfd, 0xf0, 0x01],
  SUB = [0xfd, 0xf1, 0x01],
  MUL = [0xfd, 0xf2, 0x01],
  DIV = [0xfd, 0xf3, 0x01]

/**
 * adam(p, g, m, v, bytes, β1, 1 − β1, β2, 1 − β2, k, e) over byte offsets [0, bytes) of the four arrays (bytes a
 * multiple of 16): m ← β1·m + (1 − β1)·g; v ← β2·v + ((1 − β2)·g)·g; p ← p − (k·m)/(√v + e).
 * Locals: 11 the byte offset i; 12–17 the six constants splatted; 18 g, 19 m, 20 v.
 */
function kernelBytes(): Uint8Array {
  const at = (arr: number) => [...get(arr), ...get(11), I32_ADD]
  const body = [
    ...[5, 6, 7, 8, 9, 10].flatMap((c) => [...get(c), ...SPLAT, ...set(c + 7)]),
    ...[0x02, 0x40], // block
    ...[...get(11), ...get(4), I32_GEU, 0x0d, 0], // nothing to do
    ...[0x03, 0x40], // loop
    ...[...at(1), ...vload, ...set(18)],
    ...[
      ...at(2),
      ...get(12),
      ...at(2),
      ...vload,
      ...MUL,
      ...get(13),
      ...get(18),
      ...MUL,
      ...ADD,
      ...tee(19),
      ...vstore,
    ],
    ...[...at(3), ...get(14), ...at(3), ...vload, ...MUL, ...get(15), ...get(18), ...MUL, ...get(18), ...MUL, ...ADD],
    ...[...tee(20), ...vstore],
    ...[...at(0), ...at(0), ...vload, ...get(16), ...get(19), ...MUL, ...get(20), ...SQRT, ...get(17), ...ADD, ...DIV],
    ...[...SUB, ...vstore],
    ...[...get(11), 0x41, 16, I32_ADD, ...tee(11), ...get(4), I32_LTU, 0x0d, 0],
    ...[0x0b, 0x0b], // end loop, end block
  ]
  const params = [T_I32, T_I32, T_I32, T_I32, T_I32, T_F64, T_F64, T_F64, T_F64, T_F64, T_F64]
  const types = section(1, vec([[0x60, ...vec(params.map((p) => [p])), ...vec([])]]))
  const imp = section(2, vec([[...str('env'), ...str('memory'), 0x02, 0x00, 0x01]]))
  const fsec = section(3, vec([leb(0)]))
  const exp = section(7, vec([[...str('adam'), 0x00, ...leb(0)]]))
  const fn = [
    ...vec([
      [1, T_I32],
      [9, T_V128],
    ]),
    ...body,
    0x0b,
  ]
  const code = section(10, vec([[...leb(fn.length), ...fn]]))
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imp, ...fsec, ...exp, ...code])
}

/** The part of the WebAssembly JS API used here (typed locally: the project's TS libs omit it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean
  Memory: new (d: { initial: number }) => { readonly buffer: ArrayBuffer }
  Module: new (bytes: Uint8Array) => object
  Instance: new (m: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> }
}
type Kernel = (
  p: number,
  g: number,
  m: number,
  v: number,
  bytes: number,
  b1: number,
  d1: number,
  b2: number,
  d2: number,
  k: number,
  e: number,
) => void

let bytesOk: Uint8Array | null | undefined
function validBytes(): Uint8Array | null {
  if (bytesOk === undefined) {
    const W = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
    const b = kernelBytes()
    bytesOk = W && W.validate(b) ? b : null
  }
  return bytesOk
}

/** The kernel bound to each arena's memory, by the memory's buffer (adamStep looks its arrays up here). */
const kernels = new WeakMap<ArrayBuffer, Kernel>()

export interface AdamArena {
  p: Float64Array
  g: Float64Array
  m: Float64Array
  v: Float64Array
}

/**
 * Parameters, gradient and both moments (n each, zeroed) in one WebAssembly memory with the SIMD kernel bound to
 * it; null when this runtime has no WebAssembly SIMD (then adamStep's JavaScript loop runs on ordinary arrays).
 */
export function adamArena(n: number): AdamArena | null {
  const bytes = validBytes()
  if (!bytes) return null
  const W = (globalThis as { WebAssembly?: WasmApi }).WebAssembly!
  const stride = Math.ceil((n * 8) / 16) * 16 // every array 16-byte aligned
  const memory = new W.Memory({ initial: Math.max(1, Math.ceil((4 * stride) / 65536)) })
  const inst = new W.Instance(new W.Module(bytes), { env: { memory } })
  const buf = memory.buffer
  kernels.set(buf, inst.exports.adam as Kernel)
  const view = (i: number) => new Float64Array(buf, i * stride, n)
  return { p: view(0), g: view(1), m: view(2), v: view(3) }
}

/**
 * One Adam update of the first 2·⌊n/2⌋ elements by the SIMD kernel when p, g, m and v all live in one arena;
 * returns how many elements it did (0 when they do not: the caller's JavaScript loop does them all).
 */
export function adamSimd(
  p: Float64Array,
  g: Float64Array,
  m: Float64Array,
  v: Float64Array,
  b1: number,
  b2: number,
  k: number,
  e: number,
): number {
  const buf = p.buffer
  const kern = buf instanceof ArrayBuffer ? kernels.get(buf) : undefined
  if (!kern || g.buffer !== buf || m.buffer !== buf || v.buffer !== buf) return 0
  const n = p.length
  if (g.length < n || m.length < n || v.length < n) return 0
  const o = [p.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset]
  if (o.some((x) => x % 16 !== 0)) return 0
  const pairs = n >> 1
  kern(o[0], o[1], o[2], o[3], pairs * 16, b1, 1 - b1, b2, 1 - b2, k, e)
  return 2 * pairs
}
