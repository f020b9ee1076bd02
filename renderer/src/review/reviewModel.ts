// Pure helpers of the review pane: the rows the virtualised list shows (a
// header per section, per file, then one row per hunk), where a finding of
// review/start belongs (its file relative to the repository, and the hunk whose
// new-side lines it overlaps), and the request a finding turns into.
import type { ClientRequestResult, ThreadItem } from '../../../shared/protocol/types.js';

export type ReviewDiff = ClientRequestResult<'review/diff'>;
export type ReviewSection = ReviewDiff['sections'][number];
export type ReviewFile = ReviewSection['files'][number];
export type ReviewHunk = NonNullable<ReviewFile['hunks']>[number];
type Exited = Extract<ThreadItem, { type: 'exitedReviewMode' }>;
export type Finding = NonNullable<Exited['reviewOutput']>['findings'][number];

export type ReviewRow =
  | { kind: 'section'; key: string; section: ReviewSection['kind']; count: number }
  | { kind: 'file'; key: string; section: ReviewSection['kind']; file: ReviewFile }
  /** A file whose hunks are not loaded yet: on screen, it asks for them. */
  | { kind: 'pending'; key: string; section: ReviewSection['kind']; file: ReviewFile }
  | { kind: 'hunk'; key: string; section: ReviewSection['kind']; file: ReviewFile; hunk: ReviewHunk; index: number };

export const SECTION_TITLES: Record<ReviewSection['kind'], string> = {
  staged: 'Staged',
  unstaged: 'Unstaged',
  branch: 'Branch changes',
  lastTurn: 'Last turn',
};

export function reviewRows(diff: ReviewDiff): ReviewRow[] {
  return reviewRowBuilder()(diff);
}

/** One file's rows: its header, then its hunks (or one pending row until they are loaded). */
function fileRows(section: ReviewSection['kind'], file: ReviewFile): ReviewRow[] {
  const rows: ReviewRow[] = [{ kind: 'file', key: `f:${section}:${file.path}`, section, file }];
  if (!file.hunks) rows.push({ kind: 'pending', key: `p:${section}:${file.path}`, section, file });
  else file.hunks.forEach((hunk, index) => rows.push({ kind: 'hunk', key: `h:${section}:${file.path}:${index}:${hunk.header}`, section, file, hunk, index }));
  return rows;
}

/**
 * reviewRows with each file's rows kept while the file object stays the same
 * (withLoadedFiles replaces only the files of a loaded batch). Why: a batch of
 * hunks arriving then builds rows for those files alone, and every other row
 * keeps its identity, so the memoised rows on screen do not render again.
 */
export function reviewRowBuilder(): (diff: ReviewDiff) => ReviewRow[] {
  const blocks = new WeakMap<ReviewFile, { section: ReviewSection['kind']; rows: ReviewRow[] }>();
  const sectionRows = new Map<string, ReviewRow>();
  return (diff) => {
    const rows: ReviewRow[] = [];
    for (const s of diff.sections) {
      const key = `s:${s.kind}`;
      let head = sectionRows.get(key);
      if (!head || head.kind !== 'section' || head.count !== s.files.length) {
        head = { kind: 'section', key, section: s.kind, count: s.files.length };
        sectionRows.set(key, head);
      }
      rows.push(head);
      for (const file of s.files) {
        let block = blocks.get(file);
        if (!block || block.section !== s.kind) {
          block = { section: s.kind, rows: fileRows(s.kind, file) };
          blocks.set(file, block);
        }
        for (const row of block.rows) rows.push(row);
      }
    }
    return rows;
  };
}

/**
 * The diff with some files' hunks filled in (review/fileDiff's answer). The
 * `missing` files turned out to have no change at all (a file touched but
 * not edited is listed from stat data alone) and leave the list.
 */
export function withLoadedFiles(diff: ReviewDiff, section: ReviewSection['kind'], loaded: readonly ReviewFile[], missing: readonly string[]): ReviewDiff {
  const byPath = new Map(loaded.map((f) => [f.path, f]));
  const none = new Set(missing);
  return {
    ...diff,
    sections: diff.sections.map((s) =>
      s.kind !== section ? s : { ...s, files: s.files.filter((f) => f.hunks || !none.has(f.path)).map((f) => byPath.get(f.path) ?? f) },
    ),
  };
}

/** The findings of the thread's latest review (null when it has none). */
export function latestFindings(items: readonly ThreadItem[]): Finding[] | null {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.type === 'exitedReviewMode') return item.reviewOutput?.findings ?? [];
  }
  return null;
}

/** A finding's file relative to the repository root (the reviewer may give it absolute or relative). */
export function findingPath(f: Finding, root: string): string {
  const p = f.code_location.absolute_file_path;
  return p.startsWith(root + '/') ? p.slice(root.length + 1) : p.replace(/^\.\//, '');
}

/** Whether the finding's lines overlap the hunk's new side. */
export function findingInHunk(f: Finding, hunk: ReviewHunk): boolean {
  const start = hunk.newStart;
  const end = hunk.newStart + Math.max(hunk.newLines, 1) - 1;
  const { start: a, end: b } = f.code_location.line_range;
  return a <= end && b >= start;
}

/** The new-side line a finding is shown under: its first line, kept inside the hunk. */
export function findingAnchor(f: Finding, hunk: ReviewHunk): number {
  const last = hunk.newStart + Math.max(hunk.newLines, 1) - 1;
  return Math.min(Math.max(f.code_location.line_range.start, hunk.newStart), last);
}

export function fixRequest(f: Finding, root: string): string {
  const { start, end } = f.code_location.line_range;
  return `Fix this review finding in ${findingPath(f, root)}:${start === end ? start : `${start}-${end}`}\n\n${f.title}\n\n${f.body}`;
}
