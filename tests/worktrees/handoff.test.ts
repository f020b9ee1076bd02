// Handoff moves uncommitted work between the Local checkout and a worktree by
// patch, verified, never by reset --hard or stash; conflicts move nothing; a
// crash at any step is finished or undone by recovery.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorktree, handoff, HandoffConflictError, recoverWorktreeOperations } from '../../main/core/worktrees/index.js';
import { readJournal } from '../../main/core/worktrees/journal.js';
import { makeRepo, sh, snapshot } from '../support/gitRepo.js';
import { runInChild } from '../support/worktreeProcess.js';

/** Every kind of change: modified, staged, new (incl. a new empty dir's file), deleted, renamed, binary, mode, symlink. */
function makeWork(dir: string): void {
  fs.appendFileSync(path.join(dir, 'a.txt'), 'four\n');
  fs.writeFileSync(path.join(dir, 'bin.dat'), Buffer.from([9, 0, 8, 0, 255, 7]));
  fs.rmSync(path.join(dir, '.gitignore'));
  sh(dir, ['mv', 'src/b.txt', 'src/renamed.txt']);
  fs.mkdirSync(path.join(dir, 'fresh'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'fresh', 'new.txt'), 'brand new\n');
  fs.writeFileSync(path.join(dir, 'run.sh'), '#!/bin/sh\necho run\n', { mode: 0o755 });
  fs.symlinkSync('a.txt', path.join(dir, 'link'));
  sh(dir, ['add', 'run.sh']); // one staged new file
}

/** The checkout's files only (no .git), for comparing two checkouts. */
function files(dir: string): Record<string, string> {
  const s = snapshot(dir);
  return Object.fromEntries(Object.entries(s).filter(([k]) => !k.startsWith('.git/') && k !== 'HEAD commit'));
}

const cleanStatus = (dir: string) => sh(dir, ['status', '--porcelain', '--untracked-files=all']);

describe('handoff', () => {
  it('moves every kind of change Local → Worktree and back, leaving the source clean and no stash', async () => {
    const { repo, codexHome } = makeRepo();
    const wt = await createWorktree({ codexHome, source: repo });
    makeWork(repo);
    const work = files(repo);

    const there = await handoff({ codexHome, from: repo, to: wt.path });
    expect(there.moved).toEqual(['.gitignore', 'a.txt', 'bin.dat', 'fresh/new.txt', 'link', 'run.sh', 'src/b.txt', 'src/renamed.txt']);
    expect(files(wt.path)).toEqual(work);
    expect(cleanStatus(repo)).toBe('');
    expect(sh(repo, ['stash', 'list'])).toBe('');

    const back = await handoff({ codexHome, from: wt.path, to: repo });
    expect(back.moved).toHaveLength(8);
    expect(files(repo)).toEqual(work);
    expect(cleanStatus(wt.path)).toBe('');
    expect(sh(repo, ['stash', 'list'])).toBe('');
    expect(readJournal(codexHome).entries).toHaveLength(0);
    // The backup tree holds the whole work: a user can always get it back.
    expect(sh(repo, ['show', `${there.backupTree}:fresh/new.txt`])).toBe('brand new');
  });

  it('moves nothing when the target has its own changes in those files, and says which', async () => {
    const { repo, codexHome } = makeRepo();
    const wt = await createWorktree({ codexHome, source: repo });
    makeWork(repo);
    fs.writeFileSync(path.join(wt.path, 'a.txt'), "the worktree's own edit\n");
    fs.writeFileSync(path.join(wt.path, 'fresh.txt'), 'unrelated\n');
    const src = snapshot(repo);
    const dst = snapshot(wt.path);
    const err = await handoff({ codexHome, from: repo, to: wt.path }).catch((e) => e);
    expect(err).toBeInstanceOf(HandoffConflictError);
    expect(err.message).toBe(`handoff refused, nothing was moved: ${wt.path} has its own uncommitted changes in: a.txt`);
    expect(snapshot(repo)).toEqual(src);
    expect(snapshot(wt.path)).toEqual(dst);
  });

  it("moves nothing when the change does not apply to the target's committed content", async () => {
    const { repo, codexHome } = makeRepo();
    const wt = await createWorktree({ codexHome, source: repo });
    fs.writeFileSync(path.join(wt.path, 'a.txt'), 'rewritten on the branch\n');
    sh(wt.path, ['commit', '-qam', 'branch rewrite']);
    fs.appendFileSync(path.join(repo, 'a.txt'), 'four\n');
    const src = snapshot(repo);
    const err = await handoff({ codexHome, from: repo, to: wt.path }).catch((e) => e);
    expect(err).toBeInstanceOf(HandoffConflictError);
    expect(err.message).toMatch(/^handoff refused, nothing was moved: the changes do not apply to .*: a\.txt$/);
    expect(snapshot(repo)).toEqual(src);
    expect(cleanStatus(wt.path)).toBe('');
  });

  for (const [point, expected] of [
    ['handoff:after-intent', 'undone'],
    ['handoff:after-apply', 'undone'],
    ['handoff:after-verify', 'finished'],
    ['handoff:after-unstage', 'finished'],
  ] as const) {
    it(`recovers a handoff killed at ${point} (${expected})`, async () => {
      const { repo, codexHome } = makeRepo();
      const wt = await createWorktree({ codexHome, source: repo });
      makeWork(repo);
      const work = files(repo);
      const child = await runInChild('handoff', { codexHome, from: repo, to: wt.path }, { crashAt: point });
      expect((await child.exited).signal).toBe('SIGKILL');

      expect(await recoverWorktreeOperations(codexHome)).toMatchObject([{ op: 'handoff', outcome: expected }]);
      expect(readJournal(codexHome).entries).toHaveLength(0);
      if (expected === 'undone') {
        expect(files(repo)).toEqual(work); // all the work is still in the source
        expect(cleanStatus(wt.path)).toBe('');
      } else {
        expect(files(wt.path)).toEqual(work);
        expect(cleanStatus(repo)).toBe('');
      }
      expect(sh(repo, ['stash', 'list'])).toBe('');
    });
  }
});
