// Making a worktree thread's checkout with the real git: where it goes, its
// branch, and that the user's Local checkout is left byte for byte as it was.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorktree } from '../../main/core/worktrees/index.js';
import { dirty, makeRepo, sh, snapshot } from '../support/gitRepo.js';

describe('createWorktree', () => {
  it('makes $CODEX_HOME/worktrees/<id>/<repo> on a new codex/<slug> branch from HEAD, leaving the dirty checkout untouched', async () => {
    const { repo, codexHome } = makeRepo();
    dirty(repo);
    const before = snapshot(repo);
    const statusBefore = sh(repo, ['status', '--porcelain=v2', '--untracked-files=all', '--ignored']);

    const wt = await createWorktree({ codexHome, source: repo, name: 'Fix the parser!' });

    expect(path.relative(codexHome, wt.path)).toMatch(/^worktrees\/[0-9a-f]{4}\/project$/);
    expect(wt.metadata.branch).toBe('codex/fix-the-parser');
    expect(sh(wt.path, ['symbolic-ref', '--short', 'HEAD'])).toBe('codex/fix-the-parser');
    expect(sh(wt.path, ['rev-parse', 'HEAD'])).toBe(sh(repo, ['rev-parse', 'HEAD']));
    expect(wt.metadata.baseBranch).toBe('main');
    // The new checkout is clean: none of the Local checkout's uncommitted work was copied or moved.
    expect(sh(wt.path, ['status', '--porcelain', '--untracked-files=all'])).toBe('');
    expect(fs.readFileSync(path.join(wt.path, 'a.txt'), 'utf8')).toBe('one\ntwo\nthree\n');

    expect(snapshot(repo)).toEqual(before);
    expect(sh(repo, ['status', '--porcelain=v2', '--untracked-files=all', '--ignored'])).toBe(statusBefore);
    // Codex's own ownership record sits in the worktree's git dir.
    expect(JSON.parse(fs.readFileSync(path.join(wt.gitDir, 'codex-thread.json'), 'utf8'))).toEqual({ version: 1, ownerThreadId: null });
  });

  it('starts from a named branch, keeps a subdirectory cwd, and never reuses an existing branch name', async () => {
    const { repo, codexHome } = makeRepo();
    sh(repo, ['checkout', '-q', '-b', 'feature']);
    fs.writeFileSync(path.join(repo, 'feature.txt'), 'f\n');
    sh(repo, ['add', '.']);
    sh(repo, ['commit', '-q', '-m', 'feature']);
    sh(repo, ['checkout', '-q', 'main']);
    sh(repo, ['branch', 'codex/task', 'feature']); // a user's branch with that name already exists
    const userBranchTip = sh(repo, ['rev-parse', 'codex/task']);

    const a = await createWorktree({ codexHome, source: path.join(repo, 'src'), base: 'main', name: 'task' });
    const b = await createWorktree({ codexHome, source: repo, base: 'feature', name: 'task' });

    expect(a.metadata.branch).toBe('codex/task-2');
    expect(b.metadata.branch).toBe('codex/task-3');
    expect(a.cwd).toBe(path.join(a.path, 'src'));
    expect(fs.existsSync(path.join(a.path, 'feature.txt'))).toBe(false);
    expect(fs.existsSync(path.join(b.path, 'feature.txt'))).toBe(true);
    expect(b.metadata.baseBranch).toBe('feature');
    expect(sh(repo, ['rev-parse', 'codex/task'])).toBe(userBranchTip);
    expect(a.path).not.toBe(b.path);
  });

  it('names what is wrong with a bad base or a non-repository, and leaves nothing behind', async () => {
    const { repo, codexHome, root } = makeRepo();
    await expect(createWorktree({ codexHome, source: repo, base: 'no-such-branch' })).rejects.toThrow(/base "no-such-branch" names no commit/);
    fs.mkdirSync(path.join(root, 'plain'));
    await expect(createWorktree({ codexHome, source: path.join(root, 'plain') })).rejects.toThrow(/not inside a git repository/);
    expect(sh(repo, ['worktree', 'list', '--porcelain']).match(/^worktree /gm)).toHaveLength(1);
    expect(fs.existsSync(path.join(codexHome, 'worktrees')) ? fs.readdirSync(path.join(codexHome, 'worktrees')).filter((n) => n !== '.journal') : []).toEqual(
      [],
    );
  });
});
