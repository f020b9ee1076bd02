// Worktree threads over the real `codex app-server` on real git repositories:
// thread/start in a new worktree (HEAD or a branch, setup output streamed,
// failure reported), one thread per worktree across processes, worktree/list,
// worktree/remove with its loss confirmation, cleanup candidates, Handoff in
// both directions with its refusals, and environment actions.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { outputOf, scriptedSuite } from '../support/cli.js';
import { AppServerClient } from '../support/appServerClient.js';
import { dirty, makeRepo, sh, snapshot, type TempRepo } from '../support/gitRepo.js';
import { responses as R } from '../support/scriptedServer.js';

const t = scriptedSuite();
let client: AppServerClient;
let r: TempRepo;
const clients: AppServerClient[] = [];

beforeEach(async () => {
  r = makeRepo();
  t.sb.env = { ...t.sb.env, GIT_AUTHOR_NAME: 'agent', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'agent', GIT_COMMITTER_EMAIL: 'a@example.com' };
  client = spawnClient();
  await client.initialized;
  return () => {
    for (const c of clients.splice(0)) if (c.proc.exitCode === null) c.proc.kill();
  };
});

function spawnClient(): AppServerClient {
  const c = AppServerClient.spawn(t.sb);
  clients.push(c);
  return c;
}

async function ok(method: string, params: unknown, c = client): Promise<any> {
  const res = await c.request(method, params);
  expect(res.error, `${method}: ${JSON.stringify(res.error)}`).toBeUndefined();
  return res.result;
}

async function err(method: string, params: unknown, c = client): Promise<{ code: number; message: string; data?: any }> {
  const res = await c.request(method, params);
  expect(res.error, `${method} should fail: ${JSON.stringify(res.result)}`).toBeDefined();
  return res.error;
}

function writeEnvironment(repo: string, body: string): void {
  fs.mkdirSync(path.join(repo, '.codex', 'environments'), { recursive: true });
  fs.writeFileSync(path.join(repo, '.codex', 'environments', 'environment.toml'), `version = 1\nname = "test env"\n${body}`);
  sh(repo, ['add', '.codex']);
  sh(repo, ['commit', '-qm', 'environment']);
}

async function runCommand(threadId: string, cmd: string, c = client): Promise<string> {
  const callId = `c${Math.random().toString(36).slice(2)}`;
  t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd }, callId }), R.message('done'));
  const before = t.server.requests.length;
  const turn = await ok('turn/start', { threadId, input: [{ type: 'text', text: 'go' }] }, c);
  const done = await c.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === turn.turn.id, 60_000);
  expect(done.params.turn.status).toBe('completed');
  return String(outputOf(t.server.requests[before + 1]!, callId));
}

describe('thread/start in a new worktree', () => {
  it('makes the worktree from HEAD with setup output streamed, runs the thread there, and leaves the Local checkout byte for byte', async () => {
    writeEnvironment(r.repo, '[setup]\nscript = "echo SETUP-RAN in $CODEX_WORKTREE_PATH from $CODEX_SOURCE_TREE_PATH; echo built > built.txt"\n');
    dirty(r.repo);
    const before = snapshot(r.repo);
    const started = await ok('thread/start', { cwd: path.join(r.repo, 'src'), sandbox: 'workspace-write', worktree: { name: 'Fix the parser' } });
    const wtRoot = path.dirname(started.cwd);
    expect(wtRoot).toMatch(new RegExp(`^${t.sb.home}/worktrees/[0-9a-f]{4}/project$`));
    expect(path.basename(started.cwd)).toBe('src'); // the subdirectory is kept
    expect(sh(wtRoot, ['branch', '--show-current'])).toBe('codex/fix-the-parser');
    const created = client.notifications.find((n) => n.method === 'worktree/created');
    expect(created.params.worktree).toMatchObject({ path: wtRoot, branch: 'codex/fix-the-parser', baseRef: 'HEAD', baseBranch: 'main', repoRoot: r.repo });
    const streamed = client.notifications
      .filter((n) => n.method === 'worktree/setup/outputDelta')
      .map((n) => n.params.delta)
      .join('');
    expect(streamed).toContain(`SETUP-RAN in ${wtRoot} from ${r.repo}`);
    expect(client.notifications.find((n) => n.method === 'worktree/setup/completed').params).toMatchObject({ path: wtRoot, ok: true, exitCode: 0 });
    expect(fs.readFileSync(path.join(wtRoot, 'built.txt'), 'utf8')).toBe('built\n');

    // The agent works (and commits) in its worktree under workspace-write.
    const out = await runCommand(started.thread.id, 'pwd; echo agent > agent.txt && git add agent.txt && git commit -qm "agent work" && echo COMMITTED');
    expect(out).toContain(started.cwd);
    expect(out).toContain('COMMITTED');
    expect(fs.existsSync(path.join(r.repo, 'src', 'agent.txt'))).toBe(false);
    expect(snapshot(r.repo)).toEqual(before);

    const listed = await ok('worktree/list', { cwd: r.repo });
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({
      path: wtRoot,
      branch: 'codex/fix-the-parser',
      ahead: 1,
      behind: 0,
      dirty: true,
      owner: { threadId: started.thread.id, pid: client.proc.pid },
    });
    expect(listed.data[0].wouldLose.summary).toContain('built.txt');
  }, 90_000);

  it('starts from a chosen branch', async () => {
    sh(r.repo, ['checkout', '-qb', 'feature']);
    fs.writeFileSync(path.join(r.repo, 'feature.txt'), 'on feature\n');
    sh(r.repo, ['add', 'feature.txt']);
    sh(r.repo, ['commit', '-qm', 'feature work']);
    sh(r.repo, ['checkout', '-q', 'main']);
    expect(await ok('worktree/branches', { cwd: path.join(r.repo, 'src') })).toEqual({ current: 'main', branches: ['feature', 'main'] });
    const started = await ok('thread/start', { cwd: r.repo, worktree: { base: 'feature' } });
    // Asked from inside a worktree, the bases are still the Local checkout's.
    expect(await ok('worktree/branches', { cwd: started.cwd })).toEqual({
      current: 'main',
      branches: ['codex/' + started.cwd.split('/').at(-2), 'feature', 'main'],
    });
    expect(fs.readFileSync(path.join(started.cwd, 'feature.txt'), 'utf8')).toBe('on feature\n');
    expect(sh(r.repo, ['branch', '--show-current'])).toBe('main');
    const [wt] = (await ok('worktree/list', { cwd: r.repo })).data;
    expect(wt).toMatchObject({ baseRef: 'feature', baseBranch: 'feature', baseSha: sh(r.repo, ['rev-parse', 'feature']), ahead: 0, behind: 0 });

    const bad = await err('thread/start', { cwd: r.repo, worktree: { base: 'no-such-branch' } });
    expect(bad.message).toContain('"no-such-branch" names no commit');
    const notGit = await err('thread/start', { cwd: t.sb.home, worktree: {} });
    expect(notGit.message).toContain('is not inside a git repository');
  }, 60_000);

  it('reports a failing setup script with its output; no thread starts and the worktree is kept unowned', async () => {
    writeEnvironment(r.repo, '[setup]\nscript = "echo installing; echo broken dependency >&2; exit 7"\n');
    const e = await err('thread/start', { cwd: r.repo, worktree: {} });
    expect(e.message).toMatch(/the setup script for .* exited with code 7/);
    expect(e.message).toContain('broken dependency');
    expect(e.data.worktreePath).toMatch(/\/worktrees\/[0-9a-f]{4}\/project$/);
    expect(client.notifications.find((n) => n.method === 'worktree/setup/completed').params).toMatchObject({ ok: false, exitCode: 7 });
    expect(client.notifications.some((n) => n.method === 'thread/started')).toBe(false);
    const [wt] = (await ok('worktree/list', { cwd: r.repo })).data;
    expect(wt.path).toBe(e.data.worktreePath);
    expect(wt.owner).toBeNull();
  }, 60_000);
});

describe('one thread per worktree', () => {
  it('refuses a second thread in a worktree, in this server and in another process, until the first closes', async () => {
    const first = await ok('thread/start', { cwd: r.repo, worktree: {} });
    const wtRoot = first.cwd;
    const here = await err('thread/start', { cwd: wtRoot });
    expect(here.message).toContain(`is in use by thread ${first.thread.id}`);
    expect(here.message).toContain('one thread per worktree');
    expect(here.data.ownerThreadId).toBe(first.thread.id);

    const other = spawnClient();
    await other.initialized;
    const there = await err('thread/start', { cwd: path.join(wtRoot, 'src') }, other);
    expect(there.message).toContain(`is in use by thread ${first.thread.id} (process ${client.proc.pid}`);

    await ok('thread/unsubscribe', { threadId: first.thread.id });
    const second = await ok('thread/start', { cwd: wtRoot }, other);
    const [wt] = (await ok('worktree/list', { cwd: r.repo })).data;
    expect(wt.owner).toMatchObject({ threadId: second.thread.id, pid: other.proc.pid });
    // Resuming the first thread now is refused: the worktree is the second's.
    const resumed = await err('thread/resume', { threadId: first.thread.id });
    expect(resumed.message).toContain(`is in use by thread ${second.thread.id}`);
  }, 60_000);
});

describe('worktree/remove and worktree/cleanupCandidates', () => {
  it('refuses a worktree in use, names what would be lost, removes only with that token, and runs the cleanup script', async () => {
    writeEnvironment(r.repo, '[cleanup]\nscript = "echo CLEANING $CODEX_WORKTREE_PATH"\n');
    const busy = await ok('thread/start', { cwd: r.repo, worktree: {} });
    const clean = await ok('thread/start', { cwd: r.repo, worktree: {} });
    fs.writeFileSync(path.join(busy.cwd, 'work.txt'), 'precious\n');
    const refused = await err('worktree/remove', { path: busy.cwd });
    expect(refused.message).toContain(`in use by thread ${busy.thread.id}`);
    expect(fs.existsSync(path.join(busy.cwd, 'work.txt'))).toBe(true);

    await ok('thread/unsubscribe', { threadId: busy.thread.id });
    await ok('thread/unsubscribe', { threadId: clean.thread.id });
    // Offered for cleanup: only the clean, unowned one.
    expect((await ok('worktree/cleanupCandidates', { cwd: r.repo })).data.map((w: any) => w.path)).toEqual([clean.cwd]);

    const first = await ok('worktree/remove', { path: busy.cwd });
    expect(first.removed).toBe(false);
    expect(first.wouldLose.summary).toContain('1 uncommitted file (work.txt)');
    expect(first.wouldLose.uncommitted).toEqual([{ path: 'work.txt', status: '??' }]);
    // A file changed after the report: its token no longer removes anything.
    fs.appendFileSync(path.join(busy.cwd, 'work.txt'), 'more\n');
    const stale = await ok('worktree/remove', { path: busy.cwd, confirm: first.wouldLose.token });
    expect(stale.removed).toBe(false);
    expect(fs.existsSync(path.join(busy.cwd, 'work.txt'))).toBe(true);

    const removed = await ok('worktree/remove', { path: busy.cwd, confirm: stale.wouldLose.token });
    expect(removed).toMatchObject({ removed: true, path: busy.cwd, wouldLose: null });
    expect(fs.existsSync(busy.cwd)).toBe(false);
    expect(
      client.notifications
        .filter((n) => n.method === 'worktree/setup/outputDelta' && n.params.kind === 'cleanup')
        .map((n) => n.params.delta)
        .join(''),
    ).toContain(`CLEANING ${busy.cwd}`);
    expect(client.notifications.some((n) => n.method === 'worktree/removed' && n.params.path === busy.cwd)).toBe(true);
    // The clean one goes at once, branch and all.
    const gone = await ok('worktree/remove', { path: clean.cwd });
    expect(gone.removed).toBe(true);
    expect(sh(r.repo, ['branch', '--list', gone.deletedBranch])).toBe('');
    expect((await ok('worktree/list', { cwd: r.repo })).data).toEqual([]);

    const notOurs = await err('worktree/remove', { path: r.repo });
    expect(notOurs.message).toContain('is not a worktree managed by Codex');
  }, 90_000);
});

describe('worktree/handoff', () => {
  it('moves a Local thread and its uncommitted work to a new worktree and back, the thread following', async () => {
    const thread = await ok('thread/start', { cwd: r.repo, sandbox: 'workspace-write' });
    fs.appendFileSync(path.join(r.repo, 'a.txt'), 'local work\n');
    fs.writeFileSync(path.join(r.repo, 'fresh.txt'), 'new file\n');
    const headBefore = sh(r.repo, ['rev-parse', 'HEAD']);

    const toWt = await ok('worktree/handoff', { threadId: thread.thread.id, to: 'worktree', name: 'moved work' });
    expect(toWt.workspace).toMatchObject({ kind: 'worktree', branch: 'codex/moved-work' });
    expect(toWt.moved.sort()).toEqual(['a.txt', 'fresh.txt']);
    const wt = toWt.workspace.root;
    expect(fs.readFileSync(path.join(wt, 'a.txt'), 'utf8')).toBe('one\ntwo\nthree\nlocal work\n');
    expect(fs.readFileSync(path.join(wt, 'fresh.txt'), 'utf8')).toBe('new file\n');
    expect(sh(r.repo, ['status', '--porcelain'])).toBe('');
    expect(sh(r.repo, ['rev-parse', 'HEAD'])).toBe(headBefore);
    expect(client.notifications.find((n) => n.method === 'thread/workspace/updated').params).toMatchObject({ threadId: thread.thread.id, cwd: wt });
    // The thread now runs there, and holds the worktree.
    expect(await runCommand(thread.thread.id, 'pwd; cat fresh.txt')).toContain(`${wt}\nnew file`);
    const [listed] = (await ok('worktree/list', { cwd: r.repo })).data;
    expect(listed.owner.threadId).toBe(thread.thread.id);

    fs.writeFileSync(path.join(wt, 'fresh.txt'), 'edited in the worktree\n');
    const back = await ok('worktree/handoff', { threadId: thread.thread.id, to: 'local' });
    expect(back.workspace).toMatchObject({ kind: 'local', root: r.repo, branch: 'main' });
    expect(back.cwd).toBe(r.repo);
    expect(fs.readFileSync(path.join(r.repo, 'fresh.txt'), 'utf8')).toBe('edited in the worktree\n');
    expect(sh(wt, ['status', '--porcelain'])).toBe('');
    expect((await ok('worktree/list', { cwd: r.repo })).data[0].owner).toBeNull();
    expect(await runCommand(thread.thread.id, 'pwd')).toContain(r.repo);
  }, 90_000);

  it('refuses, moving nothing, when the target has conflicting changes or belongs to another live thread', async () => {
    const local = await ok('thread/start', { cwd: r.repo });
    const owner = await ok('thread/start', { cwd: r.repo, worktree: {} });
    fs.appendFileSync(path.join(r.repo, 'a.txt'), 'local line\n');
    const owned = await err('worktree/handoff', { threadId: local.thread.id, to: 'worktree', worktreePath: owner.cwd });
    expect(owned.message).toContain(`handoff refused, nothing was moved: worktree ${owner.cwd} is in use by thread ${owner.thread.id}`);
    expect(fs.readFileSync(path.join(r.repo, 'a.txt'), 'utf8')).toBe('one\ntwo\nthree\nlocal line\n');

    // The worktree thread's work conflicts with the Local checkout's own change to a.txt.
    fs.appendFileSync(path.join(owner.cwd, 'a.txt'), 'worktree line\n');
    const before = snapshot(r.repo);
    const conflict = await err('worktree/handoff', { threadId: owner.thread.id, to: 'local' });
    expect(conflict.message).toContain('handoff refused, nothing was moved');
    expect(conflict.data.conflictingFiles).toEqual(['a.txt']);
    expect(snapshot(r.repo)).toEqual(before);
    expect(fs.readFileSync(path.join(owner.cwd, 'a.txt'), 'utf8')).toBe('one\ntwo\nthree\nworktree line\n');
    expect((await ok('thread/read', { threadId: owner.thread.id })).thread.cwd).toBe(owner.cwd);

    const already = await err('worktree/handoff', { threadId: local.thread.id, to: 'local' });
    expect(already.message).toContain('already runs in the Local checkout');
  }, 60_000);

  it('refuses to hand a thread to Local while another thread runs a turn there, and a running thread itself', async () => {
    const local = await ok('thread/start', { cwd: r.repo });
    const wt = await ok('thread/start', { cwd: r.repo, worktree: {} });
    fs.writeFileSync(path.join(wt.cwd, 'work.txt'), 'from the worktree\n');
    t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: 'sleep 30', yield_time_ms: 30000 }, callId: 'slow' }));
    const turn = await ok('turn/start', { threadId: local.thread.id, input: [{ type: 'text', text: 'wait' }] });
    await client.waitFor((n) => n.method === 'item/started' && n.params.item.type === 'commandExecution' && n.params.turnId === turn.turn.id);
    const busy = await err('worktree/handoff', { threadId: wt.thread.id, to: 'local' });
    expect(busy.message).toContain(`handoff refused, nothing was moved: thread ${local.thread.id} is running a turn in the Local checkout ${r.repo}`);
    const running = await err('worktree/handoff', { threadId: local.thread.id, to: 'worktree' });
    expect(running.message).toContain('has a turn in progress');
    expect(fs.existsSync(path.join(r.repo, 'work.txt'))).toBe(false);
    expect(fs.readFileSync(path.join(wt.cwd, 'work.txt'), 'utf8')).toBe('from the worktree\n');
    await ok('turn/interrupt', { threadId: local.thread.id, turnId: turn.turn.id });
    const moved = await ok('worktree/handoff', { threadId: wt.thread.id, to: 'local' });
    expect(moved.moved).toEqual(['work.txt']);
  }, 60_000);
});

describe('environment actions', () => {
  it("lists the actions and runs one in the thread's cwd with streamed output; terminates a long one; names an unknown one", async () => {
    writeEnvironment(
      r.repo,
      '[[actions]]\nname = "Where"\ncommand = "pwd; echo wt=$CODEX_WORKTREE_PATH; echo line2"\nicon = "tool"\n[[actions]]\nname = "Serve"\ncommand = "echo serving; sleep 30"\n[[actions]]\nname = "Other OS"\ncommand = "x"\nplatform = "win32"\n',
    );
    const env = await ok('environment/read', { cwd: r.repo });
    expect(env.environment.actions.map((a: any) => a.name)).toEqual(['Where', 'Serve']);
    expect(env.environment).toMatchObject({ name: 'test env', hasSetup: false, hasCleanup: false });

    const thread = await ok('thread/start', { cwd: r.repo, worktree: {} });
    const run = await ok('environment/action/run', { threadId: thread.thread.id, name: 'Where' });
    expect(run).toMatchObject({ command: 'pwd; echo wt=$CODEX_WORKTREE_PATH; echo line2', cwd: thread.cwd });
    const done = await client.waitFor((n) => n.method === 'environment/action/completed' && n.params.runId === run.runId);
    expect(done.params).toMatchObject({ threadId: thread.thread.id, exitCode: 0 });
    const out = client.notifications
      .filter((n) => n.method === 'environment/action/outputDelta' && n.params.runId === run.runId)
      .map((n) => n.params.delta)
      .join('');
    expect(out).toBe(`${thread.cwd}\nwt=${thread.cwd}\nline2\n`);

    const serve = await ok('environment/action/run', { threadId: thread.thread.id, name: 'Serve' });
    await client.waitFor((n) => n.method === 'environment/action/outputDelta' && n.params.runId === serve.runId);
    const started = Date.now();
    expect(await ok('environment/action/terminate', { runId: serve.runId })).toEqual({ terminated: true });
    expect(Date.now() - started).toBeLessThan(5_000);
    const ended = await client.waitFor((n) => n.method === 'environment/action/completed' && n.params.runId === serve.runId);
    expect(ended.params.signal).toBe('SIGTERM');
    expect(await ok('environment/action/terminate', { runId: serve.runId })).toEqual({ terminated: false });

    const unknown = await err('environment/action/run', { threadId: thread.thread.id, name: 'Deploy' });
    expect(unknown.message).toContain('has no action "Deploy" for this platform (actions: Where, Serve)');
  }, 60_000);

  it('ends a running action when its thread closes', async () => {
    writeEnvironment(r.repo, '[[actions]]\nname = "Serve"\ncommand = "echo $$ > ' + path.join(r.root, 'pid') + '; sleep 60"\n');
    const thread = await ok('thread/start', { cwd: r.repo });
    const run = await ok('environment/action/run', { threadId: thread.thread.id, name: 'Serve' });
    await waitUntil(() => fs.existsSync(path.join(r.root, 'pid')) && fs.readFileSync(path.join(r.root, 'pid'), 'utf8').trim() !== '');
    const pid = Number(fs.readFileSync(path.join(r.root, 'pid'), 'utf8'));
    expect(alive(pid)).toBe(true);
    await ok('thread/unsubscribe', { threadId: thread.thread.id });
    await client.waitFor((n) => n.method === 'environment/action/completed' && n.params.runId === run.runId);
    expect(alive(pid)).toBe(false);
  }, 30_000);
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(pred: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((res) => setTimeout(res, 50));
  }
}

describe('where a thread runs (Thread.workspace and gitInfo)', () => {
  it('marks Local and Worktree threads with root, branch and commit, loaded or stored, and follows a handoff', async () => {
    fs.writeFileSync(
      path.join(r.repo, '.git', 'config'),
      fs.readFileSync(path.join(r.repo, '.git', 'config'), 'utf8') + '[remote "origin"]\n\turl = https://example.com/project.git\n',
    );
    const head = sh(r.repo, ['rev-parse', 'HEAD']);
    const local = await ok('thread/start', { cwd: path.join(r.repo, 'src') });
    expect(local.thread.workspace).toEqual({ kind: 'local', root: r.repo, branch: 'main' });
    expect(local.thread.gitInfo).toEqual({ sha: head, branch: 'main', originUrl: 'https://example.com/project.git' });
    const wt = await ok('thread/start', { cwd: r.repo, worktree: { name: 'side' } });
    expect(wt.thread.workspace).toEqual({ kind: 'worktree', root: wt.cwd, branch: 'codex/side' });
    expect(wt.thread.gitInfo).toEqual({ sha: head, branch: 'codex/side', originUrl: 'https://example.com/project.git' });
    const outside = await ok('thread/start', { cwd: t.sb.home });
    expect(outside.thread.workspace).toBeUndefined();

    // Both need a turn to be listed (a rollout with a user message); the worktree one is stored (unloaded) when listed.
    for (const id of [local.thread.id, wt.thread.id]) await runCommand(id, 'true');
    await ok('thread/unsubscribe', { threadId: wt.thread.id });
    const listed = (await ok('thread/list', {})).data;
    expect(listed.find((x: any) => x.id === local.thread.id).workspace).toEqual({ kind: 'local', root: r.repo, branch: 'main' });
    expect(listed.find((x: any) => x.id === wt.thread.id).workspace).toEqual({ kind: 'worktree', root: wt.cwd, branch: 'codex/side' });
    expect((await ok('thread/read', { threadId: wt.thread.id })).thread.workspace.kind).toBe('worktree');

    await ok('worktree/handoff', { threadId: local.thread.id, to: 'worktree', name: 'moved' });
    const read = await ok('thread/read', { threadId: local.thread.id });
    expect(read.thread.workspace).toMatchObject({ kind: 'worktree', branch: 'codex/moved' });
  }, 60_000);
});

describe('thread/fork of a worktree thread', () => {
  it('is refused while the parent holds its worktree, leaving no stray fork; forks fine into another cwd', async () => {
    const wt = await ok('thread/start', { cwd: r.repo, worktree: {} });
    await runCommand(wt.thread.id, 'true');
    const before = (await ok('thread/list', {})).data.length;
    const refused = await err('thread/fork', { threadId: wt.thread.id });
    expect(refused.message).toContain(`is in use by thread ${wt.thread.id}`);
    expect((await ok('thread/list', {})).data.length).toBe(before);
    const forked = await ok('thread/fork', { threadId: wt.thread.id, cwd: r.repo });
    expect(forked.thread.workspace).toEqual({ kind: 'local', root: r.repo, branch: 'main' });
    expect((await ok('thread/list', {})).data.length).toBe(before + 1);
  }, 60_000);
});

describe('crash in the middle of thread/start in a worktree', () => {
  it('is undone by the next app-server as soon as it is initialized', async () => {
    const crashing = AppServerClient.spawn({ ...t.sb, env: { ...t.sb.env, CODEX_WORKTREE_CRASH_AT: 'create:after-add' } });
    clients.push(crashing);
    await crashing.initialized;
    void crashing.request('thread/start', { cwd: r.repo, worktree: { name: 'half made' } });
    await new Promise((res) => crashing.proc.once('exit', res));
    expect(crashing.proc.signalCode).toBe('SIGKILL');
    // Killed after `git worktree add`: a checkout and a branch exist, with no record of ours.
    expect(sh(r.repo, ['branch', '--list', 'codex/half-made'])).toContain('codex/half-made');
    const half = fs.readdirSync(path.join(t.sb.home, 'worktrees')).filter((d) => !d.startsWith('.'));
    expect(half).toHaveLength(1);

    const next = spawnClient();
    await next.initialized;
    await waitUntil(() => !fs.existsSync(path.join(t.sb.home, 'worktrees', half[0]!)), 20_000);
    expect(sh(r.repo, ['branch', '--list', 'codex/half-made'])).toBe('');
    expect(sh(r.repo, ['worktree', 'list', '--porcelain']).match(/^worktree /gm)).toHaveLength(1);
    expect((await ok('worktree/list', { cwd: r.repo }, next)).data).toEqual([]);
  }, 60_000);
});
