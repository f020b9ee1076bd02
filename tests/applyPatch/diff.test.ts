import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { diffLines, unifiedDiff } from '../../main/core/tools/applyPatch/index.js';

const hasGit = spawnSync('git', ['--version']).status === 0;
const hasDiff = spawnSync('diff', ['--version']).status === 0;
const scratch = mkdtempSync(path.join(tmpdir(), 'apply-patch-diff-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What GNU `diff -u` prints for the same inputs (labels replaced). */
function gnuDiff(oldText: string, newText: string): string {
  const a = path.join(scratch, 'old');
  const b = path.join(scratch, 'new');
  writeFileSync(a, oldText);
  writeFileSync(b, newText);
  const r = spawnSync('diff', ['-u', '--label', 'a/f', '--label', 'b/f', a, b], { encoding: 'utf8' });
  return r.stdout;
}

/** Applies our diff to `oldText` with `git apply` and returns the result. */
function gitApply(oldText: string | null, diffText: string): string | null {
  const dir = mkdtempSync(path.join(scratch, 'repo-'));
  if (oldText !== null) writeFileSync(path.join(dir, 'f'), oldText);
  const patchFile = path.join(dir, '..', `${path.basename(dir)}.patch`);
  writeFileSync(patchFile, diffText);
  execFileSync('git', ['apply', '--unidiff-zero', patchFile], { cwd: dir, stdio: 'pipe' });
  try {
    return readFileSync(path.join(dir, 'f'), 'utf8');
  } catch {
    return null;
  }
}

describe('diffLines', () => {
  it('finds a minimal edit script', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual(['=', '-', '+', '=']);
    expect(diffLines([], ['a'])).toEqual(['+']);
    expect(diffLines(['a'], [])).toEqual(['-']);
    const script = diffLines('abcabba'.split(''), 'cbabac'.split(''));
    expect(script.filter((s) => s !== '=')).toHaveLength(5); // the classic Myers example, D = 5
  });
});

describe('unifiedDiff', () => {
  it('prints headers only for identical content', () => {
    expect(unifiedDiff('a\n', 'a\n', 'a/f', 'b/f')).toBe('--- a/f\n+++ b/f\n');
  });

  it('diffs an added file against /dev/null', () => {
    expect(unifiedDiff(null, 'x\ny\n', '/dev/null', 'b/f')).toBe('--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+x\n+y\n');
    expect(unifiedDiff(null, 'x\n', '/dev/null', 'b/f')).toBe('--- /dev/null\n+++ b/f\n@@ -0,0 +1 @@\n+x\n');
  });

  it('diffs a deleted file against /dev/null', () => {
    expect(unifiedDiff('x\n', null, 'a/f', '/dev/null')).toBe('--- a/f\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n');
  });

  it('marks a missing final newline', () => {
    expect(unifiedDiff('a\nb', 'a\nb\n', 'a/f', 'b/f')).toBe('--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n');
  });

  it.runIf(hasDiff)('matches GNU diff -u on simple edits', () => {
    const base = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const cases: [string[], string[]][] = [
      [base, base.map((l, i) => (i === 14 ? 'changed' : l))],
      [base, base.map((l, i) => (i === 2 || i === 25 ? `${l}!` : l))],
      [base, base.map((l, i) => (i === 5 || i === 11 ? `${l}!` : l))],
      [base, [...base.slice(0, 10), 'inserted', ...base.slice(10)]],
      [base, base.filter((_, i) => i !== 0 && i !== 29)],
      [
        ['a', 'b'],
        ['a', 'b', 'c'],
      ],
    ];
    for (const [a, b] of cases) {
      const oldText = `${a.join('\n')}\n`;
      const newText = `${b.join('\n')}\n`;
      expect(unifiedDiff(oldText, newText, 'a/f', 'b/f')).toBe(gnuDiff(oldText, newText));
    }
    expect(unifiedDiff('a\nb', 'a\nc', 'a/f', 'b/f')).toBe(gnuDiff('a\nb', 'a\nc'));
  });

  it.runIf(hasGit)('round-trips through git apply (random edits)', () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const words = ['foo', 'bar', 'baz', '', '  indented', 'x\r', 'qux'];
    for (let round = 0; round < 40; round++) {
      const oldLines = Array.from({ length: rand(25) }, () => words[rand(words.length)]!);
      const newLines = [...oldLines];
      for (let e = rand(6); e >= 0; e--) {
        const at = rand(newLines.length + 1);
        if (rand(2) === 0 && newLines.length > 0) newLines.splice(Math.min(at, newLines.length - 1), 1);
        else newLines.splice(at, 0, words[rand(words.length)]!);
      }
      const oldText = oldLines.length ? `${oldLines.join('\n')}${rand(4) === 0 ? '' : '\n'}` : '';
      const newText = newLines.length ? `${newLines.join('\n')}${rand(4) === 0 ? '' : '\n'}` : '';
      if (oldText === newText || oldText === '') continue;
      const d = unifiedDiff(oldText, newText, 'a/f', 'b/f');
      expect(gitApply(oldText, d)).toBe(newText);
    }
  });

  it('falls back to a single block for huge differences', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join('\n') + '\n';
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join('\n') + '\n';
    const d = unifiedDiff(a, b, 'a/f', 'b/f');
    expect(d.startsWith('--- a/f\n+++ b/f\n@@ -1,3000 +1,3000 @@\n-a0\n')).toBe(true);
  });
});
