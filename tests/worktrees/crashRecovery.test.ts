// A process killed (SIGKILL, no cleanup) in the middle of making or removing a
// worktree leaves a journal that recovery finishes or undoes; the user's
// checkout is never part of the damage.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorktree, listManagedWorktrees, recoverWorktreeOperations, removeWorktree } from '../../main/core/worktrees/index.js';
import { readJournal } from '../../main/core/worktrees/journal.js';
import { dirty, makeRepo, sh, snapshot } from '../support/gitRepo.js';
import { runInChild } from '../support/worktreeProcess.js';

const worktreeCount = (repo: string) => sh(repo, ['worktree', 'list', '--porcelain']).match(/^worktree /gm)!.length;

describe('crash recovery of worktree operations', () => {
  for (const point of ['create:after-intent', 'create:after-add']) {
    it(`undoes a create killed at ${point}`, async () => {
      const { repo, codexHome } = makeRepo();
      dirty(repo);
      const before = snapshot(repo);
      const child = await runInChild('create', { codexHome, source: repo, name: 'crashy' }, { crashAt: point });
      expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
      expect(readJournal(codexHome).entries).toHaveLength(1);

      const outcomes = await recoverWorktreeOperations(codexHome);
      expect(outcomes).toMatchObject([{ op: 'create', outcome: 'undone' }]);
      expect(readJournal(codexHome).entries).toHaveLength(0);
      expect(worktreeCount(repo)).toBe(1);
      expect(sh(repo, ['branch', '--list', 'codex/*'])).toBe('');
      expect(fs.readdirSync(path.join(codexHome, 'worktrees')).filter((n) => n !== '.journal')).toEqual([]);
      expect(snapshot(repo)).toEqual(before);
      // And a fresh create works afterwards, with the same branch name free again.
      expect((await createWorktree({ codexHome, source: repo, name: 'crashy' })).metadata.branch).toBe('codex/crashy');
    });
  }

  it('keeps a create killed after it had finished its metadata', async () => {
    const { repo, codexHome } = makeRepo();
    const child = await runInChild('create', { codexHome, source: repo, name: 'late' }, { crashAt: 'create:after-metadata' });
    expect((await child.exited).signal).toBe('SIGKILL');
    expect(await recoverWorktreeOperations(codexHome)).toMatchObject([{ op: 'create', outcome: 'kept' }]);
    expect((await listManagedWorktrees(codexHome, repo)).map((w) => w.metadata.branch)).toEqual(['codex/late']);
  });

  it('finishes a confirmed remove killed midway, and abandons one whose worktree changed since the confirmation', async () => {
    const { repo, codexHome } = makeRepo();
    const a = await createWorktree({ codexHome, source: repo, name: 'a' });
    const b = await createWorktree({ codexHome, source: repo, name: 'b' });
    fs.writeFileSync(path.join(a.path, 'wip.txt'), 'wip\n');
    fs.writeFileSync(path.join(b.path, 'wip.txt'), 'wip\n');
    const reportA = await removeWorktree(a.path, { codexHome });
    const reportB = await removeWorktree(b.path, { codexHome });
    if (reportA.removed || reportB.removed) throw new Error('dirty worktrees must not be removed unconfirmed');

    const killedA = await runInChild('remove', { path: a.path, opts: { codexHome, confirm: reportA.wouldLose.token } }, { crashAt: 'remove:after-worktree' });
    const killedB = await runInChild('remove', { path: b.path, opts: { codexHome, confirm: reportB.wouldLose.token } }, { crashAt: 'remove:after-intent' });
    await Promise.all([killedA.exited, killedB.exited]);
    expect(fs.existsSync(a.path)).toBe(false); // git's removal had happened
    expect(sh(repo, ['branch', '--list', 'codex/a'])).not.toBe(''); // but not the branch's
    fs.appendFileSync(path.join(b.path, 'wip.txt'), 'written after the confirmation\n');

    const outcomes = await recoverWorktreeOperations(codexHome);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['abandoned', 'finished']);
    expect(sh(repo, ['branch', '--list', 'codex/a'])).toBe('');
    expect(fs.existsSync(path.dirname(a.path))).toBe(false);
    expect(fs.readFileSync(path.join(b.path, 'wip.txt'), 'utf8')).toBe('wip\nwritten after the confirmation\n');
    expect(readJournal(codexHome).entries).toHaveLength(0);
  });

  it('undoing a dead create never deletes a branch another worktree has checked out (a racing create of the same name)', async () => {
    const { repo, codexHome } = makeRepo();
    const winner = await createWorktree({ codexHome, source: repo, name: 'same' });
    // The loser's journal names the same branch, written by a process that is gone.
    const dead = await runInChild('claim', { recordDir: winner.recordDir + '-none', threadId: 'x' });
    await dead.exited;
    const { journalDir } = await import('../../main/core/worktrees/journal.js');
    const loserDir = path.join(codexHome, 'worktrees', 'dead');
    fs.mkdirSync(loserDir);
    fs.writeFileSync(
      path.join(journalDir(codexHome), 'loser.json'),
      JSON.stringify({
        id: 'loser',
        op: 'create',
        step: 'intent',
        owner: { pid: dead.proc.pid, host: (await import('node:os')).hostname() },
        startedAt: new Date().toISOString(),
        data: { repoRoot: repo, idDir: loserDir, path: path.join(loserDir, 'project'), branch: 'codex/same', baseSha: winner.metadata.baseSha },
      }),
    );
    expect(await recoverWorktreeOperations(codexHome)).toMatchObject([{ op: 'create', outcome: 'undone' }]);
    expect(sh(repo, ['rev-parse', '--verify', 'codex/same'])).toBe(winner.metadata.baseSha);
    expect(sh(winner.path, ['symbolic-ref', '--short', 'HEAD'])).toBe('codex/same');
    expect(fs.existsSync(loserDir)).toBe(false);
  });

  it("leaves a live process's journal alone", async () => {
    const { repo, codexHome } = makeRepo();
    const wt = await createWorktree({ codexHome, source: repo });
    // An entry written by a process that is still running (this one) is an operation in progress.
    const { Journal } = await import('../../main/core/worktrees/journal.js');
    const j = Journal.begin(codexHome, 'create', 'intent', {
      repoRoot: repo,
      idDir: path.dirname(wt.path),
      path: wt.path,
      branch: wt.metadata.branch,
      baseSha: wt.metadata.baseSha,
    });
    expect(await recoverWorktreeOperations(codexHome)).toEqual([]);
    expect(fs.existsSync(wt.path)).toBe(true);
    expect(readJournal(codexHome).entries).toHaveLength(1);
    j.end();
  });
});
