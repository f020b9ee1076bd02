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
 * directory matches). Yields to the event loop between chunks: a listing made
 * again in the background must not hold up the keystrokes being searched
 * meanwhile (100,000 paths take longer to prepare than a keystroke may wait).
 */
async function withFolders(files: string[]): Promise<ListedEntry[]> {
  const dirs = new Set<string>();
  const out: ListedEntry[] = [];
  for (let f = 0; f < files.length; f++) {
    if (f % PREPARE_CHUNK === PREPARE_CHUNK - 1) await new Promise<void>((r) => setImmediate(r));
    const path = files[f]!;
    out.push(pathTraits(path, 'file'));
    for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
      const dir = path.slice(0, i);
      if (dirs.has(dir)) continue;
      dirs.add(dir);
      out.push(pathTraits(dir, 'directory'));
    }
  }
  return out;
}
