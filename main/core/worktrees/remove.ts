// Removing a worktree thread's checkout. Nothing is removed that would lose
// work unless the caller confirms with the token of a loss report naming it;
// a worktree in use by a live thread is never removed. The branch goes with
// the worktree only when deleting it loses nothing (or that loss was confirmed).
import fs from 'node:fs';
import path from 'node:path';
import { crashPoint } from './crashPoints.js';
import { gitRaw } from './git.js';
import { Journal } from './journal.js';
import { lossReport, type LossReport } from './loss.js';
import { openManaged } from './managed.js';
import { METADATA_FILE } from './metadata.js';
import { currentOwner, OWNER_LOCK_FILE, WorktreeBusyError } from './ownerLock.js';

export interface RemoveWorktreeOptions {
  codexHome: string;
  /** The `token` of the loss report the user saw and accepted. */
  confirm?: string;
  /** The thread asking, if it is the worktree's own (its claim does not block its own removal). */
  threadId?: string;
  /** Runs before anything is removed (the environment's cleanup script); a throw stops the removal. */
  beforeRemove?: (worktree: string) => Promise<void>;
}

export type RemoveWorktreeResult =
  { removed: true; worktree: string; deletedBranch?: string; lost: LossReport } | { removed: false; worktree: string; wouldLose: LossReport };

export interface RemoveIntent {
  repoRoot: string;
  path: string;
  branch: string;
  /** The branch tip that may be deleted; a branch that moved since is kept. */
  branchTip: string;
  confirmedToken?: string;
}

export async function removeWorktree(worktree: string, opts: RemoveWorktreeOptions): Promise<RemoveWorktreeResult> {
  const wt = await openManaged(worktree, opts.codexHome);
  const owner = currentOwner(wt.recordDir);
  if (owner && !(opts.threadId && owner.threadId === opts.threadId && owner.pid === process.pid)) throw new WorktreeBusyError(wt.path, owner);

  const loss = await lossReport(wt.path, wt.metadata);
  const losesWork = loss.uncommitted.length > 0 || loss.unmergedCommits.length > 0;
  if (losesWork && opts.confirm !== loss.token) return { removed: false, worktree: wt.path, wouldLose: loss };

  const journal = Journal.begin<RemoveIntent>(opts.codexHome, 'remove', 'intent', {
    repoRoot: wt.metadata.repoRoot,
    path: wt.path,
    branch: wt.metadata.branch,
    branchTip: loss.branchTip,
    confirmedToken: losesWork ? loss.token : undefined,
  });
  crashPoint('remove:after-intent');
  if (opts.beforeRemove) {
    try {
      await opts.beforeRemove(wt.path);
    } catch (err) {
      journal.end();
      throw err;
    }
  }
  const deletedBranch = await finishRemove(journal.entry.data, journal);
  journal.end();
  return { removed: true, worktree: wt.path, deletedBranch, lost: loss };
}

/** The irreversible steps, shared with crash recovery (which finishes a confirmed removal). */
export async function finishRemove(intent: RemoveIntent, journal?: Journal<RemoveIntent>): Promise<string | undefined> {
  if (fs.existsSync(intent.path)) {
    const r = await gitRaw(intent.repoRoot, ['worktree', 'remove', '--force', intent.path]);
    if (r.code !== 0 && fs.existsSync(intent.path)) throw new Error(`git worktree remove failed for ${intent.path}: ${r.stderr.trim()}`);
  }
  journal?.step('worktree-removed');
  crashPoint('remove:after-worktree');
  // Deleted only if it still points where the user agreed: new commits since keep the branch.
  let deleted: string | undefined;
  if (intent.branchTip) {
    const r = await gitRaw(intent.repoRoot, ['update-ref', '-d', `refs/heads/${intent.branch}`, intent.branchTip]);
    if (r.code === 0) deleted = intent.branch;
  }
  // Our record and lock go last: until here, recovery can still recognise the worktree.
  const idDir = path.dirname(intent.path);
  fs.rmSync(path.join(idDir, OWNER_LOCK_FILE), { force: true });
  fs.rmSync(path.join(idDir, METADATA_FILE), { force: true });
  try {
    fs.rmdirSync(idDir); // only when empty
  } catch {
    /* other content, or gone */
  }
  return deleted;
}
