// What a worktree thread must be able to write under workspace-write besides
// its checkout. A linked worktree's `.git` is a file pointing at
// `<repo>/.git/worktrees/<name>`, and `git add`/`git commit` inside it write
// there (index, HEAD, logs), into the shared object store, and the branch ref.
// The sandbox keeps every `.git` read-only, so without these roots the agent
// cannot commit in its own worktree.
//
// Granted: the worktree's own git dir; `objects/` (new objects); the
// `refs/heads/codex/` and `logs/refs/heads/codex/` directories (its branch and
// reflog; git writes `<ref>.lock` beside the ref, so the directory is needed).
// Kept read-only: `config`, `hooks/`, `info/`, every other ref (`main`, tags,
// remotes), `packed-refs`, and other worktrees' git dirs, so the agent can
// neither plant a hook or config that runs outside the sandbox nor move the
// user's branches. Known gaps (need native sandbox support, see README.md):
// `objects/` writable also means deletable; other `codex/*` branches are
// writable; `config.worktree` in the worktree's git dir is writable (only read
// when the repository enables extensions.worktreeConfig).
import fs from 'node:fs';
import path from 'node:path';
import { BRANCH_PREFIX } from './paths.js';

export function worktreeWritableRoots(gitDir: string, commonDir: string): string[] {
  const branchDir = BRANCH_PREFIX.replace(/\/$/, '');
  const roots = [
    gitDir,
    path.join(commonDir, 'objects'),
    path.join(commonDir, 'refs', 'heads', branchDir),
    path.join(commonDir, 'logs', 'refs', 'heads', branchDir),
  ];
  return roots.filter((r) => fs.existsSync(r));
}
