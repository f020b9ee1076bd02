import { describe, expect, it } from 'vitest';

import { APPLY_PATCH_TOOL, PatchParseError, parsePatch } from './index.js';

const HEADERS_HELP = "Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'";
const LINE_HELP = "Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)";

function parseError(text: string): PatchParseError {
  try {
    parsePatch(text);
  } catch (err) {
    expect(err).toBeInstanceOf(PatchParseError);
    return err as PatchParseError;
  }
  throw new Error('expected a parse error');
}

describe('APPLY_PATCH_TOOL', () => {
  it('is the freeform tool Codex 0.169 sends', () => {
    expect(APPLY_PATCH_TOOL.type).toBe('custom');
    expect(APPLY_PATCH_TOOL.name).toBe('apply_patch');
    if (APPLY_PATCH_TOOL.type !== 'custom') throw new Error('unreachable');
    expect(APPLY_PATCH_TOOL.description).toBe('The `apply_patch` tool can be used to edit files. This is a FREEFORM tool, so do not wrap the patch in JSON.');
    expect(APPLY_PATCH_TOOL.format.type).toBe('grammar');
    expect(APPLY_PATCH_TOOL.format.syntax).toBe('lark');
    const def = APPLY_PATCH_TOOL.format.definition;
    expect(def.startsWith('start: begin_patch hunk+ end_patch\nbegin_patch: "*** Begin Patch" LF\n')).toBe(true);
    expect(def).toContain('change_context: ("@@" | "@@ " /(.+)/) LF\n');
    expect(def.endsWith('%import common.LF\n')).toBe(true);
    expect(def.split('\n')).toHaveLength(20);
  });
});

describe('parsePatch', () => {
  it('parses add, delete and update hunks', () => {
    const parsed = parsePatch(
      [
        '*** Begin Patch',
        '*** Add File: new.txt',
        '+hello',
        '+',
        '+world',
        '*** Delete File: old.txt',
        '*** Update File: src/a.ts',
        '*** Move to: src/b.ts',
        '@@ function f() {',
        ' keep',
        '-old',
        '+new',
        '*** End Patch',
      ].join('\n'),
    );
    expect(parsed.hunks).toEqual([
      { type: 'add', path: 'new.txt', contents: 'hello\n\nworld\n', lineNumber: 2 },
      { type: 'delete', path: 'old.txt', lineNumber: 6 },
      {
        type: 'update',
        path: 'src/a.ts',
        movePath: 'src/b.ts',
        lineNumber: 7,
        chunks: [
          {
            changeContext: 'function f() {',
            oldLines: ['keep', 'old'],
            newLines: ['keep', 'new'],
            newLineOrigins: [0, null],
            isEndOfFile: false,
          },
        ],
      },
    ]);
  });

  it('accepts an add hunk without lines (empty file)', () => {
    expect(parsePatch('*** Begin Patch\n*** Add File: a\n*** End Patch').hunks).toEqual([{ type: 'add', path: 'a', contents: '', lineNumber: 2 }]);
  });

  it('returns no hunks for an empty patch', () => {
    expect(parsePatch('*** Begin Patch\n*** End Patch').hunks).toEqual([]);
  });

  it('lets the first chunk omit @@ and splits chunks at @@ lines', () => {
    const parsed = parsePatch(['*** Begin Patch', '*** Update File: f', ' a', '-b', '+B', '@@', '-c', '+C', '@@ d', '+e', '*** End Patch'].join('\n'));
    const hunk = parsed.hunks[0]!;
    if (hunk.type !== 'update') throw new Error('expected update');
    expect(hunk.chunks.map((c) => [c.changeContext, c.oldLines, c.newLines])).toEqual([
      [null, ['a', 'b'], ['a', 'B']],
      [null, ['c'], ['C']],
      ['d', [], ['e']],
    ]);
  });

  it('treats an empty line inside a chunk as an empty context line', () => {
    const parsed = parsePatch('*** Begin Patch\n*** Update File: f\n@@\n a\n\n-b\n+B\n*** End Patch');
    const hunk = parsed.hunks[0]!;
    if (hunk.type !== 'update') throw new Error('expected update');
    expect(hunk.chunks[0]!.oldLines).toEqual(['a', '', 'b']);
    expect(hunk.chunks[0]!.newLines).toEqual(['a', '', 'B']);
    expect(hunk.chunks[0]!.newLineOrigins).toEqual([0, 1, null]);
  });

  it('marks *** End of File chunks (trailing whitespace allowed)', () => {
    const parsed = parsePatch('*** Begin Patch\n*** Update File: f\n@@\n-x\n+y\n*** End of File  \n*** End Patch');
    const hunk = parsed.hunks[0]!;
    if (hunk.type !== 'update') throw new Error('expected update');
    expect(hunk.chunks[0]!.isEndOfFile).toBe(true);
  });

  it('skips blank lines between chunks, but not before the first one', () => {
    const between = parsePatch('*** Begin Patch\n*** Update File: f\n@@\n-x\n*** End of File\n\n  \n@@\n-y\n*** End Patch');
    const h1 = between.hunks[0]!;
    if (h1.type !== 'update') throw new Error('expected update');
    expect(h1.chunks.map((c) => c.oldLines)).toEqual([['x'], ['y']]);

    const before = parsePatch('*** Begin Patch\n*** Update File: f\n\n   \n@@\n-x\n+y\n*** End Patch');
    const h2 = before.hunks[0]!;
    if (h2.type !== 'update') throw new Error('expected update');
    expect(h2.chunks.map((c) => c.oldLines)).toEqual([['', '  '], ['x']]);
  });

  it('trims whitespace around the patch, the markers and hunk headers', () => {
    const parsed = parsePatch(
      '\n\n  *** Begin Patch  \n  *** Add File: a.txt  \n+x\n \t*** Delete File: b.txt \n*** Update File: c\n*** Move to: d  \n@@ \n-1\n+2\n  *** End Patch \n\n',
    );
    expect(parsed.hunks.map((h) => [h.type, h.path])).toEqual([
      ['add', 'a.txt'],
      ['delete', 'b.txt'],
      ['update', 'c'],
    ]);
    const upd = parsed.hunks[2]!;
    if (upd.type !== 'update') throw new Error('expected update');
    expect(upd.movePath).toBe('d');
    expect(upd.chunks[0]!.changeContext).toBeNull();
  });

  it('keeps spaces between the header marker and the path', () => {
    const parsed = parsePatch('*** Begin Patch\n*** Update File:   f\n*** Move to:  g\n-a\n+b\n*** End Patch');
    const hunk = parsed.hunks[0]!;
    if (hunk.type !== 'update') throw new Error('expected update');
    expect(hunk.path).toBe('  f');
    expect(hunk.movePath).toBe(' g');
  });

  it('does not recognise markers indented inside a chunk', () => {
    const parsed = parsePatch('*** Begin Patch\n*** Update File: f\n  *** Move to: g\n-a\n  *** End of File\n*** End Patch');
    const hunk = parsed.hunks[0]!;
    if (hunk.type !== 'update') throw new Error('expected update');
    expect(hunk.movePath).toBeNull();
    expect(hunk.chunks[0]!.oldLines).toEqual([' *** Move to: g', 'a', ' *** End of File']);
    expect(hunk.chunks[0]!.isEndOfFile).toBe(false);
  });

  it('accepts a repeated End Patch line, but nothing else after End Patch', () => {
    expect(parsePatch('*** Begin Patch\n*** Add File: a\n+a\n*** End Patch\n  \n*** End Patch').hunks).toHaveLength(1);
    expect(parsePatch('*** Begin Patch\n*** End Patch\n*** End Patch').hunks).toHaveLength(0);
    for (const text of [
      '*** Begin Patch\n*** End Patch\n*** Add File: a\n+a\n*** End Patch',
      '*** Begin Patch\n*** Add File: a\n+a\n*** End Patch\n*** End Patch\n*** End Patch',
      '*** Begin Patch\n*** Add File: a\n+a\n *** End Patch\njunk\n*** End Patch',
    ]) {
      expect(parseError(text).message).toBe("Invalid patch: The last line of the patch must be '*** End Patch'");
    }
  });

  it('ends an update hunk only at a hunk header or End Patch', () => {
    expect(parseError('*** Begin Patch\n*** Update File: f\n*** Frob\n*** End Patch').message).toBe(
      `Invalid patch hunk on line 3: Unexpected line found in update hunk: '*** Frob'. ${LINE_HELP}`,
    );
    expect(parseError('*** Begin Patch\n*** Update File: f\n-x\n+y\n*** Move to: g\n*** End Patch').message).toBe(
      "Invalid patch hunk on line 5: Expected update hunk to start with a @@ context marker, got: '*** Move to: g'",
    );
    expect(parseError('*** Begin Patch\n*** Update File: f\n-x\n*** End of File\n  *** Add File: g\n*** End Patch').message).toBe(
      "Invalid patch hunk on line 5: Expected update hunk to start with a @@ context marker, got: '  *** Add File: g'",
    );
    const ok = parsePatch('*** Begin Patch\n*** Update File: f\n-x\n*** Delete File: g \n*** End Patch');
    expect(ok.hunks.map((h) => [h.type, h.path])).toEqual([
      ['update', 'f'],
      ['delete', 'g'],
    ]);
  });

  it('ignores a stray End of File before the first chunk', () => {
    const parsed = parsePatch('*** Begin Patch\n*** Update File: f\n*** End of File\n*** End of File  \n-x\n*** End Patch');
    const hunk = parsed.hunks[0]!;
    if (hunk.type !== 'update') throw new Error('expected update');
    expect(hunk.chunks).toEqual([{ changeContext: null, oldLines: ['x'], newLines: [], newLineOrigins: [], isEndOfFile: false }]);
    expect(parseError('*** Begin Patch\n*** Update File: f\n-x\n*** End of File\n*** End of File\n*** End Patch').message).toBe(
      "Invalid patch hunk on line 5: Expected update hunk to start with a @@ context marker, got: '*** End of File'",
    );
  });

  it('strips CR from CRLF patch lines', () => {
    const parsed = parsePatch('*** Begin Patch\r\n*** Add File: a\r\n+x\r\n*** End Patch\r\n');
    expect(parsed.hunks).toEqual([{ type: 'add', path: 'a', contents: 'x\n', lineNumber: 2 }]);
  });

  it.each([
    ['<<EOF', 'EOF'],
    ["<<'EOF'", 'EOF'],
    ['<<"EOF"', 'EOF'],
  ])('strips a %s heredoc wrapper', (open, close) => {
    const parsed = parsePatch(`${open}\n*** Begin Patch\n*** Add File: a\n+x\n*** End Patch\n${close}\n`);
    expect(parsed.hunks).toEqual([{ type: 'add', path: 'a', contents: 'x\n', lineNumber: 2 }]);
  });

  it('numbers heredoc lines from the Begin Patch line', () => {
    expect(parseError('<<EOF\n*** Begin Patch\n*** Frob: x\n*** End Patch\nEOF').message).toBe(
      `Invalid patch hunk on line 2: '*** Frob: x' is not a valid hunk header. ${HEADERS_HELP}`,
    );
  });

  it('rejects other heredoc openers', () => {
    expect(parseError('<<FOO\n*** Begin Patch\n*** Add File: a\n+x\n*** End Patch\nFOO').message).toBe(
      "Invalid patch: The first line of the patch must be '*** Begin Patch'",
    );
    expect(parseError('<<EOF  \n*** Begin Patch\n*** Add File: a\n+x\n*** End Patch\nEOF').message).toBe(
      "Invalid patch: The first line of the patch must be '*** Begin Patch'",
    );
  });

  it('reports the inner error of a heredoc wrapper', () => {
    expect(parseError('<<EOF\n*** Begin Patch\n*** Add File: a\n+x\nEOF').message).toBe("Invalid patch: The last line of the patch must be '*** End Patch'");
  });

  describe('errors (Codex text)', () => {
    it('missing Begin Patch', () => {
      const err = parseError('garbage\n*** End Patch');
      expect(err.message).toBe("Invalid patch: The first line of the patch must be '*** Begin Patch'");
      expect(parseError('').message).toBe("Invalid patch: The first line of the patch must be '*** Begin Patch'");
    });

    it('missing End Patch', () => {
      expect(parseError('*** Begin Patch\n*** Add File: a\n+x').message).toBe("Invalid patch: The last line of the patch must be '*** End Patch'");
    });

    it('invalid hunk header', () => {
      const err = parseError('*** Begin Patch\n*** Frob File: a\n*** End Patch');
      expect(err.message).toBe(`Invalid patch hunk on line 2: '*** Frob File: a' is not a valid hunk header. ${HEADERS_HELP}`);
      expect(err.lineNumber).toBe(2);
    });

    it('a stray line after an add hunk is an invalid header', () => {
      expect(parseError('*** Begin Patch\n*** Add File: f\n+a\nb\n*** End Patch').message).toBe(
        `Invalid patch hunk on line 4: 'b' is not a valid hunk header. ${HEADERS_HELP}`,
      );
    });

    it('empty update hunk', () => {
      expect(parseError('*** Begin Patch\n*** Update File: a\n*** End Patch').message).toBe(
        "Invalid patch hunk on line 2: Update file hunk for path 'a' is empty",
      );
      expect(parseError('*** Begin Patch\n*** Update File: f\n*** Move to: g\n*** End Patch').message).toBe(
        "Invalid patch hunk on line 2: Update file hunk for path 'f' is empty",
      );
      expect(parseError('*** Begin Patch\n*** Update File: f\n*** End of File\n*** End Patch').message).toBe(
        "Invalid patch hunk on line 2: Update file hunk for path 'f' is empty",
      );
    });

    it('chunk without lines', () => {
      expect(parseError('*** Begin Patch\n*** Update File: a\n@@\n*** End Patch').message).toBe(
        'Invalid patch hunk on line 4: Update hunk does not contain any lines',
      );
      expect(parseError('*** Begin Patch\n*** Update File: f\n@@\n*** End of File\n*** End Patch').message).toBe(
        'Invalid patch hunk on line 4: Update hunk does not contain any lines',
      );
      expect(parseError('*** Begin Patch\n*** Update File: f\n@@ a  \n-b\n+B\n@@ \n*** End Patch').message).toBe(
        'Invalid patch hunk on line 7: Update hunk does not contain any lines',
      );
    });

    it('second chunk without @@', () => {
      expect(parseError('*** Begin Patch\n*** Update File: a\n@@\n-a\nxyz\n*** End Patch').message).toBe(
        "Invalid patch hunk on line 5: Expected update hunk to start with a @@ context marker, got: 'xyz'",
      );
    });

    it('unexpected line in an update hunk', () => {
      expect(parseError('*** Begin Patch\n*** Update File: a\nxyz\n*** End Patch').message).toBe(
        `Invalid patch hunk on line 3: Unexpected line found in update hunk: 'xyz'. ${LINE_HELP}`,
      );
      expect(parseError('*** Begin Patch\n*** Update File: a\n@@\nxyz\n*** End Patch').message).toBe(
        `Invalid patch hunk on line 4: Unexpected line found in update hunk: 'xyz'. ${LINE_HELP}`,
      );
      expect(parseError('*** Begin Patch\n*** Update File: f\n@@\tb\n-c\n*** End Patch').message).toBe(
        `Invalid patch hunk on line 3: Unexpected line found in update hunk: '@@\tb'. ${LINE_HELP}`,
      );
    });
  });
});
