import { describe, expect, it } from 'vitest';
import { IgnoreRules } from './ignoreRules.js';

describe('IgnoreRules', () => {
  const rules = IgnoreRules.empty().with('', ['# comment', '*.log', 'build/', '/top.txt', 'docs/**/*.tmp', '!keep.log', ''].join('\n')).with('sub', 'local\n');

  it('matches names at any depth, anchored paths at their folder only', () => {
    expect(rules.ignores('a.log', false)).toBe(true);
    expect(rules.ignores('deep/er/a.log', false)).toBe(true);
    expect(rules.ignores('top.txt', false)).toBe(true);
    expect(rules.ignores('x/top.txt', false)).toBe(false);
    expect(rules.ignores('docs/a/b/c.tmp', false)).toBe(true);
    expect(rules.ignores('docs/c.tmp', false)).toBe(true);
    expect(rules.ignores('other/c.tmp', false)).toBe(false);
  });

  it('a trailing slash matches folders only; ! re-includes; later rules win', () => {
    expect(rules.ignores('build', true)).toBe(true);
    expect(rules.ignores('build', false)).toBe(false);
    expect(rules.ignores('keep.log', false)).toBe(false);
  });

  it("a nested file's rules apply under its folder only", () => {
    expect(rules.ignores('sub/local', false)).toBe(true);
    expect(rules.ignores('sub/x/local', true)).toBe(true);
    expect(rules.ignores('local', false)).toBe(false);
  });
});
