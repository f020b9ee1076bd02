import { promises as fs } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { PatchApplyError, applyPatch, commitPlan, planPatch } from './index.js';
import { makeTempDir, readTree, writeTree } from '../../../../tests/support/dirTrees.js';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const patch = (...lines: string[]) => ['*** Begin Patch', ...lines, '*** End Patch'].join('\n');
const VERIFY = 'apply_patch verification failed: ';

describe('applyPatch: success', () => {
  it('adds a file, creating parent directories', async () => {
    const r = await applyPatch(patch('*** Add File: a/b/new.txt', '+hello', '+world'), dir);
    expect(r).toMatchObject({ success: true, output: 'Success. Updated the following files:\nA a/b/new.txt\n' });
    expect(await readTree(dir)).toEqual({ 'a/b/new.txt': 'hello\nworld\n' });
    expect(r.changes).toEqual([
      {
        path: path.join(dir, 'a/b/new.txt'),
        kind: 'add',
        newContent: 'hello\nworld\n',
        unifiedDiff: '--- /dev/null\n+++ b/a/b/new.txt\n@@ -0,0 +1,2 @@\n+hello\n+world\n',
        patchPath: 'a/b/new.txt',
      },
    ]);
  });

  it('updates a file with several chunks and context markers', async () => {
    await writeTree(dir, {
      'src/m.py': 'class A:\n    def run(self):\n        return 1\n\nclass B:\n    def run(self):\n        return 1\n\nEND\n',
    });
    const r = await applyPatch(
      patch('*** Update File: src/m.py', '@@ class B:', '     def run(self):', '-        return 1', '+        return 2', '@@', '-END', '+FIN'),
      dir,
    );
    expect(r.output).toBe('Success. Updated the following files:\nM src/m.py\n');
    expect((await readTree(dir))['src/m.py']).toBe('class A:\n    def run(self):\n        return 1\n\nclass B:\n    def run(self):\n        return 2\n\nFIN\n');
    expect(r.changes[0]).toMatchObject({ kind: 'update', oldContent: expect.stringContaining('return 1\n\nEND') });
    expect(r.changes[0]!.unifiedDiff).toBe(
      [
        '--- a/src/m.py',
        '+++ b/src/m.py',
        '@@ -4,6 +4,6 @@',
        ' ',
        ' class B:',
        '     def run(self):',
        '-        return 1',
        '+        return 2',
        ' ',
        '-END',
        '+FIN',
        '',
      ].join('\n'),
    );
  });

  it('deletes a file', async () => {
    await writeTree(dir, { 'gone.txt': 'bye\n', 'keep.txt': 'k\n' });
    const r = await applyPatch(patch('*** Delete File: gone.txt'), dir);
    expect(r.output).toBe('Success. Updated the following files:\nD gone.txt\n');
    expect(await readTree(dir)).toEqual({ 'keep.txt': 'k\n' });
    expect(r.changes[0]).toMatchObject({
      kind: 'delete',
      oldContent: 'bye\n',
      unifiedDiff: '--- a/gone.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n',
    });
  });

  it('moves a file to a new directory, reporting the destination', async () => {
    await writeTree(dir, { 'old/name.txt': 'one\ntwo\n' });
    const r = await applyPatch(patch('*** Update File: old/name.txt', '*** Move to: new/dir/name.txt', '@@', '-two', '+2'), dir);
    expect(r.output).toBe('Success. Updated the following files:\nM new/dir/name.txt\n');
    expect(await readTree(dir)).toEqual({ 'new/dir/name.txt': 'one\n2\n', 'old/': '' });
    expect(r.changes[0]).toMatchObject({
      path: path.join(dir, 'old/name.txt'),
      movePath: path.join(dir, 'new/dir/name.txt'),
      patchMovePath: 'new/dir/name.txt',
    });
    expect(r.changes[0]!.unifiedDiff.split('\n').slice(0, 2)).toEqual(['--- a/old/name.txt', '+++ b/new/dir/name.txt']);
  });

  it('move overwrites an existing destination', async () => {
    await writeTree(dir, { 'a.txt': 'from a\n', 'b.txt': 'old b\n' });
    const r = await applyPatch(patch('*** Update File: a.txt', '*** Move to: b.txt', '@@', '-from a', '+moved'), dir);
    expect(r.success).toBe(true);
    expect(await readTree(dir)).toEqual({ 'b.txt': 'moved\n' });
  });

  it('add overwrites an existing file', async () => {
    await writeTree(dir, { 'x.txt': 'previous\n' });
    const r = await applyPatch(patch('*** Add File: x.txt', '+fresh'), dir);
    expect(r.output).toBe('Success. Updated the following files:\nA x.txt\n');
    expect(await readTree(dir)).toEqual({ 'x.txt': 'fresh\n' });
    expect(r.changes[0]).toMatchObject({
      oldContent: 'previous\n',
      unifiedDiff: '--- a/x.txt\n+++ b/x.txt\n@@ -1 +1 @@\n-previous\n+fresh\n',
    });
  });

  it('honours *** End of File', async () => {
    await writeTree(dir, { f: 'x\ny\nx\ny\n' });
    await applyPatch(patch('*** Update File: f', '@@', ' x', '-y', '+Y', '*** End of File'), dir);
    expect((await readTree(dir)).f).toBe('x\ny\nx\nY\n');
  });

  it('matches lines that differ by Unicode punctuation and spaces', async () => {
    await writeTree(dir, { 'u.txt': 'Name \u2014 \u201cquoted\u201d\u00a0value\nnext\n' });
    const r = await applyPatch(patch('*** Update File: u.txt', '@@', '-Name - "quoted" value', '+Name: value'), dir);
    expect(r.success).toBe(true);
    expect((await readTree(dir))['u.txt']).toBe('Name: value\nnext\n');
  });

  it('accepts whitespace-padded markers and headers', async () => {
    await writeTree(dir, { 'f.txt': 'a\n' });
    const text = '\n  *** Begin Patch  \n   *** Update File: f.txt   \n@@  \n-a\n+b\n*** End of File \n*** Add File: g.txt \n+g\n\t*** End Patch\t\n';
    const r = await applyPatch(text, dir);
    expect(r.output).toBe('Success. Updated the following files:\nA g.txt\nM f.txt\n');
    expect(await readTree(dir)).toEqual({ 'f.txt': 'b\n', 'g.txt': 'g\n' });
  });

  it('strips a heredoc wrapper', async () => {
    const r = await applyPatch(`<<'EOF'\n${patch('*** Add File: h.txt', '+hi')}\nEOF\n`, dir);
    expect(r.success).toBe(true);
    expect(await readTree(dir)).toEqual({ 'h.txt': 'hi\n' });
  });

  it('lists added, then modified, then deleted paths as written', async () => {
    await writeTree(dir, { x: 'x\n', z: 'z\n' });
    const abs = path.join(dir, 'abs.txt');
    const r = await applyPatch(patch('*** Delete File: x', '*** Update File: z', '-z', '+Z', '*** Add File: ./y', '+y', `*** Add File: ${abs}`, '+q'), dir);
    expect(r.output).toBe(`Success. Updated the following files:\nA ./y\nA ${abs}\nM z\nD x\n`);
    expect(await readTree(dir)).toEqual({ 'abs.txt': 'q\n', y: 'y\n', z: 'Z\n' });
  });

  it('applies hunks on the same file in sequence', async () => {
    await writeTree(dir, { f: 'a\nb\n' });
    const r = await applyPatch(
      patch('*** Update File: f', '-a', '+A', '*** Update File: f', '-b', '+B', '*** Add File: g', '+1', '*** Update File: g', '-1', '+2'),
      dir,
    );
    expect(r.output).toBe('Success. Updated the following files:\nA g\nM f\nM f\nM g\n');
    expect(await readTree(dir)).toEqual({ f: 'A\nB\n', g: '2\n' });
    expect(r.changes.map((c) => [c.oldContent, c.newContent])).toEqual([
      ['a\nb\n', 'A\nb\n'],
      ['A\nb\n', 'A\nB\n'],
      [undefined, '1\n'],
      ['1\n', '2\n'],
    ]);

    const r2 = await applyPatch(patch('*** Update File: f', '-A', '+a', '*** Delete File: f'), dir);
    expect(r2.output).toBe('Success. Updated the following files:\nM f\nD f\n');
    expect(await readTree(dir)).toEqual({ g: '2\n' });
  });

  it('can delete a file and create a directory of the same name', async () => {
    await writeTree(dir, { thing: 'file\n' });
    const r = await applyPatch(patch('*** Delete File: thing', '*** Add File: thing/inner.txt', '+x'), dir);
    expect(r.success).toBe(true);
    expect(await readTree(dir)).toEqual({ 'thing/inner.txt': 'x\n' });
  });

  it('preserves CRLF line endings, BOM and the executable bit', async () => {
    await writeTree(dir, { 'run.sh': '\ufeff#!/bin/sh\r\necho one\r\n' });
    await fs.chmod(path.join(dir, 'run.sh'), 0o755);
    const r = await applyPatch(patch('*** Update File: run.sh', '-echo one', '+echo two', '+echo three'), dir);
    expect(r.success).toBe(true);
    expect(await fs.readFile(path.join(dir, 'run.sh'), 'utf8')).toBe('\ufeff#!/bin/sh\r\necho two\r\necho three\r\n');
    expect((await fs.stat(path.join(dir, 'run.sh'))).mode & 0o777).toBe(0o755);
  });

  it('writes through symlinks instead of replacing them', async () => {
    await writeTree(dir, { 'real.txt': 'a\n' });
    await fs.symlink('real.txt', path.join(dir, 'link.txt'));
    const r = await applyPatch(patch('*** Update File: link.txt', '-a', '+b'), dir);
    expect(r.success).toBe(true);
    expect((await fs.lstat(path.join(dir, 'link.txt'))).isSymbolicLink()).toBe(true);
    expect(await fs.readFile(path.join(dir, 'real.txt'), 'utf8')).toBe('b\n');
  });

  it('treats a move onto the same path as an in-place update', async () => {
    await writeTree(dir, { f: 'a\n' });
    const r = await applyPatch(patch('*** Update File: f', '*** Move to: ./f', '-a', '+b'), dir);
    expect(r.success).toBe(true);
    expect(await readTree(dir)).toEqual({ f: 'b\n' });
  });

  it('leaves no temporary files behind', async () => {
    await writeTree(dir, { f: 'a\n' });
    await applyPatch(patch('*** Update File: f', '-a', '+b', '*** Add File: d/g', '+g'), dir);
    expect(Object.keys(await readTree(dir))).toEqual(['d/g', 'f']);
  });
});

describe('applyPatch: failures (Codex messages)', () => {
  async function fails(text: string, files: Record<string, string> = {}): Promise<string> {
    await writeTree(dir, files);
    const before = await readTree(dir);
    const r = await applyPatch(text, dir);
    expect(r.success).toBe(false);
    expect(r.changes).toEqual([]);
    expect(await readTree(dir)).toEqual(before);
    return r.output;
  }

  it('empty patch', async () => {
    expect(await fails(patch())).toBe('No files were modified.');
  });

  it('parse errors get the verification prefix', async () => {
    expect(await fails('nope')).toBe(`${VERIFY}Invalid patch: The first line of the patch must be '*** Begin Patch'`);
    expect(await fails('*** Begin Patch\n*** Add File: a\n+x')).toBe(`${VERIFY}Invalid patch: The last line of the patch must be '*** End Patch'`);
    expect(await fails(patch('*** Update File: a'))).toBe(`${VERIFY}Invalid patch hunk on line 2: Update file hunk for path 'a' is empty`);
    expect(await fails(patch('*** Frob: a'))).toContain(`${VERIFY}Invalid patch hunk on line 2: '*** Frob: a' is not a valid hunk header.`);
  });

  it('missing context line', async () => {
    const out = await fails(patch('*** Update File: f', '@@ missing', '-a', '+b'), { f: 'a\n' });
    expect(out).toBe(`${VERIFY}Hunk 1 of 1 (Update File: f, chunk 1 of 1): Failed to find context 'missing' in ${path.join(dir, 'f')}`);
  });

  it('missing expected lines', async () => {
    const out = await fails(patch('*** Update File: f', '@@', ' a', '-x', '+y'), { f: 'a\nb\n' });
    expect(out).toBe(`${VERIFY}Hunk 1 of 1 (Update File: f, chunk 1 of 1): Failed to find expected lines in ${path.join(dir, 'f')}:\na\nx`);
  });

  it('update of a missing file', async () => {
    const out = await fails(patch('*** Update File: nope.txt', '@@', '-a', '+b'));
    expect(out).toBe(
      `${VERIFY}Hunk 1 of 1 (Update File: nope.txt): Failed to read file to update ${path.join(dir, 'nope.txt')}: No such file or directory (os error 2)`,
    );
  });

  it('update of a directory or of a non-UTF-8 file', async () => {
    await fs.mkdir(path.join(dir, 'd'));
    const d = path.join(dir, 'd');
    expect(await fails(patch('*** Update File: d', '-a', '+b'))).toBe(
      `${VERIFY}Hunk 1 of 1 (Update File: d): Failed to read file to update ${d}: path \`${d}\` is not a file`,
    );
    await fs.writeFile(path.join(dir, 'bin'), Buffer.from([0x61, 0x0a, 0xff, 0xfe, 0x0a]));
    expect(await fails(patch('*** Update File: bin', '-a', '+b'))).toBe(
      `${VERIFY}Hunk 1 of 1 (Update File: bin): Failed to read file to update ${path.join(dir, 'bin')}: invalid utf-8 sequence of 1 bytes from index 2`,
    );
  });

  it('delete of a missing file', async () => {
    expect(await fails(patch('*** Delete File: ghost'))).toBe(`${VERIFY}Hunk 1 of 1 (Delete File: ghost): Failed to delete file ${path.join(dir, 'ghost')}`);
  });

  it('delete of a directory', async () => {
    await fs.mkdir(path.join(dir, 'sub'));
    expect(await fails(patch('*** Delete File: sub'))).toBe(`${VERIFY}Hunk 1 of 1 (Delete File: sub): Failed to delete file ${path.join(dir, 'sub')}`);
  });

  it('add over a directory or below a file', async () => {
    await fs.mkdir(path.join(dir, 'sub'));
    expect(await fails(patch('*** Add File: sub', '+x'))).toBe(`${VERIFY}Hunk 1 of 1 (Add File: sub): Failed to write file ${path.join(dir, 'sub')}`);
    expect(await fails(patch('*** Add File: file/below', '+x'), { file: 'f\n' })).toBe(
      `${VERIFY}Hunk 1 of 1 (Add File: file/below): Failed to write file ${path.join(dir, 'file/below')}`,
    );
    expect(await fails(patch('*** Add File: p', '+x', '*** Add File: p/q/r', '+y'))).toContain(`Failed to write file ${path.join(dir, 'p/q/r')}`);
  });

  it('move onto a directory', async () => {
    await fs.mkdir(path.join(dir, 'd'));
    expect(await fails(patch('*** Update File: f', '*** Move to: d', '-a', '+b'), { f: 'a\n' })).toBe(
      `${VERIFY}Hunk 1 of 1 (Update File: f): Failed to write file ${path.join(dir, 'd')}`,
    );
  });

  it('deleting a file twice', async () => {
    expect(await fails(patch('*** Delete File: f', '*** Delete File: f'), { f: 'a\n' })).toBe(
      `${VERIFY}Hunk 2 of 2 (Delete File: f): Failed to delete file ${path.join(dir, 'f')}`,
    );
  });
});

describe('atomicity', () => {
  it('a failing 2nd hunk leaves the 1st file untouched, byte for byte', async () => {
    const original = Buffer.from('first line\r\nsecond\u00e9 line\r\nno newline at end', 'utf8');
    await fs.writeFile(path.join(dir, 'one.txt'), original);
    await writeTree(dir, { 'two.txt': 'alpha\nbeta\n', 'three.txt': 'x\n' });
    const before = await readTree(dir);
    const r = await applyPatch(
      patch(
        '*** Update File: one.txt',
        '@@',
        '-first line',
        '+FIRST LINE',
        '*** Update File: two.txt',
        '@@',
        '-gamma',
        '+delta',
        '*** Delete File: three.txt',
        '*** Add File: four.txt',
        '+4',
      ),
      dir,
    );
    expect(r.success).toBe(false);
    expect(r.output).toBe(`${VERIFY}Hunk 2 of 4 (Update File: two.txt, chunk 1 of 1): Failed to find expected lines in ${path.join(dir, 'two.txt')}:\ngamma`);
    expect(await readTree(dir)).toEqual(before);
    expect((await fs.readFile(path.join(dir, 'one.txt'))).equals(original)).toBe(true);
  });

  it('planPatch computes everything without writing', async () => {
    await writeTree(dir, { a: '1\n' });
    const plan = await planPatch(patch('*** Update File: a', '-1', '+2', '*** Add File: b/c', '+c', '*** Delete File: a'), dir);
    expect(await readTree(dir)).toEqual({ a: '1\n' });
    expect(plan.changes.map((c) => c.kind)).toEqual(['update', 'add', 'delete']);
    expect([...plan.finalState]).toEqual([
      [path.join(dir, 'a'), null],
      [path.join(dir, 'b/c'), 'c\n'],
    ]);
    expect(plan.summary).toBe('Success. Updated the following files:\nA b/c\nM a\nD a\n');
  });

  it('planPatch throws PatchApplyError naming the hunk', async () => {
    await writeTree(dir, { a: '1\n' });
    const err = await planPatch(patch('*** Add File: x', '+x', '*** Update File: a', '@@ ctx', '-1', '+2'), dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PatchApplyError);
    const e = err as PatchApplyError;
    expect(e.codexMessage).toBe(`Failed to find context 'ctx' in ${path.join(dir, 'a')}`);
    expect(e.location).toEqual({ hunkIndex: 1, hunkCount: 2, operation: 'Update File', path: 'a', chunkIndex: 0, chunkCount: 1 });
    expect(e.message).toBe(`Hunk 2 of 2 (Update File: a, chunk 1 of 1): ${e.codexMessage}`);
  });

  it('rolls back files already written when a later write fails', async () => {
    await writeTree(dir, { 'a.txt': 'old a\n', 'gone.txt': 'keep me\n' });
    await fs.chmod(path.join(dir, 'a.txt'), 0o640);
    const plan = await planPatch(
      patch(
        '*** Update File: a.txt',
        '-old a',
        '+new a',
        '*** Delete File: gone.txt',
        '*** Add File: made/x/new.txt',
        '+n',
        '*** Add File: blocked/file.txt',
        '+b',
      ),
      dir,
    );
    // Between planning and writing, something makes the last write impossible.
    await fs.writeFile(path.join(dir, 'blocked'), 'a file where a directory is needed\n');
    const before = await readTree(dir);

    const err = await commitPlan(plan).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PatchApplyError);
    expect((err as Error).message).toMatch(
      new RegExp(`^Failed to write file ${path.join(dir, 'blocked/file.txt')}: .*\\nThe changes already made were rolled back; No files were modified\\.$`),
    );
    expect(await readTree(dir)).toEqual(before);
    expect((await fs.stat(path.join(dir, 'a.txt'))).mode & 0o777).toBe(0o640);
  });

  it('refuses to write when a file changed after planning', async () => {
    await writeTree(dir, { 'a.txt': 'v1\n', 'b.txt': 'b\n' });
    const plan = await planPatch(patch('*** Update File: b.txt', '-b', '+B', '*** Update File: a.txt', '-v1', '+v2'), dir);
    await fs.writeFile(path.join(dir, 'a.txt'), 'edited meanwhile\n');
    await expect(commitPlan(plan)).rejects.toThrow(`${path.join(dir, 'a.txt')} changed on disk`);
    expect(await readTree(dir)).toEqual({ 'a.txt': 'edited meanwhile\n', 'b.txt': 'b\n' });
  });
});
