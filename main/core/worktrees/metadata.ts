// What we record about a managed worktree. Our record (`codex-worktree.json`:
// the branch and the base our safety checks rely on) sits in the worktree's id
// directory, `$CODEX_HOME/worktrees/<id>/`, beside the checkout and outside
// everything the agent's sandbox may write (the checkout and its git dir are
// writable under workspace-write; a record there could be rewritten to point
// removal at the user's own branch). `codex-thread.json` is Codex's own file
// ({version, ownerThreadId}) in the worktree's git dir, written as Codex does
// so Codex sees the worktree as its own; nothing here trusts it.
import fs from 'node:fs';
import path from 'node:path';

export interface WorktreeMetadata {
  version: 1;
  /** The primary checkout it was made from. */
  repoRoot: string;
  branch: string;
  /** What the user picked as base (`HEAD`, `main`, a sha). */
  baseRef: string;
  /** The branch to compare with for "merged" and ahead/behind: the base branch, or the branch HEAD was on. */
  baseBranch?: string;
  baseSha: string;
  createdAt: string;
}

export const METADATA_FILE = 'codex-worktree.json';
export const CODEX_THREAD_FILE = 'codex-thread.json';

export function writeMetadata(recordDir: string, m: WorktreeMetadata): void {
  fs.writeFileSync(path.join(recordDir, METADATA_FILE), JSON.stringify(m, null, 2) + '\n');
}

export function readMetadata(recordDir: string): WorktreeMetadata | undefined {
  let v: unknown;
  try {
    v = JSON.parse(fs.readFileSync(path.join(recordDir, METADATA_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  if (
    r.version !== 1 ||
    typeof r.repoRoot !== 'string' ||
    typeof r.branch !== 'string' ||
    typeof r.baseRef !== 'string' ||
    typeof r.baseSha !== 'string' ||
    typeof r.createdAt !== 'string'
  )
    return undefined;
  return {
    version: 1,
    repoRoot: r.repoRoot,
    branch: r.branch,
    baseRef: r.baseRef,
    baseBranch: typeof r.baseBranch === 'string' ? r.baseBranch : undefined,
    baseSha: r.baseSha,
    createdAt: r.createdAt,
  };
}

/** Records the thread that owns the worktree, in Codex's format. */
export function writeCodexThread(gitDir: string, ownerThreadId: string | null): void {
  fs.writeFileSync(path.join(gitDir, CODEX_THREAD_FILE), JSON.stringify({ version: 1, ownerThreadId }));
}

export function readCodexThread(gitDir: string): string | null {
  try {
    const v: unknown = JSON.parse(fs.readFileSync(path.join(gitDir, CODEX_THREAD_FILE), 'utf8'));
    if (typeof v === 'object' && v !== null && 'ownerThreadId' in v && typeof v.ownerThreadId === 'string') return v.ownerThreadId;
  } catch {
    /* none */
  }
  return null;
}
