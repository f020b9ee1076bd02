import { describe, expect, it } from 'vitest';
import { extractCommandsLoosely, parsePlainCommands, shellScriptOf } from './shellLex.js';

describe('shellScriptOf', () => {
  it('extracts the script of bash/zsh/sh -c|-lc', () => {
    expect(shellScriptOf(['bash', '-lc', 'ls'])).toBe('ls');
    expect(shellScriptOf(['/usr/bin/zsh', '-c', 'ls'])).toBe('ls');
    expect(shellScriptOf(['sh', '-c', ''])).toBe('');
    expect(shellScriptOf(['bash', 'script.sh'])).toBeUndefined();
    expect(shellScriptOf(['dash', '-c', 'ls'])).toBeUndefined();
  });
});

describe('parsePlainCommands', () => {
  it('splits on && || ; | and newlines, unquoting words', () => {
    expect(parsePlainCommands('ls -la && grep "a b" f || echo \'c d\'; wc -l | head')).toEqual([
      ['ls', '-la'],
      ['grep', 'a b', 'f'],
      ['echo', 'c d'],
      ['wc', '-l'],
      ['head'],
    ]);
    expect(parsePlainCommands('ls\npwd')).toEqual([['ls'], ['pwd']]);
  });

  it('joins adjacent quoted and bare parts into one word', () => {
    expect(parsePlainCommands(`echo --name='a b'"c"d`)).toEqual([['echo', '--name=a bcd']]);
    expect(parsePlainCommands(`echo '' ""`)).toEqual([['echo', '', '']]);
  });

  it('handles escapes inside double quotes', () => {
    expect(parsePlainCommands('echo "a\\"b\\\\c\\$d\\`e\\nf"')).toEqual([['echo', 'a"b\\c$d`e\\nf']]);
  });

  it('accepts blank lines and trailing ;', () => {
    expect(parsePlainCommands('\n\nls;\n')).toEqual([['ls']]);
    expect(parsePlainCommands('')).toEqual([]);
  });

  it.each(['ls > f', 'ls &', 'echo $x', 'echo *', '(ls)', 'ls || ', 'a=b', 'echo "$x"', '# c', 'ls ;; x', 'ls |& x', 'echo {a,b}'])('rejects %j', (s) => {
    expect(parsePlainCommands(s)).toBeNull();
  });
});

describe('extractCommandsLoosely', () => {
  it('finds commands inside substitutions, subshells, groups and control flow', () => {
    expect(extractCommandsLoosely('if a; then b x; else c; fi')).toEqual([['a'], ['b', 'x'], ['c']]);
    expect(extractCommandsLoosely('echo $(rm -f x) `id`')).toEqual([['rm', '-f', 'x'], ['id'], ['echo', '$(rm -f x)', '`id`']]);
    expect(extractCommandsLoosely('(cd d && make) | tee log')).toEqual([['cd', 'd'], ['make'], ['tee', 'log']]);
    expect(extractCommandsLoosely('{ a; b; }')).toEqual([['a'], ['b']]);
    expect(extractCommandsLoosely('echo "x $(y z)"')).toEqual([
      ['y', 'z'],
      ['echo', 'x $(y z)'],
    ]);
    expect(extractCommandsLoosely("echo 'not $(run)'")).toEqual([['echo', 'not $(run)']]);
  });

  it('survives malformed input', () => {
    expect(() => extractCommandsLoosely('echo $(unclosed "')).not.toThrow();
    expect(() => extractCommandsLoosely("'")).not.toThrow();
    expect(() => extractCommandsLoosely('`')).not.toThrow();
    expect(() => extractCommandsLoosely('$('.repeat(50))).not.toThrow();
  });
});
