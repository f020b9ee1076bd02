import { describe, expect, it } from 'vitest';

import { extractPatchFromShellCommand, isApplyPatchInvocation, parseApplyPatchInvocation, parseApplyPatchShellScript, parsePatch } from './index.js';

const PATCH = '*** Begin Patch\n*** Add File: a.txt\n+it\'s "quoted" $HOME\n*** End Patch';

describe('extractPatchFromShellCommand', () => {
  it.each(["'EOF'", '"EOF"', 'EOF', "'PATCH'"])('reads a heredoc with delimiter %s', (delim) => {
    const word = delim.replace(/['"]/g, '');
    const patch = extractPatchFromShellCommand(`apply_patch <<${delim}\n${PATCH}\n${word}\n`);
    expect(patch).toBe(`${PATCH}\n`);
    expect(parsePatch(patch!).hunks).toHaveLength(1);
  });

  it('accepts applypatch, no trailing newline, CRLF and surrounding blanks', () => {
    expect(extractPatchFromShellCommand(`  applypatch <<'EOF'\n${PATCH}\nEOF`)).toBe(`${PATCH}\n`);
    expect(extractPatchFromShellCommand(`apply_patch <<'EOF'\r\n*** Begin Patch\r\n*** End Patch\r\nEOF\r\n`)).toBe('*** Begin Patch\r\n*** End Patch\r\n');
    expect(extractPatchFromShellCommand(`apply_patch << EOF\n${PATCH}\nEOF\n\n`)).toBe(`${PATCH}\n`);
  });

  it('reads a quoted argument', () => {
    expect(extractPatchFromShellCommand(`apply_patch '${PATCH.replace(/'/g, "'\\''")}'`)).toBe(PATCH);
    expect(extractPatchFromShellCommand('apply_patch "*** Begin Patch\n*** Add File: b\n+\\"x\\"\n*** End Patch"')).toBe(
      '*** Begin Patch\n*** Add File: b\n+"x"\n*** End Patch',
    );
  });

  it('returns the patch of a leading cd, with the directory from parseApplyPatchShellScript', () => {
    const script = `cd 'sub dir' && apply_patch <<'EOF'\n${PATCH}\nEOF\n`;
    expect(extractPatchFromShellCommand(script)).toBe(`${PATCH}\n`);
    expect(parseApplyPatchShellScript(script)).toEqual({ patch: `${PATCH}\n`, workdir: 'sub dir' });
  });

  it.each([
    ['another command', `echo hi && apply_patch <<'EOF'\n${PATCH}\nEOF`],
    ['something after the heredoc', `apply_patch <<'EOF'\n${PATCH}\nEOF\necho done`],
    ['an unterminated heredoc', `apply_patch <<'EOF'\n${PATCH}\n`],
    ['a pipe', `cat x | apply_patch`],
    ['expansions in double quotes', 'apply_patch "$PATCH"'],
    ['no patch', 'apply_patch'],
    ['a different command', `git apply <<'EOF'\n${PATCH}\nEOF`],
    ['two arguments', `apply_patch 'a' 'b'`],
  ])('ignores %s', (_name, script) => {
    expect(extractPatchFromShellCommand(script)).toBeUndefined();
  });
});

describe('parseApplyPatchInvocation', () => {
  it('recognises a direct call', () => {
    expect(parseApplyPatchInvocation(['apply_patch', PATCH])).toEqual({ patch: PATCH });
    expect(parseApplyPatchInvocation(['/usr/local/bin/applypatch', PATCH])).toEqual({ patch: PATCH });
    expect(isApplyPatchInvocation(['apply_patch', PATCH])).toBe(true);
  });

  it('recognises bash -lc / zsh -c / sh -l -c scripts', () => {
    const script = `apply_patch <<'EOF'\n${PATCH}\nEOF\n`;
    for (const argv of [
      ['bash', '-lc', script],
      ['/bin/zsh', '-c', script],
      ['sh', '-l', '-c', script],
    ]) {
      expect(parseApplyPatchInvocation(argv)).toEqual({ patch: `${PATCH}\n` });
    }
    expect(parseApplyPatchInvocation(['bash', '-lc', `cd src && ${script}`])).toEqual({ patch: `${PATCH}\n`, workdir: 'src' });
  });

  it('ignores anything else', () => {
    expect(isApplyPatchInvocation(['apply_patch'])).toBe(false);
    expect(isApplyPatchInvocation(['apply_patch', PATCH, 'extra'])).toBe(false);
    expect(isApplyPatchInvocation(['bash', '-lc', 'ls -la'])).toBe(false);
    expect(isApplyPatchInvocation(['python', '-c', `apply_patch <<'EOF'\n${PATCH}\nEOF`])).toBe(false);
    expect(isApplyPatchInvocation([])).toBe(false);
  });
});
