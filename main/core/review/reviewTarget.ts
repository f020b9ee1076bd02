// A review target made concrete: the words shown for it (Codex's hints:
// "current changes", "changes against 'main'", "commit abc1234: title") and
// the request to the reviewer, which names the git commands that show the
// changes: the reviewer runs them itself with its read-only tools, as Codex's
// reviewer sub-agent does. Bad targets are found here, before any turn.
import type * as z from 'zod/mini';
import { gitRaw } from '../worktrees/git.js';
import type { reviewTarget } from '../../../shared/protocol/review.js';

export type ReviewTarget = z.output<typeof reviewTarget>;

export interface ResolvedReview {
  target: ReviewTarget;
  /** Shown in the enteredReviewMode item. */
  hint: string;
  /** The reviewer's user message: what to review and how to see it. */
  prompt: string;
}

/** Bad targets: not a repository, unknown branch or commit, empty instructions. */
export class ReviewTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewTargetError';
  }
}

export function reviewHint(target: ReviewTarget): string {
  switch (target.type) {
    case 'uncommittedChanges':
      return 'current changes';
    case 'baseBranch':
      return `changes against '${target.branch}'`;
    case 'commit': {
      const short = target.sha.slice(0, 7);
      return target.title ? `commit ${short}: ${target.title}` : `commit ${short}`;
    }
    case 'custom':
      return target.instructions.trim();
  }
}

export async function resolveReview(cwd: string, target: ReviewTarget): Promise<ResolvedReview> {
  if (target.type === 'custom' && !target.instructions.trim()) throw new ReviewTargetError('Review prompt cannot be empty');
  await requireRepository(cwd);
  return { target, hint: reviewHint(target), prompt: await reviewRequest(cwd, target) };
}

async function requireRepository(cwd: string): Promise<void> {
  const r = await gitRaw(cwd, ['rev-parse', '--show-toplevel']);
  if (r.code !== 0) throw new ReviewTargetError(`cannot review in ${cwd}: not inside a git repository (${r.stderr.trim()})`);
}

async function reviewRequest(cwd: string, target: ReviewTarget): Promise<string> {
  switch (target.type) {
    case 'uncommittedChanges':
      return (
        'Review the current code changes (staged, unstaged and untracked files) and give prioritized findings. ' +
        '`git status` lists them, `git diff HEAD` shows the staged and unstaged edits, and `git ls-files --others --exclude-standard` names the untracked files to read in full.'
      );
    case 'baseBranch': {
      const base = await mergeBaseWith(cwd, target.branch);
      return `Review the code changes against the base branch '${target.branch}'. The merge base commit for this comparison is ${base.sha} (of HEAD and ${base.against}). Run \`git diff ${base.sha}\` to see what would be merged into ${target.branch}. Give prioritized, actionable findings.`;
    }
    case 'commit': {
      const sha = await commitSha(cwd, target.sha);
      const label = target.title ? ` ("${target.title}")` : '';
      return `Review the code changes introduced by commit ${target.sha}${label}. Run \`git show ${sha}\` to see them. Give prioritized, actionable findings.`;
    }
    case 'custom':
      return target.instructions.trim();
  }
}

/** The merge-base of HEAD and the branch's upstream when it has one (what a pull request targets), else the branch itself. */
async function mergeBaseWith(cwd: string, branch: string): Promise<{ sha: string; against: string }> {
  if ((await gitRaw(cwd, ['rev-parse', '--verify', '--quiet', `${branch}^{commit}`])).code !== 0) {
    throw new ReviewTargetError(`base branch '${branch}' names no commit in ${cwd}`);
  }
  const upstream = await gitRaw(cwd, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', `${branch}@{upstream}`]);
  const against = upstream.code === 0 ? upstream.stdout.toString('utf8').trim() : branch;
  const r = await gitRaw(cwd, ['merge-base', 'HEAD', against]);
  if (r.code !== 0) throw new ReviewTargetError(`HEAD and '${against}' have no common ancestor in ${cwd}`);
  return { sha: r.stdout.toString('utf8').trim(), against };
}

async function commitSha(cwd: string, rev: string): Promise<string> {
  const r = await gitRaw(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  if (r.code !== 0) throw new ReviewTargetError(`commit '${rev}' not found in ${cwd}`);
  return r.stdout.toString('utf8').trim();
}
