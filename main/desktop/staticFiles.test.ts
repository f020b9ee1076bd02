import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { resolveStaticPath, rendererCsp } from './staticFiles.js';

const root = '/srv/renderer/dist';

describe('resolveStaticPath', () => {
  it('maps paths under the root and defaults to index.html', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/app-1.js?v=2#x')).toBe(join(root, 'assets/app-1.js'));
    expect(resolveStaticPath(root, '/a/./b%20c.css')).toBe(join(root, 'a/b c.css'));
  });
  it('refuses traversal, encoded traversal, backslashes, NUL and bad escapes', () => {
    for (const p of [
      '/../etc/passwd',
      '/assets/../../x',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2fsecret',
      '/a\\..\\..\\b',
      '/%5c..%5cx',
      '/x%00.js',
      '/%E0%A4%A',
    ]) {
      expect(resolveStaticPath(root, p)).toBeNull();
    }
  });
  it('CSP forbids inline script and network by default', () => {
    const csp = rendererCsp();
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).not.toContain('unsafe');
  });
});
