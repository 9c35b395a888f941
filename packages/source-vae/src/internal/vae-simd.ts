/**
 * WebAssembly SIMD (f64x2) kernels for the scalar work around the VAE's matrix products: Adam's update and the
 * exponentials of the BCE pass. Binary format: WebAssembly core spec §5; SIMD opcodes from WebAssembly/spec
 * proposals/simd/BinarySIMD.md (the same encoding as @passk/linalg's emitter). The kernels read and write their
 * arrays in place, so those live in a kernel memory: adamArena / expArena allocate them there.
 *
 * adam — Adam's update (Kingma & Ba 2015, Algorithm 1) in one pass over parameters, gradient and both moments,
 * two elements per instruction. The scalar loop in JavaScript is bound by the divider (one sqrt and one division
 * per parameter, ≈ 650 K parameters per step for the paper's VAE); f64x2.sqrt / f64x2.div do two lanes at once,
 * which halves the step's time. The lanes compute exactly the scalar expressions of adamStep's JavaScript loop
 * (no FMA in WebAssembly), so both paths give the same bits.
 *
 * expnegabs — t = e^{−|l|} for the BCE / sigmoid pass (one per logit, ≈ 100 K per batch; Math.exp costs
 * ≈ 11 ns, this ≈ 3.5 ns). Cody–Waite reduction −|l| = k·ln 2 + r, |r| ≤ ln 2/2 (ln 2 split in fdlibm's hi/lo
 * parts, k·ln2_hi exact), e^r by its Taylor polynomial to degree 13 (truncation < 2⁻⁶⁰ relative), the
 * high-order part by Estrin's scheme and the last three terms by Horner (accuracy), then ·2ᵏ built in the
 * exponent bits. Within 1 ulp of Math.exp (checked in the tests); −|l| is clamped at −708 so 2ᵏ stays normal
 * (e^{−708} ≈ 3·10⁻³⁰⁸ instead of a smaller number: the same 1 + t and the same sigmoid to 10⁻³⁰⁷), NaN stays NaN.
 */

import { T_F64, T_I32, T_V128, leb, section, str, vec } from '@passk/linalg'
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
  DIV = [0xfd, 0xf3, 0x01],
  ABS = [0xfd, 0xec, 0x01],
  NEG = [0xfd, 0xed, 0x01],
  PMAX = [0xfd, 0xf7, 0x01],
  I64X2_ADD = [0xfd, 0xce, 0x01],
  I64X2_SHL = [0xfd, 0xcb, 0x01]
/** v128.const of two equal lanes. */
const f64c = (x: number) => [0xfd, 0x0c, ...new Uint8Array(new Float64Array([x, x]).buffer)]
const i64c = (x: bigint) => [0xfd, 0x0c, ...new Uint8Array(new BigInt64Array([x, x]).buffer)]

/**
 * adam(p, g, m, v, bytes, β1, 1 − β1, β2, 1 − β2, k, e) over byte offsets [0, bytes) of the four arrays (bytes a
 * multiple of 16): m ← β1·m + (1 − β1)·g; v ← β2·v + ((1 − β2)·g)·g; p ← p − (k·m)/(√v + e).
 * Locals: 11 the byte offset i; 12–17 the six constants splatted; 18 g, 19 m, 20 v.
 */
function adamBody(): number[] {
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
  return body
}

const LN2_HI = 6.9314718036912381649e-1,
  LN2_LO = 1.90821492927058770002e-10,
  SHIFT = 6755399441055744 // 1.5·2⁵²: y/ln 2 + SHIFT holds round(y/ln 2) in its low mantissa bits

/**
 * expnegabs(src, dst, bytes): dst ← e^{−|src|} over byte offsets [0, bytes) (a multiple of 16).
 * Locals: 3 i; 4 y = max(−|l|, −708); 5 y/ln 2 + SHIFT; 6 k then r; 7 r², 8 r⁴, 9–10 Estrin partial sums;
 * 11.. the constants (−708, 1/ln 2, SHIFT, ln2_hi, ln2_lo, 1/0! … 1/13!, then the exponent offset as i64).
 */
function expBody(): { body: number[]; v128Locals: number } {
  const fact = [1]
  for (let i = 1; i <= 13; i++) fact.push(fact[i - 1] * i)
  const consts = [-708, 1 / Math.LN2, SHIFT, LN2_HI, LN2_LO, ...fact.map((f) => 1 / f)]
  const C0 = 11,
    cl = (i: number) => get(C0 + i),
    c = (d: number) => cl(5 + d), // 1/d!
    KE = C0 + consts.length // (bits of y/ln 2 + SHIFT) + KE = (k + 1023) before the shift by 52
  const R = 6,
    R2 = 7,
    R4 = 8,
    S0 = 9,
    S1 = 10
  const q = (i: number) => [...c(3 + 2 * i), ...get(R), ...c(4 + 2 * i), ...MUL, ...ADD] // 1/(3+2i)! + r/(4+2i)!
  const body = [
    ...consts.flatMap((x, i) => [...f64c(x), ...set(C0 + i)]),
    ...i64c(1023n - 0x4338000000000000n),
    ...set(KE),
    ...[0x02, 0x40], // block
    ...[...get(3), ...get(2), I32_GEU, 0x0d, 0],
    ...[0x03, 0x40], // loop
    ...[...get(1), ...get(3), I32_ADD], // the store address
    ...[...get(0), ...get(3), I32_ADD, ...vload, ...ABS, ...NEG, ...cl(0), ...PMAX, ...set(4)],
    ...[...get(4), ...cl(1), ...MUL, ...cl(2), ...ADD, ...tee(5), ...cl(2), ...SUB, ...set(R)], // k
    ...[...get(4), ...get(R), ...cl(3), ...MUL, ...SUB, ...get(R), ...cl(4), ...MUL, ...SUB, ...set(R)], // r
    ...[...get(R), ...get(R), ...MUL, ...tee(R2), ...get(R2), ...MUL, ...set(R4)],
    ...[...q(0), ...q(1), ...get(R2), ...MUL, ...ADD, ...set(S0)], // s0 = q0 + q1·r²
    ...[...q(2), ...q(3), ...get(R2), ...MUL, ...ADD, ...set(S1)], // s1 = q2 + q3·r²
    ...[...q(4), ...c(13), ...get(R2), ...MUL, ...ADD], // s2 = q4 + r²/13!
    ...[...get(R4), ...MUL, ...get(S1), ...ADD, ...get(R4), ...MUL, ...get(S0), ...ADD], // P = s0 + r⁴(s1 + r⁴s2)
    ...[...get(R), ...MUL, ...c(2), ...ADD, ...get(R), ...MUL, ...c(1), ...ADD, ...get(R), ...MUL, ...c(0), ...ADD],
    ...[...get(5), ...get(KE), ...I64X2_ADD, 0x41, 52, ...I64X2_SHL, ...MUL], // ·2ᵏ
    ...vstore,
    ...[...get(3), 0x41, 16, I32_ADD, ...tee(3), ...get(2), I32_LTU, 0x0d, 0],
    ...[0x0b, 0x0b],
  ]
  return { body, v128Locals: 7 + consts.length + 1 } // locals 4–10, the constants, KE
}

function kernelBytes(): Uint8Array {
  const fnType = (params: number[]) => [0x60, ...vec(params.map((p) => [p])), ...vec([])]
  const types = section(
    1,
    vec([
      fnType([T_I32, T_I32, T_I32, T_I32, T_I32, T_F64, T_F64, T_F64, T_F64, T_F64, T_F64]),
      fnType([T_I32, T_I32, T_I32]),
    ]),
  )
  const imp = section(2, vec([[...str('env'), ...str('memory'), 0x02, 0x00, 0x01]]))
  const fsec = section(3, vec([leb(0), leb(1)]))
  const exp = section(
    7,
    vec([
      [...str('adam'), 0x00, ...leb(0)],
      [...str('expnegabs'), 0x00, ...leb(1)],
    ]),
  )
  const fn = (locals: [number, number][], body: number[]) => {
    const b = [...vec(locals.map(([n, t]) => [...leb(n), t])), ...body, 0x0b]
    return [...leb(b.length), ...b]
  }
  const e = expBody()
  const code = section(
    10,
    vec([
      fn(
        [
          [1, T_I32],
          [9, T_V128],
        ],
        adamBody(),
      ),
      fn(
        [
          [1, T_I32],
          [e.v128Locals, T_V128],
        ],
        e.body,
      ),
    ]),
  )
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imp, ...fsec, ...exp, ...code])
}

/** The part of the WebAssembly JS API used here (typed locally: the project's TS libs omit it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean
  Memory: new (d: { initial: number }) => { readonly buffer: ArrayBuffer }
  Module: new (bytes: Uint8Array) => object
  Instance: new (m: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> }
}
type AdamKernel = (
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

type ExpKernel = (src: number, dst: number, bytes: number) => void

/** The kernels bound to each kernel memory, by the memory's buffer (callers look their arrays up here). */
const kernels = new WeakMap<ArrayBuffer, { adam: AdamKernel; exp: ExpKernel }>()

/**
 * A zeroed kernel memory of at least `bytes` bytes with the kernels bound to it; null without WebAssembly SIMD or
 * when the memory cannot be had (over 2 GiB, or the runtime refuses another one): callers then use ordinary arrays.
 */
function kernelMemory(bytes: number): ArrayBuffer | null {
  const b = validBytes()
  const pages = Math.max(1, Math.ceil(bytes / 65536))
  if (!b || pages > 32768) return null // 2 GiB: typed-array views of larger memories are not portable
  const W = (globalThis as { WebAssembly?: WasmApi }).WebAssembly!
  let memory: { readonly buffer: ArrayBuffer }
  try {
    memory = new W.Memory({ initial: pages })
  } catch {
    return null // RangeError: out of (virtual) memory
  }
  const inst = new W.Instance(new W.Module(b), { env: { memory } })
  const buf = memory.buffer
  kernels.set(buf, { adam: inst.exports.adam as AdamKernel, exp: inst.exports.expnegabs as ExpKernel })
  return buf
}

const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16

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
  const stride = align16(n * 8) // every array 16-byte aligned
  const buf = kernelMemory(4 * stride)
  if (!buf) return null
  const view = (i: number) => new Float64Array(buf, i * stride, n)
  return { p: view(0), g: view(1), m: view(2), v: view(3) }
}

/** Logits and their e^{−|l|} (n each) in one kernel memory; null without WebAssembly SIMD. */
export function expArena(n: number): { logits: Float64Array; t: Float64Array } | null {
  const stride = align16(n * 8)
  const buf = kernelMemory(2 * stride)
  if (!buf) return null
  return { logits: new Float64Array(buf, 0, n), t: new Float64Array(buf, stride, n) }
}

/**
 * t[i] = e^{−|l[i]|} for i < n by the SIMD kernel when both live in one kernel memory (an odd last element by
 * the same formula in JavaScript would differ from Math.exp, so it is Math.exp); false when they do not (the
 * caller then uses Math.exp).
 */
export function expNegAbsSimd(l: Float64Array, t: Float64Array, n: number): boolean {
  const buf = l.buffer
  const k = buf instanceof ArrayBuffer ? kernels.get(buf) : undefined
  if (!k || t.buffer !== buf || l.length < n || t.length < n || l.byteOffset % 16 || t.byteOffset % 16) return false
  const pairs = n >> 1
  k.exp(l.byteOffset, t.byteOffset, pairs * 16)
  if (n & 1) t[n - 1] = Math.exp(-Math.abs(l[n - 1]))
  return true
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
  const kern = buf instanceof ArrayBuffer ? kernels.get(buf)?.adam : undefined
  if (!kern || g.buffer !== buf || m.buffer !== buf || v.buffer !== buf) return 0
  const n = p.length
  if (g.length < n || m.length < n || v.length < n) return 0
  const o = [p.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset]
  if (o.some((x) => x % 16 !== 0)) return 0
  const pairs = n >> 1
  kern(o[0], o[1], o[2], o[3], pairs * 16, b1, 1 - b1, b2, 1 - b2, k, e)
  return 2 * pairs
}
