// Listing a real git repository as it streams in: the same files git itself
// lists as tracked or untracked-but-not-ignored (a conflicted file once, not
// once per stage), plus each folder on the way to one; and a search run while
// the listing is still coming in shows matches so far, then answers exactly
// what scoring every listed path afresh gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { FileSearcher, MATCH_LIMIT, newSearchScope, type FileSearchMatch } from '../../main/core/fileSearch/fileSearch.js';
import { fuzzyMatch } from '../../main/core/fileSearch/fuzzyMatch.js';
import { listSearchableFiles, startListing } from '../../main/core/fileSearch/listFiles.js';
import { Listing } from '../../main/core/fileSearch/listing.js';

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
const git = (cwd: string, args: string[]) => execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const FILES = 20_000;

let repo: string;
beforeAll(() => {
  repo = realpathSync(mkdtempSync(join(tmpdir(), 'codex-listing-')));
  const write = (rel: string, text = 'x\n') => {
    mkdirSync(dirname(join(repo, rel)), { recursive: true });
    writeFileSync(join(repo, rel), text);
  };
  git(repo, ['init', '-q', '-b', 'main']);
  // Enough paths that git writes them in many pieces (each read of its output holds 64 KiB at most).
  for (let i = 0; i < FILES; i++) write(`pkg${i % 50}/${i % 3 ? 'src' : 'test'}/module${i}Handler.ts`);
  write('.gitignore', 'build/\n*.log\n');
  write('conflict/notes.md', 'base\n');
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '-m', 'init']);
  // A merge conflict: the index holds conflict/notes.md three times (one per stage), git ls-files lists it three times.
  git(repo, ['checkout', '-q', '-b', 'other']);
  write('conflict/notes.md', 'theirs\n');
  git(repo, ['commit', '-q', '-am', 'theirs']);
  git(repo, ['checkout', '-q', 'main']);
  write('conflict/notes.md', 'ours\n');
  git(repo, ['commit', '-q', '-am', 'ours']);
  try {
    git(repo, ['merge', '-q', 'other']);
  } catch {
    /* the conflict is the point */
  }
  // Untracked (offered), ignored (never), a tracked file deleted from disk (still offered, as git lists it).
  write('scratch/untracked Main.txt');
  write('build/out/main.js');
  write('debug.log');
  rmSync(join(repo, 'pkg1/src/module1Handler.ts'));
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

/** What git itself lists, and every folder on the way to each of those files. */
function gitsOwnListing(): { files: Set<string>; folders: Set<string> } {
  const files = new Set(git(repo, ['-c', 'core.quotepath=off', 'ls-files', '-z', '-co', '--exclude-standard']).split('\0').filter(Boolean));
  const folders = new Set<string>();
  for (const f of files) for (let i = f.indexOf('/'); i >= 0; i = f.indexOf('/', i + 1)) folders.add(f.slice(0, i));
  return { files, folders };
}

describe('listing a git repository', () => {
  it("holds git's tracked and unignored untracked files once each, and the folders on the way to them", async () => {
    expect(
      git(repo, ['ls-files', '--cached'])
        .split('\n')
        .filter((p) => p === 'conflict/notes.md'),
    ).toHaveLength(3);
    const { files, folders } = gitsOwnListing();
    expect(files.has('scratch/untracked Main.txt') && !files.has('debug.log') && !files.has('build/out/main.js')).toBe(true);
    const listing = await listSearchableFiles(repo);
    const paths = listing.map((e) => e.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(new Set(listing.filter((e) => e.type === 'file').map((e) => e.path))).toEqual(files);
    expect(new Set(listing.filter((e) => e.type === 'directory').map((e) => e.path))).toEqual(folders);
    for (let i = 1; i < paths.length; i++) expect(paths[i]!.length).toBeGreaterThanOrEqual(paths[i - 1]!.length);
  });

  it('grows in several steps before it is complete', async () => {
    const listing = startListing(repo);
    const sizes: number[] = [];
    while (!listing.complete) {
      await listing.grown();
      sizes.push(listing.count);
    }
    expect(new Set(sizes.filter((n) => n > 0 && n < listing.count)).size).toBeGreaterThan(1);
    expect(listing.count).toBe(gitsOwnListing().files.size + gitsOwnListing().folders.size);
  });
});

/** Every path git lists (and its folders) scored on its own, the best MATCH_LIMIT kept, answered by score then path. */
function scoredAfresh(query: string): FileSearchMatch[] {
  const lower = query.toLowerCase();
  const { files, folders } = gitsOwnListing();
  const all: FileSearchMatch[] = [];
  for (const [paths, type] of [
    [files, 'file'],
    [folders, 'directory'],
  ] as const)
    for (const path of paths) {
      const m = fuzzyMatch(lower, path, path.toLowerCase(), type);
      if (m) all.push({ root: repo, path, match_type: type, file_name: basename(path), score: m.score, indices: m.indices });
    }
  const byPath = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const kept = all.sort((x, y) => y.score - x.score || x.path.length - y.path.length || byPath(x.path, y.path)).slice(0, MATCH_LIMIT);
  return kept.sort((x, y) => y.score - x.score || byPath(x.path, y.path));
}

describe('a search started before the listing is in', () => {
  it.each(['m', 'module1', 'main', 'pkg4/test', 'notes', 'zzz'])('%s: shows matches so far, then answers as scoring every path afresh', async (query) => {
    const searcher = new FileSearcher();
    const partials: FileSearchMatch[][] = [];
    const files = await searcher.search(query, [repo], undefined, newSearchScope(), (so) => partials.push(so));
    expect(files).toEqual(scoredAfresh(query));
    for (const p of partials) {
      expect(p.length).toBeGreaterThan(0);
      expect(p.length).toBeLessThanOrEqual(MATCH_LIMIT);
      // Each match shown early is a real one, scored and placed as it is at the end.
      for (const m of p) expect(fuzzyMatch(query, m.path, m.path.toLowerCase(), m.match_type)).toEqual({ score: m.score, indices: m.indices });
    }
    // The tree comes in many pieces: a query most paths match has matches to show before the end.
    if (query === 'm') expect(partials.length).toBeGreaterThan(0);
  });
});

describe('a listing made in the background', () => {
  it('adds what it is fed only when its gate lets it, in the order fed', async () => {
    let open!: () => void;
    let gate = new Promise<void>((resolve) => (open = resolve));
    const listing = new Listing(() => gate);
    const fed = [listing.feed('a/one.ts\0a/two.ts\0'), listing.feed('b/three.ts\0')];
    await new Promise((r) => setTimeout(r, 50));
    expect(listing.count).toBe(0);
    open();
    await Promise.all(fed);
    expect(Array.from({ length: listing.count }, (_, i) => listing.path(i))).toEqual(['a', 'a/one.ts', 'a/two.ts', 'b', 'b/three.ts']);
    // A listing started with a shut gate does not even start git until it opens.
    gate = new Promise<void>((resolve) => (open = resolve));
    const background = startListing(repo, () => gate);
    await new Promise((r) => setTimeout(r, 300));
    expect(background.count).toBe(0);
    open();
    await background.done;
    expect(background.count).toBe(gitsOwnListing().files.size + gitsOwnListing().folders.size);
  });
});
