import { mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linuxSandboxFlags } from './linux.js';
import type { SandboxPolicy } from './policy.js';
import { computeWritableRoots, protectedPathsFor, readGitdirPointer } from './writableRoots.js';

let base: string;
beforeEach(() => {
  base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'codex-roots-')));
});
afterEach(() => {
  rmSync(base, { recursive: true, force: true });
});

function ww(extra: Partial<Extract<SandboxPolicy, { mode: 'workspace-write' }>> = {}): Extract<SandboxPolicy, { mode: 'workspace-write' }> {
  return {
    mode: 'workspace-write',
    writableRoots: [],
    networkAccess: false,
    excludeTmpdirEnvVar: false,
    excludeSlashTmp: false,
    ...extra,
  };
}

describe('computeWritableRoots', () => {
  it('protects CODEX_HOME inside a root whatever its name, and not when it is outside or the root itself', () => {
    const ws = path.join(base, 'ws-home');
    mkdirSync(path.join(ws, 'agent-home'), { recursive: true });
    const policy = ww({ excludeSlashTmp: true, excludeTmpdirEnvVar: true });
    const inside = computeWritableRoots(policy, ws, {}, path.join(ws, 'agent-home'));
    expect(inside[0]!.protectedPaths).toContainEqual({ path: path.join(ws, 'agent-home'), createIfMissing: false });
    const outside = computeWritableRoots(policy, ws, {}, path.join(base, 'elsewhere'));
    expect(outside[0]!.protectedPaths.map((p) => p.path)).not.toContain(path.join(base, 'elsewhere'));
    const itself = computeWritableRoots(policy, ws, {}, ws);
    expect(itself[0]!.protectedPaths.map((p) => p.path)).not.toContain(ws);
  });
  it('is empty for read-only and danger-full-access', () => {
    expect(computeWritableRoots({ mode: 'read-only', networkAccess: false }, base, {})).toEqual([]);
    expect(computeWritableRoots({ mode: 'danger-full-access' }, base, {})).toEqual([]);
  });

  it('lists cwd, extra roots, $TMPDIR and /tmp, canonical, existing, deduplicated', () => {
    const ws = path.join(base, 'ws');
    const extra = path.join(base, 'extra');
    const tmpdir = path.join(base, 'tmpdir');
    for (const d of [ws, extra, tmpdir]) mkdirSync(d);
    symlinkSync(extra, path.join(base, 'extra-link'));
    const roots = computeWritableRoots(ww({ writableRoots: ['../extra-link', path.join(base, 'missing'), ws] }), ws, { TMPDIR: tmpdir });
    expect(roots.map((r) => r.root)).toEqual([ws, extra, tmpdir, realpathSync('/tmp')]);
    expect(roots.map((r) => r.scanNestedGit)).toEqual([true, true, false, false]);
  });

  it('honours the tmp exclusions and ignores a relative $TMPDIR', () => {
    const tmpdir = path.join(base, 'tmpdir');
    mkdirSync(tmpdir);
    expect(computeWritableRoots(ww({ excludeSlashTmp: true }), base, { TMPDIR: tmpdir }).map((r) => r.root)).toEqual([base, tmpdir]);
    expect(computeWritableRoots(ww({ excludeSlashTmp: true, excludeTmpdirEnvVar: true }), base, { TMPDIR: tmpdir }).map((r) => r.root)).toEqual([base]);
    expect(computeWritableRoots(ww({ excludeSlashTmp: true }), base, { TMPDIR: 'rel' }).map((r) => r.root)).toEqual([base]);
  });
});

describe('protectedPathsFor', () => {
  it('protects existing .git/.agents/.codex and a missing .codex only in the cwd root', () => {
    mkdirSync(path.join(base, '.git'));
    mkdirSync(path.join(base, '.agents'));
    expect(protectedPathsFor(base, true)).toEqual([
      { path: path.join(base, '.git'), createIfMissing: false },
      { path: path.join(base, '.codex'), createIfMissing: true },
      { path: path.join(base, '.agents'), createIfMissing: false },
    ]);
    expect(protectedPathsFor(base, false)).toEqual([
      { path: path.join(base, '.git'), createIfMissing: false },
      { path: path.join(base, '.agents'), createIfMissing: false },
    ]);
  });

  it('adds the gitdir: target of a .git file', () => {
    const real = path.join(base, 'elsewhere', 'worktrees', 'wt');
    mkdirSync(real, { recursive: true });
    const wt = path.join(base, 'wt');
    mkdirSync(wt);
    writeFileSync(path.join(wt, '.git'), 'gitdir: ../elsewhere/worktrees/wt\n');
    expect(readGitdirPointer(path.join(wt, '.git'))).toBe(real);
    expect(protectedPathsFor(wt, false).map((p) => p.path)).toEqual([path.join(wt, '.git'), real]);
    writeFileSync(path.join(wt, '.git'), 'not a pointer\n');
    expect(readGitdirPointer(path.join(wt, '.git'))).toBeUndefined();
  });
});

describe('linuxSandboxFlags', () => {
  it('builds helper flags for workspace-write', () => {
    mkdirSync(path.join(base, '.git'));
    const home = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'codex-home-')));
    const saved = process.env.CODEX_HOME;
    process.env.CODEX_HOME = home;
    const { flags } = linuxSandboxFlags(ww({ excludeSlashTmp: true, excludeTmpdirEnvVar: true }), base, {});
    if (saved === undefined) delete process.env.CODEX_HOME;
    else process.env.CODEX_HOME = saved;
    const cacheFile = flags[flags.length - 1]!;
    // The walk's cache sits in CODEX_HOME, out of the sandboxed command's reach.
    expect(path.dirname(cacheFile)).toBe(path.join(home, 'cache', 'sandbox-scan'));
    expect(statSync(path.dirname(cacheFile)).isDirectory()).toBe(true);
    rmSync(home, { recursive: true, force: true });
    expect(flags).toEqual([
      '--mode',
      'workspace-write',
      '--writable-root',
      base,
      '--protected',
      path.join(base, '.git'),
      '--protected',
      path.join(base, '.codex'),
      '--protected',
      path.join(base, '.agents'), // missing ones too: the helper keeps them uncreatable
      '--scan-git',
      base,
      '--scan-cache',
      cacheFile,
    ]);
    expect(linuxSandboxFlags(ww({ networkAccess: true, excludeSlashTmp: true }), base, {}).flags).toContain('--network');
    expect(linuxSandboxFlags(ww(), base, {}, { allowUnprotected: true }).flags).toContain('--allow-unprotected');
  });

  it('builds helper flags for read-only', () => {
    expect(linuxSandboxFlags({ mode: 'read-only', networkAccess: false }, base, { TMPDIR: base }).flags).toEqual(['--mode', 'read-only']);
  });
});
