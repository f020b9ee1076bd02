// A line-based unified diff (Myers' algorithm), in the format of `diff -u` /
// `git diff`: `--- a/x`, `+++ b/x`, `@@ -l,s +l,s @@` hunks with 3 lines of
// context and "\ No newline at end of file" markers.

export interface UnifiedDiffOptions {
  /** Lines of context around each change (default 3). */
  context?: number;
}

type Op = { kind: ' ' | '-' | '+'; line: string; aNoEol: boolean; bNoEol: boolean };

/** Beyond this many differences the middle section is reported as one block. */
const MAX_EDIT_DISTANCE = 2000;

/** Splits into lines without terminators; `noEol` when the text lacks a final '\n'. */
function toLines(text: string | null): { lines: string[]; noEol: boolean } {
  if (text === null || text === '') return { lines: [], noEol: false };
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') {
    lines.pop();
    return { lines, noEol: false };
  }
  return { lines, noEol: true };
}

/**
 * Edit script turning `a` into `b`: for each step whether it keeps ('='),
 * deletes ('-') or inserts ('+') a line.
 */
export function diffLines(a: readonly string[], b: readonly string[]): ('=' | '-' | '+')[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) {
    suffix++;
  }
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const middle = myers(midA, midB) ?? [...midA.map(() => '-' as const), ...midB.map(() => '+' as const)];
  return [...Array<'='>(prefix).fill('='), ...middle, ...Array<'='>(suffix).fill('=')];
}

function myers(a: readonly string[], b: readonly string[]): ('=' | '-' | '+')[] | undefined {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map(() => '+');
  if (m === 0) return a.map(() => '-');
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)) x = v[offset + k + 1]!;
      else x = v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, d, n, m);
    }
  }
  return undefined;
}

function backtrack(trace: Int32Array[], dEnd: number, n: number, m: number): ('=' | '-' | '+')[] {
  const ops: ('=' | '-' | '+')[] = [];
  let x = n;
  let y = m;
  for (let d = dEnd; d > 0; d--) {
    // trace[d] holds v as it was before step d, for k in [-d-1, d+1].
    const vd = trace[d]!;
    const at = (k: number) => vd[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push('=');
      x--;
      y--;
    }
    if (x === prevX) ops.push('+');
    else ops.push('-');
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    ops.push('=');
    x--;
    y--;
  }
  return ops.reverse();
}

function range(start: number, count: number): string {
  // GNU/git convention: an empty range names the line before it; a count of 1 is omitted.
  const first = count === 0 ? start : start + 1;
  return count === 1 ? `${first}` : `${first},${count}`;
}

/**
 * Unified diff of `oldText` → `newText` (null = file absent). Labels are the
 * full header names, e.g. `a/src/x.ts`, `b/src/x.ts` or `/dev/null`. Returns
 * just the two header lines when the contents are equal.
 */
export function unifiedDiff(oldText: string | null, newText: string | null, oldLabel: string, newLabel: string, options: UnifiedDiffOptions = {}): string {
  const context = options.context ?? 3;
  const A = toLines(oldText);
  const B = toLines(newText);
  // Compare the last line together with its "no newline" status, like diff does.
  const keyA = A.lines.map((l, i) => (A.noEol && i === A.lines.length - 1 ? `${l}\u0000noeol` : l));
  const keyB = B.lines.map((l, i) => (B.noEol && i === B.lines.length - 1 ? `${l}\u0000noeol` : l));
  const script = diffLines(keyA, keyB);

  const ops: Op[] = [];
  let ia = 0;
  let ib = 0;
  for (const s of script) {
    const aNoEol = A.noEol && ia === A.lines.length - 1;
    const bNoEol = B.noEol && ib === B.lines.length - 1;
    if (s === '=') {
      ops.push({ kind: ' ', line: A.lines[ia]!, aNoEol, bNoEol });
      ia++;
      ib++;
    } else if (s === '-') {
      ops.push({ kind: '-', line: A.lines[ia]!, aNoEol, bNoEol: false });
      ia++;
    } else {
      ops.push({ kind: '+', line: B.lines[ib]!, aNoEol: false, bNoEol });
      ib++;
    }
  }

  let out = `--- ${oldLabel}\n+++ ${newLabel}\n`;
  // Positions (in old and new) at the start of each op.
  const posA: number[] = [];
  const posB: number[] = [];
  ia = 0;
  ib = 0;
  for (const op of ops) {
    posA.push(ia);
    posB.push(ib);
    if (op.kind !== '+') ia++;
    if (op.kind !== '-') ib++;
  }

  let i = 0;
  while (i < ops.length) {
    if (ops[i]!.kind === ' ') {
      i++;
      continue;
    }
    // A hunk starts `context` lines before the first change and extends until
    // a run of more than 2*context unchanged lines (or the end).
    const start = Math.max(0, i - context);
    let end = i;
    let j = i;
    while (j < ops.length) {
      if (ops[j]!.kind !== ' ') {
        end = j + 1;
        j++;
        continue;
      }
      let run = 0;
      while (j + run < ops.length && ops[j + run]!.kind === ' ') run++;
      if (j + run >= ops.length || run > 2 * context) break;
      j += run;
    }
    const stop = Math.min(ops.length, end + context);
    let countA = 0;
    let countB = 0;
    let body = '';
    for (let k = start; k < stop; k++) {
      const op = ops[k]!;
      if (op.kind !== '+') countA++;
      if (op.kind !== '-') countB++;
      body += `${op.kind}${op.line}\n`;
      if ((op.kind === '-' && op.aNoEol) || (op.kind === '+' && op.bNoEol) || (op.kind === ' ' && op.aNoEol)) {
        body += '\\ No newline at end of file\n';
      }
    }
    out += `@@ -${range(posA[start]!, countA)} +${range(posB[start]!, countB)} @@\n${body}`;
    i = stop;
  }
  return out;
}
