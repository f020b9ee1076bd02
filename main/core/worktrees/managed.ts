// Recognising a managed worktree from its path: it must be a registered git
// worktree whose git dir carries our metadata. Destructive operations start here.
import fs from 'node:fs';
import path from 'node:path';
import { git } from './git.js';
import { readMetadata, type WorktreeMetadata } from './metadata.js';

export interface ManagedWorktreeRef {
  path: string;
  gitDir: string;
  metadata: WorktreeMetadata;
}

export class NotManagedError extends Error {
  constructor(readonly worktree: string, why: string) {
    super(`${worktree} is not a worktree managed by Codex (${why}); refusing to touch it`);
    this.name = 'NotManagedError';
  }
}

export async function openManaged(worktree: string): Promise<ManagedWorktreeRef> {
  const p = path.resolve(worktree);
  if (!fs.existsSync(path.join(p, '.git'))) throw new NotManagedError(p, 'no .git there');
  const top = await git(p, ['rev-parse', '--show-toplevel']).catch(() => '');
  if (!top || fs.realpathSync(top) !== fs.realpathSync(p)) throw new NotManagedError(p, 'not the root of a git checkout');
  const gitDir = await git(p, ['rev-parse', '--absolute-git-dir']);
  const metadata = readMetadata(gitDir);
  if (!metadata) throw new NotManagedError(p, 'no Codex metadata in its git dir');
  return { path: p, gitDir, metadata };
}
