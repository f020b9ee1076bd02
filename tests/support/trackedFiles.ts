// The files git tracks in this checkout (paths relative to the repo root, `/`
// separators). Repo-wide checks read this list rather than walking the disk, so
// build output, node_modules and scratch files never count.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

// Not cli.ts's REPO_ROOT: importing that module starts no server but pulls in vitest's hooks.
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

export function trackedFiles(root = REPO_ROOT): string[] {
  // -z: paths verbatim (no quoting of unusual characters), NUL-separated.
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const paths = out.split('\0').filter((p) => p !== '');
  if (paths.length === 0) throw new Error(`git ls-files found no tracked files in ${root}`);
  return paths;
}
