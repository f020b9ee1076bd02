// The managed worktrees of a repository with what the sidebar and the
// cleanup offer need: branch, ahead/behind its base, dirty or not, the live
// owner, and whether removing it would lose anything.
import path from 'node:path';
import { git, gitRaw } from './git.js';
import { baseRefFor, lossReport, type LossReport } from './loss.js';
import { openManaged } from './managed.js';
import { currentOwner, type OwnerRecord } from './ownerLock.js';
import { isUnderWorktreesRoot } from './paths.js';
import { resolveRepo } from './repo.js';
import type { WorktreeMetadata } from './metadata.js';

export interface WorktreeStatus {
  path: string;
  gitDir: string;
  recordDir: string;
  metadata: WorktreeMetadata;
  /** Commits on the branch not on its base / on the base not on the branch. */
  ahead: number;
  behind: number;
  dirty: boolean;
  owner?: OwnerRecord;
  loss: LossReport;
}

export async function listManagedWorktrees(codexHome: string, repoDir: string): Promise<WorktreeStatus[]> {
  const repo = await resolveRepo(repoDir);
  const porcelain = await git(repo.root, ['worktree', 'list', '--porcelain']);
  const paths = porcelain
    .split('\n')
    .filter((l) => l.startsWith('worktree '))
    .map((l) => l.slice('worktree '.length))
    .filter((p) => isUnderWorktreesRoot(codexHome, p));
  const out: WorktreeStatus[] = [];
  for (const p of paths) {
    const wt = await openManaged(p, codexHome).catch(() => undefined);
    if (!wt) continue; // under the root but not ours (or its files are gone): never listed for cleanup
    const base = await baseRefFor(wt.path, wt.metadata);
    const counts = await gitRaw(wt.path, ['rev-list', '--left-right', '--count', `refs/heads/${wt.metadata.branch}...${base}`]);
    const [ahead, behind] = counts.code === 0 ? counts.stdout.toString().trim().split(/\s+/).map(Number) : [0, 0];
    const loss = await lossReport(wt.path, wt.metadata);
    out.push({
      path: wt.path,
      gitDir: wt.gitDir,
      recordDir: wt.recordDir,
      metadata: wt.metadata,
      ahead: ahead ?? 0,
      behind: behind ?? 0,
      dirty: loss.uncommitted.length > 0,
      owner: currentOwner(wt.recordDir),
      loss,
    });
  }
  return out.sort((a, b) => path.basename(path.dirname(a.path)).localeCompare(path.basename(path.dirname(b.path))));
}

/**
 * Worktrees that may be offered for cleanup: no live thread in them, nothing
 * uncommitted, and a branch merged into its base (or never committed to).
 */
export async function cleanupCandidates(codexHome: string, repoDir: string): Promise<WorktreeStatus[]> {
  return (await listManagedWorktrees(codexHome, repoDir)).filter((w) => !w.owner && w.loss.uncommitted.length === 0 && w.loss.unmergedCommits.length === 0);
}
