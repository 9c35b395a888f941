import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const setup = fileURLToPath(new URL('./test/setup/matchers.ts', import.meta.url))

/** Shared vitest settings: every package's vitest.config.ts re-exports this. */
export default defineConfig({
  resolve: { conditions: ['@passk/source'] },
  ssr: { resolve: { conditions: ['@passk/source'], externalConditions: ['@passk/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', '**/*.test.ts', '**/*.test.tsx'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    setupFiles: [setup],
    // Nx sets FORCE_COLOR for the processes it runs; tests assert on plain text, so colour stays off.
    env: { FORCE_COLOR: '0' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
})
