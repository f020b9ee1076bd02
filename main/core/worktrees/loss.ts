// What removing a worktree would lose: uncommitted changes (tracked and
// untracked files) and commits on its branch that exist nowhere else (not on
// the base, not on another branch, not pushed to any remote). The report's
// token changes whenever that set changes, so a confirmation given for one
// state never deletes a later one.
import { createHash } from 'node:crypto';
import { git, gitOk, splitNul } from './git.js';
import type { WorktreeMetadata } from './metadata.js';

export interface UncommittedFile {
  path: string;
  /** Two-letter `git status --porcelain` code (`??` untracked, ` M` modified, `A ` staged add, …). */
  status: string;
}

export interface LostCommit {
  sha: string;
  subject: string;
}

export interface LossReport {
  worktree: string;
  branch: string;
  uncommitted: UncommittedFile[];
  unmergedCommits: LostCommit[];
  /** Branch tip at the time of the report: deletion only proceeds if it is still this commit. */
  branchTip: string;
  /** Pass back as `confirm` to remove anyway; valid only while nothing else changes. */
  token: string;
  /** One human sentence naming what would be lost ("" when nothing). */
  summary: string;
}

export async function uncommittedFiles(dir: string): Promise<UncommittedFile[]> {
  const out = await git(dir, ['status', '--porcelain=v1', '-z', '--untracked-files=all']);
  const entries = splitNul(out);
  const files: UncommittedFile[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const status = e.slice(0, 2);
    files.push({ path: e.slice(3), status });
    if (status[0] === 'R' || status[0] === 'C') i++; // the rename's source follows
  }
  return files;
}

/** The ref to compare a worktree branch against: its base branch now, else the commit it started from. */
export async function baseRefFor(repoDir: string, m: WorktreeMetadata): Promise<string> {
  if (m.baseBranch && (await gitOk(repoDir, ['rev-parse', '--verify', '--quiet', `${m.baseBranch}^{commit}`]))) return m.baseBranch;
  return m.baseSha;
}

export async function unmergedCommits(repoDir: string, m: WorktreeMetadata): Promise<LostCommit[]> {
  if (!(await gitOk(repoDir, ['show-ref', '--verify', '--quiet', `refs/heads/${m.branch}`]))) return [];
  const others = (await git(repoDir, ['for-each-ref', '--format=%(refname)', 'refs/heads/', 'refs/remotes/']))
    .split('\n')
    .filter((r) => r && r !== `refs/heads/${m.branch}`);
  const base = await baseRefFor(repoDir, m);
  const out = await git(repoDir, ['rev-list', '--format=%H %s', '--no-commit-header', `refs/heads/${m.branch}`, '--not', base, ...others]).catch(
    async () =>
      // git < 2.33 has no --no-commit-header
      await git(repoDir, ['log', '--format=%H %s', `refs/heads/${m.branch}`, '--not', base, ...others]),
  );
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => ({ sha: l.slice(0, 40), subject: l.slice(41) }));
}

export async function lossReport(worktree: string, m: WorktreeMetadata): Promise<LossReport> {
  const uncommitted = await uncommittedFiles(worktree);
  const commits = await unmergedCommits(worktree, m);
  const branchTip = await git(worktree, ['rev-parse', '--verify', '--quiet', `refs/heads/${m.branch}`]).catch(() => '');
  const token = createHash('sha256')
    .update(JSON.stringify({ worktree, uncommitted, commits, branchTip, stamp: await contentStamp(worktree, uncommitted) }))
    .digest('hex')
    .slice(0, 24);
  const parts: string[] = [];
  if (uncommitted.length)
    parts.push(
      `${uncommitted.length} uncommitted file${uncommitted.length === 1 ? '' : 's'} (${uncommitted
        .slice(0, 5)
        .map((f) => f.path)
        .join(', ')}${uncommitted.length > 5 ? ', …' : ''})`,
    );
  if (commits.length)
    parts.push(
      `${commits.length} commit${commits.length === 1 ? '' : 's'} on ${m.branch} not merged into ${m.baseBranch ?? m.baseSha.slice(0, 12)} nor pushed (${commits
        .slice(0, 3)
        .map((c) => `${c.sha.slice(0, 8)} ${c.subject}`)
        .join('; ')}${commits.length > 3 ? '; …' : ''})`,
    );
  return {
    worktree,
    branch: m.branch,
    uncommitted,
    unmergedCommits: commits,
    branchTip,
    token,
    summary: parts.length ? `Removing ${worktree} would lose ${parts.join(' and ')}.` : '',
  };
}

/** Hashes the uncommitted files' current content, so editing a file after the report invalidates its token. */
async function contentStamp(worktree: string, files: UncommittedFile[]): Promise<string> {
  if (!files.length) return '';
  const paths = files.filter((f) => f.status[1] !== 'D' && f.status[0] !== 'D').map((f) => f.path);
  if (!paths.length) return '';
  return git(worktree, ['hash-object', '--no-filters', '--stdin-paths'], { input: paths.join('\n') + '\n' }).catch(() => String(Date.now()));
}
