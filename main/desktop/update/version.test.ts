import { describe, expect, it } from 'vitest';
import { compareSemVer, isUpdate, parseSemVer } from './version.js';

const v = (s: string) => {
  const p = parseSemVer(s);
  if (!p) throw new Error(`not semver: ${s}`);
  return p;
};

describe('semantic versions', () => {
  it('orders versions by SemVer precedence', () => {
    // SemVer 2.0.0 §11's own example, in order.
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.10.0',
      '2.0.0',
    ];
    for (let i = 0; i + 1 < ordered.length; i++) {
      expect(compareSemVer(v(ordered[i]), v(ordered[i + 1])), `${ordered[i]} < ${ordered[i + 1]}`).toBeLessThan(0);
      expect(compareSemVer(v(ordered[i + 1]), v(ordered[i]))).toBeGreaterThan(0);
    }
    expect(compareSemVer(v('1.2.3+build.5'), v('1.2.3'))).toBe(0);
  });

  it('refuses what is not a version', () => {
    for (const bad of ['1.2', '01.2.3', '1.2.3-', 'latest', '1.2.3 4', '']) expect(parseSemVer(bad), bad).toBeNull();
  });

  it('counts only a newer version as an update, and a prerelease only when allowed', () => {
    expect(isUpdate(v('1.2.0'), v('1.2.1'), false)).toBe(true);
    expect(isUpdate(v('1.2.0'), v('1.2.0'), false)).toBe(false);
    expect(isUpdate(v('1.2.0'), v('1.1.9'), true)).toBe(false);
    expect(isUpdate(v('1.2.0'), v('1.3.0-beta.1'), false)).toBe(false);
    expect(isUpdate(v('1.2.0'), v('1.3.0-beta.1'), true)).toBe(true);
    expect(isUpdate(v('1.3.0-beta.1'), v('1.3.0'), false)).toBe(true);
  });
});
