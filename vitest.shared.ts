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
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
})
