// Splits `git diff` output into files and hunks, keeping each file's exact
// header and each hunk's exact text, so a single hunk can be turned back into
// a patch git applies (stage, unstage or revert one hunk).
export interface Hunk {
  /** The `@@ -a,b +c,d @@ …` line. */
  header: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** The header line and its body lines, each ending in "\n". */
  text: string;
}

export interface FileDiff {
  /** Path after the change (before it, for a deletion). */
  path: string;
  /** Path before a rename or copy. */
  oldPath?: string;
  status: 'modified' | 'added' | 'deleted' | 'renamed' | 'copied' | 'mode';
  binary: boolean;
  /** `diff --git …` up to the first hunk (or the whole binary patch). */
  header: string;
  hunks: Hunk[];
  /** The whole file's patch, as git printed it. */
  patch: string;
}

const HUNK_RE = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const FIELD = {
  minus: /^--- (.*)$/m,
  plus: /^\+\+\+ (.*)$/m,
  renameFrom: /^rename from (.*)$/m,
  copyFrom: /^copy from (.*)$/m,
  renameTo: /^rename to (.*)$/m,
  copyTo: /^copy to (.*)$/m,
};

function unquote(p: string): string {
  if (!p.startsWith('"')) return p;
  // C-style quoting with octal escapes for bytes outside ASCII.
  const bytes: number[] = [];
  const s = p.slice(1, -1);
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = s[++i]!;
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(s.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(({ n: 10, t: 9, '"': 34, '\\': 92, a: 7, b: 8, f: 12, r: 13, v: 11 } as Record<string, number>)[n] ?? n.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

export function parseDiff(text: string): FileDiff[] {
  const files: FileDiff[] = [];
  const chunks = text.split(/^(?=diff --git )/m).filter((c) => c.startsWith('diff --git '));
  for (const chunk of chunks) {
    // Hunks are slices of the chunk between "@@" line starts (no per-line strings: large diffs stay cheap).
    const hunkStarts: number[] = [];
    for (let at = chunk.startsWith('@@') ? 0 : chunk.indexOf('\n@@'); at !== -1; at = chunk.indexOf('\n@@', at + 1))
      hunkStarts.push(chunk[at] === '\n' ? at + 1 : at);
    const header = hunkStarts.length ? chunk.slice(0, hunkStarts[0]) : chunk;
    const hunks: Hunk[] = [];
    for (let k = 0; k < hunkStarts.length; k++) {
      const start = hunkStarts[k]!;
      const end = hunkStarts[k + 1] ?? chunk.length;
      const nl = chunk.indexOf('\n', start);
      const h = chunk.slice(start, nl === -1 || nl > end ? end : nl + 1);
      const m = HUNK_RE.exec(h);
      if (!m) break;
      hunks.push({
        header: h.replace(/\n$/, ''),
        oldStart: +m[1]!,
        oldLines: m[2] === undefined ? 1 : +m[2],
        newStart: +m[3]!,
        newLines: m[4] === undefined ? 1 : +m[4],
        text: chunk.slice(start, end),
      });
    }
    const field = (re: RegExp) => re.exec(header)?.[1];
    const minus = field(FIELD.minus);
    const plus = field(FIELD.plus);
    const renameFrom = field(FIELD.renameFrom) ?? field(FIELD.copyFrom);
    const renameTo = field(FIELD.renameTo) ?? field(FIELD.copyTo);
    const gitLine = /^diff --git (.*)$/m.exec(header)![1]!;
    // Fallback for binary or mode-only diffs without ---/+++: "a/x b/x" with equal halves.
    const half = gitLine.length % 2 === 1 ? gitLine.slice((gitLine.length + 1) / 2) : gitLine;
    const pathOf = (s: string | undefined) => (s && s !== '/dev/null' ? unquote(s).replace(/^[ab]\//, '') : undefined);
    const newPath = renameTo ? unquote(renameTo) : pathOf(plus);
    const oldPath = renameFrom ? unquote(renameFrom) : pathOf(minus);
    const status: FileDiff['status'] = /^new file mode/m.test(header)
      ? 'added'
      : /^deleted file mode/m.test(header)
        ? 'deleted'
        : /^rename from/m.test(header)
          ? 'renamed'
          : /^copy from/m.test(header)
            ? 'copied'
            : hunks.length || /^Binary files|^GIT binary patch/m.test(chunk)
              ? 'modified'
              : 'mode';
    const p = newPath ?? oldPath ?? unquote(half).replace(/^b\//, '');
    files.push({
      path: p,
      oldPath: status === 'renamed' || status === 'copied' ? oldPath : undefined,
      status,
      binary: /^(Binary files|GIT binary patch)/m.test(chunk),
      header,
      hunks,
      patch: chunk,
    });
  }
  return files;
}

/**
 * A patch holding one hunk of a file, applicable on its own: the new-side
 * start is made equal to the old-side start, since the hunks before it are
 * not part of this patch.
 */
export function singleHunkPatch(file: FileDiff, hunk: Hunk): string {
  const newStart = hunk.newLines === 0 ? hunk.oldStart - 1 + (hunk.oldLines === 0 ? 1 : 0) : hunk.oldLines === 0 ? hunk.oldStart + 1 : hunk.oldStart;
  const header = `@@ -${hunk.oldStart},${hunk.oldLines} +${Math.max(newStart, 0)},${hunk.newLines} @@`;
  return file.header + hunk.text.replace(/^@@ [^@]*@@/, header);
}
