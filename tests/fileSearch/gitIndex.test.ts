// Reading a real git index as `git ls-files -z --cached` lists it: index
// versions 2, 3 (an intent-to-add entry) and 4 (paths built on the previous
// one), a conflicted path once per stage, names in UTF-8 and with spaces; a
// split index is left to git (null).
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { indexPieces, readIndexPaths } from '../../main/core/fileSearch/gitIndex.js';

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
function inSmallPieces(root: string, entriesPerPiece: number): { text: string; pieces: number } {
  const it = indexPieces(readFileSync(join(root, '.git', 'index')), entriesPerPiece);
  let text = '';
  let pieces = 0;
  for (let next = it.next(); ; next = it.next()) {
    if (next.done) {
      expect(next.value).toBe(true);
      return { text, pieces };
    }
    expect(next.value.endsWith('\0')).toBe(true);
    text += next.value;
    pieces++;
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
