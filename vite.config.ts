import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// vitest for the core (plain Node) and the CLI's end-to-end tests. The renderer
// builds with vite.renderer.config.ts and is tested by e2e/vitest.config.ts.
export default defineConfig({
  test: {
    include: ['main/**/*.test.ts', 'shared/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Half the cores, reused across files: the tests spawn many real processes,
    // so on a 2-core machine a second worker only adds contention, and
    // re-importing the core for every file costs seconds per file. Tests
    // restore any process.env they change.
    maxWorkers: Math.max(1, Math.floor(availableParallelism() / 2)),
    isolate: false,
  },
});
