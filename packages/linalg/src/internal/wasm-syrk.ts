/**
 * WebAssembly SIMD (f64x2) version of the Gram micro-kernel, assembled at load time from the bytes
 * below (no compiler needed: the module is ~300 bytes, built by a tiny emitter). Opcodes follow the
 * WebAssembly SIMD binary encoding (WebAssembly/spec, proposals/simd/BinarySIMD.md, final numbering:
 * v128.load 0xFD 0x00, f64x2.extract_lane 0xFD 0x21, f64x2.add 0xFD 0xF0 0x01, f64x2.mul 0xFD 0xF2 0x01).
 *
 * Kernel `gemm(m4, n2, lenBytes, paBase, pbBase, gBase, ldgBytes, upper)`: for packed vectors P_i
 * (i < m4, at paBase) and Q_j (j < n2, at pbBase), each stored with a fixed stride of 128 doubles of
 * which the first lenBytes/8 are used, it accumulates W[i, j] += P_i·Q_j over 4×2 tiles — all of them,
 * or with `upper` = 1 (syrk: P = Q) only j ≥ 4⌊i/4⌋ (the upper block triangle; a few strict-lower
 * entries of diagonal blocks are computed and ignored by the caller). Each tile keeps 8 f64x2
 * accumulators (two partial sums per entry, reduced once per tile); each step loads 4 + 2 vectors for
 * 8 vector multiply–adds, all at constant offsets from two addresses (the fixed stride makes them
 * immediates), two steps per loop iteration. Requires m4 % 4 = 0, n2 % 2 = 0, lenBytes % 16 = 0, all > 0.
 * Internal: the public entry points are dsyrkPanel / dgramRows, which fall back to the scalar kernel.
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

const I32 = 0x7f,
  V128 = 0x7b
// instruction helpers
const get = (i: number) => [0x20, ...leb(i)],
  set = (i: number) => [0x21, ...leb(i)]
const i32c = (v: number) => [0x41, ...leb(v)] // only small non-negative constants (< 64) are used
const ADD = 0x6a,
  MUL = 0x6c,
  SHL = 0x74,
  LTU = 0x49
const vload = (off = 0) => [0xfd, 0x00, 3, ...leb(off)]
const fadd2 = [0xfd, 0xf0, 0x01],
  fmul2 = [0xfd, 0xf2, 0x01]
const lane = (l: number) => [0xfd, 0x21, l]
const f64load = (off: number) => [0x2b, 3, ...leb(off)],
  f64store = (off: number) => [0x39, 3, ...leb(off)]
const FADD = 0xa0,
  SELECT = 0x1b
const zero128 = [0xfd, 0x0c, ...new Array<number>(16).fill(0)]
const LOOP = [0x03, 0x40],
  END = 0x0b,
  BRIF = (l: number) => [0x0d, l]

/** Packed vectors have a fixed stride of STRIDE doubles, so every load uses a constant memarg offset. */
export const STRIDE = 128

/** Rows of B per chunk in wasmGemmNT (bounds the memory for long test sets). */
export const GEMM_B_CHUNK = 8192
/**
 * Steps (2 doubles each) per loop iteration. Measured by CPU time on the bench machine (d = 512,
 * 2048 rows): 1 → 5.2–6.2 G multiply–adds/s, 2 → 4.0–4.4 (more live registers); strides 64/128/256
 * were indistinguishable. Keep 1.
 */
const UNROLL = 1

function buildModule(unroll = UNROLL): Uint8Array {
  const ROWB = STRIDE * 8
  // params: m4, n2, lenB (bytes, multiple of 16), paBase, pbBase, gBase, ldgB, upper
  const M4 = 0,
    N2 = 1,
    LENB = 2,
    PA = 3,
    PB = 4,
    GB = 5,
    LDG = 6,
    UP = 7
  const I = 8,
    J = 9,
    T = 10,
    PI = 11,
    PJ = 12,
    GR = 13,
    A = 14,
    B = 15
  const ACC = 16 /* 16..23: acc[r*2+c] */,
    X = 24 /* 24..27 */,
    Y = 28
  const b: number[] = []
  const e = (...xs: (number | number[])[]) => {
    for (const x of xs) {
      if (Array.isArray(x)) b.push(...x)
      else b.push(x)
    }
  }
  e(i32c(0), set(I))
  e(LOOP) // $li
  e(get(PA), get(I), i32c(Math.log2(ROWB)), SHL, ADD, set(PI)) // P_i at paBase + i·ROWB
  e(get(I), i32c(0), get(UP), SELECT, set(J)) // j from i (upper) or 0
  e(LOOP) // $lj
  e(get(PB), get(J), i32c(Math.log2(ROWB)), SHL, ADD, set(PJ))
  for (let a = 0; a < 8; a++) e(zero128, set(ACC + a))
  e(i32c(0), set(T))
  e(LOOP) // $lt: two steps of 2 doubles per iteration
  e(get(PI), get(T), ADD, set(A), get(PJ), get(T), ADD, set(B))
  for (let u = 0; u < unroll; u++) {
    const h = u * 16
    for (let r = 0; r < 4; r++) e(get(A), vload(r * ROWB + h), set(X + r))
    for (let c = 0; c < 2; c++) {
      e(get(B), vload(c * ROWB + h), set(Y))
      for (let r = 0; r < 4; r++) e(get(ACC + r * 2 + c), get(X + r), get(Y), fmul2, fadd2, set(ACC + r * 2 + c))
    }
  }
  e(get(T), i32c(16 * unroll), ADD, set(T))
  e(get(T), get(LENB), LTU, BRIF(0))
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
  e(get(J), get(N2), LTU, BRIF(0))
  e(END) // $lj
  e(get(I), i32c(4), ADD, set(I))
  e(get(I), get(M4), LTU, BRIF(0))
  e(END) // $li
  const locals = vec([
    [...leb(B - I + 1), I32],
    [...leb(Y - ACC + 1), V128],
  ])
  const body = [...locals, ...b, END]
  const type = section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [I32], [I32], [I32]]), ...vec([])]]))
  const imp = section(2, vec([[...str('env'), ...str('memory'), 0x02, 0x00, 0x01]]))
  const fns = section(3, vec([[0]]))
  const exp = section(7, vec([[...str('gemm'), 0x00, 0x00]]))
  const code = section(10, vec([[...leb(body.length), ...body]]))
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...type, ...imp, ...fns, ...exp, ...code])
}

/** The part of the WebAssembly JS API used here (typed locally: the project's TS libs omit it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean
  Memory: new (d: { initial: number }) => WasmMemory
  Module: new (bytes: Uint8Array) => object
  Instance: new (m: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> }
}

type GemmFn = (
  m4: number,
  n2: number,
  lenB: number,
  paBase: number,
  pbBase: number,
  gBase: number,
  ldgB: number,
  upper: number,
) => void
interface WasmState {
  memory: WasmMemory
  gemm: GemmFn
  f64: Float64Array
}
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
    const gemm = inst.exports['gemm'] as GemmFn
    state = { memory, gemm, f64: new Float64Array(memory.buffer) }
  } catch {
    state = null
  }
  return state
}

export function wasmAvailable(): boolean {
  return instance() !== null
}

/** Largest WebAssembly memory we ask for (bytes); bigger problems use the JS kernels. */
const MAX_BYTES = 1 << 30

/** The memory as doubles, grown to hold `doubles` values; null if that would exceed MAX_BYTES or growing fails. */
function ensure(st: WasmState, doubles: number): Float64Array | null {
  const need = doubles * 8
  if (need > MAX_BYTES) return null
  const have = st.memory.buffer.byteLength
  if (need > have) {
    try {
      st.memory.grow(Math.ceil((need - have) / 65536))
    } catch {
      return null
    }
  }
  if (st.f64.buffer !== st.memory.buffer) st.f64 = new Float64Array(st.memory.buffer)
  return st.f64
}

/**
 * Same contract as dsyrkPanel (upper triangle of G[0:m,0:m] += α·AᵀA, A = k rows of m numbers at
 * a[offsetA + r·lda]); returns false (doing nothing) when WebAssembly SIMD is unavailable.
 * Memory layout (doubles): W (m4×m4 accumulator) then the packed panel (m4 × STRIDE).
 */
export function wasmSyrkPanel(
  m: number,
  k: number,
  alpha: number,
  a: Float64Array,
  offsetA: number,
  lda: number,
  g: Float64Array,
  offsetG: number,
  ldg: number,
): boolean {
  const st = instance()
  if (!st) return false
  const m4 = (m + 3) & ~3
  const pBase = m4 * m4
  const F = ensure(st, pBase + m4 * STRIDE)
  if (!F) return false
  F.fill(0, 0, pBase + m4 * STRIDE) // accumulator and padding (rows ≥ m, columns ≥ nb) start at 0
  for (let r0 = 0; r0 < k; r0 += STRIDE) {
    const nb = Math.min(STRIDE, k - r0),
      nb4 = (nb + 3) & ~3
    for (let t = 0; t < nb; t++) {
      const row = offsetA + (r0 + t) * lda
      for (let c = 0; c < m; c++) F[pBase + c * STRIDE + t] = a[row + c]
    }
    if (nb4 !== nb) for (let c = 0; c < m; c++) F.fill(0, pBase + c * STRIDE + nb, pBase + c * STRIDE + nb4)
    st.gemm(m4, m4, nb4 * 8, pBase * 8, pBase * 8, 0, m4 * 8, 1)
  }
  for (let i = 0; i < m; i++) {
    const gi = offsetG + i * ldg,
      wi = i * m4
    for (let j = i; j < m; j++) g[gi + j] += alpha * F[wi + j]
  }
  return true
}

/**
 * Same contract as dgramRows (upper triangle of G += α·A·Aᵀ for n rows of length k at a[offsetA + i·lda],
 * G n×n); returns false when WebAssembly SIMD is unavailable. Rows are copied in chunks of STRIDE.
 */
export function wasmGramRows(
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  offsetA: number,
  lda: number,
  g: Float64Array,
): boolean {
  const st = instance()
  if (!st) return false
  const n4 = (n + 3) & ~3
  const pBase = n4 * n4
  const F = ensure(st, pBase + n4 * STRIDE)
  if (!F) return false
  F.fill(0, 0, pBase + n4 * STRIDE)
  for (let c0 = 0; c0 < k; c0 += STRIDE) {
    const len = Math.min(STRIDE, k - c0),
      len4 = (len + 3) & ~3
    for (let i = 0; i < n; i++) {
      const src = offsetA + i * lda + c0
      F.set(a.subarray(src, src + len), pBase + i * STRIDE)
      if (len4 !== len) F.fill(0, pBase + i * STRIDE + len, pBase + i * STRIDE + len4)
    }
    st.gemm(n4, n4, len4 * 8, pBase * 8, pBase * 8, 0, n4 * 8, 1)
  }
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) g[i * n + j] += alpha * F[i * n4 + j]
  return true
}

/**
 * C[0:m, 0:n] (row stride n) += α·A·Bᵀ for A = m rows and B = n rows of length k (row-major, contiguous):
 * the dgemm(transB = true) product. Returns false when WebAssembly SIMD is unavailable.
 * Memory layout (doubles): W (m4×n2) then packed A (m4 × STRIDE) then packed B (n2 × STRIDE).
 */
export function wasmGemmNT(
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  chunk = GEMM_B_CHUNK,
): boolean {
  const st = instance()
  if (!st) return false
  const m4 = (m + 3) & ~3
  // B rows in chunks so that memory stays bounded for long test sets
  const nc = Math.min(n, chunk),
    nc2 = (nc + 1) & ~1
  const paBase = m4 * nc2,
    pbBase = paBase + m4 * STRIDE
  const F = ensure(st, pbBase + nc2 * STRIDE)
  if (!F) return false
  for (let j0 = 0; j0 < n; j0 += nc) {
    const nj = Math.min(nc, n - j0),
      n2 = (nj + 1) & ~1
    F.fill(0, 0, pbBase + nc2 * STRIDE)
    for (let c0 = 0; c0 < k; c0 += STRIDE) {
      const len = Math.min(STRIDE, k - c0),
        len2 = (len + 1) & ~1
      for (let i = 0; i < m; i++) {
        F.set(a.subarray(i * k + c0, i * k + c0 + len), paBase + i * STRIDE)
        if (len2 !== len) F[paBase + i * STRIDE + len] = 0
      }
      for (let j = 0; j < nj; j++) {
        const src = (j0 + j) * k + c0
        F.set(b.subarray(src, src + len), pbBase + j * STRIDE)
        if (len2 !== len) F[pbBase + j * STRIDE + len] = 0
      }
      st.gemm(m4, n2, len2 * 8, paBase * 8, pbBase * 8, 0, n2 * 8, 0)
    }
    for (let i = 0; i < m; i++) for (let j = 0; j < nj; j++) c[i * n + j0 + j] += alpha * F[i * n2 + j]
  }
  return true
}
