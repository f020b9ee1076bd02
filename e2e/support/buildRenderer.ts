// vitest globalSetup: builds renderer/dist so the e2e never runs a stale build.
// Set E2E_SKIP_BUILD=1 to reuse an existing build.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const RENDERER_DIST = join(REPO_ROOT, 'renderer', 'dist');

export default async function setup(): Promise<void> {
  if (process.env.E2E_SKIP_BUILD && existsSync(join(RENDERER_DIST, 'index.html'))) return;
  await build({ configFile: join(REPO_ROOT, 'vite.renderer.config.ts'), logLevel: 'warn' });
}
