// Types for the matchers registered in test/setup/matchers.ts (included by tsconfig.base.json "files",
// so every package's typecheck knows them).
import 'vitest'

declare module 'vitest' {
  interface Matchers<T = any> {
    /** |received − expected| ≤ tol·|expected| (default tol 1e-9). */
    toBeCloseToRel(expected: number, tol?: number): T
  }
}
