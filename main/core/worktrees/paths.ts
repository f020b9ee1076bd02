// Where managed worktrees live and how they are named. Codex's app puts each
// one at `$CODEX_HOME/worktrees/<4 hex id>/<repository folder name>`, so the
// checkout keeps the repository's own folder name (tools and prompts that show
// the folder name see the project's name); we follow that layout.
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export function worktreesRoot(codexHome: string): string {
  return path.join(codexHome, 'worktrees');
}

/** A fresh `<4 hex>` id directory under the root. */
export function newWorktreeId(): string {
  return randomBytes(2).toString('hex');
}

export function worktreePathFor(codexHome: string, id: string, repoName: string): string {
  return path.join(worktreesRoot(codexHome), id, repoName);
}

/** True when `p` lies inside `$CODEX_HOME/worktrees` (a discovery hint, never proof of ownership). */
export function isUnderWorktreesRoot(codexHome: string, p: string): boolean {
  const rel = path.relative(worktreesRoot(codexHome), path.resolve(p));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * A short ASCII slug for a branch name: lower-case letters and digits joined by
 * dashes, at most 12 words and 48 characters. Empty when nothing usable is left.
 */
export function slugify(name: string): string {
  const words = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .slice(0, 12);
  return words.join('-').slice(0, 48).replace(/-+$/, '');
}

export const BRANCH_PREFIX = 'codex/';
