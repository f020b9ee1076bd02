import { describe, expect, it } from 'vitest';
import { languageOf, tokenize } from './highlight.js';

const kinds = (code: string, lang: string) =>
  tokenize(code, languageOf(lang))
    .filter((t) => t.kind !== 'plain')
    .map((t) => `${t.kind}:${t.text}`);

describe('syntax highlighting', () => {
  it('finds keywords, strings, numbers and comments in TypeScript', () => {
    expect(kinds('const x = "a // b"; // note\nreturn 42;', 'ts')).toEqual([
      'keyword:const',
      'string:"a // b"',
      'comment:// note',
      'keyword:return',
      'number:42',
    ]);
    expect(kinds('/* one\ntwo */ let y = `t\n${1}`', 'tsx')).toEqual(['comment:/* one\ntwo */', 'keyword:let', 'string:`t\n${1}`']);
  });

  it('uses each language its own comments and keywords', () => {
    expect(kinds('def f(): # hi\n  return None', 'python')).toEqual(['keyword:def', 'comment:# hi', 'keyword:return', 'keyword:None']);
    expect(kinds('echo "$HOME" # where', 'bash')).toEqual(['keyword:echo', 'string:"$HOME"', 'comment:# where']);
    expect(kinds('fn main() { let v2 = 0x1F; }', 'rs')).toEqual(['keyword:fn', 'keyword:let', 'number:0x1F']);
  });

  it('gives back the exact text, escapes and unterminated strings included', () => {
    for (const code of ['a = "x\\"y" + \'z', 'x = "open\nnext = 1', '', '// only']) {
      expect(
        tokenize(code, 'js')
          .map((t) => t.text)
          .join(''),
      ).toBe(code);
    }
  });

  it('picks the language from a fence name or a file path; unknown stays plain', () => {
    expect(languageOf('src/app.tsx')).toBe('js');
    expect(languageOf('Python')).toBe('py');
    expect(languageOf('notes.txt')).toBeNull();
    expect(tokenize('const a', null)).toEqual([{ kind: 'plain', text: 'const a' }]);
  });
});
