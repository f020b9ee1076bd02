import { defineConfig } from 'vitest/config';

// The renderer build joins this file when the desktop app lands; for now it
// configures vitest for the core (plain Node) and its integration tests.
export default defineConfig({
  test: {
    include: ['main/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
