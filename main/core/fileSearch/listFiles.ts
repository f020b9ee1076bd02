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
import { openIndex } from './gitIndex.js';
import { IgnoreRules } from './ignoreRules.js';
import { Listing, type RepeatGuard } from './listing.js';

/** Stops a walk of a huge tree: a picker needs names, not all of a home directory. */
export const MAX_LISTED_FILES = 500_000;

/**
 * Starts listing `root`; the Listing fills as git (or the walk) goes. A
 * missing or unreadable root lists nothing. `gate`: see Listing.
 */
export function startListing(root: string, gate?: () => Promise<void>): Listing {
  const listing = new Listing(gate);
  // Begun once the request that asked for it is answered (a picker's sessionStart: its next request is the first keystroke),
  // and after the gate: reading the index and starting git hold up the main thread a little.
  void new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => listing.whenFree())
    .then(() => fill(root, listing))
    .then(
      () => listing.finish(),
      () => listing.finish(),
    );
  return listing;
}

/** The complete listing's paths and types, shortest path first (what a search offers, as plain objects). */
export async function listSearchableFiles(root: string): Promise<{ path: string; type: 'file' | 'directory' }[]> {
  const listing = startListing(root);
  await listing.done;
  return Array.from(listing.shortestFirst(), (i) => ({ path: listing.path(i), type: listing.type(i) }));
}

async function fill(root: string, listing: Listing): Promise<void> {
  if (await gitListing(root, listing)) return;
  // Not a git work tree (or git failed midway): whatever git gave is dropped and the walk lists the tree.
  if (listing.count > 0) listing.reset();
  await walk(root, listing);
}

/**
 * False when root is not inside a git work tree (or git is missing or fails).
 * The tracked files are read from the index file itself where it is plain
 * enough (else a `git ls-files --cached` streams them), while a git process
 * lists the untracked ones side by side (one git listing both writes nothing
 * until its walk for the untracked files is over). The two never overlap:
 * git's untracked files are those not in the index.
 */
async function gitListing(root: string, listing: Listing): Promise<boolean> {
  const pieces = openIndex(root);
  const tracked = pieces ? addPieces(pieces, listing) : gitLsFiles(root, ['--cached'], listing);
  // Git starts once the index's first piece is in (a picker's first matches come from it; starting git holds the main thread 5-30 ms).
  await new Promise<void>((resolve) => setImmediate(resolve));
  const untracked = gitLsFiles(root, ['--others', '--exclude-standard'], listing);
  const results = await Promise.all([tracked, untracked]);
  return results.every(Boolean);
}

/**
 * Feeds the index's pieces, yielding between them (a search can look at the
 * first ones, and keystrokes get in, meanwhile). False where the index turned
 * out not to be one to read here after all: the walk then lists the tree.
 */
async function addPieces(pieces: Generator<string, boolean>, listing: Listing): Promise<boolean> {
  const generation = listing.generation;
  const repeats: RepeatGuard = {};
  try {
    for (;;) {
      // Reading the index holds the main thread a while: a background listing waits its turn first.
      await listing.whenFree();
      // The untracked listing failed meanwhile and the walk took over: nothing more from here.
      if (listing.generation !== generation) return false;
      const next = pieces.next();
      if (next.done) return next.value;
      await listing.feed(next.value, repeats);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    pieces.return(false); // closes the index file where it was left midway
  }
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
    const repeats: RepeatGuard = {};
    let rest = '';
    const add = (text: string) => {
      // The other git process failed and the walk took over: nothing more from this one.
      if (listing.generation === generation) void listing.feed(text, repeats);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      const text = rest + decoder.write(chunk);
      // The paths up to the last NUL go in now; a path cut off at the end of this piece waits for the next one.
      rest = text.slice(text.lastIndexOf('\0') + 1);
      add(text);
    });
    child.on('error', () => resolve(false));
    child.on('close', (code) => {
      const unended = rest + decoder.end();
      if (unended) add(`${unended}\0`);
      void listing.settled().then(() => resolve(code === 0 && listing.generation === generation));
    });
  });
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
    if (files.length > 0) await listing.feed(`${files.join('\0')}\0`);
    for (const path of folders) await visit(path, here);
  };
  await visit('', IgnoreRules.empty());
}
