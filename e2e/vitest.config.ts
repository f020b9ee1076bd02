// Renderer end-to-end tests: the built renderer in real Chromium (playwright-core,
// Debian's /usr/bin/chromium) against the real AppServer through the test host.
// Also runs the renderer's own unit tests (renderer/src/**/*.test.ts).
// Run: npx vitest run -c e2e/vitest.config.ts (builds renderer/dist first).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname + '/..',
    include: ['e2e/**/*.test.ts', 'renderer/src/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['e2e/support/buildRenderer.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    // Each file starts its own harness; sharing the worker saves re-importing the core per file.
    isolate: false,
  },
});
