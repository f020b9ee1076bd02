// Applying the chunks of an `*** Update File` hunk to a file's text, in memory.
//
// Chunks are located in order with a forward-only cursor. A `@@ context` line
// is searched first, then the chunk's old lines from just after it. Chunks
// without old lines (pure additions) are appended at the end of the file.
// Line endings are kept: every line keeps its own terminator, context lines
// keep the file's exact text, and added lines get the file's line ending
// (CRLF when the first line of the file ends in CRLF, LF otherwise). The
// result always ends with a line terminator.

import type { UpdateChunk } from './parser.js';
import { seekSequence } from './seekSequence.js';

interface FileLine {
  text: string;
  /** '\n', '\r\n', or for the last line only '' (none) or '\r'. */
  eol: string;
}

/** A chunk could not be located; `chunkIndex` is 0-based. */
export class ChunkMatchError extends Error {
  constructor(
    message: string,
    readonly chunkIndex: number,
  ) {
    super(message);
    this.name = 'ChunkMatchError';
  }
}

export function detectLineEnding(content: string): '\n' | '\r\n' {
  const i = content.indexOf('\n');
  return i > 0 && content[i - 1] === '\r' ? '\r\n' : '\n';
}

function splitFile(content: string): FileLine[] {
  const parts = content.split('\n');
  const out: FileLine[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const isLast = i === parts.length - 1;
    if (isLast && part === '') break; // content ended with a newline (or was empty)
    if (part.endsWith('\r')) {
      out.push({ text: part.slice(0, -1), eol: isLast ? '\r' : '\r\n' });
    } else {
      out.push({ text: part, eol: isLast ? '' : '\n' });
    }
  }
  return out;
}

interface Replacement {
  start: number;
  removeCount: number;
  insert: FileLine[];
}

/**
 * Returns the file's new content after applying `chunks`. `displayPath` is
 * used in error messages. Throws ChunkMatchError with Codex's messages.
 */
export function applyChunks(content: string, chunks: readonly UpdateChunk[], displayPath: string): string {
  const eol = detectLineEnding(content);
  let lines = splitFile(content);
  const texts = lines.map((l) => l.text);
  const replacements: Replacement[] = [];
  let cursor = 0;

  chunks.forEach((chunk, chunkIndex) => {
    if (chunk.changeContext !== null) {
      const at = seekSequence(texts, [chunk.changeContext], cursor, false);
      if (at === undefined) {
        throw new ChunkMatchError(`Failed to find context '${chunk.changeContext}' in ${displayPath}`, chunkIndex);
      }
      cursor = at + 1;
    }

    if (chunk.oldLines.length === 0) {
      replacements.push({
        start: lines.length,
        removeCount: 0,
        insert: chunk.newLines.map((text) => ({ text, eol })),
      });
      return;
    }

    let pattern = chunk.oldLines;
    let newCount = chunk.newLines.length;
    let found = seekSequence(texts, pattern, cursor, chunk.isEndOfFile);
    if (found === undefined && pattern[pattern.length - 1] === '') {
      // The trailing empty line usually stands for the file's final newline.
      pattern = pattern.slice(0, -1);
      if (newCount > 0 && chunk.newLines[newCount - 1] === '') newCount--;
      found = seekSequence(texts, pattern, cursor, chunk.isEndOfFile);
    }
    if (found === undefined) {
      throw new ChunkMatchError(`Failed to find expected lines in ${displayPath}:\n${chunk.oldLines.join('\n')}`, chunkIndex);
    }

    const insert: FileLine[] = [];
    for (let j = 0; j < newCount; j++) {
      const origin = chunk.newLineOrigins[j];
      if (origin !== null && origin !== undefined && origin < pattern.length) {
        insert.push({ ...lines[found + origin]! });
      } else {
        insert.push({ text: chunk.newLines[j]!, eol });
      }
    }
    replacements.push({ start: found, removeCount: pattern.length, insert });
    cursor = found + pattern.length;
  });

  // Apply from the bottom up so earlier indices stay valid. The sort is
  // stable, so pure additions at the same position keep their patch order.
  const ordered = replacements.map((r, i) => ({ r, i })).sort((a, b) => a.r.start - b.r.start || a.i - b.i);
  for (let k = ordered.length - 1; k >= 0; k--) {
    const { start, removeCount, insert } = ordered[k]!.r;
    lines = lines.slice(0, start).concat(insert, lines.slice(start + removeCount));
  }

  for (let i = 0; i < lines.length - 1; i++) {
    if (lines[i]!.eol === '') lines[i]!.eol = eol;
  }
  const lastLine = lines[lines.length - 1];
  if (lastLine && lastLine.eol === '') lastLine.eol = eol;

  return lines.map((l) => l.text + l.eol).join('');
}
