import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isWritableUnderPolicy } from './patchTool.js';

const ww = (roots: string[] = []) => ({
  mode: 'workspace-write' as const,
  writableRoots: roots,
  networkAccess: false,
  excludeTmpdirEnvVar: true,
  excludeSlashTmp: true,
});

describe('isWritableUnderPolicy', () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'patch-policy-')));
  const ws = join(root, 'ws');
  const outside = join(root, 'outside');
  mkdirSync(ws);
  mkdirSync(outside);
  mkdirSync(join(ws, '.git'));
  symlinkSync(outside, join(ws, 'link'));

  it('allows the workspace and extra roots, denies elsewhere', () => {
    expect(isWritableUnderPolicy(join(ws, 'a/b.txt'), ww(), ws)).toBe(true);
    expect(isWritableUnderPolicy(join(outside, 'x'), ww(), ws)).toBe(false);
    expect(isWritableUnderPolicy(join(outside, 'x'), ww([outside]), ws)).toBe(true);
  });

  it('keeps .git, .codex and .agents read-only', () => {
    expect(isWritableUnderPolicy(join(ws, '.git/config'), ww(), ws)).toBe(false);
    expect(isWritableUnderPolicy(join(ws, '.codex/config.toml'), ww(), ws)).toBe(false);
    expect(isWritableUnderPolicy(join(ws, '.agents/x'), ww(), ws)).toBe(false);
  });

  it('follows symlinks: a link inside the workspace cannot carry a write out', () => {
    expect(isWritableUnderPolicy(join(ws, 'link', 'new.txt'), ww(), ws)).toBe(false);
  });

  it('read-only denies everything; full access allows everything', () => {
    expect(isWritableUnderPolicy(join(ws, 'a'), { mode: 'read-only', networkAccess: false }, ws)).toBe(false);
    expect(isWritableUnderPolicy('/etc/passwd', { mode: 'danger-full-access' }, ws)).toBe(true);
  });
});
