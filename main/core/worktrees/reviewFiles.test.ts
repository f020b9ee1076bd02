// The lazy list's parsing of `--name-status -z` (renames carry two paths) and
// the added / removed counts of a file's hunks.
import { describe, expect, it } from 'vitest';
import { parseDiff } from './diffParse.js';
import { lineStats, parseNameStatus } from './reviewFiles.js';

describe('review file list', () => {
  it('parses name-status entries, renames and copies with their old path', () => {
    expect(parseNameStatus('M\0a.txt\0R087\0old name.txt\0new name.txt\0A\0n.txt\0D\0gone.txt\0C100\0x\0y\0T\0link\0')).toEqual([
      { path: 'a.txt', status: 'modified' },
      { path: 'new name.txt', oldPath: 'old name.txt', status: 'renamed' },
      { path: 'n.txt', status: 'added' },
      { path: 'gone.txt', status: 'deleted' },
      { path: 'y', oldPath: 'x', status: 'copied' },
      { path: 'link', status: 'modified' },
    ]);
    expect(parseNameStatus('')).toEqual([]);
  });

  it('counts added and removed lines, not headers, context or "no newline" markers', () => {
    const [file] = parseDiff(
      [
        'diff --git a/a.txt b/a.txt',
        '--- a/a.txt',
        '+++ b/a.txt',
        '@@ -1,2 +1,3 @@',
        ' keep',
        '-old',
        '+new',
        '+more',
        '@@ -10 +11 @@',
        '-last',
        '\\ No newline at end of file',
        '+last',
        '',
      ].join('\n'),
    );
    expect(lineStats(file!)).toEqual({ added: 3, removed: 2 });
  });
});
