// The review pane's git side: diffs of a checkout's uncommitted changes
// (staged and unstaged apart, untracked files as new files), of its branch
// against the base (from the merge-base), and stage / unstage / revert of one
// file or one hunk with git's own plumbing (`git apply --cached` with a
// one-hunk patch, `git apply -R`). A revert hands back an undo record.
// Hunk operations take the hunk as it was shown and refuse when the file has
// changed since (no guessing which lines were meant).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { git, gitBytes, gitRaw, splitNul } from './git.js';
import { parseDiff, singleHunkPatch, type FileDiff, type Hunk } from './diffParse.js';
import { DIFF_FLAGS, fileDiffs, fingerprint, type DiffSide } from './reviewFiles.js';

const STAGED: DiffSide = { kind: 'staged' };
const UNSTAGED: DiffSide = { kind: 'unstaged' };

export interface UncommittedDiff {
  staged: FileDiff[];
  /** Working tree against the index; untracked files appear here as added files. */
  unstaged: FileDiff[];
  untracked: string[];
}

export class StaleHunkError extends Error {
  constructor(file: string, reason?: string) {
    super(`${reason ?? `the hunk in ${file} is no longer in the diff`} (the file changed since it was shown); refresh the diff and try again`);
    this.name = 'StaleHunkError';
  }
}

export async function uncommittedDiff(dir: string): Promise<UncommittedDiff> {
  const [staged, unstaged, untrackedOut] = await Promise.all([
    git(dir, [...DIFF_FLAGS, '--cached', '--no-renames']),
    git(dir, [...DIFF_FLAGS, '--no-renames']),
    git(dir, ['ls-files', '--others', '--exclude-standard', '-z']),
  ]);
  const untracked = splitNul(untrackedOut);
  const added: FileDiff[] = [];
  for (const p of untracked) {
    // --no-index exits 1 when the files differ, which they always do here.
    const r = await gitRaw(dir, [...DIFF_FLAGS, '--no-index', '--', '/dev/null', p]);
    added.push(...parseDiff(r.stdout.toString('utf8')));
  }
  return { staged: parseDiff(staged + '\n'), unstaged: [...parseDiff(unstaged + '\n'), ...added], untracked };
}

export interface BranchDiff {
  mergeBase: string;
  files: FileDiff[];
}

/** The branch's own changes: from the merge-base with `base` to HEAD (what a pull request would show). */
export async function branchDiff(dir: string, base: string): Promise<BranchDiff> {
  const mergeBase = await git(dir, ['merge-base', base, 'HEAD']).catch(() => {
    throw new Error(`${base} and HEAD of ${dir} have no common ancestor (or ${base} names no commit)`);
  });
  return { mergeBase, files: parseDiff((await git(dir, [...DIFF_FLAGS, '-M', mergeBase, 'HEAD'])) + '\n') };
}

export async function stageFile(dir: string, file: string): Promise<void> {
  await git(dir, ['add', '-A', '--', `:(literal)${file}`]);
}

export async function unstageFile(dir: string, file: string): Promise<void> {
  const hasHead = (await gitRaw(dir, ['rev-parse', '--verify', '--quiet', 'HEAD'])).code === 0;
  if (hasHead) await git(dir, ['reset', '-q', 'HEAD', '--', `:(literal)${file}`]);
  else await git(dir, ['rm', '-q', '--cached', '--', `:(literal)${file}`]);
}

/**
 * The shown hunk in the file's diff as it is now, on one side. With the
 * fingerprint the file's diff was shown with, any change to that file since
 * refuses the action, even one that left this hunk's text as it was.
 */
async function findHunk(dir: string, side: DiffSide, file: string, shown: Hunk, shownFingerprint?: string | null): Promise<{ diff: FileDiff; hunk: Hunk }> {
  const diff = (await fileDiffs(dir, side, [file])).find((f) => f.path === file);
  if (diff && shownFingerprint && fingerprint(diff) !== shownFingerprint) throw new StaleHunkError(file, `the diff of ${file} is not the one shown`);
  const hunk = diff?.hunks.find((h) => h.text === shown.text);
  if (!diff || !hunk) throw new StaleHunkError(file);
  return { diff, hunk };
}

async function applyPatch(dir: string, patch: string | Buffer, args: string[]): Promise<void> {
  const check = await gitRaw(dir, ['apply', '--check', ...args, '-'], { input: patch });
  if (check.code !== 0) throw new Error(`git apply --check ${args.join(' ')} refused in ${dir}: ${check.stderr.trim()}`);
  await git(dir, ['apply', ...args, '-'], { input: patch });
}

/** Stages one hunk of a file's unstaged changes (the index gets exactly that hunk). */
export async function stageHunk(dir: string, file: string, shown: Hunk, shownFingerprint?: string | null): Promise<void> {
  const { diff, hunk } = await findHunk(dir, UNSTAGED, file, shown, shownFingerprint);
  // An untracked file's diff is one hunk holding the whole file: staging it is staging the file.
  if (diff.status === 'added' && !(await isTracked(dir, file))) return stageFile(dir, file);
  await applyPatch(dir, singleHunkPatch(diff, hunk), ['--cached']);
}

/** Takes one hunk back out of the index (the working tree keeps it). */
export async function unstageHunk(dir: string, file: string, shown: Hunk, shownFingerprint?: string | null): Promise<void> {
  const { diff, hunk } = await findHunk(dir, STAGED, file, shown, shownFingerprint);
  await applyPatch(dir, singleHunkPatch(diff, hunk), ['--cached', '-R']);
}

export type UndoRecord =
  | { id: string; dir: string; file: string; kind: 'patch'; patch: string }
  | { id: string; dir: string; file: string; kind: 'file'; content: string; mode: number };

/** Discards one hunk of unstaged changes from the working tree; the record puts it back. */
export async function revertHunk(dir: string, file: string, shown: Hunk, shownFingerprint?: string | null): Promise<UndoRecord> {
  const { diff, hunk } = await findHunk(dir, UNSTAGED, file, shown, shownFingerprint);
  if (diff.status === 'added' && !(await isTracked(dir, file))) return revertFile(dir, file);
  const patch = singleHunkPatch(diff, hunk);
  await applyPatch(dir, patch, ['-R']);
  return { id: randomUUID(), dir, file, kind: 'patch', patch };
}

/** Discards a file's unstaged changes (an untracked file is deleted); the record puts them back. */
export async function revertFile(dir: string, file: string): Promise<UndoRecord> {
  const abs = path.join(dir, file);
  if (!(await isTracked(dir, file))) {
    const st = fs.lstatSync(abs);
    const content = st.isSymbolicLink() ? fs.readlinkSync(abs) : fs.readFileSync(abs).toString('base64');
    fs.rmSync(abs);
    return { id: randomUUID(), dir, file, kind: 'file', content, mode: st.isSymbolicLink() ? 0o120000 : st.mode & 0o777 };
  }
  const patch = (await gitBytes(dir, [...DIFF_FLAGS, '--no-renames', '--', `:(literal)${file}`])).toString('utf8');
  if (!patch) throw new Error(`${file} has no unstaged changes to revert`);
  await applyPatch(dir, patch, ['-R']);
  return { id: randomUUID(), dir, file, kind: 'patch', patch };
}

/** Puts reverted changes back; refuses (changing nothing) if the file has changed since in a way they no longer fit. */
export async function undoRevert(record: UndoRecord): Promise<void> {
  if (record.kind === 'patch') return applyPatch(record.dir, record.patch, []);
  const abs = path.join(record.dir, record.file);
  if (fs.existsSync(abs)) throw new Error(`cannot restore ${record.file}: a file of that name exists again`);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  if (record.mode === 0o120000) fs.symlinkSync(record.content, abs);
  else fs.writeFileSync(abs, Buffer.from(record.content, 'base64'), { mode: record.mode });
}

async function isTracked(dir: string, file: string): Promise<boolean> {
  return (await git(dir, ['ls-files', '-z', '--', `:(literal)${file}`])) !== '';
}
