// A TypeScript snippet that imports the repository's own modules, bundled by
// esbuild into one .mjs file a child `node` can run: for tests that need the
// real core in another process (a lock holder, a worktree operation to crash).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from './cli.js';

/** Bundles `source` (imports resolve from the repository root); resolves with the script's path. */
export async function bundleScript(source: string, name: string): Promise<string> {
  const r = await build({
    stdin: { contents: source, resolveDir: REPO_ROOT, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
  });
  const file = join(mkdtempSync(join(tmpdir(), `${name}-`)), `${name}.mjs`);
  writeFileSync(file, r.outputFiles[0]!.text);
  return file;
}
