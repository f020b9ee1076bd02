// The benchmarks drive TypeScript modules from plain Node: bundle one with
// esbuild into .bench/ (dependencies stay in node_modules) and import it.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');

/**
 * `entry` is relative to the repo root; `out` relative to .bench/. Put the output
 * as deep below the root as the source is, so import.meta.dirname paths in it resolve.
 */
export async function importBundled(entry, out) {
  const outfile = join(ROOT, '.bench', out);
  mkdirSync(dirname(outfile), { recursive: true });
  await build({ entryPoints: [join(ROOT, entry)], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
  return import(outfile);
}
