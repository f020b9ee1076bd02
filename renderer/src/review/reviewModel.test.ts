// The review pane's pure parts: rows in section → file → hunk order, findings
// placed by repository-relative path and new-side overlap, and the fix request.
import { describe, expect, it } from 'vitest';
import {
  findingAnchor,
  findingInHunk,
  findingPath,
  fixRequest,
  latestFindings,
  reviewRowBuilder,
  reviewRows,
  withLoadedFiles,
  type Finding,
  type ReviewDiff,
} from './reviewModel.js';

const hunk = (newStart: number, newLines: number) => ({
  header: `@@ -${newStart},${newLines} +${newStart},${newLines} @@`,
  oldStart: newStart,
  oldLines: newLines,
  newStart,
  newLines,
  text: `@@ -${newStart},${newLines} +${newStart},${newLines} @@\n+x\n`,
});
const finding = (file: string, start: number, end: number): Finding => ({
  title: 't',
  body: 'b',
  confidence_score: 1,
  priority: 1,
  code_location: { absolute_file_path: file, line_range: { start, end } },
});

describe('review pane model', () => {
  it('lists each section, then its files, then their hunks', () => {
    const diff: ReviewDiff = {
      root: '/r',
      scope: 'uncommitted',
      mergeBase: null,
      turnId: null,
      sections: [
        { kind: 'staged', files: [] },
        { kind: 'unstaged', files: [{ path: 'a.txt', oldPath: null, status: 'modified', binary: false, untracked: false, hunks: [hunk(1, 3), hunk(20, 3)] }] },
      ],
    };
    expect(reviewRows(diff).map((r) => r.kind + (r.kind === 'hunk' ? r.index : ''))).toEqual(['section', 'section', 'file', 'hunk0', 'hunk1']);
    expect(new Set(reviewRows(diff).map((r) => r.key)).size).toBe(5);
  });

  it('a file without its hunks gets one pending row until they are loaded; a file that turned out unchanged leaves the list', () => {
    const lazy = (path: string) => ({ path, oldPath: null, status: 'modified' as const, binary: false, untracked: false, hunks: null });
    const diff: ReviewDiff = {
      root: '/r',
      scope: 'uncommitted',
      mergeBase: null,
      turnId: null,
      sections: [{ kind: 'unstaged', files: [lazy('a.txt'), lazy('b.txt'), lazy('c.txt')] }],
    };
    expect(reviewRows(diff).map((r) => r.kind)).toEqual(['section', 'file', 'pending', 'file', 'pending', 'file', 'pending']);
    const loaded = withLoadedFiles(diff, 'unstaged', [{ ...lazy('a.txt'), hunks: [hunk(1, 3)], fingerprint: 'f', added: 1, removed: 0 }], ['b.txt']);
    expect(reviewRows(loaded).map((r) => r.kind + (r.kind === 'section' ? '' : ':' + r.file.path))).toEqual([
      'section',
      'file:a.txt',
      'hunk:a.txt',
      'file:c.txt',
      'pending:c.txt',
    ]);
    // Another section's files are left as they were.
    expect(withLoadedFiles(diff, 'staged', [{ ...lazy('a.txt'), hunks: [] }], [])).toEqual(diff);
  });

  it('a loaded batch builds rows for its own files only: every other row keeps its identity', () => {
    const lazy = (path: string) => ({ path, oldPath: null, status: 'modified' as const, binary: false, untracked: false, hunks: null });
    const files = Array.from({ length: 1000 }, (_, i) => lazy(`f${i}.ts`));
    const diff: ReviewDiff = { root: '/r', scope: 'uncommitted', mergeBase: null, turnId: null, sections: [{ kind: 'unstaged', files }] };
    const build = reviewRowBuilder();
    const before = build(diff);
    const loaded = withLoadedFiles(diff, 'unstaged', [{ ...lazy('f500.ts'), hunks: [hunk(1, 3), hunk(9, 2)], fingerprint: 'x' }], ['f7.ts']);
    const after = build(loaded);
    // The same rows a fresh build gives…
    expect(after).toEqual(reviewRows(loaded));
    // …where only the loaded file's rows and the section header (its count changed) are new objects.
    const old = new Set(before);
    expect(after.filter((row) => !old.has(row)).map((row) => row.key)).toEqual([
      's:unstaged',
      'f:unstaged:f500.ts',
      'h:unstaged:f500.ts:0:@@ -1,3 +1,3 @@',
      'h:unstaged:f500.ts:1:@@ -9,2 +9,2 @@',
    ]);
    // Nothing changed: every row is the one built before.
    expect(build(loaded).every((row, i) => row === after[i])).toBe(true);
  });

  it('places a finding by relative path and overlap with the new side', () => {
    expect(findingPath(finding('/r/src/a.ts', 1, 1), '/r')).toBe('src/a.ts');
    expect(findingPath(finding('./src/a.ts', 1, 1), '/r')).toBe('src/a.ts');
    expect(findingPath(finding('/rx/a.ts', 1, 1), '/r')).toBe('/rx/a.ts');
    const h = hunk(10, 5); // new lines 10..14
    expect(findingInHunk(finding('a', 14, 20), h)).toBe(true);
    expect(findingInHunk(finding('a', 15, 20), h)).toBe(false);
    expect(findingInHunk(finding('a', 1, 9), h)).toBe(false);
    expect(findingAnchor(finding('a', 8, 11), h)).toBe(10);
    expect(findingAnchor(finding('a', 12, 30), h)).toBe(12);
    expect(fixRequest(finding('/r/a.ts', 3, 4), '/r')).toBe('Fix this review finding in a.ts:3-4\n\nt\n\nb');
  });

  it('takes the findings of the latest review only', () => {
    const exited = (title: string) => ({
      type: 'exitedReviewMode' as const,
      id: title,
      review: '',
      reviewOutput: { findings: [{ ...finding('a', 1, 1), title }], overall_correctness: '', overall_explanation: '', overall_confidence_score: 0 },
    });
    expect(latestFindings([])).toBeNull();
    expect(latestFindings([exited('old'), { type: 'agentMessage', id: 'm', text: '' }, exited('new')])!.map((f) => f.title)).toEqual(['new']);
  });
});
