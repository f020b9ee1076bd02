// A review target made concrete: the words shown for it (Codex's hints:
// "current changes", "changes against 'main'", "commit abc1234: title"), the
// request to the reviewer, and the diff it reviews, taken with the real git.
// Our reviewer gets the diff in its request instead of running git itself, so
// it reviews exactly what the user chose, and runs no commands.
import type * as z from 'zod/mini';
import { git, gitRaw, splitNul } from '../worktrees/git.js';
import type { reviewTarget } from '../../../shared/protocol/review.js';

export type ReviewTarget = z.output<typeof reviewTarget>;

export interface ResolvedReview {
  target: ReviewTarget;
  /** Shown in the enteredReviewMode item. */
  hint: string;
  /** The reviewer's user message: the request, then the diff. */
  prompt: string;
  /** The diff given to the reviewer ('' when there is none). */
  diff: string;
}

/** Bad targets: not a repository, unknown branch or commit, empty instructions. */
export class ReviewTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewTargetError';
  }
}

/** A diff larger than this is cut (with a note) so the request fits the model's context. */
export const MAX_REVIEW_DIFF_CHARS = 600_000;

const DIFF = ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff'];

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
  const { request, diff, source } = await requestAndDiff(cwd, target);
  return { target, hint: reviewHint(target), prompt: withDiff(request, diff, source), diff };
}

async function requireRepository(cwd: string): Promise<void> {
  const r = await gitRaw(cwd, ['rev-parse', '--show-toplevel']);
  if (r.code !== 0) throw new ReviewTargetError(`cannot review in ${cwd}: not inside a git repository (${r.stderr.trim()})`);
}

async function requestAndDiff(cwd: string, target: ReviewTarget): Promise<{ request: string; diff: string; source: string }> {
  switch (target.type) {
    case 'uncommittedChanges':
      return {
        request: 'Review the current code changes (staged, unstaged and untracked files) and give prioritized findings.',
        diff: await uncommittedPatch(cwd),
        source: 'the working tree and index against HEAD, untracked files as new files',
      };
    case 'baseBranch': {
      const base = await mergeBaseWith(cwd, target.branch);
      return {
        request: `Review the code changes against the base branch '${target.branch}': what would be merged into ${target.branch} (${base.against}). Give prioritized, actionable findings.`,
        diff: await git(cwd, [...DIFF, base.sha]),
        source: `git diff ${base.sha} (the merge-base of HEAD and ${base.against})`,
      };
    }
    case 'commit': {
      const sha = await commitSha(cwd, target.sha);
      const label = target.title ? ` ("${target.title}")` : '';
      return {
        request: `Review the code changes introduced by commit ${target.sha}${label}. Give prioritized, actionable findings.`,
        diff: await git(cwd, ['-c', 'core.quotePath=false', 'show', '--no-color', '--no-ext-diff', '--format=commit %H%nAuthor: %an <%ae>%n%n%B', sha]),
        source: `git show ${sha}`,
      };
    }
    case 'custom':
      // Free-form instructions; the uncommitted changes come along so a reviewer without tools has something to read.
      return { request: target.instructions.trim(), diff: await uncommittedPatch(cwd), source: 'the uncommitted changes, for context' };
  }
}

/** Staged and unstaged changes against HEAD (or the index alone before the first commit), untracked files as new. */
async function uncommittedPatch(cwd: string): Promise<string> {
  const hasHead = (await gitRaw(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD'])).code === 0;
  const tracked = hasHead ? await git(cwd, [...DIFF, 'HEAD']) : [await git(cwd, [...DIFF, '--cached']), await git(cwd, DIFF)].filter(Boolean).join('\n');
  const parts = tracked ? [tracked] : [];
  for (const file of splitNul(await git(cwd, ['ls-files', '--others', '--exclude-standard', '-z']))) {
    // --no-index exits 1 when the files differ, which they always do here.
    const r = await gitRaw(cwd, [...DIFF, '--no-index', '--', '/dev/null', file]);
    const text = r.stdout.toString('utf8').replace(/\n$/, '');
    if (text) parts.push(text);
  }
  return parts.join('\n');
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

function withDiff(request: string, diff: string, source: string): string {
  if (!diff) return `${request}\n\nThere are no changes to review (${source}).`;
  const cut = diff.length > MAX_REVIEW_DIFF_CHARS;
  const shown = cut ? diff.slice(0, MAX_REVIEW_DIFF_CHARS) : diff;
  const note = cut ? `\n\n(The diff was cut at ${MAX_REVIEW_DIFF_CHARS} of its ${diff.length} characters.)` : '';
  return `${request}\n\nThe changes (${source}):\n\n\`\`\`diff\n${shown}\n\`\`\`${note}`;
}
