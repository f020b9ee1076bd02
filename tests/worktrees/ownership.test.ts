// One thread per worktree, across real processes, and recovery of a dead owner's lock.
import { describe, expect, it } from 'vitest';
import { claimWorktree, createWorktree, currentOwner, removeWorktree, WorktreeBusyError } from '../../main/core/worktrees/index.js';
import { makeRepo } from '../support/gitRepo.js';
import { runInChild } from '../support/worktreeProcess.js';

describe('worktree ownership', () => {
  it('refuses a second claim while another process holds the worktree, and takes it over once that process is dead', async () => {
    const { repo, codexHome } = makeRepo();
    const wt = await createWorktree({ codexHome, source: repo });

    const holder = await runInChild('claim', { recordDir: wt.recordDir, threadId: 'thread-A', holdMs: 60_000 });
    expect(await holder.firstLine).toEqual({ claimed: 'thread-A' });

    let refused: unknown;
    try {
      claimWorktree(wt.recordDir, 'thread-B', wt.path);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(WorktreeBusyError);
    expect((refused as Error).message).toContain('in use by thread thread-A');
    expect((refused as Error).message).toContain(`process ${holder.proc.pid}`);
    // A second claim from yet another process is refused too.
    const other = await runInChild('claim', { recordDir: wt.recordDir, threadId: 'thread-C' });
    expect(await other.firstLine).toMatchObject({ name: 'WorktreeBusyError' });
    // Nor can the worktree be removed under the live thread.
    await expect(removeWorktree(wt.path, { codexHome })).rejects.toThrow(/in use by thread thread-A/);

    holder.proc.kill('SIGKILL');
    await holder.exited;
    expect(currentOwner(wt.recordDir)).toBeUndefined();
    const claim = claimWorktree(wt.recordDir, 'thread-B', wt.path);
    expect(currentOwner(wt.recordDir)?.threadId).toBe('thread-B');
    claim.release();
    expect(currentOwner(wt.recordDir)).toBeUndefined();
  });

  it('lets exactly one of several processes racing for a free worktree win', async () => {
    const { repo, codexHome } = makeRepo();
    const wt = await createWorktree({ codexHome, source: repo });
    const racers = await Promise.all([1, 2, 3, 4].map((n) => runInChild('claim', { recordDir: wt.recordDir, threadId: `t${n}`, holdMs: 3_000 })));
    const lines = await Promise.all(racers.map((r) => r.firstLine));
    expect(lines.filter((l) => l.claimed)).toHaveLength(1);
    expect(lines.filter((l) => l.name === 'WorktreeBusyError')).toHaveLength(3);
    await Promise.all(racers.map((r) => r.exited));
  });
});
