import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findRepositoryRoot, hasRepositoryMarker, hasRepositoryMarkerAsync } from './repoMarker.js';

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'codex-repo-marker-')));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function dir(...parts: string[]): string {
  const d = path.join(tmp, ...parts);
  fs.mkdirSync(d, { recursive: true });
  return d;
}

describe('repository markers', () => {
  it('takes a .git directory with HEAD, as git does', async () => {
    const repo = dir('real');
    fs.mkdirSync(path.join(repo, '.git'));
    fs.writeFileSync(path.join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    expect(hasRepositoryMarker(repo)).toBe(true);
    expect(await hasRepositoryMarkerAsync(repo)).toBe(true);
  });

  it('takes a gitdir: file (worktrees, submodules)', async () => {
    const wt = dir('worktree');
    fs.writeFileSync(path.join(wt, '.git'), 'gitdir: /elsewhere/.git/worktrees/x\n');
    expect(hasRepositoryMarker(wt)).toBe(true);
    expect(await hasRepositoryMarkerAsync(wt)).toBe(true);
  });

  it('ignores the sandbox placeholder: an empty, read-only .git directory', async () => {
    const parent = dir('placeholder-parent');
    fs.mkdirSync(path.join(parent, '.git'), { mode: 0o500 });
    const child = dir('placeholder-parent', 'project', 'src');
    expect(hasRepositoryMarker(parent)).toBe(false);
    expect(await hasRepositoryMarkerAsync(parent)).toBe(false);
    expect(findRepositoryRoot(child)).toBeUndefined();
  });

  it('ignores a .git file that is not a gitdir pointer', () => {
    const d = dir('junk-file');
    fs.writeFileSync(path.join(d, '.git'), '');
    expect(hasRepositoryMarker(d)).toBe(false);
  });

  it('finds the nearest repository root above a directory', () => {
    const repo = dir('outer');
    fs.mkdirSync(path.join(repo, '.git'));
    fs.writeFileSync(path.join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    expect(findRepositoryRoot(dir('outer', 'a', 'b'))).toBe(repo);
  });
});
