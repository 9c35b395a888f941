/**
 * WebAssembly SIMD (f64x2) version of the Gram micro-kernel, assembled at load time from the bytes
 * below (no compiler needed: the module is ~300 bytes, built by a tiny emitter). Opcodes follow the
 * WebAssembly SIMD binary encoding (WebAssembly/spec, proposals/simd/BinarySIMD.md, final numbering:
 * v128.load 0xFD 0x00, f64x2.extract_lane 0xFD 0x21, f64x2.add 0xFD 0xF0 0x01, f64x2.mul 0xFD 0xF2 0x01).
 *
 * Kernel `syrk(m4, len, pBase, gBase, ldgBytes)`: for the m4 packed vectors P_i (len doubles each,
 * contiguous, at pBase) it accumulates W[i, j] += P_i·P_j for all 4×2 tiles with j ≥ 4⌊i/4⌋ (the upper
 * block triangle; a few strict-lower entries of diagonal blocks are computed and ignored by the caller).
 * Each tile keeps 8 f64x2 accumulators (two partial sums per entry, reduced once per tile); each step
 * loads 4 + 2 vectors for 8 vector multiply–adds. Requires m4 % 4 = 0, len even, m4, len > 0.
 * Internal: the public entry points are dsyrkPanel / dgramRows, which fall back to the scalar kernel.
 */

const leb = (n: number): number[] => { const o: number[] = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b) } while (n); return o }
const vec = (items: number[][]): number[] => [...leb(items.length), ...items.flat()]
const str = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]))
const section = (id: number, bytes: number[]): number[] => [id, ...leb(bytes.length), ...bytes]

const I32 = 0x7f, V128 = 0x7b
// instruction helpers
const get = (i: number) => [0x20, ...leb(i)], set = (i: number) => [0x21, ...leb(i)]
const i32c = (v: number) => [0x41, ...leb(v)] // only small non-negative constants (< 64) are used
const ADD = 0x6a, MUL = 0x6c, SHL = 0x74, LTU = 0x49
const vload = (off = 0) => [0xfd, 0x00, 3, ...leb(off)]
const fadd2 = [0xfd, 0xf0, 0x01], fmul2 = [0xfd, 0xf2, 0x01]
const lane = (l: number) => [0xfd, 0x21, l]
const f64load = (off: number) => [0x2b, 3, ...leb(off)], f64store = (off: number) => [0x39, 3, ...leb(off)]
const FADD = 0xa0
const zero128 = [0xfd, 0x0c, ...new Array<number>(16).fill(0)]
const LOOP = [0x03, 0x40], END = 0x0b, BRIF = (l: number) => [0x0d, l]

function buildModule(): Uint8Array {
  // params: m4, len, pBase, gBase, ldgB
  const M4 = 0, LEN = 1, PB = 2, GB = 3, LDG = 4
  const ROWB = 5, I = 6, J = 7, T = 8, PI0 = 9, PI1 = 10, PI2 = 11, PI3 = 12, PJ0 = 13, PJ1 = 14, GR = 15
  const ACC = 16 /* 16..23: acc[r*2+c] */, X = 24 /* 24..27 */, Y = 28
  const b: number[] = []
  const e = (...xs: (number | number[])[]) => { for (const x of xs) Array.isArray(x) ? b.push(...x) : b.push(x) }
  e(get(LEN), i32c(3), SHL, set(ROWB))
  e(i32c(0), set(I))
  e(LOOP) // $li
  e(get(PB), get(I), get(ROWB), MUL, ADD, set(PI0))
  e(get(PI0), get(ROWB), ADD, set(PI1))
  e(get(PI1), get(ROWB), ADD, set(PI2))
  e(get(PI2), get(ROWB), ADD, set(PI3))
  e(get(I), set(J))
  e(LOOP) // $lj
  e(get(PB), get(J), get(ROWB), MUL, ADD, set(PJ0))
  e(get(PJ0), get(ROWB), ADD, set(PJ1))
  for (let a = 0; a < 8; a++) e(zero128, set(ACC + a))
  e(i32c(0), set(T))
  e(LOOP) // $lt
  const pis = [PI0, PI1, PI2, PI3]
  for (let r = 0; r < 4; r++) e(get(pis[r]!), get(T), ADD, vload(), set(X + r))
  for (let c = 0; c < 2; c++) {
    e(get(c === 0 ? PJ0 : PJ1), get(T), ADD, vload(), set(Y))
    for (let r = 0; r < 4; r++) e(get(ACC + r * 2 + c), get(X + r), get(Y), fmul2, fadd2, set(ACC + r * 2 + c))
  }
  e(get(T), i32c(16), ADD, set(T))
  e(get(T), get(ROWB), LTU, BRIF(0))
  e(END) // $lt
  // write back: W[i + r, j + c] += lane0 + lane1
  e(get(GB), get(I), get(LDG), MUL, ADD, get(J), i32c(3), SHL, ADD, set(GR))
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 2; c++) {
      const acc = ACC + r * 2 + c
      e(get(GR), get(GR), f64load(c * 8), get(acc), lane(0), get(acc), lane(1), FADD, FADD, f64store(c * 8))
    }
    if (r < 3) e(get(GR), get(LDG), ADD, set(GR))
  }
  e(get(J), i32c(2), ADD, set(J))
  e(get(J), get(M4), LTU, BRIF(0))
  e(END) // $lj
  e(get(I), i32c(4), ADD, set(I))
  e(get(I), get(M4), LTU, BRIF(0))
  e(END) // $li
  const locals = vec([[...leb(GR - ROWB + 1), I32], [...leb(Y - ACC + 1), V128]])
  const body = [...locals, ...b, END]
  const type = section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32], [I32]]), ...vec([])]]))
  const imp = section(2, vec([[...str('env'), ...str('memory'), 0x02, 0x00, 0x01]]))
  const fns = section(3, vec([[0]]))
  const exp = section(7, vec([[...str('syrk'), 0x00, 0x00]]))
  const code = section(10, vec([[...leb(body.length), ...body]]))
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...type, ...imp, ...fns, ...exp, ...code])
}

/** The part of the WebAssembly JS API used here (typed locally: the project's TS libs omit it). */
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface WasmApi {
  validate(bytes: Uint8Array): boolean
  Memory: new (d: { initial: number }) => WasmMemory
  Module: new (bytes: Uint8Array) => object
  Instance: new (m: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> }
}

interface WasmState { memory: WasmMemory; syrk: (m4: number, len: number, pBase: number, gBase: number, ldgB: number) => void; f64: Float64Array }
let state: WasmState | null | undefined

/** The instantiated kernel, or null where WebAssembly SIMD is unavailable (then callers use the JS kernel). */
function instance(): WasmState | null {
  if (state !== undefined) return state
  try {
    const WA = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
    const bytes = buildModule()
    if (!WA || !WA.validate(bytes)) return (state = null)
    const memory = new WA.Memory({ initial: 1 })
    const inst = new WA.Instance(new WA.Module(bytes), { env: { memory } })
    const syrk = inst.exports['syrk'] as WasmState['syrk']
    state = { memory, syrk, f64: new Float64Array(memory.buffer) }
  } catch {
    state = null
  }
  return state
}

export function wasmAvailable(): boolean { return instance() !== null }

function ensure(st: WasmState, doubles: number): Float64Array {
  const need = doubles * 8
  const have = st.memory.buffer.byteLength
  if (need > have) st.memory.grow(Math.ceil((need - have) / 65536))
  if (st.f64.buffer !== st.memory.buffer) st.f64 = new Float64Array(st.memory.buffer)
  return st.f64
}

/** Rows of A packed per kernel call. */
const KB = 128

/**
 * Same contract as dsyrkPanel (upper triangle of G[0:m,0:m] += α·AᵀA, A = k rows of m numbers at
 * a[offsetA + r·lda]); returns false (doing nothing) when WebAssembly SIMD is unavailable.
 * Memory layout (doubles): W (m4×m4 accumulator) then the packed panel (m4 × kb2).
 */
export function wasmSyrkPanel(m: number, k: number, alpha: number, a: Float64Array, offsetA: number, lda: number,
  g: Float64Array, offsetG: number, ldg: number): boolean {
  const st = instance()
  if (!st) return false
  const m4 = (m + 3) & ~3
  const kb = Math.min(KB, k), kb2 = kb + (kb & 1)
  const F = ensure(st, m4 * m4 + m4 * kb2)
  const pBase = m4 * m4
  F.fill(0, 0, pBase + m4 * kb2) // accumulator and padding (rows ≥ m, odd column) start at 0
  for (let r0 = 0; r0 < k; r0 += kb) {
    const nb = Math.min(kb, k - r0), nb2 = nb + (nb & 1)
    for (let t = 0; t < nb; t++) {
      const row = offsetA + (r0 + t) * lda
      for (let c = 0; c < m; c++) F[pBase + c * nb2 + t] = a[row + c]
    }
    if (nb2 !== nb) for (let c = 0; c < m; c++) F[pBase + c * nb2 + nb] = 0
    st.syrk(m4, nb2, pBase * 8, 0, m4 * 8)
  }
  for (let i = 0; i < m; i++) {
    const gi = offsetG + i * ldg, wi = i * m4
    for (let j = i; j < m; j++) g[gi + j] += alpha * F[wi + j]
  }
  return true
}

/**
 * Same contract as dgramRows (upper triangle of G += α·A·Aᵀ for n rows of length k at a[offsetA + i·lda],
 * G n×n); returns false when WebAssembly SIMD is unavailable.
 */
export function wasmGramRows(n: number, k: number, alpha: number, a: Float64Array, offsetA: number, lda: number, g: Float64Array): boolean {
  const st = instance()
  if (!st) return false
  const n4 = (n + 3) & ~3, k2 = k + (k & 1)
  const F = ensure(st, n4 * n4 + n4 * k2)
  const pBase = n4 * n4
  F.fill(0, 0, pBase + n4 * k2)
  for (let i = 0; i < n; i++) F.set(a.subarray(offsetA + i * lda, offsetA + i * lda + k), pBase + i * k2)
  st.syrk(n4, k2, pBase * 8, 0, n4 * 8)
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) g[i * n + j] += alpha * F[i * n4 + j]
  return true
}
