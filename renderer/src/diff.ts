// Parses a unified diff into rows for the unified view and side-by-side pairs
// for the split view (deletions on the left, additions on the right).

export type DiffLineKind = 'add' | 'del' | 'ctx' | 'hunk' | 'meta';
export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** Line number in the old file (del, ctx). */
  oldNo: number | null;
  /** Line number in the new file (add, ctx). */
  newNo: number | null;
}
export interface SplitRow {
  left: DiffLine | null;
  right: DiffLine | null;
  /** hunk headers and file headers span both sides */
  full?: DiffLine;
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

export function parseUnifiedDiff(diff: string): DiffLine[] {
  const out: DiffLine[] = [];
  let oldNo = 0;
  let newNo = 0;
  const lines = diff.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const text of lines) {
    const h = HUNK.exec(text);
    if (h) {
      oldNo = Number(h[1]);
      newNo = Number(h[2]);
      out.push({ kind: 'hunk', text, oldNo: null, newNo: null });
    } else if (text.startsWith('+++') || text.startsWith('---') || text.startsWith('diff ') || text.startsWith('index ') || text.startsWith('\\')) {
      out.push({ kind: 'meta', text, oldNo: null, newNo: null });
    } else if (text.startsWith('+')) {
      out.push({ kind: 'add', text: text.slice(1), oldNo: null, newNo: newNo++ });
    } else if (text.startsWith('-')) {
      out.push({ kind: 'del', text: text.slice(1), oldNo: oldNo++, newNo: null });
    } else {
      out.push({ kind: 'ctx', text: text.startsWith(' ') ? text.slice(1) : text, oldNo: oldNo++, newNo: newNo++ });
    }
  }
  return out;
}

/** Pairs each run of deletions with the run of additions after it. */
export function toSplitRows(lines: DiffLine[]): SplitRow[] {
  const rows: SplitRow[] = [];
  let i = 0;
  while (i < lines.length) {
    const l = lines[i]!;
    if (l.kind === 'hunk' || l.kind === 'meta') {
      rows.push({ left: null, right: null, full: l });
      i++;
    } else if (l.kind === 'ctx') {
      rows.push({ left: l, right: l });
      i++;
    } else {
      const dels: DiffLine[] = [];
      const adds: DiffLine[] = [];
      while (i < lines.length && lines[i]!.kind === 'del') dels.push(lines[i++]!);
      while (i < lines.length && lines[i]!.kind === 'add') adds.push(lines[i++]!);
      for (let k = 0; k < Math.max(dels.length, adds.length); k++) rows.push({ left: dels[k] ?? null, right: adds[k] ?? null });
    }
  }
  return rows;
}

export function diffStats(lines: DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.kind === 'add') added++;
    else if (l.kind === 'del') removed++;
  }
  return { added, removed };
}
