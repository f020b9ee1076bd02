import { describe, expect, it } from 'vitest';

import { ChunkMatchError, applyChunks, detectLineEnding, normaliseLine, parsePatch, seekSequence } from './index.js';
import type { UpdateChunk } from './index.js';

describe('seekSequence', () => {
  const lines = ['alpha', 'beta  ', '  gamma', 'delta', 'beta'];

  it('matches exactly first', () => {
    expect(seekSequence(lines, ['beta'], 0, false)).toBe(4);
    expect(seekSequence(lines, ['alpha', 'beta  '], 0, false)).toBe(0);
  });

  it('falls back to ignoring trailing whitespace', () => {
    expect(seekSequence(lines, ['alpha', 'beta'], 0, false)).toBe(0);
  });

  it('then ignores surrounding whitespace', () => {
    expect(seekSequence(lines, ['gamma', 'delta'], 0, false)).toBe(2);
  });

  it('then folds Unicode punctuation and spaces', () => {
    const file = ['const s = "a - b";', "it's", 'x y'];
    expect(seekSequence(file, ['const s = \u201ca \u2014 b\u201d;'], 0, false)).toBe(0);
    expect(seekSequence(file, ['it\u2019s'], 0, false)).toBe(1);
    expect(seekSequence(file, ['x\u00a0y'], 0, false)).toBe(2);
    expect(seekSequence(['a\u2212b'], ['a-b'], 0, false)).toBe(0);
    expect(normaliseLine('\u3000\u2018q\u201b\u2010\u2002 ')).toBe("'q'-");
  });

  it('does not treat a BOM as whitespace (like Rust)', () => {
    expect(seekSequence(['\ufeffx'], ['x'], 0, false)).toBeUndefined();
  });

  it('searches from start only', () => {
    expect(seekSequence(lines, ['alpha'], 1, false)).toBeUndefined();
    expect(seekSequence(lines, ['beta'], 2, false)).toBe(4);
  });

  it('with eof only considers the end of the file', () => {
    const file = ['a', 'b', 'a', 'b'];
    expect(seekSequence(file, ['a', 'b'], 0, true)).toBe(2);
    expect(seekSequence(['a', 'b', 'c'], ['a', 'b'], 0, true)).toBeUndefined();
    expect(seekSequence(['a', 'b', 'c'], ['c'], 3, true)).toBeUndefined();
  });

  it('handles empty and oversized patterns', () => {
    expect(seekSequence(lines, [], 3, false)).toBe(3);
    expect(seekSequence(['a'], ['a', 'b'], 0, false)).toBeUndefined();
  });
});

function chunksOf(body: string): UpdateChunk[] {
  const hunk = parsePatch(`*** Begin Patch\n*** Update File: f\n${body}\n*** End Patch`).hunks[0]!;
  if (hunk.type !== 'update') throw new Error('expected update');
  return hunk.chunks;
}

function run(content: string, body: string): string {
  return applyChunks(content, chunksOf(body), '/x/f');
}

describe('applyChunks', () => {
  it('replaces lines and keeps the rest', () => {
    expect(run('a\nb\nc\n', '@@\n a\n-b\n+B\n c')).toBe('a\nB\nc\n');
  });

  it('applies several chunks in order with a forward cursor', () => {
    expect(run('x\n1\nx\n2\nx\n', '@@\n-x\n+A\n@@\n-x\n+B\n@@\n-x\n+C')).toBe('A\n1\nB\n2\nC\n');
  });

  it('uses @@ context lines to pick the occurrence', () => {
    const file = 'def f():\n    return 1\ndef g():\n    return 1\n';
    expect(run(file, '@@ def g():\n-    return 1\n+    return 2')).toBe('def f():\n    return 1\ndef g():\n    return 2\n');
  });

  it('reports a missing context line', () => {
    expect(() => run('a\n', '@@ nope\n-a\n+b')).toThrow("Failed to find context 'nope' in /x/f");
  });

  it('reports missing old lines with the chunk index', () => {
    try {
      run('a\nb\nc\n', '@@\n-a\n+A\n@@\n-a\n-x\n+y');
      throw new Error('expected failure');
    } catch (err) {
      expect(err).toBeInstanceOf(ChunkMatchError);
      expect((err as ChunkMatchError).message).toBe('Failed to find expected lines in /x/f:\na\nx');
      expect((err as ChunkMatchError).chunkIndex).toBe(1);
    }
  });

  it('matches End of File chunks only at the end', () => {
    expect(run('a\nb\na\nb\n', '@@\n a\n-b\n+B\n*** End of File')).toBe('a\nb\na\nB\n');
    expect(() => run('a\nb\nc\n', '@@\n a\n-b\n+B\n*** End of File')).toThrow('Failed to find expected lines in /x/f:\na\nb');
  });

  it('retries without a trailing empty line', () => {
    expect(run('a\nb\nc\n', '@@\n-c\n-\n+C\n*** End of File')).toBe('a\nb\nC\n');
    expect(run('a\nb\nc\n', '@@\n-c\n+C\n ')).toBe('a\nb\nC\n');
  });

  it('appends pure additions at the end of the file, whatever the context', () => {
    expect(run('a\nb\nc\n', '@@ a\n+x')).toBe('a\nb\nc\nx\n');
    expect(run('a\nb\n\n', '@@\n+z')).toBe('a\nb\n\nz\n');
    expect(run('', '@@\n+z')).toBe('z\n');
    expect(run('\n', '@@\n+z')).toBe('\nz\n');
    expect(run('a\nb', '@@\n+z')).toBe('a\nb\nz\n');
  });

  it('always ends with a newline', () => {
    expect(run('a\nb\nc', '@@\n-b\n+B')).toBe('a\nB\nc\n');
    expect(run('a\nb', '@@\n b\n+c')).toBe('a\nb\nc\n');
    expect(run('a\nb', '@@\n-a\n b')).toBe('b\n');
  });

  it('handles deleting everything and empty added lines', () => {
    expect(run('a\n', '@@\n-a')).toBe('');
    expect(run('a\n', '@@\n-a\n+')).toBe('\n');
    expect(run('a\n', '@@\n a\n+')).toBe('a\n\n');
    expect(run('a\nb\n', '@@\n a\n+\n b')).toBe('a\n\nb\n');
    expect(run('a\n\n', '@@\n a\n-')).toBe('a\n');
  });

  it('keeps context lines as they are in the file', () => {
    expect(run('a  \nb\n', '@@\n a\n-b\n+B')).toBe('a  \nB\n');
    expect(run('a\u2014b\nc\n', '@@\n a-b\n-c\n+C')).toBe('a\u2014b\nC\n');
  });

  describe('line endings', () => {
    it('detects CRLF from the first line', () => {
      expect(detectLineEnding('a\r\nb\n')).toBe('\r\n');
      expect(detectLineEnding('a\nb\r\n')).toBe('\n');
      expect(detectLineEnding('abc')).toBe('\n');
    });

    it('writes added lines with CRLF in CRLF files', () => {
      expect(run('a\r\nb\r\nc\r\n', '@@\n-b\n+B\n+B2')).toBe('a\r\nB\r\nB2\r\nc\r\n');
      expect(run('a\r\nb\r\nc\r\n', '@@\n+z')).toBe('a\r\nb\r\nc\r\nz\r\n');
      expect(run('a\r\nb\r\nc', '@@\n-b\n+B')).toBe('a\r\nB\r\nc\r\n');
    });

    it('keeps the ending of each untouched and context line', () => {
      expect(run('a\r\nb\nc\n', '@@\n-b\n+B')).toBe('a\r\nB\r\nc\n');
      expect(run('a\r\nb\nc\n', '@@\n b\n-c\n+C')).toBe('a\r\nb\nC\r\n');
      expect(run('a\nb\r\nc\n', '@@\n a\n b\n-c\n+C')).toBe('a\nb\r\nC\n');
      expect(run('a\r\nb\nc\nd\n', '@@\n-b\n c\n+X')).toBe('a\r\nc\nX\r\nd\n');
    });

    it('prefers an exact match ignoring the CR', () => {
      expect(run('x\r\nx \r\nend\r\n', '@@\n-x \n+Y')).toBe('x\r\nY\r\nend\r\n');
    });

    it('keeps a final lone CR', () => {
      expect(run('a\r\nb\r', '@@\n-a\n+A')).toBe('A\r\nb\r');
      expect(run('a\r\nb\r', '@@\n+z')).toBe('a\r\nb\rz\r\n');
    });
  });
});
