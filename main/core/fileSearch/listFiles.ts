// The files (and the folders holding them) a file picker offers under a root:
// in a git work tree, what git lists as tracked or untracked-but-not-ignored
// (`git ls-files -co --exclude-standard`); elsewhere, a walk that honours the
// .gitignore files it meets (and .ignore, as ripgrep does). `.git` itself is
// never listed. Paths are relative to the root, with forward slashes.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IgnoreRules } from './ignoreRules.js';
import { pathTraits, type PathTraits } from './fuzzyMatch.js';

/** A path as offered, with what matching needs of it (lower-cased etc.) worked out once per listing. */
export interface ListedEntry extends PathTraits {
  path: string;
}

/** Stops a walk of a huge tree: a picker needs names, not all of a home directory. */
export const MAX_LISTED_FILES = 500_000;
/** Paths prepared for matching between two yields to the event loop. */
const PREPARE_CHUNK = 1_000;

export async function listSearchableFiles(root: string, signal?: AbortSignal): Promise<ListedEntry[]> {
  const fromGit = await gitListing(root, signal);
  const files = fromGit ?? (await walk(root, signal));
  return withFolders(files);
}

/** null when root is not inside a git work tree (or git is missing): the walk takes over. */
function gitListing(root: string, signal?: AbortSignal): Promise<string[] | null> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-c', 'core.quotepath=off', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      { cwd: root, maxBuffer: 512 * 1024 * 1024, signal, encoding: 'utf8', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } },
      (err, stdout) => {
        if (err) return resolve(null);
        // A file both tracked and deleted from the index is listed once per source: keep one.
        resolve([...new Set(stdout.split('\0').filter(Boolean))]);
      },
    );
  });
}

async function walk(root: string, signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  const visit = async (rel: string, rules: IgnoreRules): Promise<void> => {
    if (signal?.aborted || out.length >= MAX_LISTED_FILES) return;
    const dir = rel ? join(root, rel) : root;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folders are skipped, as git would
    }
    let here = rules;
    for (const name of ['.gitignore', '.ignore']) {
      if (!entries.some((e) => e.name === name)) continue;
      try {
        here = here.with(rel, await readFile(join(dir, name), 'utf8'));
      } catch {
        /* unreadable ignore file: nothing to add */
      }
    }
    for (const e of entries) {
      if (e.name === '.git') continue;
      const path = rel ? `${rel}/${e.name}` : e.name;
      const isDir = e.isDirectory();
      if (here.ignores(path, isDir)) continue;
      if (isDir) await visit(path, here);
      else if (e.isFile() || e.isSymbolicLink()) out.push(path);
    }
  };
  await visit('', IgnoreRules.empty());
  return out;
}

/**
 * Each file, plus every folder on the way to one (what Codex offers as
 * directory matches), shortest path first. Among equal scores the shorter
 * path is kept, so a scan that meets the short ones first fills its best 50
 * with keepers early and skips the rest without scoring them (the entries are
 * made in that order too, so a scan reads them in memory order). Yields to
 * the event loop between chunks: a listing made again in the background must
 * not hold up the keystrokes searched meanwhile (100,000 paths take longer to
 * prepare than a keystroke may wait).
 */
async function withFolders(files: string[]): Promise<ListedEntry[]> {
  const paths: string[] = [];
  const folders = new Set<string>();
  for (const path of files) {
    paths.push(path);
    for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
      const dir = path.slice(0, i);
      if (folders.has(dir)) continue;
      folders.add(dir);
      paths.push(dir);
    }
  }
  const out: ListedEntry[] = [];
  for (const path of byLength(paths)) {
    if (out.length % PREPARE_CHUNK === PREPARE_CHUNK - 1) await new Promise<void>((r) => setImmediate(r));
    out.push(pathTraits(path, folders.has(path) ? 'directory' : 'file'));
  }
  return out;
}

/** Shortest first, in their order otherwise (a counting sort: the listing can hold 500,000 paths). */
function byLength(paths: string[]): string[] {
  let longest = 0;
  for (const p of paths) longest = Math.max(longest, p.length);
  const starts = new Int32Array(longest + 2);
  for (const p of paths) starts[p.length + 1]!++;
  for (let l = 1; l < starts.length; l++) starts[l]! += starts[l - 1]!;
  const sorted = new Array<string>(paths.length);
  for (const p of paths) sorted[starts[p.length]!++] = p;
  return sorted;
}
