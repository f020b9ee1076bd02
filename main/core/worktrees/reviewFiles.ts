// The review pane's lazy side: the list of changed files without their
// contents (cheap even on thousands of files), and the diff of a few named
// files when the pane shows them. Each file diff carries a fingerprint of the
// patch as shown, so a later hunk action can tell the file has changed since.
import { createHash } from 'node:crypto';
import { git, gitRaw, splitNul } from './git.js';
import { parseDiff, type FileDiff } from './diffParse.js';

export const DIFF_FLAGS = ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff', '--binary'];

/** The side of the uncommitted changes a file diff is of, or the branch's changes since `from`. */
export type DiffSide = { kind: 'staged' } | { kind: 'unstaged' } | { kind: 'branch'; from: string };

export interface ListedFile {
  path: string;
  oldPath?: string;
  status: FileDiff['status'];
}

export interface UncommittedFiles {
  staged: ListedFile[];
  /** Tracked files that differ from the index, then untracked files (as added). */
  unstaged: ListedFile[];
  untracked: string[];
}

const STATUS: Record<string, FileDiff['status']> = { M: 'modified', T: 'modified', A: 'added', D: 'deleted', R: 'renamed', C: 'copied' };

/** Parses `--name-status -z` output: "M\0path\0", or "R100\0old\0new\0" for renames and copies. */
export function parseNameStatus(out: string): ListedFile[] {
  const parts = splitNul(out);
  const files: ListedFile[] = [];
  for (let i = 0; i < parts.length;) {
    const code = parts[i++]!;
    const status = STATUS[code[0]!] ?? 'modified';
    if (status === 'renamed' || status === 'copied') {
      const oldPath = parts[i++]!;
      files.push({ path: parts[i++]!, oldPath, status });
    } else files.push({ path: parts[i++]!, status });
  }
  return files;
}

/**
 * Which files have uncommitted changes, staged and unstaged apart, reading no
 * file contents. The working-tree side comes from `git diff-files`, which
 * trusts the index's stat data: a file touched without a change may be listed,
 * and its diff then comes back empty.
 */
export async function uncommittedFiles(dir: string): Promise<UncommittedFiles> {
  const [staged, unstaged, untrackedOut] = await Promise.all([
    git(dir, ['-c', 'core.quotePath=false', 'diff', '--cached', '--no-renames', '--name-status', '-z']),
    git(dir, ['diff-files', '--name-status', '-z']),
    git(dir, ['ls-files', '--others', '--exclude-standard', '-z']),
  ]);
  const untracked = splitNul(untrackedOut);
  return {
    staged: parseNameStatus(staged),
    unstaged: [...parseNameStatus(unstaged), ...untracked.map((p): ListedFile => ({ path: p, status: 'added' }))],
    untracked,
  };
}

/** The branch's changed files from `from` (its merge-base) to HEAD, with renames found. */
export async function branchFiles(dir: string, from: string): Promise<ListedFile[]> {
  return parseNameStatus(await git(dir, ['-c', 'core.quotePath=false', 'diff', '--name-status', '-z', '-M', from, 'HEAD']));
}

const literal = (p: string) => `:(literal)${p}`;

/**
 * The diffs of the named files on one side, in the order git prints them.
 * Untracked files among them (unstaged side) come as whole-file additions.
 * A named file without changes on that side is simply absent.
 */
export async function fileDiffs(dir: string, side: DiffSide, paths: string[]): Promise<FileDiff[]> {
  if (!paths.length) return [];
  const spec = ['--', ...paths.map(literal)];
  if (side.kind === 'branch') {
    // Rename detection sees only the paths given: a renamed file's old path goes with it.
    const asked = new Set(paths);
    const olds = (await branchFiles(dir, side.from)).flatMap((f) => (f.oldPath && asked.has(f.path) ? [literal(f.oldPath)] : []));
    const diff = await git(dir, [...DIFF_FLAGS, '-M', side.from, 'HEAD', ...spec, ...olds]);
    return parseDiff(diff + '\n').filter((f) => asked.has(f.path));
  }
  if (side.kind === 'staged') return parseDiff((await git(dir, [...DIFF_FLAGS, '--cached', '--no-renames', ...spec])) + '\n');
  const [tracked, untrackedOut] = await Promise.all([
    git(dir, [...DIFF_FLAGS, '--no-renames', ...spec]),
    git(dir, ['ls-files', '--others', '--exclude-standard', '-z', ...spec]),
  ]);
  const files = parseDiff(tracked + '\n');
  for (const p of splitNul(untrackedOut)) {
    // --no-index exits 1 when the files differ, which they always do here.
    const r = await gitRaw(dir, [...DIFF_FLAGS, '--no-index', '--', '/dev/null', p]);
    files.push(...parseDiff(r.stdout.toString('utf8')));
  }
  return files;
}

/** Identifies a file's patch as shown: equal fingerprints, identical patch. */
export function fingerprint(f: FileDiff): string {
  return createHash('sha256').update(f.patch).digest('hex').slice(0, 32);
}

/** Lines added and removed by a file's hunks. */
export function lineStats(f: FileDiff): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const h of f.hunks) {
    // The first line is the @@ header; "\ No newline" lines count as neither.
    for (let at = h.text.indexOf('\n') + 1; at > 0 && at < h.text.length; at = h.text.indexOf('\n', at) + 1) {
      const c = h.text[at];
      if (c === '+') added++;
      else if (c === '-') removed++;
    }
  }
  return { added, removed };
}
