// A checkout's whole working state (tracked changes, deletions, untracked
// files that are not ignored, modes, symlinks) written as a git tree object,
// through a temporary index: the user's own index is never read or written.
// The tree is a backup in the object store and the basis of patches.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { git } from './git.js';

/** Runs `fn` with an absolute GIT_INDEX_FILE that starts as a copy of HEAD's tree and is deleted afterwards. */
export async function withTemporaryIndex<T>(dir: string, fn: (env: Record<string, string>) => Promise<T>): Promise<T> {
  const file = path.join(os.tmpdir(), `codex-index-${process.pid}-${randomBytes(6).toString('hex')}`);
  const env = { GIT_INDEX_FILE: file };
  try {
    await git(dir, ['read-tree', 'HEAD'], { env });
    return await fn(env);
  } finally {
    fs.rmSync(file, { force: true });
    fs.rmSync(`${file}.lock`, { force: true });
  }
}

/** Tree id of the checkout's working state (restricted to `paths` when given, other paths as in HEAD). */
export async function workingTree(dir: string, paths?: string[]): Promise<string> {
  return withTemporaryIndex(dir, async (env) => {
    // A pathspec that matches nothing makes `git add` fail: keep paths that exist on disk or in HEAD.
    const wanted = paths ? await presentPaths(dir, paths, env) : ['.'];
    if (wanted.length) await git(dir, ['add', '-A', '--', ...wanted.map((p) => `:(literal)${p}`)], { env });
    return git(dir, ['write-tree'], { env });
  });
}

async function presentPaths(dir: string, paths: string[], env: Record<string, string>): Promise<string[]> {
  const inHead = new Set((await git(dir, ['ls-files', '-z'], { env })).split('\0'));
  return paths.filter((p) => {
    if (inHead.has(p)) return true;
    try {
      fs.lstatSync(path.join(dir, p));
      return true;
    } catch {
      return false;
    }
  });
}
