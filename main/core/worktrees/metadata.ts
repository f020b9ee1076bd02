// What we record about a managed worktree, kept in the worktree's own git dir
// (`.git/worktrees/<name>/`) so it lives and dies with the worktree and git
// ignores it. `codex-thread.json` is Codex's own file ({version, ownerThreadId}),
// written the same way so Codex sees the worktree as its own; `codex-worktree.json`
// holds what our safety checks need (the branch and the base it was made from).
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

export function writeMetadata(gitDir: string, m: WorktreeMetadata): void {
  fs.writeFileSync(path.join(gitDir, METADATA_FILE), JSON.stringify(m, null, 2) + '\n');
}

export function readMetadata(gitDir: string): WorktreeMetadata | undefined {
  let v: unknown;
  try {
    v = JSON.parse(fs.readFileSync(path.join(gitDir, METADATA_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  if (r.version !== 1 || typeof r.repoRoot !== 'string' || typeof r.branch !== 'string' || typeof r.baseRef !== 'string' || typeof r.baseSha !== 'string' || typeof r.createdAt !== 'string') return undefined;
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
