import { expect } from 'vitest'

/** Relative-tolerance matcher: |a − b| ≤ tol·max(|b|, tiny). Registered for every package. */
expect.extend({
  toBeCloseToRel(received: number, expected: number, tol = 1e-9) {
    const scale = Math.max(Math.abs(expected), Number.MIN_VALUE)
    const err = Math.abs(received - expected) / scale
    const pass = Number.isFinite(received) && err <= tol
    return {
      pass,
      message: () =>
        `expected ${received} ${pass ? 'not ' : ''}to be within relative ${tol} of ${expected} (relative error ${err.toExponential(3)})`,
    }
  },
})
