// Finishing or undoing operations a crash cut short. Each journal entry whose
// process is gone is handled by its kind:
//   create: undone (the half-made worktree and its untouched branch go away);
//           one that got as far as its metadata is simply kept;
//   remove: finished if what it would lose is still exactly what was
//           confirmed (or nothing), otherwise abandoned with the worktree kept;
//   handoff: see handoff.ts.
// Run at startup (app-server, exec --worktree) before any new operation.
import fs from 'node:fs';
import path from 'node:path';
import type { CreateIntent } from './create.js';
import { gitRaw } from './git.js';
import { Journal, readJournal, type JournalEntry } from './journal.js';
import { lossReport } from './loss.js';
import { openManaged } from './managed.js';
import { isAlive } from '../util/processIdentity.js';
import { finishRemove, type RemoveIntent } from './remove.js';

export interface RecoveryOutcome {
  id: string;
  op: JournalEntry['op'];
  outcome: 'undone' | 'finished' | 'kept' | 'abandoned' | 'failed';
  detail: string;
}

type HandoffRecoverer = (codexHome: string, entry: JournalEntry) => Promise<RecoveryOutcome>;
let handoffRecoverer: HandoffRecoverer | undefined;
/** handoff.ts registers itself here (keeps this module free of an import cycle). */
export function registerHandoffRecovery(fn: HandoffRecoverer): void {
  handoffRecoverer = fn;
}

export async function recoverWorktreeOperations(codexHome: string): Promise<RecoveryOutcome[]> {
  const { entries, unreadable } = readJournal(codexHome);
  const out: RecoveryOutcome[] = unreadable.map((file) => ({
    id: path.basename(file),
    op: 'create',
    outcome: 'failed',
    detail: `unreadable journal entry ${file}; inspect and delete it by hand`,
  }));
  for (const entry of entries) {
    if (isAlive(entry.owner)) continue; // still running
    try {
      out.push(await recoverOne(codexHome, entry));
    } catch (err) {
      out.push({ id: entry.id, op: entry.op, outcome: 'failed', detail: (err as Error).message });
    }
  }
  return out;
}

async function recoverOne(codexHome: string, entry: JournalEntry): Promise<RecoveryOutcome> {
  const journal = Journal.adopt(codexHome, entry);
  if (entry.op === 'create') {
    const intent = asCreateIntent(entry.data);
    if (entry.step === 'metadata') {
      journal.end();
      return { id: entry.id, op: 'create', outcome: 'kept', detail: `worktree ${intent.path} was complete` };
    }
    await undoCreate(intent);
    journal.end();
    return { id: entry.id, op: 'create', outcome: 'undone', detail: `removed half-made worktree ${intent.path} (branch ${intent.branch})` };
  }
  if (entry.op === 'remove') {
    const intent = asRemoveIntent(entry.data);
    if (entry.step === 'intent' && fs.existsSync(intent.path)) {
      const wt = await openManaged(intent.path, codexHome);
      const loss = await lossReport(wt.path, wt.metadata);
      const losesWork = loss.uncommitted.length > 0 || loss.unmergedCommits.length > 0;
      if (losesWork && loss.token !== intent.confirmedToken) {
        journal.end();
        return { id: entry.id, op: 'remove', outcome: 'abandoned', detail: `kept ${intent.path}: it changed since removal was confirmed (${loss.summary})` };
      }
    }
    await finishRemove(intent);
    journal.end();
    return { id: entry.id, op: 'remove', outcome: 'finished', detail: `removed ${intent.path}` };
  }
  if (!handoffRecoverer) throw new Error(`no recovery registered for ${entry.op} (journal entry ${entry.id})`);
  return handoffRecoverer(codexHome, entry);
}

/**
 * Takes back a create that did not finish: the worktree (nothing but a fresh
 * checkout of the base, no thread has run in it), the branch if it still points
 * at the base (compare-and-delete: a branch with commits is never deleted), the
 * id directory.
 */
export async function undoCreate(intent: CreateIntent): Promise<void> {
  if (fs.existsSync(intent.repoRoot)) {
    // -f -f: git locks a worktree while `worktree add` runs; a crash leaves that lock behind.
    await gitRaw(intent.repoRoot, ['worktree', 'remove', '-f', '-f', intent.path]);
    await pruneOne(intent);
    // A racing create of the same name may own the branch: never delete one checked out elsewhere.
    const list = (await gitRaw(intent.repoRoot, ['worktree', 'list', '--porcelain'])).stdout.toString();
    if (!list.split('\n').includes(`branch refs/heads/${intent.branch}`)) {
      await gitRaw(intent.repoRoot, ['update-ref', '-d', `refs/heads/${intent.branch}`, intent.baseSha]);
    }
  }
  fs.rmSync(intent.idDir, { recursive: true, force: true });
}

/** Drops git's registration of this worktree only (a crash before checkout leaves a registration without files). */
async function pruneOne(intent: CreateIntent): Promise<void> {
  const commonDir = (await gitRaw(intent.repoRoot, ['rev-parse', '--path-format=absolute', '--git-common-dir'])).stdout.toString().trim();
  if (!commonDir) return;
  const admin = path.join(commonDir, 'worktrees');
  let names: string[] = [];
  try {
    names = fs.readdirSync(admin);
  } catch {
    return;
  }
  for (const name of names) {
    try {
      const target = fs.readFileSync(path.join(admin, name, 'gitdir'), 'utf8').trim();
      if (path.dirname(target) === intent.path) fs.rmSync(path.join(admin, name), { recursive: true, force: true });
    } catch {
      /* not this one */
    }
  }
}

function field(data: unknown, key: string): string {
  const v = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : undefined;
  if (typeof v !== 'string') throw new Error(`journal entry lacks ${key}`);
  return v;
}

function asCreateIntent(d: unknown): CreateIntent {
  return { repoRoot: field(d, 'repoRoot'), idDir: field(d, 'idDir'), path: field(d, 'path'), branch: field(d, 'branch'), baseSha: field(d, 'baseSha') };
}

function asRemoveIntent(d: unknown): RemoveIntent {
  const confirmed = typeof d === 'object' && d !== null ? (d as Record<string, unknown>).confirmedToken : undefined;
  return {
    repoRoot: field(d, 'repoRoot'),
    path: field(d, 'path'),
    branch: field(d, 'branch'),
    branchTip: typeof d === 'object' && d !== null && typeof (d as Record<string, unknown>).branchTip === 'string' ? field(d, 'branchTip') : '',
    confirmedToken: typeof confirmed === 'string' ? confirmed : undefined,
  };
}
