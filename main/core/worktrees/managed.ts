// Recognising a managed worktree from its path: it must lie at
// `$CODEX_HOME/worktrees/<id>/<name>`, be the root of a git checkout, and its
// id directory must hold our record. Destructive operations start here.
import fs from 'node:fs';
import path from 'node:path';
import { git } from './git.js';
import { readMetadata, type WorktreeMetadata } from './metadata.js';
import { isUnderWorktreesRoot, worktreesRoot } from './paths.js';

export interface ManagedWorktreeRef {
  path: string;
  gitDir: string;
  /** `$CODEX_HOME/worktrees/<id>`: our record and the owner lock, out of the agent's reach. */
  recordDir: string;
  metadata: WorktreeMetadata;
}

export class NotManagedError extends Error {
  constructor(
    readonly worktree: string,
    why: string,
  ) {
    super(`${worktree} is not a worktree managed by Codex (${why}); refusing to touch it`);
    this.name = 'NotManagedError';
  }
}

export async function openManaged(worktree: string, codexHome: string): Promise<ManagedWorktreeRef> {
  const p = path.resolve(worktree);
  const recordDir = path.dirname(p);
  if (!isUnderWorktreesRoot(codexHome, p) || path.dirname(recordDir) !== worktreesRoot(codexHome))
    throw new NotManagedError(p, `not at ${worktreesRoot(codexHome)}/<id>/<name>`);
  if (!fs.existsSync(path.join(p, '.git'))) throw new NotManagedError(p, 'no .git there');
  const top = await git(p, ['rev-parse', '--show-toplevel']).catch(() => '');
  if (!top || fs.realpathSync(top) !== fs.realpathSync(p)) throw new NotManagedError(p, 'not the root of a git checkout');
  const gitDir = await git(p, ['rev-parse', '--absolute-git-dir']);
  const metadata = readMetadata(recordDir);
  if (!metadata) throw new NotManagedError(p, `no Codex record in ${recordDir}`);
  return { path: p, gitDir, recordDir, metadata };
}
