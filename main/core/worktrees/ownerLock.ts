// One thread per worktree. A thread that works in a worktree holds
// `$CODEX_HOME/worktrees/<id>/codex-owner.lock` (created with O_EXCL; outside
// the checkout and its git dir, so the agent cannot delete it) naming its
// process and thread for as long as it runs there. A second claim, from this
// process or any other, is refused while the holder lives; a lock left by a
// process that is gone is taken over.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { withFileLock } from '../config/fileLock.js';
import { currentProcess, isAlive, type ProcessIdentity } from '../util/processIdentity.js';
import { createExclusiveFile } from '../util/exclusiveFile.js';

export const OWNER_LOCK_FILE = 'codex-owner.lock';

export interface OwnerRecord extends ProcessIdentity {
  threadId: string;
  claimedAt: string;
  token: string;
}

export class WorktreeBusyError extends Error {
  constructor(
    readonly worktree: string,
    readonly holder: OwnerRecord,
  ) {
    super(
      `worktree ${worktree} is in use by thread ${holder.threadId} (process ${holder.pid} on ${holder.host} since ${holder.claimedAt}); one thread per worktree`,
    );
    this.name = 'WorktreeBusyError';
  }
}

export interface WorktreeClaim {
  threadId: string;
  lockFile: string;
  /** Gives the worktree up (only if the lock is still ours). */
  release(): void;
}

function parseOwner(text: string): OwnerRecord | undefined {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null) return undefined;
    const r = v as Record<string, unknown>;
    if (
      typeof r.pid !== 'number' ||
      typeof r.host !== 'string' ||
      typeof r.threadId !== 'string' ||
      typeof r.claimedAt !== 'string' ||
      typeof r.token !== 'string'
    )
      return undefined;
    return {
      pid: r.pid,
      host: r.host,
      startTicks: typeof r.startTicks === 'string' ? r.startTicks : undefined,
      threadId: r.threadId,
      claimedAt: r.claimedAt,
      token: r.token,
    };
  } catch {
    return undefined;
  }
}

/** The live owner of the worktree whose record dir (`$CODEX_HOME/worktrees/<id>`) is given, if any. */
export function currentOwner(recordDir: string): OwnerRecord | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(recordDir, OWNER_LOCK_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const rec = parseOwner(text);
  return rec && isAlive(rec) ? rec : undefined;
}

/**
 * Claims the worktree for `threadId`; throws WorktreeBusyError while another
 * claim lives. `worktree` is only used in messages.
 */
export function claimWorktree(recordDir: string, threadId: string, worktree = recordDir): WorktreeClaim {
  const lockFile = path.join(recordDir, OWNER_LOCK_FILE);
  const record: OwnerRecord = { ...currentProcess(), threadId, claimedAt: new Date().toISOString(), token: randomBytes(12).toString('hex') };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusiveFile(lockFile, JSON.stringify(record) + '\n', 'the worktree lock')) {
      return { threadId, lockFile, release: () => releaseIfOurs(lockFile, record.token) };
    }
    const holder = readHolder(lockFile);
    if (holder === 'gone') continue;
    if (holder === 'unreadable') {
      // Being written right now (create and write are two steps): a fresh unreadable lock is busy.
      const age = ageMs(lockFile);
      if (age !== undefined && age < 5_000) throw new Error(`worktree ${worktree} is being claimed by another process right now; try again`);
    } else if (isAlive(holder)) {
      throw new WorktreeBusyError(worktree, holder);
    }
    breakDeadLock(lockFile);
  }
  throw new Error(`could not claim worktree ${worktree}: its lock ${lockFile} keeps changing`);
}

function readHolder(lockFile: string): OwnerRecord | 'gone' | 'unreadable' {
  try {
    return parseOwner(fs.readFileSync(lockFile, 'utf8')) ?? 'unreadable';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
}

function ageMs(file: string): number | undefined {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Removes a dead holder's lock. Two claimants may both judge it dead; breaking
 * is serialized and the lock re-checked under the break lock, so the second
 * never removes the fresh lock the first has just made.
 */
function breakDeadLock(lockFile: string): void {
  withFileLock(lockFile, () => {
    const holder = readHolder(lockFile);
    if (holder === 'gone') return;
    if (holder === 'unreadable' ? (ageMs(lockFile) ?? 0) >= 5_000 : !isAlive(holder)) fs.rmSync(lockFile, { force: true });
  });
}

function releaseIfOurs(lockFile: string, token: string): void {
  const holder = readHolder(lockFile);
  if (typeof holder === 'object' && holder.token === token) fs.rmSync(lockFile, { force: true });
}
