/**
 * The shared micro-kernel of every Gram-type product in this package: a block of dot products
 *   G[gOff + r·ldg + c] += α · Σ_t p[pa + r·lda + t] · q[qb + c·ldb + t],  r < mi, c < nj, t < len,
 * i.e. dots between mi contiguous vectors of `p` and nj contiguous vectors of `q`.
 *
 * 4×4 register blocking: 16 accumulators live in locals, each step loads 4 + 4 numbers and does 16
 * multiply–adds (the GotoBLAS micro-kernel idea — Goto & van de Geijn 2008, ACM TOMS 34(3) — in scalar
 * form). Callers pack data so that the vectors are contiguous (dsyrkPanel packs Xᵀ; dgemm packs Bᵀ).
 * Internal: not re-exported.
 */

/** 4×4 block, all 16 entries. */
export function dotTile4x4(
  len: number,
  alpha: number,
  p: Float64Array,
  pa: number,
  lda: number,
  q: Float64Array,
  qb: number,
  ldb: number,
  g: Float64Array,
  gOff: number,
  ldg: number,
): void {
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
  const a0 = pa,
    a1 = pa + lda,
    a2 = a1 + lda,
    a3 = a2 + lda
  const b0 = qb,
    b1 = qb + ldb,
    b2 = b1 + ldb,
    b3 = b2 + ldb
  for (let t = 0; t < len; t++) {
    const x0 = p[a0 + t],
      x1 = p[a1 + t],
      x2 = p[a2 + t],
      x3 = p[a3 + t]
    let y = q[b0 + t]
    s00 += x0 * y
    s10 += x1 * y
    s20 += x2 * y
    s30 += x3 * y
    y = q[b1 + t]
    s01 += x0 * y
    s11 += x1 * y
    s21 += x2 * y
    s31 += x3 * y
    y = q[b2 + t]
    s02 += x0 * y
    s12 += x1 * y
    s22 += x2 * y
    s32 += x3 * y
    y = q[b3 + t]
    s03 += x0 * y
    s13 += x1 * y
    s23 += x2 * y
    s33 += x3 * y
  }
  let o = gOff
  g[o] += alpha * s00
  g[o + 1] += alpha * s01
  g[o + 2] += alpha * s02
  g[o + 3] += alpha * s03
  o += ldg
  g[o] += alpha * s10
  g[o + 1] += alpha * s11
  g[o + 2] += alpha * s12
  g[o + 3] += alpha * s13
  o += ldg
  g[o] += alpha * s20
  g[o + 1] += alpha * s21
  g[o + 2] += alpha * s22
  g[o + 3] += alpha * s23
  o += ldg
  g[o] += alpha * s30
  g[o + 1] += alpha * s31
  g[o + 2] += alpha * s32
  g[o + 3] += alpha * s33
}

/**
 * Any mi×nj block (edges and diagonal blocks). With `upperFrom` ≥ 0 only entries with
 * column c + upperFrom ≥ row r are written (diagonal blocks of a symmetric update).
 */
export function dotTileEdge(
  mi: number,
  nj: number,
  len: number,
  alpha: number,
  p: Float64Array,
  pa: number,
  lda: number,
  q: Float64Array,
  qb: number,
  ldb: number,
  g: Float64Array,
  gOff: number,
  ldg: number,
  upperFrom: number,
): void {
  for (let r = 0; r < mi; r++) {
    const ar = pa + r * lda
    const c0 = upperFrom >= 0 ? Math.max(0, r - upperFrom) : 0
    for (let c = c0; c < nj; c++) {
      const bc = qb + c * ldb
      let s0 = 0,
        s1 = 0,
        t = 0
      for (; t + 1 < len; t += 2) {
        s0 += p[ar + t] * q[bc + t]
        s1 += p[ar + t + 1] * q[bc + t + 1]
      }
      if (t < len) s0 += p[ar + t] * q[bc + t]
      g[gOff + r * ldg + c] += alpha * (s0 + s1)
    }
  }
}

/**
 * Upper triangle of G[0:m,0:m] += α·P·Pᵀ where P's rows are m contiguous vectors of length len
 * starting at p[pOff + i·ldp]. Diagonal 4×4 blocks are done by the edge kernel (upper part only).
 */
export function syrkDots(
  m: number,
  len: number,
  alpha: number,
  p: Float64Array,
  pOff: number,
  ldp: number,
  g: Float64Array,
  gOff: number,
  ldg: number,
): void {
  const m4 = m - (m % 4)
  for (let i = 0; i < m; i += 4) {
    const mi = Math.min(4, m - i)
    const gi = gOff + i * ldg
    // diagonal block: upper entries only
    dotTileEdge(mi, mi, len, alpha, p, pOff + i * ldp, ldp, p, pOff + i * ldp, ldp, g, gi + i, ldg, 0)
    let j = i + 4
    if (mi === 4)
      for (; j < m4; j += 4) dotTile4x4(len, alpha, p, pOff + i * ldp, ldp, p, pOff + j * ldp, ldp, g, gi + j, ldg)
    if (j < m) dotTileEdge(mi, m - j, len, alpha, p, pOff + i * ldp, ldp, p, pOff + j * ldp, ldp, g, gi + j, ldg, -1)
  }
}
