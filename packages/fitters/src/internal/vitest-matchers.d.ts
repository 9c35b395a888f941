// Type of the globally registered matcher (test/setup/matchers.ts), so `tsc --noEmit` sees it here.
import 'vitest'
declare module 'vitest' {
  interface Matchers<T = any> {
    toBeCloseToRel(expected: number, tol?: number): T
  }
}
