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
  /** null: not loaded yet (review/diff with `lazy`); review/fileDiff gives them. */
  hunks: z.nullable(z.array(reviewHunk)),
  /** With the hunks: identifies the file's diff as shown; stage / unstage / revert refuse if it has changed since. */
  fingerprint: opt(z.string()),
  /** With the hunks: lines added and removed. */
  added: opt(z.number()),
  removed: opt(z.number()),
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
const fileOrHunk = {
  ...onThread,
  path: z.string().check(z.minLength(1)),
  hunk: opt(reviewHunk),
  /** The file's fingerprint as shown (review/diff or review/fileDiff): the action is refused if the file's diff has changed since. */
  fingerprint: opt(z.string()),
};
/** Paths per request of review/fileDiff: what a screen shows, not the whole diff. */
export const FILE_DIFF_MAX_PATHS = 200;

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
    params: z.object({
      ...onThread,
      scope: reviewScope,
      base: opt(z.string()),
      /**
       * Files only, without reading their contents (hunks null), so that a diff
       * of thousands of files opens at once; review/fileDiff loads the hunks of
       * the files on screen. The lastTurn scope always has its hunks.
       */
      lazy: opt(z.boolean()),
    }),
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
  /** The hunks of some files of one section of the diff (those the pane shows); a file without changes there is left out. */
  'review/fileDiff': {
    params: z.object({
      ...onThread,
      section: z.enum(['staged', 'unstaged', 'branch']),
      /** branch section: the base branch, as given to review/diff. */
      base: opt(z.string()),
      paths: z.array(z.string().check(z.minLength(1))).check(z.minLength(1), z.maxLength(FILE_DIFF_MAX_PATHS)),
    }),
    result: z.object({ files: z.array(reviewFileDiff) }),
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
  /**
   * Pushes the thread's current branch: to its upstream, or (first push) to
   * `origin` under the same name with the upstream set. A refusal is an error
   * carrying git's own words.
   */
  'review/push': {
    params: z.object({ ...onThread }),
    result: z.object({
      branch: z.string(),
      remote: z.string(),
      remoteBranch: z.string(),
      /** This push set the branch's upstream. */
      setUpstream: z.boolean(),
      /** The commit the remote branch now points at. */
      sha: z.string(),
    }),
  },
  /**
   * Opens a pull request of the pushed branch into `base` with GitHub's `gh`
   * when it is installed and logged in. Otherwise nothing runs: `url` is null
   * and `message` says why, with `command`, the exact command to run.
   */
  'review/pullRequest': {
    params: z.object({
      ...onThread,
      base: z.string().check(z.minLength(1)),
      /** Without a title, gh takes title and body from the commits (`--fill`). */
      title: opt(z.string()),
      body: opt(z.string()),
    }),
    result: z.object({
      url: z.nullable(z.string()),
      /** The `gh pr create …` command line (run, or to run by hand). */
      command: z.string(),
      /** Why no pull request was made (null when one was). */
      message: z.nullable(z.string()),
      reason: z.nullable(z.enum(['ghMissing', 'ghLoggedOut', 'ghFailed'])),
    }),
  },
} satisfies Record<string, { params: z.ZodMiniType; result: z.ZodMiniType }>;
