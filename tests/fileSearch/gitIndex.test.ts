// Reading a real git index as `git ls-files -z --cached` lists it: index
// versions 2, 3 (an intent-to-add entry) and 4 (paths built on the previous
// one), a conflicted path once per stage, names in UTF-8 and with spaces; a
// split index is left to git (null). The file is read a chunk at a time as
// entries are asked for (any chunk size gives git's list; an index git
// replaces meanwhile is read to its end as it was), and its first pieces are
// small, then twice as big each time.
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bytesOf, indexPieces, openIndex, parseIndex, readIndexPaths } from '../../main/core/fileSearch/gitIndex.js';

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
const git = (cwd: string, args: string[]) => execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

function repo(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'codex-gitindex-')));
  made.push(root);
  git(root, ['init', '-q', '-b', 'main']);
  const write = (rel: string, text = 'x\n') => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  for (let i = 0; i < 300; i++) write(`pkg${i % 7}/${i % 2 ? 'src' : 'test'}/module${i}Handler.ts`);
  for (const rel of ['README.md', 'docs/My Notes/read me.md', 'café/naïve résumé.txt', 'emoji/🙂.md', `deep/${'d'.repeat(90)}/${'e'.repeat(90)}/f.ts`])
    write(rel);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'init']);
  return root;
}

const gitsOwn = (root: string) => git(root, ['-c', 'core.quotepath=off', 'ls-files', '-z', '--cached']);

/** The index read a few entries at a time (as a listing is fed), joined again. */
function inSmallPieces(root: string, entriesPerPiece: number, firstPiece?: number): { text: string; pieces: number; sizes: number[] } {
  const it = indexPieces(bytesOf(readFileSync(join(root, '.git', 'index'))), entriesPerPiece, firstPiece);
  let text = '';
  let pieces = 0;
  const sizes: number[] = [];
  for (let next = it.next(); ; next = it.next()) {
    if (next.done) {
      expect(next.value).toBe(true);
      return { text, pieces, sizes };
    }
    expect(next.value.endsWith('\0')).toBe(true);
    text += next.value;
    pieces++;
    sizes.push(next.value.split('\0').length - 1);
  }
}

describe('readIndexPaths', () => {
  it('lists what git ls-files --cached lists, index version 2', async () => {
    const root = repo();
    expect(await readIndexPaths(root)).toBe(gitsOwn(root));
    expect((await readIndexPaths(root))!.split('\0')).toContain('café/naïve résumé.txt');
  });

  it('reads version 3 (an intent-to-add entry has extended flags) and version 4 (prefix-compressed paths)', async () => {
    const root = repo();
    writeFileSync(join(root, 'new file.txt'), 'x\n');
    git(root, ['add', '-N', 'new file.txt']);
    expect(git(root, ['ls-files', '--debug', 'new file.txt'])).toContain('flags: 20004000');
    expect(await readIndexPaths(root)).toBe(gitsOwn(root));
    expect(inSmallPieces(root, 7).text).toBe(gitsOwn(root));
    git(root, ['update-index', '--index-version', '4']);
    expect(await readIndexPaths(root)).toBe(gitsOwn(root));
    // Version 4 paths build on the one before, across pieces too.
    const small = inSmallPieces(root, 7);
    expect(small.text).toBe(gitsOwn(root));
    expect(small.pieces).toBeGreaterThan(40);
    expect((await readIndexPaths(root))!.split('\0')).toContain('new file.txt');
  });

  it('reads the file a chunk at a time: any chunk size lists what git lists, versions 2 and 4', () => {
    const root = repo();
    // A path longer than the room an entry is read with (git holds it in the index; no file system would): the window grows for it.
    const blob = git(root, ['hash-object', '-w', join(root, 'README.md')]).trim();
    git(root, ['update-index', '--add', '--cacheinfo', `100644,${blob},${Array(50).fill('d'.repeat(200)).join('/')}/long.txt`]);
    expect(
      gitsOwn(root)
        .split('\0')
        .some((p) => p.length > 10_000),
    ).toBe(true);
    for (const version of ['2', '4']) {
      git(root, ['update-index', '--index-version', version]);
      // An index of 300 entries is ~30 KB: 1 byte and 100 bytes cut entries and paths anywhere; 512 KB reads it at once.
      for (const chunk of [1, 100, 4096, 512 * 1024]) expect(readIndexPaths(root, chunk), `v${version}, ${chunk}-byte chunks`).toBe(gitsOwn(root));
    }
  });

  it('reads an index git replaces meanwhile to its end as it was when opened', () => {
    const root = repo();
    const before = gitsOwn(root);
    const pieces = openIndex(root, 1)!;
    let text = pieces.next().value as string;
    expect(text.length).toBeGreaterThan(0);
    // Git writes a new index and renames it over the old one.
    writeFileSync(join(root, 'aaa-added.txt'), 'x\n');
    git(root, ['add', 'aaa-added.txt']);
    expect(gitsOwn(root)).not.toBe(before);
    for (let next = pieces.next(); ; next = pieces.next()) {
      if (next.done) {
        expect(next.value).toBe(true);
        break;
      }
      text += next.value;
    }
    expect(text).toBe(before);
  });

  it('makes its first pieces small and each next one twice as big, up to the piece size', () => {
    const root = repo();
    const { text, sizes } = inSmallPieces(root, 64, 4);
    expect(text).toBe(gitsOwn(root));
    const total = text.split('\0').length - 1;
    expect(sizes.slice(0, 6)).toEqual([4, 8, 16, 32, 64, 64]);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('refuses a version 4 index whose path strip is longer than the path before, without reading on', () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'codex-gitindex-')));
    made.push(root);
    git(root, ['init', '-q', '-b', 'main']);
    for (const name of ['aaa', 'aab']) writeFileSync(join(root, name), 'x\n');
    git(root, ['add', '-A']);
    git(root, ['update-index', '--index-version', '4']);
    const buf = readFileSync(join(root, '.git', 'index'));
    expect(parseIndex(buf)).toBe('aaa\0aab\0');
    // Header 12 bytes; an entry's fixed part 62; the first entry's path: strip 0, 'aaa', NUL. The second's strip follows.
    const strip = 12 + 62 + 1 + 4 + 62;
    expect(buf[strip]).toBe(1); // 'aab' keeps 'aa' of 'aaa'
    // A strip whose varint goes on and on (it overflowed to a negative length and the reader copied gigabytes).
    const corrupt = Buffer.concat([buf.subarray(0, strip), Buffer.alloc(4, 0x87), buf.subarray(strip)]);
    expect(parseIndex(corrupt)).toBeNull();
  });

  it('lists a conflicted path once per stage, as git does', async () => {
    const root = repo();
    git(root, ['checkout', '-q', '-b', 'other']);
    writeFileSync(join(root, 'README.md'), 'theirs\n');
    git(root, ['commit', '-q', '-am', 'theirs']);
    git(root, ['checkout', '-q', 'main']);
    writeFileSync(join(root, 'README.md'), 'ours\n');
    git(root, ['commit', '-q', '-am', 'ours']);
    expect(() => git(root, ['merge', '-q', 'other'])).toThrow();
    const paths = (await readIndexPaths(root))!.split('\0');
    expect(paths.filter((p) => p === 'README.md')).toHaveLength(3);
    expect(await readIndexPaths(root)).toBe(gitsOwn(root));
  });

  it('leaves a split index, a folder inside the work tree and a folder outside any repository to git', async () => {
    const root = repo();
    expect(await readIndexPaths(join(root, 'pkg1'))).toBeNull();
    git(root, ['update-index', '--split-index']);
    writeFileSync(join(root, 'added.txt'), 'x\n');
    git(root, ['add', 'added.txt']);
    expect(await readIndexPaths(root)).toBeNull();
    const plain = realpathSync(mkdtempSync(join(tmpdir(), 'codex-gitindex-plain-')));
    made.push(plain);
    expect(await readIndexPaths(plain)).toBeNull();
  });
});
