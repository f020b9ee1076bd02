// The files (and the folders holding them) a file picker offers under a root:
// in a git work tree, what git lists as tracked or untracked-but-not-ignored
// (`git ls-files --cached --others --exclude-standard`); elsewhere, a walk that
// honours the .gitignore files it meets (and .ignore, as ripgrep does). `.git`
// itself is never listed. Paths are relative to the root, with forward
// slashes. Both feed a Listing as they go, so a search can start before they
// are done.
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { IgnoreRules } from './ignoreRules.js';
import { Listing, type ListedEntry } from './listing.js';

export type { ListedEntry } from './listing.js';

/** Stops a walk of a huge tree: a picker needs names, not all of a home directory. */
export const MAX_LISTED_FILES = 500_000;

/** Starts listing `root`; the Listing fills as git (or the walk) goes. A missing or unreadable root lists nothing. */
export function startListing(root: string): Listing {
  const listing = new Listing();
  void fill(root, listing).then(
    () => listing.finish(),
    () => listing.finish(),
  );
  return listing;
}

/** The complete listing, shortest path first. */
export async function listSearchableFiles(root: string): Promise<ListedEntry[]> {
  const listing = startListing(root);
  await listing.done;
  return listing.shortestFirstEntries();
}

async function fill(root: string, listing: Listing): Promise<void> {
  if (await gitListing(root, listing)) return;
  // Not a git work tree (or git failed midway): whatever git gave is dropped and the walk lists the tree.
  if (listing.entries.length > 0) listing.reset();
  await walk(root, listing);
}

/**
 * False when root is not inside a git work tree (or git is missing or fails).
 * The tracked files and the untracked ones come from two git processes run
 * side by side: one listing both only starts writing once its walk for the
 * untracked files is over, while the index alone is read (and streamed) at
 * once. The two never overlap: git's untracked files are those not in the index.
 */
async function gitListing(root: string, listing: Listing): Promise<boolean> {
  const results = await Promise.all([gitLsFiles(root, ['--cached'], listing), gitLsFiles(root, ['--others', '--exclude-standard'], listing)]);
  return results.every(Boolean);
}

function gitLsFiles(root: string, which: string[], listing: Listing): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('git', ['-c', 'core.quotepath=off', 'ls-files', '-z', ...which], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    });
    const decoder = new StringDecoder('utf8');
    const generation = listing.generation;
    let rest = '';
    let last = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const paths = (rest + decoder.write(chunk)).split('\0');
      rest = paths.pop()!;
      // The other git process failed and the walk took over: nothing more from this one.
      if (listing.generation !== generation) return;
      listing.addFiles(withoutRepeats(paths, last));
      if (paths.length > 0) last = paths[paths.length - 1]!;
    });
    child.on('error', () => resolve(false));
    child.on('close', (code) => {
      const unended = rest + decoder.end();
      if (unended && listing.generation === generation) listing.addFiles(withoutRepeats([unended], last));
      resolve(code === 0 && listing.generation === generation);
    });
  });
}

/** A path with conflicts is listed once per stage, one after the other: kept once. */
function withoutRepeats(paths: string[], before: string): string[] {
  const out: string[] = [];
  let prev = before;
  for (const p of paths) {
    if (p !== prev && p !== '') out.push(p);
    prev = p;
  }
  return out;
}

async function walk(root: string, listing: Listing): Promise<void> {
  let listed = 0;
  const visit = async (rel: string, rules: IgnoreRules): Promise<void> => {
    if (listed >= MAX_LISTED_FILES) return;
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
    const files: string[] = [];
    const folders: string[] = [];
    for (const e of entries) {
      if (e.name === '.git') continue;
      const path = rel ? `${rel}/${e.name}` : e.name;
      const isDir = e.isDirectory();
      if (here.ignores(path, isDir)) continue;
      if (isDir) folders.push(path);
      else if (e.isFile() || e.isSymbolicLink()) files.push(path);
    }
    // A folder's files go in together (the listing spots their shared folder once).
    listed += files.length;
    listing.addFiles(files);
    for (const path of folders) await visit(path, here);
  };
  await visit('', IgnoreRules.empty());
}
