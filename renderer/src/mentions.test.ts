import { describe, expect, it } from 'vitest';
import { atTokenAt, insertMention } from './mentions.js';

describe('@ mentions', () => {
  it('finds the @token under or just before the cursor', () => {
    expect(atTokenAt('look at @src/ma', 15)).toEqual({ start: 8, end: 15, query: 'src/ma' });
    expect(atTokenAt('look at @src/ma now', 11)).toEqual({ start: 8, end: 15, query: 'src/ma' });
    expect(atTokenAt('@', 1)).toEqual({ start: 0, end: 1, query: '' });
    expect(atTokenAt('mail me@home', 12)).toBeNull();
    expect(atTokenAt('no token here', 5)).toBeNull();
    expect(atTokenAt('@a b', 3)).toBeNull();
  });

  it('replaces the token with the path and one space, quoting paths with whitespace', () => {
    const text = 'fix @ma please';
    const token = atTokenAt(text, 7)!;
    expect(insertMention(text, token, 'src/main.ts')).toEqual({ text: 'fix src/main.ts please', cursor: 16 });
    expect(insertMention('see @do', atTokenAt('see @do', 7)!, 'My Docs/a b.md')).toEqual({ text: 'see "My Docs/a b.md" ', cursor: 21 });
  });
});
