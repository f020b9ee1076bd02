// Real git repositories in temporary directories for worktree tests, and a
// byte-for-byte snapshot of a checkout (every file outside .git, plus the
// index, HEAD and the current branch) to prove an operation left it alone.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

export function sh(cwd: string, args: string[], input?: string | Buffer): string {
  return execFileSync('git', args, { cwd, input, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).replace(/\n$/, '');
}

export interface TempRepo {
  root: string;
  /** A scratch CODEX_HOME beside the repository. */
  codexHome: string;
  repo: string;
}

/** A repository named `project` with one commit (a.txt, bin.dat, src/b.txt), on branch main. */
export function makeRepo(): TempRepo {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(tmpdir(), 'codex-wt-')));
  const repo = path.join(root, 'project');
  const codexHome = path.join(root, 'home');
  fs.mkdirSync(repo);
  fs.mkdirSync(codexHome);
  sh(repo, ['init', '-q', '-b', 'main']);
  fs.writeFileSync(path.join(repo, 'a.txt'), 'one\ntwo\nthree\n');
  fs.writeFileSync(path.join(repo, 'bin.dat'), Buffer.from([0, 1, 2, 255, 254, 0, 10]));
  fs.mkdirSync(path.join(repo, 'src'));
  fs.writeFileSync(path.join(repo, 'src', 'b.txt'), 'bee\n');
  fs.writeFileSync(path.join(repo, '.gitignore'), 'ignored/\n');
  sh(repo, ['add', '-A']);
  sh(repo, ['commit', '-q', '-m', 'init']);
  return { root, codexHome, repo };
}

/** Staged, unstaged, untracked and ignored changes, as a user mid-work has. */
export function dirty(repo: string): void {
  fs.appendFileSync(path.join(repo, 'a.txt'), 'unstaged line\n');
  fs.writeFileSync(path.join(repo, 'src', 'b.txt'), 'staged change\n');
  sh(repo, ['add', 'src/b.txt']);
  fs.writeFileSync(path.join(repo, 'src', 'b.txt'), 'staged change\nthen unstaged on top\n');
  fs.writeFileSync(path.join(repo, 'new.txt'), 'untracked\n');
  fs.mkdirSync(path.join(repo, 'ignored'));
  fs.writeFileSync(path.join(repo, 'ignored', 'secret.env'), 'KEY=1\n');
}

/** path → sha256 of every file in the checkout (not under .git) and of .git/index, HEAD and the branch ref. */
export function snapshot(repo: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      const rel = path.relative(repo, p);
      if (rel === '.git') continue;
      if (e.isDirectory()) walk(p);
      else out[rel] = hashFile(p) + ':' + (fs.lstatSync(p).mode & 0o777).toString(8);
    }
  };
  walk(repo);
  const gitDir = sh(repo, ['rev-parse', '--absolute-git-dir']); // `.git` is a file in a linked worktree
  for (const f of ['index', 'HEAD']) out[`.git/${f}`] = hashFile(path.join(gitDir, f));
  out['HEAD commit'] = sh(repo, ['rev-parse', 'HEAD']);
  return out;
}

function hashFile(p: string): string {
  const st = fs.lstatSync(p);
  if (st.isSymbolicLink()) return 'link:' + fs.readlinkSync(p);
  return createHash('sha256').update(fs.readFileSync(p)).digest('hex');
}
