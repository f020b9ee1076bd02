// Handoff: moves a thread's uncommitted work (changes, new files, deletions,
// renames, binary files, modes) from one checkout of a repository to another
// (Local → Worktree or back). It never uses reset --hard or stash:
//  1. the source's working state becomes a tree object (a backup in the object
//     store) and a binary patch against the source's HEAD;
//  2. the target must not have uncommitted changes in any file the patch
//     touches, and `git apply --check` must pass, else nothing moves and the
//     error names the files;
//  3. the target's touched files are backed up as a tree, then the patch is
//     applied, and the result is verified;
//  4. only then is the work taken out of the source (its index entries for
//     those files unstaged, the patch applied in reverse).
// Every step is journaled; recovery after a crash either takes the target back
// to its backup (work still in the source) or finishes cleaning the source
// (work verified in the target).
import fs from 'node:fs';
import path from 'node:path';
import { crashPoint } from './crashPoints.js';
import { git, gitBytes, gitRaw, splitNul } from './git.js';
import { Journal, journalDir, type JournalEntry } from './journal.js';
import { uncommittedFiles } from './loss.js';
import { registerHandoffRecovery, type RecoveryOutcome } from './recover.js';
import { resolveRepo } from './repo.js';
import { withTemporaryIndex, workingTree } from './snapshotTree.js';

export interface HandoffOptions {
  codexHome: string;
  /** The checkout the work is in now. */
  from: string;
  /** The checkout it moves to (same repository). */
  to: string;
}

export interface HandoffResult {
  /** Paths that moved (both sides of a rename). */
  moved: string[];
  /** Tree object holding the source's full working state before the move (a backup: `git checkout <tree> -- <path>`). */
  backupTree: string;
}

export class HandoffConflictError extends Error {
  constructor(
    readonly files: string[],
    detail: string,
  ) {
    super(`handoff refused, nothing was moved: ${detail}: ${files.join(', ')}`);
    this.name = 'HandoffConflictError';
  }
}

interface HandoffIntent {
  from: string;
  to: string;
  patchFile: string;
  paths: string[];
  sourceTree: string;
  targetBackupTree: string;
}

export async function handoff(opts: HandoffOptions): Promise<HandoffResult> {
  const [src, dst] = await Promise.all([resolveRepo(opts.from), resolveRepo(opts.to)]);
  if (src.commonDir !== dst.commonDir) throw new Error(`handoff needs two checkouts of one repository: ${src.root} and ${dst.root} are different repositories`);
  if (src.root === dst.root) throw new Error(`handoff source and target are the same checkout (${src.root})`);

  const sourceTree = await workingTree(src.root);
  const patch = await gitBytes(src.root, ['diff', '--binary', '--full-index', '-M', 'HEAD', sourceTree]);
  const paths = await touchedPaths(src.root, sourceTree);
  if (!paths.length) return { moved: [], backupTree: sourceTree };

  // The target's own uncommitted work in any of these files would be mixed with the moved work: refuse.
  const busy = (await uncommittedFiles(dst.root)).filter((f) => paths.includes(f.path)).map((f) => f.path);
  if (busy.length) throw new HandoffConflictError(busy, `${dst.root} has its own uncommitted changes in`);

  fs.mkdirSync(journalDir(opts.codexHome), { recursive: true });
  const journal = Journal.begin<HandoffIntent>(opts.codexHome, 'handoff', 'prepare', {
    from: src.root,
    to: dst.root,
    patchFile: '',
    paths,
    sourceTree,
    targetBackupTree: '',
  });
  const patchFile = path.join(journalDir(opts.codexHome), `${journal.entry.id}.patch`);
  try {
    fs.writeFileSync(patchFile, patch);
    const check = await gitRaw(dst.root, ['apply', '--check', '--binary', patchFile]);
    if (check.code !== 0) throw new HandoffConflictError(filesIn(check.stderr, paths), `the changes do not apply to ${dst.root} (${firstLine(check.stderr)})`);
    const targetBackupTree = await workingTree(dst.root, paths);
    journal.step('intent', { patchFile, targetBackupTree });
  } catch (err) {
    journal.end();
    fs.rmSync(patchFile, { force: true });
    throw err;
  }
  crashPoint('handoff:after-intent');

  const applied = await gitRaw(dst.root, ['apply', '--binary', patchFile]);
  if (applied.code !== 0) {
    await restorePaths(dst.root, journal.entry.data.targetBackupTree, paths);
    end(journal);
    throw new Error(`git apply failed in ${dst.root}; the target was put back as it was and the work stays in ${src.root}: ${applied.stderr.trim()}`);
  }
  crashPoint('handoff:after-apply');
  const mismatch = await verifyTarget(journal.entry.data);
  if (mismatch.length) {
    await restorePaths(dst.root, journal.entry.data.targetBackupTree, paths);
    end(journal);
    throw new Error(
      `after applying, ${dst.root} did not match the work in ${src.root} (${mismatch.join(', ')}); the target was put back and nothing left the source`,
    );
  }
  journal.step('verified');
  crashPoint('handoff:after-verify');
  await cleanSource(journal.entry.data);
  end(journal);
  return { moved: paths, backupTree: sourceTree };
}

function end(journal: Journal<HandoffIntent>): void {
  fs.rmSync(journal.entry.data.patchFile, { force: true });
  journal.end();
}

/** Every path the change from HEAD to `tree` touches, both sides of renames. */
async function touchedPaths(dir: string, tree: string): Promise<string[]> {
  const out = splitNul(await git(dir, ['diff', '--name-status', '-z', '-M', 'HEAD', tree]));
  const paths = new Set<string>();
  for (let i = 0; i < out.length;) {
    const status = out[i++]!;
    const n = status.startsWith('R') || status.startsWith('C') ? 2 : 1;
    for (let k = 0; k < n; k++) paths.add(out[i++]!);
  }
  return [...paths].sort();
}

/**
 * The target now holds the source's state for every touched path: compared as
 * trees when both checkouts have the same content there at HEAD, else by the
 * patch applying in reverse (it is there, whole).
 */
async function verifyTarget(i: HandoffIntent): Promise<string[]> {
  const sameBase =
    (await git(i.from, ['rev-parse', 'HEAD'])) === (await git(i.to, ['rev-parse', 'HEAD'])) ||
    (await gitRaw(i.to, ['diff', '--quiet', 'HEAD', `${await git(i.from, ['rev-parse', 'HEAD'])}`, '--', ...i.paths])).code === 0;
  if (sameBase) {
    const targetTree = await workingTree(i.to, i.paths);
    const diff = splitNul(await git(i.to, ['diff', '--name-only', '-z', i.sourceTree, targetTree, '--', ...i.paths]));
    return diff;
  }
  const r = await gitRaw(i.to, ['apply', '--check', '-R', '--binary', i.patchFile]);
  return r.code === 0 ? [] : filesIn(r.stderr, i.paths);
}

/** Takes the moved work out of the source: unstage those paths (index only), then reverse the patch in the working tree. */
async function cleanSource(i: HandoffIntent): Promise<void> {
  const reverse = await gitRaw(i.from, ['apply', '--check', '-R', '--binary', i.patchFile]);
  if (reverse.code !== 0) {
    // Already reversed by a run that crashed after it: the source is at HEAD for these paths.
    if ((await gitRaw(i.from, ['apply', '--check', '--binary', i.patchFile])).code === 0) return;
    throw new Error(
      `the source ${i.from} changed during the handoff; its work is also in ${i.to} and backed up as tree ${i.sourceTree}: ${reverse.stderr.trim()}`,
    );
  }
  await git(i.from, ['reset', '-q', 'HEAD', '--', ...i.paths]).catch(async () =>
    git(i.from, ['rm', '-q', '--cached', '-r', '--ignore-unmatch', '--', ...i.paths]),
  );
  crashPoint('handoff:after-unstage');
  await git(i.from, ['apply', '-R', '--binary', i.patchFile]);
}

/** Puts `paths` in `dir` back to their content in `tree` (a path absent from it is deleted). */
async function restorePaths(dir: string, tree: string, paths: string[]): Promise<void> {
  for (const p of paths) {
    const entry = await git(dir, ['ls-tree', '-z', tree, '--', p]);
    const file = path.join(dir, p);
    if (!entry) {
      fs.rmSync(file, { force: true });
      continue;
    }
    const [meta] = entry.split('\t');
    const [mode, , sha] = meta!.split(' ');
    const content = await gitBytes(dir, ['cat-file', 'blob', sha!]);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.rmSync(file, { force: true });
    if (mode === '120000') fs.symlinkSync(content.toString('utf8'), file);
    else fs.writeFileSync(file, content, { mode: mode === '100755' ? 0o755 : 0o644 });
  }
}

function filesIn(stderr: string, paths: string[]): string[] {
  const named = paths.filter((p) => stderr.includes(p));
  return named.length ? named : paths;
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? '';
}

/** After a crash: before verification, take the target back (the work is still whole in the source); after, finish cleaning the source. */
async function recoverHandoff(codexHome: string, entry: JournalEntry): Promise<RecoveryOutcome> {
  const d = entry.data as Partial<HandoffIntent>;
  if (typeof d.from !== 'string' || typeof d.to !== 'string' || !Array.isArray(d.paths) || typeof d.sourceTree !== 'string')
    throw new Error(`journal entry ${entry.id} lacks handoff fields`);
  const i: HandoffIntent = {
    from: d.from,
    to: d.to,
    paths: d.paths.filter((p): p is string => typeof p === 'string'),
    sourceTree: d.sourceTree,
    patchFile: typeof d.patchFile === 'string' ? d.patchFile : '',
    targetBackupTree: typeof d.targetBackupTree === 'string' ? d.targetBackupTree : '',
  };
  if (entry.step === 'prepare') {
    end(Journal.adopt(codexHome, { ...entry, data: i }));
    return { id: entry.id, op: 'handoff', outcome: 'undone', detail: `nothing had moved from ${i.from}` };
  }
  if (entry.step === 'intent') {
    await restorePaths(i.to, i.targetBackupTree, i.paths);
    end(Journal.adopt(codexHome, { ...entry, data: i }));
    return { id: entry.id, op: 'handoff', outcome: 'undone', detail: `put ${i.to} back as it was; the work stays in ${i.from}` };
  }
  await cleanSource(i);
  end(Journal.adopt(codexHome, { ...entry, data: i }));
  return { id: entry.id, op: 'handoff', outcome: 'finished', detail: `moved ${i.paths.length} path(s) from ${i.from} to ${i.to}` };
}

registerHandoffRecovery(recoverHandoff);
