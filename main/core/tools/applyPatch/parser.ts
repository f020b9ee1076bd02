// Parser for the apply_patch format, with the same leniency as Codex:
//
//   *** Begin Patch
//   *** Add File: path        followed by `+line`s
//   *** Delete File: path
//   *** Update File: path     optionally `*** Move to: new/path`, then chunks:
//   @@ [context line]         (optional before the first chunk)
//    context / -removed / +added lines, an empty line counts as empty context
//   *** End of File           (optional: the chunk must match at the end of the file)
//   *** End Patch
//
// Leniency, checked against codex 0.169 (see tests/applyPatch/codexParity.test.ts):
// - the patch is trimmed; CRs before line feeds are dropped; Begin/End Patch
//   lines and hunk headers are compared trimmed, `*** Move to:`, `@@` and
//   `*** End of File` with trailing whitespace removed only;
// - a `<<EOF` / `<<'EOF'` / `<<"EOF"` first line and a last line ending in
//   EOF are stripped (line numbers then count from Begin Patch);
// - an update hunk ends at an Add/Delete/Update header or End Patch; blank
//   lines between chunks are skipped, stray End of File lines before the
//   first chunk ignored; an early End Patch may only be followed by blanks.
//
// Error messages are Codex's, word for word.

import { PatchParseError } from './errors.js';
import { splitLines, trim, trimEnd } from './text.js';

export const BEGIN_PATCH_MARKER = '*** Begin Patch';
export const END_PATCH_MARKER = '*** End Patch';
export const ADD_FILE_MARKER = '*** Add File: ';
export const DELETE_FILE_MARKER = '*** Delete File: ';
export const UPDATE_FILE_MARKER = '*** Update File: ';
export const MOVE_TO_MARKER = '*** Move to: ';
export const END_OF_FILE_MARKER = '*** End of File';
const CONTEXT_MARKER = '@@ ';
const EMPTY_CONTEXT_MARKER = '@@';

const HEREDOC_OPENERS = new Set(['<<EOF', "<<'EOF'", '<<"EOF"']);

export interface UpdateChunk {
  /** The text after `@@ `: a line to find (searching forward) before matching `oldLines`. */
  changeContext: string | null;
  /** Context and removed lines, in order: what the file must contain. */
  oldLines: string[];
  /** Context and added lines, in order: what replaces `oldLines`. */
  newLines: string[];
  /**
   * For each entry of `newLines`: the index in `oldLines` of the same context
   * line, or null for an added line. Context lines keep the file's original
   * text and line ending when the chunk is applied.
   */
  newLineOrigins: (number | null)[];
  /** The chunk ended with `*** End of File`: `oldLines` must be the last lines of the file. */
  isEndOfFile: boolean;
}

export type Hunk =
  | { type: 'add'; path: string; contents: string; lineNumber: number }
  | { type: 'delete'; path: string; lineNumber: number }
  | { type: 'update'; path: string; movePath: string | null; chunks: UpdateChunk[]; lineNumber: number };

export interface ParsedPatch {
  hunks: Hunk[];
}

/** Parses apply_patch text. Throws PatchParseError with Codex's messages. */
export function parsePatch(text: string): ParsedPatch {
  let lines = splitLines(trim(text));
  const boundaryError = checkBoundaries(lines);
  if (boundaryError) {
    // Lenient mode: the model sometimes sends the patch wrapped in a heredoc.
    const inner = stripHeredoc(lines);
    if (!inner) throw boundaryError;
    const innerError = checkBoundaries(inner);
    if (innerError) throw innerError;
    lines = inner;
  }

  const hunks: Hunk[] = [];
  const end = lines.length - 1; // index of the End Patch line
  let index = 1;
  let lineNumber = 2;
  while (index < end) {
    if (trim(lines[index]!) === END_PATCH_MARKER) {
      // An early End Patch is fine when only blank lines follow it.
      for (let k = index + 1; k < end; k++) {
        if (trim(lines[k]!) !== '') {
          throw PatchParseError.invalidPatch("The last line of the patch must be '*** End Patch'");
        }
      }
      break;
    }
    const { hunk, consumed } = parseOneHunk(lines, index, end, lineNumber);
    hunks.push(hunk);
    index += consumed;
    lineNumber += consumed;
  }
  return { hunks };
}

function checkBoundaries(lines: string[]): PatchParseError | undefined {
  const first = lines.length > 0 ? trim(lines[0]!) : undefined;
  const last = lines.length > 0 ? trim(lines[lines.length - 1]!) : undefined;
  if (first === BEGIN_PATCH_MARKER && last === END_PATCH_MARKER) return undefined;
  if (first !== BEGIN_PATCH_MARKER) {
    return PatchParseError.invalidPatch("The first line of the patch must be '*** Begin Patch'");
  }
  return PatchParseError.invalidPatch("The last line of the patch must be '*** End Patch'");
}

function stripHeredoc(lines: string[]): string[] | undefined {
  if (lines.length < 4) return undefined;
  if (!HEREDOC_OPENERS.has(lines[0]!)) return undefined;
  if (!lines[lines.length - 1]!.endsWith('EOF')) return undefined;
  return lines.slice(1, -1);
}

function parseOneHunk(lines: string[], start: number, end: number, lineNumber: number): { hunk: Hunk; consumed: number } {
  const header = trim(lines[start]!);

  if (header.startsWith(ADD_FILE_MARKER)) {
    const path = header.slice(ADD_FILE_MARKER.length);
    let contents = '';
    let n = 1;
    while (start + n < end && lines[start + n]!.startsWith('+')) {
      contents += `${lines[start + n]!.slice(1)}\n`;
      n++;
    }
    return { hunk: { type: 'add', path, contents, lineNumber }, consumed: n };
  }

  if (header.startsWith(DELETE_FILE_MARKER)) {
    const path = header.slice(DELETE_FILE_MARKER.length);
    return { hunk: { type: 'delete', path, lineNumber }, consumed: 1 };
  }

  if (header.startsWith(UPDATE_FILE_MARKER)) {
    const path = header.slice(UPDATE_FILE_MARKER.length);
    let n = 1;
    let movePath: string | null = null;
    const chunks: UpdateChunk[] = [];
    while (start + n < end) {
      const line = lines[start + n]!;
      if (chunks.length === 0) {
        // Before the first chunk: one optional Move to line; stray End of
        // File lines are ignored. A blank line here starts the first chunk.
        const trimmed = trimEnd(line);
        if (trimmed === END_OF_FILE_MARKER) {
          n++;
          continue;
        }
        if (movePath === null && trimmed.startsWith(MOVE_TO_MARKER)) {
          movePath = trimmed.slice(MOVE_TO_MARKER.length);
          n++;
          continue;
        }
      } else if (trim(line) === '') {
        n++; // blank lines between chunks
        continue;
      }
      if (endsUpdateHunk(line)) break;
      const { chunk, consumed } = parseChunk(lines, start + n, end, lineNumber + n, chunks.length === 0);
      chunks.push(chunk);
      n += consumed;
    }
    if (chunks.length === 0) {
      throw PatchParseError.invalidHunk(`Update file hunk for path '${path}' is empty`, lineNumber);
    }
    return { hunk: { type: 'update', path, movePath, chunks, lineNumber }, consumed: n };
  }

  throw PatchParseError.invalidHunk(
    `'${header}' is not a valid hunk header. ` + "Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'",
    lineNumber,
  );
}

/** A line that ends an update hunk: the next hunk's header or End Patch. */
function endsUpdateHunk(line: string): boolean {
  return line.startsWith(ADD_FILE_MARKER) || line.startsWith(DELETE_FILE_MARKER) || line.startsWith(UPDATE_FILE_MARKER) || trimEnd(line) === END_PATCH_MARKER;
}

function parseChunk(lines: string[], start: number, end: number, lineNumber: number, allowMissingContext: boolean): { chunk: UpdateChunk; consumed: number } {
  const first = lines[start]!;
  const marker = trimEnd(first);
  let changeContext: string | null = null;
  let bodyStart: number;
  if (marker === EMPTY_CONTEXT_MARKER) {
    bodyStart = 1;
  } else if (marker.startsWith(CONTEXT_MARKER)) {
    changeContext = marker.slice(CONTEXT_MARKER.length);
    bodyStart = 1;
  } else if (!allowMissingContext) {
    throw PatchParseError.invalidHunk(`Expected update hunk to start with a @@ context marker, got: '${first}'`, lineNumber);
  } else {
    bodyStart = 0;
  }

  const bodyLine = lineNumber + bodyStart;
  if (start + bodyStart >= end) {
    throw PatchParseError.invalidHunk('Update hunk does not contain any lines', bodyLine);
  }

  const chunk: UpdateChunk = { changeContext, oldLines: [], newLines: [], newLineOrigins: [], isEndOfFile: false };
  let parsed = 0;
  for (let i = start + bodyStart; i < end; i++) {
    const line = lines[i]!;
    if (trimEnd(line) === END_OF_FILE_MARKER) {
      if (parsed === 0) throw PatchParseError.invalidHunk('Update hunk does not contain any lines', bodyLine);
      chunk.isEndOfFile = true;
      parsed++;
      break;
    }
    const kind = line.charAt(0);
    const rest = line.slice(1);
    if (kind === '' || kind === ' ') {
      // context line (an entirely empty line is an empty context line)
      chunk.newLineOrigins.push(chunk.oldLines.length);
      chunk.oldLines.push(rest);
      chunk.newLines.push(rest);
    } else if (kind === '+') {
      chunk.newLineOrigins.push(null);
      chunk.newLines.push(rest);
    } else if (kind === '-') {
      chunk.oldLines.push(rest);
    } else {
      if (parsed === 0) {
        throw PatchParseError.invalidHunk(
          `Unexpected line found in update hunk: '${line}'. ` + "Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)",
          bodyLine,
        );
      }
      break; // start of the next chunk or hunk
    }
    parsed++;
  }
  return { chunk, consumed: bodyStart + parsed };
}
