// review/push and review/pullRequest over the real `codex app-server` on real
// git repositories: the first push goes to a local bare repository as
// `origin` and sets the upstream; later pushes follow it; a non-fast-forward
// push is refused in git's words and moves nothing. Pull requests go through
// `gh`: when it is missing (or logged out) nothing runs and the answer holds
// the exact command; when it is there, the exact `gh pr create` arguments are
// checked with a stand-in.
import { beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { scriptedSuite } from '../support/cli.js';
import { AppServerClient } from '../support/appServerClient.js';
import { makeRepo, sh } from '../support/gitRepo.js';

const t = scriptedSuite();
let root: string;
let repo: string;
let origin: string;
let client: AppServerClient | undefined;

/** A repository on branch codex/feature with one commit over main, and an empty bare repository as origin. */
beforeEach(() => {
  ({ root, repo } = makeRepo());
  origin = path.join(root, 'origin.git');
  sh(root, ['init', '-q', '--bare', '-b', 'main', origin]);
  sh(repo, ['remote', 'add', 'origin', origin]);
  sh(repo, ['push', '-q', 'origin', 'main']);
  sh(repo, ['checkout', '-q', '-b', 'codex/feature']);
  commit('feature.txt', 'feature\n', 'Add feature');
  return () => client?.close();
});

function commit(file: string, text: string, message: string, cwd = repo): string {
  fs.writeFileSync(path.join(cwd, file), text);
  sh(cwd, ['add', file]);
  sh(cwd, ['commit', '-qm', message]);
  return sh(cwd, ['rev-parse', 'HEAD']);
}

/** The server, with PATH as given (so that `gh` is found, or not). */
async function start(pathEnv?: string): Promise<void> {
  if (pathEnv !== undefined) t.sb.env.PATH = pathEnv;
  client = AppServerClient.spawn(t.sb);
  await client.initialized;
}
async function ok(method: string, params: unknown): Promise<any> {
  const res = await client!.request(method, params);
  expect(res.error, `${method}: ${JSON.stringify(res.error)}`).toBeUndefined();
  return res.result;
}
async function err(method: string, params: unknown): Promise<{ code: number; message: string }> {
  const res = await client!.request(method, params);
  expect(res.error, `${method} should fail: ${JSON.stringify(res.result)}`).toBeDefined();
  return res.error;
}
async function thread(): Promise<string> {
  return (await ok('thread/start', { cwd: repo, sandbox: 'read-only', approvalPolicy: 'never' })).thread.id;
}
const remoteSha = (branch: string) => sh(origin, ['rev-parse', '--verify', '-q', `refs/heads/${branch}`]);

/** A folder holding only `git` (and what is put there), for a PATH on which gh is certainly absent. */
function binDir(): string {
  const dir = path.join(root, 'bin');
  fs.mkdirSync(dir, { recursive: true });
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  if (!fs.existsSync(path.join(dir, 'git'))) fs.symlinkSync(real, path.join(dir, 'git'));
  return dir;
}

/**
 * A stand-in for GitHub's `gh` CLI, an external program that cannot reach
 * GitHub from here (this is not our code under test): it records each argv
 * NUL-separated, each call closed by a 0x01 byte, answers `auth status` with `authExit`, and
 * for `pr create` prints a pull request URL as gh does.
 */
function ghStandIn(authExit: number): { dir: string; calls: () => string[][] } {
  const dir = binDir();
  const log = path.join(root, 'gh-calls.log');
  fs.writeFileSync(
    path.join(dir, 'gh'),
    [
      '#!/bin/sh',
      `for a in "$@"; do printf '%s\\0' "$a" >> '${log}'; done`,
      `printf '\\001' >> '${log}'`,
      `if [ "$1" = auth ]; then exit ${authExit}; fi`,
      'echo "Creating pull request for codex/feature into main in o/r"',
      'echo "https://github.com/o/r/pull/7"',
    ].join('\n'),
    { mode: 0o755 },
  );
  const calls = () =>
    fs.existsSync(log)
      ? fs
          .readFileSync(log, 'utf8')
          .split('\x01')
          .filter(Boolean)
          .map((l) => l.split('\0').slice(0, -1))
      : [];
  return { dir, calls };
}

describe('review/push', () => {
  it('first push: to origin under the same name, upstream set; the next push follows the upstream', async () => {
    await start();
    const id = await thread();
    const head = sh(repo, ['rev-parse', 'HEAD']);
    expect(await ok('review/push', { threadId: id })).toEqual({
      branch: 'codex/feature',
      remote: 'origin',
      remoteBranch: 'codex/feature',
      setUpstream: true,
      sha: head,
    });
    expect(remoteSha('codex/feature')).toBe(head);
    expect(sh(repo, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{u}'])).toBe('origin/codex/feature');

    const next = commit('more.txt', 'more\n', 'More');
    expect(await ok('review/push', { threadId: id })).toMatchObject({ setUpstream: false, sha: next });
    expect(remoteSha('codex/feature')).toBe(next);
  });

  it("a non-fast-forward push is refused with git's reason and the remote branch keeps its commit", async () => {
    await start();
    const id = await thread();
    await ok('review/push', { threadId: id });
    // Someone else pushes to the branch; we fetch it, then commit on top of our older tip.
    const other = path.join(root, 'other');
    sh(root, ['clone', '-q', '-b', 'codex/feature', origin, other]);
    const theirs = commit('theirs.txt', 'theirs\n', 'Theirs', other);
    sh(other, ['push', '-q', 'origin', 'codex/feature']);
    sh(repo, ['fetch', '-q', 'origin']);
    commit('ours.txt', 'ours\n', 'Ours');

    const e = await err('review/push', { threadId: id });
    expect(e.message).toContain('git push origin codex/feature was refused');
    expect(e.message).toContain('[rejected]');
    expect(e.message).toContain('non-fast-forward');
    expect(remoteSha('codex/feature')).toBe(theirs);
  });

  it('without an upstream or an origin remote, says so and what to run', async () => {
    sh(repo, ['remote', 'remove', 'origin']);
    await start();
    const id = await thread();
    expect((await err('review/push', { threadId: id })).message).toBe(
      'codex/feature has no upstream and the repository has no remote named origin; add one first: git remote add origin URL',
    );
  });
});

describe('review/pullRequest', () => {
  it('gh missing: nothing runs; the answer says so with the exact command', async () => {
    await start(binDir());
    const id = await thread();
    const r = await ok('review/pullRequest', { threadId: id, base: 'main', title: "Add feature: it's new", body: 'Why it matters' });
    expect(r).toEqual({
      url: null,
      reason: 'ghMissing',
      message: 'GitHub CLI (gh) is not installed. Install it, run `gh auth login`, then run:',
      command: `gh pr create --base main --head codex/feature --title 'Add feature: it'"'"'s new' --body 'Why it matters'`,
    });
  });

  it('gh logged out (auth status fails): only auth status runs; the answer has the command', async () => {
    const gh = ghStandIn(1);
    await start(`${gh.dir}:${process.env.PATH}`);
    const id = await thread();
    await ok('review/push', { threadId: id });
    const r = await ok('review/pullRequest', { threadId: id, base: 'main' });
    expect(r).toMatchObject({ url: null, reason: 'ghLoggedOut', command: 'gh pr create --base main --head codex/feature --fill' });
    expect(gh.calls()).toEqual([['auth', 'status']]);
  });

  it('gh logged in: runs gh pr create with the exact arguments and answers its URL; an unpushed branch is refused first', async () => {
    const gh = ghStandIn(0);
    await start(`${gh.dir}:${process.env.PATH}`);
    const id = await thread();
    expect((await err('review/pullRequest', { threadId: id, base: 'main', title: 'Add feature' })).message).toBe(
      'codex/feature has not been pushed (it has no upstream); push it first',
    );
    expect(gh.calls()).toEqual([['auth', 'status']]);

    await ok('review/push', { threadId: id });
    const r = await ok('review/pullRequest', { threadId: id, base: 'main', title: 'Add feature', body: 'Why it matters\n\nDetails.' });
    expect(r).toEqual({
      url: 'https://github.com/o/r/pull/7',
      command: `gh pr create --base main --head codex/feature --title 'Add feature' --body 'Why it matters\n\nDetails.'`,
      message: null,
      reason: null,
    });
    const filled = await ok('review/pullRequest', { threadId: id, base: 'develop' });
    expect(filled.url).toBe('https://github.com/o/r/pull/7');
    expect(gh.calls().slice(1)).toEqual([
      ['auth', 'status'],
      ['pr', 'create', '--base', 'main', '--head', 'codex/feature', '--title', 'Add feature', '--body', 'Why it matters\n\nDetails.'],
      ['auth', 'status'],
      ['pr', 'create', '--base', 'develop', '--head', 'codex/feature', '--fill'],
    ]);
  });
});
