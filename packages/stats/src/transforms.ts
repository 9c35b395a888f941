/**
 * Parameter transforms for bounds: the optimiser works on an unconstrained u, the model sees
 * θ = T(u). positive: θ = e^u; unit: θ = 1/(1+e^−u); interval [lo, hi]: lo + (hi−lo)·σ(u);
 * lower: lo + e^u; upper: hi − e^u. No clamping anywhere, so a fit can only approach a bound
 * asymptotically; |u| beyond AT_BOUND_U is reported as status 'at-bound' (see lm.ts).
 */
export type Bound =
  'free' | 'positive' | 'unit' | { lower: number; upper: number } | { lower: number } | { upper: number }

/** |u| beyond this means the parameter sits within ~e^−25 ≈ 1e−11 (relative) of a bound. */
export const AT_BOUND_U = 25

function sigmoid(u: number): number {
  return u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u))
}

export function toNatural(b: Bound, u: number): number {
  if (b === 'free') return u
  if (b === 'positive') return Math.exp(u)
  if (b === 'unit') return sigmoid(u)
  if ('lower' in b && 'upper' in b) return b.lower + (b.upper - b.lower) * sigmoid(u)
  if ('lower' in b) return b.lower + Math.exp(u)
  return b.upper - Math.exp(u)
}

/** dθ/du at u. */
export function dNatural(b: Bound, u: number): number {
  if (b === 'free') return 1
  if (b === 'positive') return Math.exp(u)
  if (b === 'unit') {
    const s = sigmoid(u)
    return s * (1 - s)
  }
  if ('lower' in b && 'upper' in b) {
    const s = sigmoid(u)
    return (b.upper - b.lower) * s * (1 - s)
  }
  if ('lower' in b) return Math.exp(u)
  return -Math.exp(u)
}

/** Inverse transform; a start value on or outside the bound is nudged inside (by 1e−6 relative). */
export function toInternal(b: Bound, theta: number): number {
  if (b === 'free') return theta
  const logit = (t: number) => {
    const q = Math.min(Math.max(t, 1e-9), 1 - 1e-9)
    return Math.log(q / (1 - q))
  }
  if (b === 'positive') return Math.log(theta > 0 ? theta : 1e-6)
  if (b === 'unit') return logit(theta)
  if ('lower' in b && 'upper' in b) return logit((theta - b.lower) / (b.upper - b.lower))
  if ('lower' in b) {
    const d = theta - b.lower
    return Math.log(d > 0 ? d : 1e-6 * Math.max(1, Math.abs(b.lower)))
  }
  const d = b.upper - theta
  return Math.log(d > 0 ? d : 1e-6 * Math.max(1, Math.abs(b.upper)))
}

/** Human-readable bound for messages. */
export function describeBound(b: Bound): string {
  if (b === 'free') return '(−∞, ∞)'
  if (b === 'positive') return '(0, ∞)'
  if (b === 'unit') return '(0, 1)'
  if ('lower' in b && 'upper' in b) return `(${b.lower}, ${b.upper})`
  if ('lower' in b) return `(${b.lower}, ∞)`
  return `(−∞, ${b.upper})`
}
