// The review pane's git operations on a real repository: staged and unstaged
// diffs apart, the branch against its base, and per-file and per-hunk stage,
// unstage and revert (with undo), checked against git's own view afterwards.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  branchDiff,
  revertFile,
  revertHunk,
  stageFile,
  stageHunk,
  StaleHunkError,
  uncommittedDiff,
  undoRevert,
  unstageFile,
  unstageHunk,
} from '../../main/core/worktrees/review.js';
import { makeRepo, sh } from '../support/gitRepo.js';

const LINES = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);

/** A repository whose long.txt has two separate edits (two hunks), plus a staged file and an untracked one. */
function setup() {
  const t = makeRepo();
  fs.writeFileSync(path.join(t.repo, 'long.txt'), LINES.join('\n') + '\n');
  sh(t.repo, ['add', 'long.txt']);
  sh(t.repo, ['commit', '-qm', 'long']);
  const edited = [...LINES];
  edited[1] = 'line 2 EDITED';
  edited[25] = 'line 26 EDITED';
  fs.writeFileSync(path.join(t.repo, 'long.txt'), edited.join('\n') + '\n');
  fs.writeFileSync(path.join(t.repo, 'src', 'b.txt'), 'bee staged\n');
  sh(t.repo, ['add', 'src/b.txt']);
  fs.writeFileSync(path.join(t.repo, 'notes.md'), 'untracked notes\n');
  return t;
}

describe('review diffs', () => {
  it('lists staged and unstaged changes apart, untracked files as new files, with hunks', async () => {
    const { repo } = setup();
    const d = await uncommittedDiff(repo);
    expect(d.staged.map((f) => [f.path, f.status])).toEqual([['src/b.txt', 'modified']]);
    expect(d.unstaged.map((f) => [f.path, f.status])).toEqual([
      ['long.txt', 'modified'],
      ['notes.md', 'added'],
    ]);
    expect(d.untracked).toEqual(['notes.md']);
    expect(d.unstaged[0]!.hunks.map((h) => h.header)).toEqual(['@@ -1,5 +1,5 @@', '@@ -23,7 +23,7 @@ line 22']);
  });

  it('stages and unstages a single hunk through the index only', async () => {
    const { repo } = setup();
    const before = fs.readFileSync(path.join(repo, 'long.txt'), 'utf8');
    const second = (await uncommittedDiff(repo)).unstaged[0]!.hunks[1]!;
    await stageHunk(repo, 'long.txt', second);
    expect(sh(repo, ['diff', '--cached', '--', 'long.txt'])).toContain('+line 26 EDITED');
    expect(sh(repo, ['diff', '--cached', '--', 'long.txt'])).not.toContain('line 2 EDITED');
    expect(sh(repo, ['diff', '--', 'long.txt'])).toContain('+line 2 EDITED');
    expect(fs.readFileSync(path.join(repo, 'long.txt'), 'utf8')).toBe(before);

    const staged = (await uncommittedDiff(repo)).staged.find((f) => f.path === 'long.txt')!.hunks[0]!;
    await unstageHunk(repo, 'long.txt', staged);
    expect(sh(repo, ['diff', '--cached', '--name-only'])).toBe('src/b.txt');
    expect(fs.readFileSync(path.join(repo, 'long.txt'), 'utf8')).toBe(before);
  });

  it('stages a hunk of an untracked file and whole files, and unstages files', async () => {
    const { repo } = setup();
    const notes = (await uncommittedDiff(repo)).unstaged.find((f) => f.path === 'notes.md')!;
    await stageHunk(repo, 'notes.md', notes.hunks[0]!);
    expect(sh(repo, ['diff', '--cached', '--name-status'])).toBe('A\tnotes.md\nM\tsrc/b.txt');
    await unstageFile(repo, 'src/b.txt');
    await stageFile(repo, 'long.txt');
    expect(sh(repo, ['diff', '--cached', '--name-status'])).toBe('M\tlong.txt\nA\tnotes.md');
    expect(fs.readFileSync(path.join(repo, 'src', 'b.txt'), 'utf8')).toBe('bee staged\n');
  });

  it('reverts one hunk or a whole file and undoes the revert', async () => {
    const { repo } = setup();
    const edited = fs.readFileSync(path.join(repo, 'long.txt'), 'utf8');
    const first = (await uncommittedDiff(repo)).unstaged[0]!.hunks[0]!;
    const undo = await revertHunk(repo, 'long.txt', first);
    const now = fs.readFileSync(path.join(repo, 'long.txt'), 'utf8');
    expect(now).toContain('line 2\n');
    expect(now).toContain('line 26 EDITED');
    await undoRevert(undo);
    expect(fs.readFileSync(path.join(repo, 'long.txt'), 'utf8')).toBe(edited);

    const undoNotes = await revertFile(repo, 'notes.md');
    expect(fs.existsSync(path.join(repo, 'notes.md'))).toBe(false);
    const undoLong = await revertFile(repo, 'long.txt');
    expect(sh(repo, ['diff', '--name-only'])).toBe('');
    await undoRevert(undoNotes);
    await undoRevert(undoLong);
    expect(fs.readFileSync(path.join(repo, 'notes.md'), 'utf8')).toBe('untracked notes\n');
    expect(fs.readFileSync(path.join(repo, 'long.txt'), 'utf8')).toBe(edited);
    // The staged change was never touched by any of this.
    expect(sh(repo, ['diff', '--cached', '--name-only'])).toBe('src/b.txt');
  });

  it('refuses a hunk that is no longer in the file, changing nothing', async () => {
    const { repo } = setup();
    const first = (await uncommittedDiff(repo)).unstaged[0]!.hunks[0]!;
    const lines = fs.readFileSync(path.join(repo, 'long.txt'), 'utf8').replace('line 2 EDITED', 'line 2 EDITED AGAIN');
    fs.writeFileSync(path.join(repo, 'long.txt'), lines);
    await expect(revertHunk(repo, 'long.txt', first)).rejects.toBeInstanceOf(StaleHunkError);
    await expect(stageHunk(repo, 'long.txt', first)).rejects.toThrow(/no longer in the diff/);
    expect(fs.readFileSync(path.join(repo, 'long.txt'), 'utf8')).toBe(lines);
  });

  it("diffs the branch against its base from the merge-base, not the base's later commits", async () => {
    const { repo } = makeRepo();
    sh(repo, ['checkout', '-q', '-b', 'feature']);
    sh(repo, ['mv', 'src/b.txt', 'src/bee.txt']);
    fs.writeFileSync(path.join(repo, 'f.txt'), 'f\n');
    sh(repo, ['add', '-A']);
    sh(repo, ['commit', '-qm', 'feature work']);
    sh(repo, ['checkout', '-q', 'main']);
    fs.writeFileSync(path.join(repo, 'main-only.txt'), 'm\n');
    sh(repo, ['add', '-A']);
    sh(repo, ['commit', '-qm', 'main moves on']);
    sh(repo, ['checkout', '-q', 'feature']);
    const d = await branchDiff(repo, 'main');
    expect(d.mergeBase).toBe(sh(repo, ['rev-parse', 'main~1']));
    expect(d.files.map((f) => [f.path, f.status, f.oldPath])).toEqual([
      ['f.txt', 'added', undefined],
      ['src/bee.txt', 'renamed', 'src/b.txt'],
    ]);
    await expect(branchDiff(repo, 'nope')).rejects.toThrow(/nope and HEAD of .* have no common ancestor/);
  });
});
