// FileSearcher on a real folder tree: what a search session answers while a
// query is typed on, cut back and changed (each keystroke narrowing the last
// one's matches and skipping paths whose score ceiling cannot make the best
// 50) equals scoring every listed path afresh and keeping the best 50.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { FileSearcher, MATCH_LIMIT, newSearchScope, type FileSearchMatch } from './fileSearch.js';
import { fuzzyMatch } from './fuzzyMatch.js';
import { listSearchableFiles } from './listFiles.js';

let base: string;
let roots: string[];
beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'codex-filesearch-')));
  const write = (root: string, rel: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), 'x\n');
  };
  const a = join(base, 'a');
  const b = join(base, 'b');
  // Hundreds of names that a typed prefix matches equally well (only path length and path order tell them apart)...
  for (let i = 0; i < 1500; i++) write(a, `pkg${i % 40}/${i % 3 ? 'src' : 'test'}/module${i}Handler.ts`);
  // ...and shapes that score differently: spaces, camel case, digits, exact names, the same name in many folders.
  for (const rel of [
    'my docs/Main File.md',
    'src/main.ts',
    'src/mainHelper.ts',
    'docs/MAIN.md',
    'm/a/i/n.ts',
    'tools/make_index.py',
    'web/Index.tsx',
    'lib/mod.rs',
    'lib/mod',
    'x-y_z/FooBar9.ts',
  ])
    write(a, rel);
  for (let i = 0; i < 120; i++) write(a, `app${i}/index.ts`);
  // Letters after a space earn more than any after a '/': more than 50 short names beginning with the letter must not hide them.
  for (let i = 0; i < 60; i++) write(a, `f/f${i}.ts`);
  for (let i = 0; i < 20; i++) write(a, `spaced/a file${i}.txt`);
  // A second root holding some of the same relative paths.
  for (const rel of ['src/main.ts', 'lib/mod.rs', 'pkg1/src/module1Handler.ts', 'notes/meeting minutes.txt']) write(b, rel);
  roots = [a, b];
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Every listed path scored on its own, the best MATCH_LIMIT kept (score, then shorter path, then path), answered by score then path. */
async function scoredAfresh(query: string): Promise<FileSearchMatch[]> {
  const lowerQuery = query.toLowerCase();
  const all: FileSearchMatch[] = [];
  for (const root of roots)
    for (const e of await listSearchableFiles(root)) {
      const m = fuzzyMatch(lowerQuery, e.path, e.path.toLowerCase(), e.type);
      if (m) all.push({ root, path: e.path, match_type: e.type, file_name: basename(e.path), score: m.score, indices: m.indices });
    }
  const byPath = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const kept = all.sort((x, y) => y.score - x.score || x.path.length - y.path.length || byPath(x.path, y.path)).slice(0, MATCH_LIMIT);
  return kept.sort((x, y) => y.score - x.score || byPath(x.path, y.path));
}

describe('listSearchableFiles', () => {
  it('lists every file and every folder on the way to one, once each, shortest path first', async () => {
    const listing = await listSearchableFiles(roots[0]!);
    const paths = listing.map((e) => e.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(listing.filter((e) => e.type === 'file').length).toBe(1500 + 10 + 120 + 60 + 20);
    expect(listing.find((e) => e.path === 'pkg1/src')?.type).toBe('directory');
    expect(listing.find((e) => e.path === 'my docs')?.type).toBe('directory');
    // Among equal scores the shorter path is kept: a scan that meets short paths first can skip more.
    for (let i = 1; i < paths.length; i++) expect(paths[i]!.length, paths[i]).toBeGreaterThanOrEqual(paths[i - 1]!.length);
  });
});

describe('FileSearcher', () => {
  it('answers each keystroke of a session as scoring every path afresh does: typed on, cut back, changed', async () => {
    const searcher = new FileSearcher();
    const scope = newSearchScope();
    const keystrokes = [
      'm',
      'mo',
      'mod',
      'modu',
      'module1',
      'module1h',
      'mod',
      'modh',
      'm',
      'ma',
      'mai',
      'main',
      'Main F',
      'main',
      'i',
      'in',
      'ind',
      'index',
      'index.ts',
      'idx',
      'pkg1',
      'pkg1/',
      'pkg1/src/m',
      'lib',
      'lib/mod',
      'mod',
      'f',
      'fi',
      'fb9',
      ' ',
      'me',
      'meeting m',
    ];
    let full = 0;
    for (const query of keystrokes) {
      const expected = await scoredAfresh(query);
      expect(await searcher.search(query, roots, undefined, scope), query).toEqual(expected);
      if (expected.length === MATCH_LIMIT) full++;
    }
    // The cut to the best 50 was exercised, not only short lists.
    expect(full).toBeGreaterThan(10);
  });
});

describe('FileSearcher listing a root again', () => {
  it('waits for searches to pause before listing again, then the new listing answers', async () => {
    const root = join(base, 'relisted');
    mkdirSync(join(root, 'lib'), { recursive: true });
    writeFileSync(join(root, 'lib', 'old.ts'), 'x\n');
    const searcher = new FileSearcher();
    expect(await searcher.search('brandnew', [root])).toEqual([]);
    writeFileSync(join(root, 'lib', 'brandnew.ts'), 'x\n');
    // The listing is old enough to be made again: this search asks for it, and keystrokes keep coming.
    await new Promise((r) => setTimeout(r, 3100));
    const whileTyping: number[] = [];
    for (const started = Date.now(); Date.now() - started < 1000;) {
      whileTyping.push((await searcher.search('brandnew', [root])).length);
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(whileTyping.every((n) => n === 0)).toBe(true);
    // A pause: the tree is listed again, and the next search finds the new file.
    await new Promise((r) => setTimeout(r, 800));
    expect((await searcher.search('brandnew', [root])).map((m) => m.path)).toEqual(['lib/brandnew.ts']);
  }, 20_000);
});
