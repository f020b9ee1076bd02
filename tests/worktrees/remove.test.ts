// Removing a worktree never loses work without a confirmation naming it, and
// cleanup is offered only for worktrees that are clean and merged.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanupCandidates, createWorktree, listManagedWorktrees, removeWorktree } from '../../main/core/worktrees/index.js';
import { makeRepo, sh } from '../support/gitRepo.js';

describe('removeWorktree', () => {
  it('removes a clean, unchanged worktree and its branch at once', async () => {
    const { repo, codexHome } = makeRepo();
    const wt = await createWorktree({ codexHome, source: repo, name: 'x' });
    const r = await removeWorktree(wt.path, { codexHome });
    expect(r).toMatchObject({ removed: true, deletedBranch: 'codex/x' });
    expect(fs.existsSync(wt.path)).toBe(false);
    expect(fs.existsSync(path.dirname(wt.path))).toBe(false);
    expect(sh(repo, ['branch', '--list', 'codex/x'])).toBe('');
    expect(sh(repo, ['worktree', 'list', '--porcelain']).match(/^worktree /gm)).toHaveLength(1);
  });

  it("first reports uncommitted files and unmerged commits, then removes only with that report's token", async () => {
    const { repo, codexHome } = makeRepo();
    const wt = await createWorktree({ codexHome, source: repo, name: 'work' });
    fs.writeFileSync(path.join(wt.path, 'a.txt'), 'changed\n');
    sh(wt.path, ['commit', '-q', '-am', 'agent commit']);
    fs.writeFileSync(path.join(wt.path, 'notes.md'), 'draft\n');

    const first = await removeWorktree(wt.path, { codexHome });
    expect(first.removed).toBe(false);
    if (first.removed) return;
    expect(first.wouldLose.uncommitted).toEqual([{ path: 'notes.md', status: '??' }]);
    expect(first.wouldLose.unmergedCommits.map((c) => c.subject)).toEqual(['agent commit']);
    expect(first.wouldLose.summary).toMatch(
      /1 uncommitted file \(notes\.md\) and 1 commit on codex\/work not merged into main nor pushed \([0-9a-f]{8} agent commit\)/,
    );
    expect(fs.existsSync(wt.path)).toBe(true);

    // A wrong token, or a token from before the worktree changed again, removes nothing.
    expect((await removeWorktree(wt.path, { codexHome, confirm: 'nope' })).removed).toBe(false);
    fs.appendFileSync(path.join(wt.path, 'notes.md'), 'more\n');
    const stale = await removeWorktree(wt.path, { codexHome, confirm: first.wouldLose.token });
    expect(stale.removed).toBe(false);
    expect(fs.readFileSync(path.join(wt.path, 'notes.md'), 'utf8')).toBe('draft\nmore\n');

    if (stale.removed) return;
    const done = await removeWorktree(wt.path, { codexHome, confirm: stale.wouldLose.token });
    expect(done).toMatchObject({ removed: true, deletedBranch: 'codex/work' });
    expect(fs.existsSync(wt.path)).toBe(false);
  });

  it('does not count commits that are merged into the base or pushed as lost, and offers cleanup only for clean merged worktrees', async () => {
    const { repo, codexHome, root } = makeRepo();
    const merged = await createWorktree({ codexHome, source: repo, name: 'merged' });
    fs.writeFileSync(path.join(merged.path, 'm.txt'), 'm\n');
    sh(merged.path, ['add', '.']);
    sh(merged.path, ['commit', '-q', '-m', 'to merge']);
    sh(repo, ['merge', '-q', '--ff-only', 'codex/merged']);

    const pushed = await createWorktree({ codexHome, source: repo, name: 'pushed' });
    fs.writeFileSync(path.join(pushed.path, 'p.txt'), 'p\n');
    sh(pushed.path, ['add', '.']);
    sh(pushed.path, ['commit', '-q', '-m', 'pushed work']);
    sh(root, ['init', '-q', '--bare', 'remote.git']);
    sh(repo, ['remote', 'add', 'origin', path.join(root, 'remote.git')]);
    sh(pushed.path, ['push', '-q', 'origin', 'codex/pushed']);

    const unmerged = await createWorktree({ codexHome, source: repo, name: 'unmerged' });
    fs.writeFileSync(path.join(unmerged.path, 'u.txt'), 'u\n');
    sh(unmerged.path, ['add', '.']);
    sh(unmerged.path, ['commit', '-q', '-m', 'local only']);

    const dirtyOne = await createWorktree({ codexHome, source: repo, name: 'dirty' });
    fs.writeFileSync(path.join(dirtyOne.path, 'a.txt'), 'edited\n');
    fs.writeFileSync(path.join(repo, 'later.txt'), 'l\n'); // the base moves on after the worktrees were made
    sh(repo, ['add', 'later.txt']);
    sh(repo, ['commit', '-q', '-m', 'later on main']);

    const list = await listManagedWorktrees(codexHome, repo);
    const byBranch = Object.fromEntries(list.map((w) => [w.metadata.branch, w]));
    expect(byBranch['codex/unmerged']).toMatchObject({ ahead: 1, behind: 1, dirty: false });
    expect(byBranch['codex/dirty']).toMatchObject({ ahead: 0, behind: 1, dirty: true });
    expect((await cleanupCandidates(codexHome, repo)).map((w) => w.metadata.branch).sort()).toEqual(['codex/merged', 'codex/pushed']);

    expect((await removeWorktree(pushed.path, { codexHome })).removed).toBe(true);
    expect((await removeWorktree(unmerged.path, { codexHome })).removed).toBe(false);
    expect((await removeWorktree(dirtyOne.path, { codexHome })).removed).toBe(false);
  });

  it('refuses a path that is not a managed worktree', async () => {
    const { repo, codexHome, root } = makeRepo();
    sh(repo, ['worktree', 'add', '-q', path.join(root, 'mine'), '-b', 'mine']);
    await expect(removeWorktree(path.join(root, 'mine'), { codexHome })).rejects.toThrow(/not a worktree managed by Codex \(not at .*worktrees\/<id>\/<name>/);
    // Under the root but made by hand (no record of ours): still refused.
    const handMade = path.join(codexHome, 'worktrees', 'beef', 'project');
    sh(repo, ['worktree', 'add', '-q', handMade, '-b', 'hand']);
    await expect(removeWorktree(handMade, { codexHome })).rejects.toThrow(/no Codex record in/);
    expect(fs.existsSync(path.join(handMade, 'a.txt'))).toBe(true);
    await expect(removeWorktree(repo, { codexHome })).rejects.toThrow(/not a worktree managed by Codex/);
    expect(fs.existsSync(path.join(root, 'mine', 'a.txt'))).toBe(true);
  });
});
