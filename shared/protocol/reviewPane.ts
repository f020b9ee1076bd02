// Ours, not Codex's (Codex 0.169 has no protocol for its Review pane): the
// desktop review pane's git operations on a loaded thread's repository, and
// line comments sent back to the thread as one follow-up turn. Listed as
// deliberate additions in tests/support/codexSchemaDifferences.ts.
import * as z from 'zod/mini';
import { opt } from './values.js';

/** One hunk as review/diff shows it; stage / unstage / revert take it back unchanged (its text identifies it). */
export const reviewHunk = z.object({
  header: z.string(),
  oldStart: z.number(),
  oldLines: z.number(),
  newStart: z.number(),
  newLines: z.number(),
  /** The `@@` line and its body lines, each ending in "\n". */
  text: z.string(),
});

export const reviewFileDiff = z.object({
  /** Relative to the repository root. */
  path: z.string(),
  oldPath: opt(z.string()),
  status: z.enum(['modified', 'added', 'deleted', 'renamed', 'copied', 'mode']),
  binary: z.boolean(),
  /** Not yet known to git (an unstaged new file). */
  untracked: z.boolean(),
  hunks: z.array(reviewHunk),
});

/**
 * What the pane shows: `uncommitted` (staged and unstaged sections), `branch`
 * (the branch's commits against `base`, from their merge-base) or `lastTurn`
 * (the edits of the thread's last turn that changed files).
 */
export const reviewScope = z.enum(['uncommitted', 'branch', 'lastTurn']);

export const reviewSection = z.object({
  kind: z.enum(['staged', 'unstaged', 'branch', 'lastTurn']),
  files: z.array(reviewFileDiff),
});

const onThread = { threadId: z.string() };
const fileOrHunk = { ...onThread, path: z.string().check(z.minLength(1)), hunk: opt(reviewHunk) };

/** A comment on lines of the diff, for the follow-up turn. */
export const reviewComment = z.object({
  path: z.string().check(z.minLength(1)),
  line: z.number().check(z.int(), z.positive()),
  /** Last line of a range (inclusive). */
  endLine: opt(z.number().check(z.int(), z.positive())),
  /** `old`: the line number is on the old side (a removed line). Default new. */
  side: opt(z.enum(['old', 'new'])),
  body: z.string().check(z.minLength(1)),
});

export const reviewPaneRequests = {
  'review/diff': {
    params: z.object({ ...onThread, scope: reviewScope, base: opt(z.string()) }),
    result: z.object({
      /** The repository root the paths are relative to. */
      root: z.string(),
      scope: reviewScope,
      /** branch scope: the merge-base the diff starts from. */
      mergeBase: z.nullable(z.string()),
      /** lastTurn scope: the turn shown (null when no turn changed files). */
      turnId: z.nullable(z.string()),
      sections: z.array(reviewSection),
    }),
  },
  'review/stage': { params: z.object(fileOrHunk), result: z.object({}) },
  'review/unstage': { params: z.object(fileOrHunk), result: z.object({}) },
  'review/revert': {
    params: z.object(fileOrHunk),
    /** Pass `undoId` to review/undoRevert to put the change back (kept while this server runs). */
    result: z.object({ undoId: z.string() }),
  },
  'review/undoRevert': { params: z.object({ ...onThread, undoId: z.string() }), result: z.object({}) },
  'review/comments': {
    params: z.object({ ...onThread, comments: z.array(reviewComment).check(z.minLength(1)) }),
    /** The follow-up turn the comments started. */
    result: z.object({ turnId: z.string() }),
  },
  /** Commits what is staged, with the user's message (git's own hooks and identity apply, as in a terminal). */
  'review/commit': {
    params: z.object({ ...onThread, message: z.string() }),
    result: z.object({ sha: z.string(), summary: z.string() }),
  },
} satisfies Record<string, { params: z.ZodMiniType; result: z.ZodMiniType }>;
