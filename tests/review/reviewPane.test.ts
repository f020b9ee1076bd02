// The review pane's methods over the real `codex app-server` on real git
// repositories: the diff of uncommitted changes (staged and unstaged apart), of
// a branch against its base and of the last turn; stage, unstage and revert of
// a hunk or a file, each checked against git's own view; revert undone byte
// for byte; nothing outside the shown diff touched; comments as one follow-up
// turn the model receives with file and line.
import { beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { responses as R } from '../support/scriptedServer.js';
import { scriptedSuite } from '../support/cli.js';
import { AppServerClient } from '../support/appServerClient.js';
import { dirty, makeRepo, sh } from '../support/gitRepo.js';

const t = scriptedSuite();
let client: AppServerClient;
let repo: string;
beforeEach(async () => {
  repo = makeRepo().repo;
  client = AppServerClient.spawn(t.sb);
  await client.initialized;
  return () => client.close();
});

async function ok(method: string, params: unknown): Promise<any> {
  const res = await client.request(method, params);
  expect(res.error, `${method}: ${JSON.stringify(res.error)}`).toBeUndefined();
  return res.result;
}
async function err(method: string, params: unknown): Promise<{ code: number; message: string }> {
  const res = await client.request(method, params);
  expect(res.error, `${method} should fail: ${JSON.stringify(res.result)}`).toBeDefined();
  return res.error;
}
async function thread(cwd = repo, sandbox = 'read-only'): Promise<string> {
  return (await ok('thread/start', { cwd, sandbox, approvalPolicy: 'never' })).thread.id;
}
const section = (d: any, kind: string) => d.sections.find((s: any) => s.kind === kind).files;
const file = (files: any[], p: string) => files.find((f) => f.path === p);

/** a.txt of 30 numbered lines, committed; then lines 2 and 28 changed: two hunks. */
function twoHunks(): string {
  const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
  fs.writeFileSync(path.join(repo, 'a.txt'), lines.join('\n') + '\n');
  sh(repo, ['commit', '-qam', 'thirty lines']);
  lines[1] = 'line 2 CHANGED';
  lines[27] = 'line 28 CHANGED';
  const text = lines.join('\n') + '\n';
  fs.writeFileSync(path.join(repo, 'a.txt'), text);
  return text;
}

describe('review/diff', () => {
  it('uncommitted: staged and unstaged apart, untracked files marked, paths from the repository root even from a subfolder', async () => {
    dirty(repo);
    const id = await thread(path.join(repo, 'src'));
    const d = await ok('review/diff', { threadId: id, scope: 'uncommitted' });
    expect(d.root).toBe(repo);
    expect(section(d, 'staged').map((f: any) => f.path)).toEqual(['src/b.txt']);
    expect(section(d, 'staged')[0].hunks[0].text).toContain('+staged change\n');
    const unstaged = section(d, 'unstaged');
    expect(unstaged.map((f: any) => f.path).sort()).toEqual(['a.txt', 'new.txt', 'src/b.txt']);
    expect(file(unstaged, 'new.txt')).toMatchObject({ status: 'added', untracked: true });
    expect(file(unstaged, 'a.txt')).toMatchObject({ status: 'modified', untracked: false });
    expect(file(unstaged, 'a.txt').hunks[0].text).toContain('+unstaged line\n');
    expect(file(unstaged, 'src/b.txt').hunks[0].text).toContain('+then unstaged on top\n');
  });

  it('branch: the branch commits from the merge-base; an unknown base is named', async () => {
    sh(repo, ['checkout', '-q', '-b', 'feature']);
    fs.writeFileSync(path.join(repo, 'f.txt'), 'feature\n');
    sh(repo, ['add', 'f.txt']);
    sh(repo, ['commit', '-qm', 'feature']);
    const id = await thread();
    const d = await ok('review/diff', { threadId: id, scope: 'branch', base: 'main' });
    expect(d.mergeBase).toBe(sh(repo, ['rev-parse', 'main']));
    expect(section(d, 'branch').map((f: any) => [f.path, f.status])).toEqual([['f.txt', 'added']]);
    expect((await err('review/diff', { threadId: id, scope: 'branch', base: 'nope' })).message).toContain('nope');
    expect((await err('review/diff', { threadId: id, scope: 'branch' })).message).toBe('base: the branch scope needs the base branch to compare with');
  });

  it("lastTurn: the file edits of the thread's last turn that made any", async () => {
    const id = await thread(repo, 'workspace-write');
    const patch = [
      '*** Begin Patch',
      '*** Update File: a.txt',
      '@@',
      ' one',
      '-two',
      '+TWO',
      ' three',
      '*** Add File: made.txt',
      '+made',
      '*** End Patch',
    ].join('\n');
    t.server.enqueue(R.customToolCall({ input: patch, callId: 'p1' }), R.message('edited'));
    const turn = await ok('turn/start', { threadId: id, input: [{ type: 'text', text: 'edit' }] });
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === turn.turn.id);
    expect(fs.readFileSync(path.join(repo, 'a.txt'), 'utf8')).toBe('one\nTWO\nthree\n');
    // A later turn without edits does not hide them.
    t.server.enqueue(R.message('nothing to do'));
    const quiet = await ok('turn/start', { threadId: id, input: [{ type: 'text', text: 'thanks' }] });
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === quiet.turn.id);

    const d = await ok('review/diff', { threadId: id, scope: 'lastTurn' });
    expect(d.turnId).toBe(turn.turn.id);
    const files = section(d, 'lastTurn');
    expect(files.map((f: any) => [f.path, f.status])).toEqual([
      ['a.txt', 'modified'],
      ['made.txt', 'added'],
    ]);
    expect(files[0].hunks[0].text).toContain('-two\n+TWO\n');
  });
});

describe('lazy review/diff and review/fileDiff', () => {
  it('lists files with the hunks of the first screenful only, then gives the hunks of named files with their fingerprint and line counts', async () => {
    dirty(repo);
    // 40 more changed files: the first 30 files shown (in the pane's order) come with hunks, the rest without.
    for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(repo, `z${String(i).padStart(2, '0')}.txt`), `file ${i}\n`);
    sh(repo, ['add', '-N', '--', 'z*.txt']);
    // Touched, not changed: listed from stat data, dropped once its diff (empty) is read.
    fs.utimesSync(path.join(repo, 'bin.dat'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    const id = await thread();
    const d = await ok('review/diff', { threadId: id, scope: 'uncommitted', lazy: true });
    expect(section(d, 'staged').map((f: any) => [f.path, f.status, f.hunks?.length])).toEqual([['src/b.txt', 'modified', 1]]);
    const unstaged = section(d, 'unstaged');
    expect(unstaged.slice(0, 2).map((f: any) => [f.path, f.status, f.untracked, f.hunks?.length])).toEqual([
      ['a.txt', 'modified', false, 1],
      ['src/b.txt', 'modified', false, 1],
    ]);
    expect(unstaged.map((f: any) => f.path)).not.toContain('bin.dat');
    // 1 staged + 29 unstaged asked for (bin.dat among them, then dropped): a.txt, src/b.txt, z00…z25.
    expect(unstaged.filter((f: any) => f.hunks).length).toBe(28);
    expect(unstaged.filter((f: any) => !f.hunks).map((f: any) => f.path)).toEqual([...Array.from({ length: 14 }, (_, i) => `z${26 + i}.txt`), 'new.txt']);
    expect(file(unstaged, 'new.txt')).toMatchObject({ status: 'added', untracked: true, hunks: null });
    const { files } = await ok('review/fileDiff', { threadId: id, section: 'unstaged', paths: ['a.txt', 'new.txt'] });
    expect(files.map((f: any) => [f.path, f.untracked, f.added, f.removed])).toEqual([
      ['a.txt', false, 1, 0],
      ['new.txt', true, 1, 0],
    ]);
    expect(files[0].hunks[0].text).toContain('+unstaged line\n');
    expect(files[0].fingerprint).toMatch(/^[0-9a-f]{32}$/);
    // The same hunks the eager diff gives, and the same fingerprint.
    const eager = await ok('review/diff', { threadId: id, scope: 'uncommitted' });
    expect(file(section(eager, 'unstaged'), 'a.txt')).toEqual(files[0]);
    const staged = await ok('review/fileDiff', { threadId: id, section: 'staged', paths: ['src/b.txt', 'a.txt'] });
    expect(staged.files.map((f: any) => f.path)).toEqual(['src/b.txt']);
    expect((await err('review/fileDiff', { threadId: id, section: 'unstaged', paths: ['../x'] })).message).toContain('paths[0]');
    expect((await err('review/fileDiff', { threadId: id, section: 'branch', paths: ['a.txt'] })).message).toBe(
      'base: the branch scope needs the base branch to compare with',
    );
  });

  it('branch scope: files with renames from the merge-base, hunks on request', async () => {
    sh(repo, ['checkout', '-q', '-b', 'feature']);
    sh(repo, ['mv', 'a.txt', 'moved.txt']);
    fs.writeFileSync(path.join(repo, 'f.txt'), 'feature\n');
    sh(repo, ['add', '-A']);
    sh(repo, ['commit', '-qm', 'feature']);
    const id = await thread();
    const d = await ok('review/diff', { threadId: id, scope: 'branch', base: 'main', lazy: true });
    expect(d.mergeBase).toBe(sh(repo, ['rev-parse', 'main']));
    expect(section(d, 'branch').map((f: any) => [f.path, f.oldPath, f.status])).toEqual([
      ['f.txt', null, 'added'],
      ['moved.txt', 'a.txt', 'renamed'],
    ]);
    const { files } = await ok('review/fileDiff', { threadId: id, section: 'branch', base: 'main', paths: ['f.txt', 'moved.txt'] });
    expect(files.map((f: any) => [f.path, f.oldPath, f.status])).toEqual([
      ['f.txt', null, 'added'],
      ['moved.txt', 'a.txt', 'renamed'],
    ]);
    expect(files[0].hunks[0].text).toBe('@@ -0,0 +1 @@\n+feature\n');
  });

  it('a hunk of a lazily loaded file stages; once the file has changed since it was shown, its hunks are refused and nothing is applied', async () => {
    twoHunks();
    const id = await thread();
    const { files } = await ok('review/fileDiff', { threadId: id, section: 'unstaged', paths: ['a.txt'] });
    const [first, second] = files[0].hunks;
    await ok('review/stage', { threadId: id, path: 'a.txt', hunk: first, fingerprint: files[0].fingerprint });
    expect(sh(repo, ['diff', '--cached'])).toContain('+line 2 CHANGED');

    const again = (await ok('review/fileDiff', { threadId: id, section: 'unstaged', paths: ['a.txt'] })).files[0];
    expect(again.hunks).toEqual([second]);
    // The file changes elsewhere: the second hunk's own text is as shown, but the file is not.
    const lines = fs.readFileSync(path.join(repo, 'a.txt'), 'utf8').split('\n');
    lines[14] = 'line 15 EDITED BY SOMEONE ELSE';
    fs.writeFileSync(path.join(repo, 'a.txt'), lines.join('\n'));
    const index = sh(repo, ['diff', '--cached']);
    const worktree = fs.readFileSync(path.join(repo, 'a.txt'), 'utf8');
    for (const method of ['review/stage', 'review/revert']) {
      const e = await err(method, { threadId: id, path: 'a.txt', hunk: second, fingerprint: again.fingerprint });
      expect(e.message).toBe('the diff of a.txt is not the one shown (the file changed since it was shown); refresh the diff and try again');
    }
    const fileWide = await err('review/stage', { threadId: id, path: 'a.txt', fingerprint: again.fingerprint });
    expect(fileWide.message).toContain('the diff of a.txt is not the one shown');
    expect(sh(repo, ['diff', '--cached'])).toBe(index);
    expect(fs.readFileSync(path.join(repo, 'a.txt'), 'utf8')).toBe(worktree);
    // Staged side too: the index changes under a shown staged hunk.
    const shownStaged = (await ok('review/fileDiff', { threadId: id, section: 'staged', paths: ['a.txt'] })).files[0];
    sh(repo, ['add', 'a.txt']);
    expect((await err('review/unstage', { threadId: id, path: 'a.txt', hunk: shownStaged.hunks[0], fingerprint: shownStaged.fingerprint })).message).toContain(
      'the diff of a.txt is not the one shown',
    );
  });
});

describe('stage / unstage / revert', () => {
  it('stages and unstages one hunk of two; the index holds exactly that hunk', async () => {
    twoHunks();
    const id = await thread();
    const before = await ok('review/diff', { threadId: id, scope: 'uncommitted' });
    const [first, second] = file(section(before, 'unstaged'), 'a.txt').hunks;
    expect(second).toBeDefined();
    await ok('review/stage', { threadId: id, path: 'a.txt', hunk: first });
    const cached = sh(repo, ['diff', '--cached']);
    expect(cached).toContain('+line 2 CHANGED');
    expect(cached).not.toContain('line 28 CHANGED');
    const after = await ok('review/diff', { threadId: id, scope: 'uncommitted' });
    expect(file(section(after, 'staged'), 'a.txt').hunks).toHaveLength(1);
    expect(file(section(after, 'unstaged'), 'a.txt').hunks).toHaveLength(1);

    await ok('review/unstage', { threadId: id, path: 'a.txt', hunk: file(section(after, 'staged'), 'a.txt').hunks[0] });
    expect(sh(repo, ['diff', '--cached'])).toBe('');
    // A hunk that is no longer in the diff is refused with the reason.
    const stale = await err('review/stage', { threadId: id, path: 'a.txt', hunk: { ...first, text: first.text.replace('CHANGED', 'OTHER') } });
    expect(stale.message).toContain('the hunk in a.txt is no longer in the diff');
    // Whole files too.
    await ok('review/stage', { threadId: id, path: 'a.txt' });
    expect(sh(repo, ['diff'])).toBe('');
    await ok('review/unstage', { threadId: id, path: 'a.txt' });
    expect(sh(repo, ['diff', '--cached'])).toBe('');
  });

  it('reverts one hunk, then undoes it byte for byte; an untracked file is deleted and restored', async () => {
    const text = twoHunks();
    fs.writeFileSync(path.join(repo, 'notes.txt'), 'my notes\n', { mode: 0o640 });
    const id = await thread();
    const d = await ok('review/diff', { threadId: id, scope: 'uncommitted' });
    const second = file(section(d, 'unstaged'), 'a.txt').hunks[1];
    const { undoId } = await ok('review/revert', { threadId: id, path: 'a.txt', hunk: second });
    const reverted = fs.readFileSync(path.join(repo, 'a.txt'), 'utf8');
    expect(reverted).toContain('line 2 CHANGED');
    expect(reverted).toContain('line 28\n');
    await ok('review/undoRevert', { threadId: id, undoId });
    expect(fs.readFileSync(path.join(repo, 'a.txt'), 'utf8')).toBe(text);
    // One undo per revert.
    expect((await err('review/undoRevert', { threadId: id, undoId })).message).toContain(`no revert ${undoId}`);

    const gone = await ok('review/revert', { threadId: id, path: 'notes.txt' });
    expect(fs.existsSync(path.join(repo, 'notes.txt'))).toBe(false);
    await ok('review/undoRevert', { threadId: id, undoId: gone.undoId });
    expect(fs.readFileSync(path.join(repo, 'notes.txt'), 'utf8')).toBe('my notes\n');
    expect(fs.statSync(path.join(repo, 'notes.txt')).mode & 0o777).toBe(0o640);
  });

  it('touches nothing the diff does not show: paths outside the repository, clean or ignored files', async () => {
    dirty(repo);
    const outside = path.join(path.dirname(repo), 'outside.txt');
    fs.writeFileSync(outside, 'keep\n');
    const id = await thread();
    for (const p of ['../outside.txt', outside, 'src/../../outside.txt']) {
      const e = await err('review/revert', { threadId: id, path: p });
      expect(e.code).toBe(-32602);
      expect(e.message).toContain('is not a path inside the repository');
    }
    expect(fs.readFileSync(outside, 'utf8')).toBe('keep\n');
    // bin.dat is committed and unchanged; ignored/secret.env is ignored: neither is in the diff.
    expect((await err('review/revert', { threadId: id, path: 'bin.dat' })).message).toBe(`bin.dat has no unstaged changes in ${repo}; refresh the diff`);
    expect((await err('review/revert', { threadId: id, path: 'ignored/secret.env' })).message).toContain('has no unstaged changes');
    expect(fs.readFileSync(path.join(repo, 'ignored', 'secret.env'), 'utf8')).toBe('KEY=1\n');
    expect((await err('review/unstage', { threadId: id, path: 'a.txt' })).message).toContain('a.txt has no staged changes');
    expect((await err('review/stage', { threadId: 'nope', path: 'a.txt' })).message).toBe('thread not found: nope');
  });
});

describe('review/comments', () => {
  it('sends every comment with file and line as one follow-up turn', async () => {
    const id = await thread();
    t.server.enqueue(R.message('on it'));
    const { turnId } = await ok('review/comments', {
      threadId: id,
      comments: [
        { path: 'a.txt', line: 2, body: 'Use a constant here.' },
        { path: 'src/b.txt', line: 1, endLine: 3, body: 'Split this\ninto two.' },
        { path: 'a.txt', line: 5, side: 'old', body: 'Why was this removed?' },
      ],
    });
    const done = await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === turnId);
    expect(done.params.turn.status).toBe('completed');
    expect(t.server.requests).toHaveLength(1);
    const input = t.server.requests[0]!.body.input;
    const last = input.filter((i: any) => i.role === 'user').at(-1).content[0].text;
    expect(last).toBe(
      'Please address these review comments on the current changes:\n\n1. a.txt:2\n   Use a constant here.\n\n2. src/b.txt:1-3\n   Split this\n   into two.\n\n3. a.txt:5 (removed line)\n   Why was this removed?',
    );
    expect((await err('review/comments', { threadId: id, comments: [] })).code).toBe(-32602);
    expect((await err('review/comments', { threadId: id, comments: [{ path: '/etc/passwd', line: 1, body: 'x' }] })).message).toContain('comments[0].path');
  });
});

describe('review/commit', () => {
  it('commits exactly what is staged with the message; refuses an empty message or an empty index', async () => {
    dirty(repo);
    const id = await thread();
    const unstagedBefore = sh(repo, ['diff']);
    expect((await err('review/commit', { threadId: id, message: '  ' })).message).toBe('message: a commit needs a message');
    // git's own refusal comes through in its words (here: no identity configured), and nothing is committed.
    const head = sh(repo, ['rev-parse', 'HEAD']);
    expect((await err('review/commit', { threadId: id, message: 'x' })).message).toContain('Author identity unknown');
    expect(sh(repo, ['rev-parse', 'HEAD'])).toBe(head);
    sh(repo, ['config', 'user.name', 'Pane User']);
    sh(repo, ['config', 'user.email', 'pane@example.com']);
    const r = await ok('review/commit', { threadId: id, message: 'Stage b\n\nBody line.' });
    expect(r.sha).toBe(sh(repo, ['rev-parse', 'HEAD']));
    expect(r.summary).toBe('Stage b');
    expect(sh(repo, ['log', '-1', '--format=%B'])).toBe('Stage b\n\nBody line.\n');
    expect(sh(repo, ['log', '-1', '--format=%an <%ae>'])).toBe('Pane User <pane@example.com>');
    expect(sh(repo, ['show', '--name-only', '--format=', 'HEAD'])).toBe('src/b.txt');
    // The unstaged work and the untracked file are left as they were.
    expect(sh(repo, ['diff'])).toBe(unstagedBefore);
    expect(fs.readFileSync(path.join(repo, 'new.txt'), 'utf8')).toBe('untracked\n');
    expect((await err('review/commit', { threadId: id, message: 'again' })).message).toBe(`nothing is staged to commit in ${repo}; stage changes first`);
  });
});
