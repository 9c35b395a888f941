/**
 * General matrix product C ← β·C + α·op(A)·op(B) on packed panels (the GotoBLAS scheme: Goto & van de Geijn
 * 2008, ACM TOMS 34(3), §4–5): op(A) is packed in MR-row panels stored k-major (MR numbers per step), op(B)
 * in NR-column panels stored k-major (NR numbers per step), so the micro-kernel reads both streams
 * sequentially whatever the transposes and strides of the caller's arrays. Cache blocking: KC steps of k per
 * packed block (an A block of MC×KC stays in L2, one B panel of KC×NR in L1), columns in chunks of at most
 * NC so that the memory stays bounded.
 *
 * Two micro-kernels on the same packed layout: a WebAssembly SIMD one (f64x2, assembled at load time by
 * internal/wasm-asm.ts; MR×NR accumulators as MR·NR/2 vectors, each step = NR/2 vector loads of B, MR
 * splat loads of A, MR·NR/2 vector multiplies and adds) and a scalar JavaScript one (4×4 tile in locals).
 * Both add the products in the same order (t = 0, 1, …, k−1 per entry of C, then α·sum into the block
 * accumulator, then β·C + that), without fused multiply–adds, so they give bit-identical results.
 * Internal: the public entry points are dgemm / dgemmEx (dgemm.ts).
 */
import { moduleBytes, op, T_F64, T_I32, T_V128, type WasmApi, type WasmMemory } from './wasm-asm.js'

/** Register block of the WebAssembly kernel (rows of A × columns of B per tile). */
export const MR = 4,
  NR = 4
/** Loop order of the WebAssembly macro-kernel: A panels outer (true) or B panels outer. */
export const P_OUTER = true
/** Most steps of k per packed block (blocks are balanced: k = 784 → 262 + 262 + 260; 384 and 512 measured the same). */
export const KC = 256
/** Most rows of A per packed block (balanced like KC). */
export const MC = 256
/** Largest column chunk (the C accumulator is m × NC at most, see chunkCols). */
const NC_MAX = 4096
/** Kernel `diag` argument that disables the upper-triangle restriction. */
const NO_DIAG = -(1 << 30)
/** Largest A + B copied into WebAssembly memory for packing there (512 MB); beyond that the JS packer is used. */
const RAW_MAX_DOUBLES = 1 << 26
/** Doubles of the C accumulator chunk we allow (32 MB). */
const C_CHUNK_DOUBLES = 1 << 22

const {
  get,
  set,
  i32,
  I32_ADD,
  I32_LTU,
  LOOP,
  END,
  brIf,
  vload,
  vstore,
  vsplatLoad,
  F64X2_SPLAT,
  F64X2_ADD,
  F64X2_MUL,
  V128_ZERO,
} = op

/**
 * kernel(mp, np, k, pa, pb, pc, ldc, alpha, diag): for q < np B panels (at pb, k·NR doubles each) and p < mp A
 * panels (at pa, k·MR doubles each): C[p·MR + r, q·NR + c] += α·Σ_t A_p[t·MR + r]·B_q[t·NR + c], C at pc with row
 * stride ldc bytes (C padded to whole tiles). Byte addresses; k ≥ 1, mp ≥ 1, np ≥ 1. In the A-panel-outer order
 * only panels q ≥ p + diag are computed (diag = −2³⁰: all; a symmetric product passes the block's diagonal).
 */
/** `unroll` steps per loop iteration: measured 2 → 15–17 GFLOP/s against 27–28 for 1 (more live registers); keep 1. */
export function buildGemmModule(mr = MR, nr = NR, pOuter = P_OUTER, unroll = 1): Uint8Array {
  const nv = nr / 2
  // params
  const MP = 0,
    NP = 1,
    K = 2,
    PA = 3,
    PB = 4,
    PC = 5,
    LDC = 6,
    ALPHA = 7,
    DIAG = 8
  // i32 locals
  const P = 9,
    Q = 10,
    AP = 11,
    BQ = 12,
    A = 13,
    B = 14,
    AEND = 15,
    CR = 16,
    ASTR = 17,
    BSTR = 18,
    CQ = 19
  const NI32 = CQ - P + 1
  // v128 locals
  const ACC = CQ + 1,
    BV = ACC + mr * nv,
    AV = BV + nv,
    AL = AV + 1
  const NV128 = AL - ACC + 1
  const b: number[] = []
  const e = (...xs: (number | number[])[]) => {
    for (const x of xs) {
      if (Array.isArray(x)) b.push(...x)
      else b.push(x)
    }
  }
  e(get(ALPHA), F64X2_SPLAT, set(AL))
  e(get(K), i32(mr * 8), op.I32_MUL, set(ASTR)) // bytes per A panel
  e(get(K), i32(nr * 8), op.I32_MUL, set(BSTR)) // bytes per B panel
  const tile = () => {
    // acc ← Σ_t A_p[t]·B_q[t]; C tile at CR (row stride LDC) += α·acc
    for (let a = 0; a < mr * nv; a++) e(V128_ZERO, set(ACC + a))
    e(get(AP), set(A), get(BQ), set(B), get(AP), get(ASTR), I32_ADD, set(AEND))
    e(LOOP) // $lt
    for (let u = 0; u < unroll; u++) {
      for (let c = 0; c < nv; c++) e(get(B), vload(u * nr * 8 + c * 16), set(BV + c))
      for (let r = 0; r < mr; r++) {
        e(get(A), vsplatLoad(u * mr * 8 + r * 8), set(AV))
        for (let c = 0; c < nv; c++)
          e(get(ACC + r * nv + c), get(AV), get(BV + c), F64X2_MUL, F64X2_ADD, set(ACC + r * nv + c))
      }
    }
    e(get(A), i32(unroll * mr * 8), I32_ADD, set(A), get(B), i32(unroll * nr * 8), I32_ADD, set(B))
    e(get(A), get(AEND), I32_LTU, brIf(0))
    e(END) // $lt
    for (let r = 0; r < mr; r++) {
      for (let c = 0; c < nv; c++)
        e(get(CR), get(CR), vload(c * 16), get(ACC + r * nv + c), get(AL), F64X2_MUL, F64X2_ADD, vstore(c * 16))
      e(get(CR), get(LDC), I32_ADD, set(CR))
    }
  }
  if (pOuter) {
    // A panel p stays in L1 while the B panels of the block stream past; C is written row block by row block
    e(i32(0), set(P), get(PA), set(AP), get(PC), set(CQ))
    e(LOOP) // $lp
    // first B panel: q0 = max(0, p + diag) (diag very negative = all panels; syrk: only tiles on or above the diagonal)
    e(get(P), get(DIAG), I32_ADD, set(Q))
    e(get(Q), i32(0), get(Q), i32(0), op.I32_GTS, op.SELECT, set(Q))
    e(get(PB), get(Q), get(BSTR), op.I32_MUL, I32_ADD, set(BQ))
    e(op.BLOCK)
    e(get(Q), get(NP), op.I32_GEU, brIf(0))
    e(LOOP) // $lq
    e(get(CQ), get(Q), i32(nr * 8), op.I32_MUL, I32_ADD, set(CR))
    tile()
    e(get(BQ), get(BSTR), I32_ADD, set(BQ))
    e(get(Q), i32(1), I32_ADD, set(Q), get(Q), get(NP), I32_LTU, brIf(0))
    e(END) // $lq
    e(END) // block
    e(get(AP), get(ASTR), I32_ADD, set(AP), get(CQ), get(LDC), i32(mr), op.I32_MUL, I32_ADD, set(CQ))
    e(get(P), i32(1), I32_ADD, set(P), get(P), get(MP), I32_LTU, brIf(0))
    e(END) // $lp
  } else {
    e(i32(0), set(Q), get(PB), set(BQ), get(PC), set(CQ))
    e(LOOP) // $lq
    e(i32(0), set(P), get(PA), set(AP), get(CQ), set(CR))
    e(LOOP) // $lp
    tile() // leaves CR at the next row block of this column panel
    e(get(AP), get(ASTR), I32_ADD, set(AP))
    e(get(P), i32(1), I32_ADD, set(P), get(P), get(MP), I32_LTU, brIf(0))
    e(END) // $lp
    e(get(BQ), get(BSTR), I32_ADD, set(BQ), get(CQ), i32(nr * 8), I32_ADD, set(CQ))
    e(get(Q), i32(1), I32_ADD, set(Q), get(Q), get(NP), I32_LTU, brIf(0))
    e(END) // $lq
  }
  return moduleBytes([
    {
      name: 'kernel',
      params: [T_I32, T_I32, T_I32, T_I32, T_I32, T_I32, T_I32, T_F64, T_I32],
      locals: [
        [NI32, T_I32],
        [NV128, T_V128],
      ],
      body: b,
    },
    packInterleave(),
    packDirect(),
  ])
}

/**
 * packI(src, ld, dst, groups, kc): group g = 4 source rows at src + (4g + r)·ld (bytes), contiguous along t:
 * dst[g·kc·4 + t·4 + r] = row_r[t] (the transposing pack: op(A) not transposed, op(B) transposed).
 */
function packInterleave() {
  const SRC = 0,
    LD = 1,
    DST = 2,
    G = 3,
    KCL = 4
  const S0 = 5,
    S1 = 6,
    S2 = 7,
    S3 = 8,
    D = 9,
    END_ = 10,
    GI = 11,
    GS = 12
  const b: number[] = []
  const e = (...xs: (number | number[])[]) => {
    for (const x of xs) {
      if (Array.isArray(x)) b.push(...x)
      else b.push(x)
    }
  }
  e(i32(0), set(GI), get(SRC), set(GS), get(DST), set(D))
  e(LOOP)
  e(get(GS), set(S0), get(S0), get(LD), I32_ADD, set(S1), get(S1), get(LD), I32_ADD, set(S2))
  e(get(S2), get(LD), I32_ADD, set(S3), get(S0), get(KCL), i32(8), op.I32_MUL, I32_ADD, set(END_))
  e(LOOP)
  const ss = [S0, S1, S2, S3]
  for (let r = 0; r < 4; r++) e(get(D), get(ss[r]), op.f64load(0), op.f64store(r * 8))
  for (let r = 0; r < 4; r++) e(get(ss[r]), i32(8), I32_ADD, set(ss[r]))
  e(get(D), i32(32), I32_ADD, set(D))
  e(get(S0), get(END_), I32_LTU, brIf(0))
  e(END)
  e(get(GS), get(LD), i32(4), op.I32_MUL, I32_ADD, set(GS))
  e(get(GI), i32(1), I32_ADD, set(GI), get(GI), get(G), I32_LTU, brIf(0))
  e(END)
  return {
    name: 'packI',
    params: [T_I32, T_I32, T_I32, T_I32, T_I32],
    locals: [[8, T_I32]] as [number, number][],
    body: b,
  }
}

/**
 * packD(src, ld, dst, groups, kc): group g = 4 adjacent source columns at src + 32g, step t at + t·ld (bytes):
 * dst[g·kc·4 + t·4 + c] = src[t·ld + 32g + 8c] (two vector copies per step: op(A) transposed, op(B) not).
 */
function packDirect() {
  const SRC = 0,
    LD = 1,
    DST = 2,
    G = 3,
    KCL = 4
  const S = 5,
    D = 6,
    T = 7,
    GI = 8,
    GS = 9
  const b: number[] = []
  const e = (...xs: (number | number[])[]) => {
    for (const x of xs) {
      if (Array.isArray(x)) b.push(...x)
      else b.push(x)
    }
  }
  e(i32(0), set(GI), get(SRC), set(GS), get(DST), set(D))
  e(LOOP)
  e(get(GS), set(S), i32(0), set(T))
  e(LOOP)
  e(get(D), get(S), vload(0), vstore(0), get(D), get(S), vload(16), vstore(16))
  e(get(S), get(LD), I32_ADD, set(S), get(D), i32(32), I32_ADD, set(D))
  e(get(T), i32(1), I32_ADD, set(T), get(T), get(KCL), I32_LTU, brIf(0))
  e(END)
  e(get(GS), i32(32), I32_ADD, set(GS))
  e(get(GI), i32(1), I32_ADD, set(GI), get(GI), get(G), I32_LTU, brIf(0))
  e(END)
  return {
    name: 'packD',
    params: [T_I32, T_I32, T_I32, T_I32, T_I32],
    locals: [[5, T_I32]] as [number, number][],
    body: b,
  }
}

type KernelFn = (
  mp: number,
  np: number,
  k: number,
  pa: number,
  pb: number,
  pc: number,
  ldc: number,
  alpha: number,
  diag: number,
) => void
type PackFn = (src: number, ld: number, dst: number, groups: number, kc: number) => void
interface WasmState {
  memory: WasmMemory
  kernel: KernelFn
  packI: PackFn
  packD: PackFn
  f64: Float64Array
}
let state: WasmState | null | undefined

function instance(): WasmState | null {
  if (state !== undefined) return state
  try {
    const WA = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
    const bytes = buildGemmModule()
    if (!WA || !WA.validate(bytes)) return (state = null)
    const memory = new WA.Memory({ initial: 1 })
    const inst = new WA.Instance(new WA.Module(bytes), { env: { memory } })
    state = {
      memory,
      kernel: inst.exports['kernel'] as KernelFn,
      packI: inst.exports['packI'] as PackFn,
      packD: inst.exports['packD'] as PackFn,
      f64: new Float64Array(memory.buffer),
    }
  } catch {
    state = null
  }
  return state
}

/** True where the WebAssembly SIMD gemm kernel can be instantiated. */
export function wasmGemmAvailable(): boolean {
  return instance() !== null
}

const MAX_BYTES = 1 << 30
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

/** Scratch for the JavaScript kernel (grown on demand, reused across calls). */
let jsScratch = new Float64Array(0)
function scratch(doubles: number): Float64Array {
  if (jsScratch.length < doubles) jsScratch = new Float64Array(Math.max(doubles, 2 * jsScratch.length))
  return jsScratch
}

const roundUp = (x: number, r: number) => Math.ceil(x / r) * r

/**
 * Pack rows i0 … i0+mb−1 (mb a multiple of MR; rows ≥ m are zero) and steps k0 … k0+kc−1 of op(A) into
 * F[dst …] as MR-row panels, k-major. op(A)[i, t] = a[offA + i·lda + t] (or a[offA + t·lda + i] when transA).
 * Full panels write F sequentially (four source streams); only the last, partial panel takes the general loop.
 */
function packA(
  transA: boolean,
  a: Float64Array,
  offA: number,
  lda: number,
  m: number,
  i0: number,
  mb: number,
  k0: number,
  kc: number,
  F: Float64Array,
  dst: number,
): void {
  for (let p = 0; p < mb; p += MR) {
    const i = i0 + p
    let d = dst + p * kc
    if (i + MR <= m) {
      if (!transA) {
        const s0 = offA + i * lda + k0,
          s1 = s0 + lda,
          s2 = s1 + lda,
          s3 = s2 + lda
        for (let t = 0; t < kc; t++, d += 4) {
          F[d] = a[s0 + t]
          F[d + 1] = a[s1 + t]
          F[d + 2] = a[s2 + t]
          F[d + 3] = a[s3 + t]
        }
      } else {
        let src = offA + k0 * lda + i
        for (let t = 0; t < kc; t++, d += 4, src += lda) {
          F[d] = a[src]
          F[d + 1] = a[src + 1]
          F[d + 2] = a[src + 2]
          F[d + 3] = a[src + 3]
        }
      }
      continue
    }
    for (let t = 0; t < kc; t++)
      for (let r = 0; r < MR; r++)
        F[d + t * MR + r] =
          i + r >= m ? 0 : transA ? a[offA + (k0 + t) * lda + i + r] : a[offA + (i + r) * lda + k0 + t]
  }
}

/**
 * Pack columns j0 … j0+nb−1 (nb a multiple of NR; columns ≥ n are zero) and steps k0 … k0+kc−1 of op(B) into
 * F[dst …] as NR-column panels, k-major. op(B)[t, j] = b[offB + t·ldb + j] (or b[offB + j·ldb + t] when transB).
 */
function packB(
  transB: boolean,
  b: Float64Array,
  offB: number,
  ldb: number,
  n: number,
  j0: number,
  nb: number,
  k0: number,
  kc: number,
  F: Float64Array,
  dst: number,
): void {
  for (let q = 0; q < nb; q += NR) {
    const j = j0 + q
    let d = dst + q * kc
    if (j + NR <= n) {
      if (!transB) {
        let src = offB + k0 * ldb + j
        for (let t = 0; t < kc; t++, d += 4, src += ldb) {
          F[d] = b[src]
          F[d + 1] = b[src + 1]
          F[d + 2] = b[src + 2]
          F[d + 3] = b[src + 3]
        }
      } else {
        const s0 = offB + j * ldb + k0,
          s1 = s0 + ldb,
          s2 = s1 + ldb,
          s3 = s2 + ldb
        for (let t = 0; t < kc; t++, d += 4) {
          F[d] = b[s0 + t]
          F[d + 1] = b[s1 + t]
          F[d + 2] = b[s2 + t]
          F[d + 3] = b[s3 + t]
        }
      }
      continue
    }
    for (let t = 0; t < kc; t++)
      for (let c = 0; c < NR; c++)
        F[d + t * NR + c] =
          j + c >= n ? 0 : transB ? b[offB + (j + c) * ldb + k0 + t] : b[offB + (k0 + t) * ldb + j + c]
  }
}

/** The scalar kernel on the packed layout (same contract as the WebAssembly `kernel`, addresses in doubles). */
function jsKernel(
  F: Float64Array,
  mp: number,
  np: number,
  k: number,
  pa: number,
  pb: number,
  pc: number,
  ldc: number,
  alpha: number,
): void {
  for (let q = 0; q < np; q++) {
    const bq = pb + q * k * NR
    for (let p = 0; p < mp; p++) {
      const ap = pa + p * k * MR
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0,
        s10 = 0,
        s11 = 0,
        s12 = 0,
        s13 = 0
      let s20 = 0,
        s21 = 0,
        s22 = 0,
        s23 = 0,
        s30 = 0,
        s31 = 0,
        s32 = 0,
        s33 = 0
      for (let t = 0; t < k; t++) {
        const ia = ap + t * MR,
          ib = bq + t * NR
        const y0 = F[ib],
          y1 = F[ib + 1],
          y2 = F[ib + 2],
          y3 = F[ib + 3]
        let x = F[ia]
        s00 += x * y0
        s01 += x * y1
        s02 += x * y2
        s03 += x * y3
        x = F[ia + 1]
        s10 += x * y0
        s11 += x * y1
        s12 += x * y2
        s13 += x * y3
        x = F[ia + 2]
        s20 += x * y0
        s21 += x * y1
        s22 += x * y2
        s23 += x * y3
        x = F[ia + 3]
        s30 += x * y0
        s31 += x * y1
        s32 += x * y2
        s33 += x * y3
      }
      let o = pc + p * MR * ldc + q * NR
      F[o] += s00 * alpha
      F[o + 1] += s01 * alpha
      F[o + 2] += s02 * alpha
      F[o + 3] += s03 * alpha
      o += ldc
      F[o] += s10 * alpha
      F[o + 1] += s11 * alpha
      F[o + 2] += s12 * alpha
      F[o + 3] += s13 * alpha
      o += ldc
      F[o] += s20 * alpha
      F[o + 1] += s21 * alpha
      F[o + 2] += s22 * alpha
      F[o + 3] += s23 * alpha
      o += ldc
      F[o] += s30 * alpha
      F[o + 1] += s31 * alpha
      F[o + 2] += s32 * alpha
      F[o + 3] += s33 * alpha
    }
  }
}

/**
 * C[offC + i·ldc + j] ← β·C + α·Σ_t op(A)[i, t]·op(B)[t, j] for i < m, j < n (β = 0 overwrites, NaN in C
 * does not propagate). `useWasm` selects the micro-kernel; returns false only if the WebAssembly memory
 * could not be grown (then nothing was written). With `upper` (m = n, a symmetric product such as AᵀA) only
 * entries with j ≥ i are written; the WebAssembly kernel then skips the 4×4 tiles below the diagonal (≈ half
 * the work), the JS kernel computes them and drops them.
 */
export function packedGemm(
  useWasm: boolean,
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  offA: number,
  lda: number,
  b: Float64Array,
  offB: number,
  ldb: number,
  beta: number,
  c: Float64Array,
  offC: number,
  ldc: number,
  upper = false,
): boolean {
  const mPad = roundUp(m, MR)
  // balanced blocks: k = 784 → 3 blocks of 262/262/260 steps rather than 256/256/256/16
  const kc0 = Math.ceil(k / Math.ceil(k / KC))
  const mc0 = roundUp(Math.ceil(mPad / Math.ceil(mPad / MC)), MR)
  // column chunk: the C accumulator (mPad × nc) stays below C_CHUNK_DOUBLES
  const ncMax = Math.max(NR, Math.min(NC_MAX, Math.floor(C_CHUNK_DOUBLES / mPad / NR) * NR))
  const nc0 = Math.min(roundUp(n, NR), ncMax)
  const cBase = 0,
    aBase = mPad * nc0,
    bBase = aBase + mc0 * kc0
  // the WebAssembly path copies A and B as stored (memcpy) behind the packed blocks and packs from there
  const spanA = (transA ? k - 1 : m - 1) * lda + (transA ? m : k),
    spanB = (transB ? n - 1 : k - 1) * ldb + (transB ? k : n)
  const rawA = bBase + nc0 * kc0,
    rawB = rawA + spanA
  const rawTotal = rawB + spanB
  let F: Float64Array
  let st: WasmState | null = null
  let raw = false
  if (useWasm) {
    st = instance()
    raw = rawTotal <= RAW_MAX_DOUBLES
    const f = st && ensure(st, raw ? rawTotal : rawA)
    if (!st || !f) return false
    F = f
    if (raw) {
      F.set(a.subarray(offA, offA + spanA), rawA)
      F.set(b.subarray(offB, offB + spanB), rawB)
    }
  } else F = scratch(rawA)
  for (let j0 = 0; j0 < n; j0 += nc0) {
    const nj = Math.min(nc0, n - j0),
      nb = roundUp(nj, NR)
    F.fill(0, cBase, cBase + mPad * nb)
    for (let k0 = 0; k0 < k; k0 += kc0) {
      const kc = Math.min(kc0, k - k0)
      if (st && raw) {
        // full 4-column groups in WebAssembly, the last partial group (columns ≥ n padded with 0) in JS
        const full = Math.min(nb, n - j0) >> 2
        if (full > 0) {
          if (transB) st.packI((rawB + j0 * ldb + k0) * 8, ldb * 8, bBase * 8, full, kc)
          else st.packD((rawB + k0 * ldb + j0) * 8, ldb * 8, bBase * 8, full, kc)
        }
        if (full * NR < nb)
          packB(transB, b, offB, ldb, n, j0 + full * NR, nb - full * NR, k0, kc, F, bBase + full * NR * kc)
      } else packB(transB, b, offB, ldb, n, j0, nb, k0, kc, F, bBase)
      for (let i0 = 0; i0 < mPad; i0 += mc0) {
        const mb = Math.min(mc0, mPad - i0)
        if (st && raw) {
          const full = Math.max(0, Math.min(mb, m - i0)) >> 2
          if (full > 0) {
            if (transA) st.packD((rawA + k0 * lda + i0) * 8, lda * 8, aBase * 8, full, kc)
            else st.packI((rawA + i0 * lda + k0) * 8, lda * 8, aBase * 8, full, kc)
          }
          if (full * MR < mb)
            packA(transA, a, offA, lda, m, i0 + full * MR, mb - full * MR, k0, kc, F, aBase + full * MR * kc)
        } else packA(transA, a, offA, lda, m, i0, mb, k0, kc, F, aBase)
        const pc = cBase + i0 * nb
        const diag = upper ? (i0 - j0) / NR : NO_DIAG
        if (st) st.kernel(mb / MR, nb / NR, kc, aBase * 8, bBase * 8, pc * 8, nb * 8, alpha, diag)
        else jsKernel(F, mb / MR, nb / NR, kc, aBase, bBase, pc, nb, alpha)
      }
    }
    // C ← β·C + (α·A·B chunk)
    if (beta === 0 && nb === nj && ldc === nj && !upper) c.set(F.subarray(cBase, cBase + m * nj), offC + j0)
    else
      for (let i = 0; i < m; i++) {
        const ci = offC + i * ldc + j0,
          wi = cBase + i * nb
        const jFrom = upper ? Math.max(0, i - j0) : 0 // upper: only columns ≥ the row
        if (beta === 0) for (let j = jFrom; j < nj; j++) c[ci + j] = F[wi + j]
        else if (beta === 1) for (let j = jFrom; j < nj; j++) c[ci + j] += F[wi + j]
        else for (let j = jFrom; j < nj; j++) c[ci + j] = beta * c[ci + j] + F[wi + j]
      }
  }
  return true
}
