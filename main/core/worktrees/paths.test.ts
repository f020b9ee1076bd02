import { describe, expect, it } from 'vitest';
import { isUnderWorktreesRoot, slugify, worktreePathFor } from './paths.js';

describe('worktree naming', () => {
  it('slugs branch names to lower-case ASCII words joined by dashes', () => {
    expect(slugify('Fix the Parser!')).toBe('fix-the-parser');
    expect(slugify('  ../../etc/passwd  ')).toBe('etc-passwd');
    expect(slugify('日本語')).toBe('');
    expect(slugify('a '.repeat(40))).toBe('a-a-a-a-a-a-a-a-a-a-a-a');
    expect(slugify('x'.repeat(80)).length).toBe(48);
  });

  it('places worktrees at $CODEX_HOME/worktrees/<id>/<repo> and recognises only paths inside that root', () => {
    expect(worktreePathFor('/h', 'ab12', 'project')).toBe('/h/worktrees/ab12/project');
    expect(isUnderWorktreesRoot('/h', '/h/worktrees/ab12/project')).toBe(true);
    expect(isUnderWorktreesRoot('/h', '/h/worktrees')).toBe(false);
    expect(isUnderWorktreesRoot('/h', '/h/worktrees/../x')).toBe(false);
    expect(isUnderWorktreesRoot('/h', '/other/worktrees/ab12/p')).toBe(false);
  });
});
