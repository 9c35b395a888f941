/**
 * The ziggurat normal generator of rng.ts (Doornik 2005 ZIGNOR, 128 layers, on xoshiro128**) as a small
 * WebAssembly function, assembled here from its bytes (WebAssembly core spec §5, binary format): the same
 * integer steps and the same IEEE double operations in the same order as Xoshiro128.fillNormal, with the
 * edge and tail cases (zigSlow) in WebAssembly too, calling JavaScript's own Math.exp / Math.log, so every
 * output bit and the generator state afterwards are those of the JavaScript loop (rng.test.ts pins them).
 * ~3 ns per normal instead of ~6.5. Internal: Rng.fillNormal uses it for long fills when available.
 *
 * Memory (two 64 KiB pages): ZIG_X (129 doubles) at X_OFF, ZIG_R (128) at R_OFF, the four state words
 * at STATE_OFF, the output block (≤ BLOCK doubles) at OUT_OFF.
 */
import { leb, section, sleb, str, vec } from '@passk/linalg'

/** Doubles per call (64 KiB of output). */
export const ZIG_BLOCK = 8192

const X_OFF = 0,
  R_OFF = 8 * 129,
  STATE_OFF = R_OFF + 8 * 128,
  OUT_OFF = 4096

const f64c = (v: number): number[] => [0x44, ...new Uint8Array(new Float64Array([v]).buffer)]

const I32 = 0x7f,
  F64 = 0x7c
// opcodes
const get = (i: number) => [0x20, ...leb(i)],
  set = (i: number) => [0x21, ...leb(i)],
  i32 = (v: number) => [0x41, ...sleb(v)],
  call = (f: number) => [0x10, ...leb(f)],
  br = (l: number) => [0x0c, ...leb(l)],
  brIf = (l: number) => [0x0d, ...leb(l)],
  i32load = (off: number) => [0x28, 2, ...leb(off)],
  i32store = (off: number) => [0x36, 2, ...leb(off)],
  f64load = (off: number) => [0x2b, 3, ...leb(off)],
  f64store = (off: number) => [0x39, 3, ...leb(off)]
const BLOCK = [0x02, 0x40],
  LOOP = [0x03, 0x40],
  IF = [0x04, 0x40],
  IF_F64 = [0x04, F64],
  ELSE = 0x05,
  END = 0x0b
const I32_EQZ = 0x45,
  I32_GEU = 0x4f,
  I32_ADD = 0x6a,
  I32_MUL = 0x6c,
  I32_AND = 0x71,
  I32_OR = 0x72,
  I32_XOR = 0x73,
  I32_SHL = 0x74,
  I32_SHRU = 0x76,
  I32_ROTL = 0x77
const F64_LT = 0x63,
  F64_ABS = 0x99,
  F64_ADD = 0xa0,
  F64_SUB = 0xa1,
  F64_MUL = 0xa2,
  F64_DIV = 0xa3,
  F64_CONVERT_I32_U = 0xb8

// imports: func 0 = Math.exp, func 1 = Math.log; func 2 = fill
const EXP = 0,
  LOG = 1

function buildModule(RR: number): Uint8Array {
  // locals: 0 = n (param); i32 1..9; f64 10..14
  const N = 0,
    I = 1,
    A = 2,
    B = 3,
    C = 4,
    D = 5,
    R1 = 6,
    R2 = 7,
    T = 8,
    L = 9
  const U = 10,
    X = 11,
    Y = 12,
    F0 = 13,
    F1 = 14
  const b: number[] = []
  const e = (...xs: (number | number[])[]) => {
    for (const x of xs) {
      if (Array.isArray(x)) b.push(...x)
      else b.push(x)
    }
  }
  /** One xoshiro128** output into local `r` and the state update (Xoshiro128.uint32). */
  const step = (r: number) => {
    e(get(B), i32(5), I32_MUL, i32(7), I32_ROTL, i32(9), I32_MUL, set(r))
    e(get(B), i32(9), I32_SHL, set(T))
    e(get(C), get(A), I32_XOR, set(C))
    e(get(D), get(B), I32_XOR, set(D))
    e(get(B), get(C), I32_XOR, set(B))
    e(get(A), get(D), I32_XOR, set(A))
    e(get(C), get(T), I32_XOR, set(C))
    e(get(D), i32(11), I32_ROTL, set(D))
  }
  /** Push uniform() = ((r1 >>> 5)·2²⁶ + (r2 >>> 6)) / 2⁵³ (uses R1, R2 as scratch). */
  const uniform = () => {
    step(R1)
    step(R2)
    e(get(R1), i32(5), I32_SHRU, F64_CONVERT_I32_U, f64c(67108864), F64_MUL)
    e(get(R2), i32(6), I32_SHRU, F64_CONVERT_I32_U, F64_ADD, f64c(2 ** -53), F64_MUL) // ÷ 2⁵³, exactly
  }
  /** out[i] = value on the stack; i++. */
  const store = (local: number) => {
    e(get(I), i32(3), I32_SHL, get(local), f64store(OUT_OFF))
    e(get(I), i32(1), I32_ADD, set(I))
  }
  e(i32(0), i32load(STATE_OFF), set(A), i32(0), i32load(STATE_OFF + 4), set(B))
  e(i32(0), i32load(STATE_OFF + 8), set(C), i32(0), i32load(STATE_OFF + 12), set(D))
  e(i32(0), set(I))
  e(BLOCK) // $done (depth counts below are from inside)
  e(LOOP) // $draw
  e(get(I), get(N), I32_GEU, brIf(1))
  step(R1)
  step(R2)
  e(get(R1), i32(31), I32_AND, get(R2), i32(3), I32_AND, i32(5), I32_SHL, I32_OR, set(L))
  e(get(R1), i32(5), I32_SHRU, F64_CONVERT_I32_U, f64c(67108864), F64_MUL)
  e(get(R2), i32(6), I32_SHRU, F64_CONVERT_I32_U, F64_ADD, f64c(2 ** -52), F64_MUL, f64c(1), F64_SUB, set(U)) // ÷ 2⁵², exactly
  // fast path: |u| < R[layer] → u·X[layer]
  e(get(U), F64_ABS, get(L), i32(3), I32_SHL, f64load(R_OFF), F64_LT, IF)
  e(get(U), get(L), i32(3), I32_SHL, f64load(X_OFF), F64_MUL, set(X))
  store(X)
  e(br(1)) // → $draw (if = 0, loop = 1)
  e(END)
  e(get(L), I32_EQZ, IF)
  // tail beyond R: x = log(1 − U1)/R, y = log(1 − U2) until −2y ≥ x²; ±(R − x) by the sign of u
  e(LOOP)
  e(f64c(1))
  uniform()
  e(F64_SUB, call(LOG), f64c(RR), F64_DIV, set(X))
  e(f64c(1))
  uniform()
  e(F64_SUB, call(LOG), set(Y))
  e(f64c(-2), get(Y), F64_MUL, get(X), get(X), F64_MUL, F64_LT, brIf(0))
  e(END)
  e(get(U), f64c(0), F64_LT, IF_F64, get(X), f64c(RR), F64_SUB, ELSE, f64c(RR), get(X), F64_SUB, END, set(Y))
  store(Y)
  e(br(1)) // → $draw
  e(END)
  // edge of layer L: x = u·X[L]; accept when f1 + U·(f0 − f1) < 1 (f = exp(−(X² − x²)/2))
  e(get(U), get(L), i32(3), I32_SHL, f64load(X_OFF), F64_MUL, set(X))
  e(f64c(-0.5), get(L), i32(3), I32_SHL, f64load(X_OFF), get(L), i32(3), I32_SHL, f64load(X_OFF), F64_MUL)
  e(get(X), get(X), F64_MUL, F64_SUB, F64_MUL, call(EXP), set(F0))
  e(f64c(-0.5), get(L), i32(3), I32_SHL, f64load(X_OFF + 8), get(L), i32(3), I32_SHL, f64load(X_OFF + 8), F64_MUL)
  e(get(X), get(X), F64_MUL, F64_SUB, F64_MUL, call(EXP), set(F1))
  e(get(F1))
  uniform()
  e(get(F0), get(F1), F64_SUB, F64_MUL, F64_ADD, f64c(1), F64_LT, IF)
  store(X)
  e(END)
  e(br(0)) // → $draw
  e(END) // $draw
  e(END) // $done
  e(i32(0), get(A), i32store(STATE_OFF), i32(0), get(B), i32store(STATE_OFF + 4))
  e(i32(0), get(C), i32store(STATE_OFF + 8), i32(0), get(D), i32store(STATE_OFF + 12))
  const locals = vec([
    [...leb(L - I + 1), I32],
    [...leb(F1 - U + 1), F64],
  ])
  const body = [...locals, ...b, END]
  const types = section(
    1,
    vec([
      [0x60, ...vec([[F64]]), ...vec([[F64]])],
      [0x60, ...vec([[I32]]), ...vec([])],
    ]),
  )
  const imp = section(
    2,
    vec([
      [...str('env'), ...str('memory'), 0x02, 0x00, 0x01],
      [...str('env'), ...str('exp'), 0x00, 0x00],
      [...str('env'), ...str('log'), 0x00, 0x00],
    ]),
  )
  const fns = section(3, vec([[1]]))
  const exp = section(7, vec([[...str('fill'), 0x00, 2]]))
  const code = section(10, vec([[...leb(body.length), ...body]]))
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imp, ...fns, ...exp, ...code])
}

/** The part of the WebAssembly JS API used here (typed locally: the project's TS libs omit it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean
  Memory: new (d: { initial: number }) => { readonly buffer: ArrayBuffer }
  Module: new (bytes: Uint8Array) => object
  Instance: new (m: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> }
}

export interface ZigWasm {
  fill: (n: number) => void
  out: Float64Array
  state: Uint32Array
}

let inst: ZigWasm | null | undefined

/** The instantiated generator (tables copied in), or null where WebAssembly is unavailable. */
export function zigWasm(zx: Float64Array, zr: Float64Array, rr: number): ZigWasm | null {
  if (inst !== undefined) return inst
  try {
    const WA = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
    const bytes = buildModule(rr)
    if (!WA || !WA.validate(bytes)) return (inst = null)
    const memory = new WA.Memory({ initial: 2 })
    const i = new WA.Instance(new WA.Module(bytes), { env: { memory, exp: Math.exp, log: Math.log } })
    const f64 = new Float64Array(memory.buffer)
    f64.set(zx, X_OFF / 8)
    f64.set(zr, R_OFF / 8)
    inst = {
      fill: i.exports['fill'] as (n: number) => void,
      out: f64.subarray(OUT_OFF / 8, OUT_OFF / 8 + ZIG_BLOCK),
      state: new Uint32Array(memory.buffer, STATE_OFF, 4),
    }
  } catch {
    inst = null
  }
  return inst
}
