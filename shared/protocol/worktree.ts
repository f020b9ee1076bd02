// Ours (Codex 0.169's app-server has no worktree methods; the Codex app makes
// worktrees itself and starts threads in them by cwd): managed worktrees of a
// repository, Handoff between Local and Worktree, and the actions of a local
// environment (`.codex/environments/environment.toml`).
import * as z from 'zod/mini';
import { opt } from './values.js';

const nullableString = opt(z.string());

/** thread/start's `worktree`: start the thread in a new managed worktree made from `base` (default HEAD). */
export const worktreeStartOptions = z.object({
  /** Branch, tag or commit to start from; HEAD of the Local checkout when absent. */
  base: nullableString,
  /** Words for the branch name (`codex/<slug>`). */
  name: nullableString,
});

/** Where a thread runs: the folder as it is, or a managed worktree of it. */
export const threadWorkspace = z.object({
  kind: z.enum(['local', 'worktree']),
  /** The Local checkout (the repository's primary root) or the worktree's root. */
  root: z.string(),
  /** The worktree's branch (`codex/<slug>`); for Local, the branch checked out there (null when detached). */
  branch: z.nullable(z.string()),
});

export const worktreeOwner = z.object({ threadId: z.string(), pid: z.number(), host: z.string() });

export const worktreeLoss = z.object({
  /** One sentence naming what removal would lose. */
  summary: z.string(),
  /** Pass back as worktree/remove's `confirm`; valid only while nothing changes. */
  token: z.string(),
  uncommitted: z.array(z.object({ path: z.string(), status: z.string() })),
  unmergedCommits: z.array(z.object({ sha: z.string(), subject: z.string() })),
});

export const worktreeInfo = z.object({
  path: z.string(),
  /** The Local checkout it was made from. */
  repoRoot: z.string(),
  branch: z.string(),
  baseRef: z.string(),
  baseBranch: z.nullable(z.string()),
  baseSha: z.string(),
  createdAt: z.string(),
  /** Commits on the branch not on its base / on the base not on the branch. */
  ahead: z.number(),
  behind: z.number(),
  dirty: z.boolean(),
  /** The live thread working in it, if any (from any process). */
  owner: z.nullable(worktreeOwner),
  /** What removing it would lose; null when nothing. */
  wouldLose: z.nullable(worktreeLoss),
});

const repoParams = z.object({ cwd: z.string() });
const worktreeList = z.object({ data: z.array(worktreeInfo) });

export const environmentAction = z.object({ name: z.string(), command: z.string(), icon: z.nullable(z.string()) });

export const worktreeRequests = {
  'worktree/list': { params: repoParams, result: worktreeList },
  'worktree/cleanupCandidates': { params: repoParams, result: worktreeList },
  /** The bases a new worktree can start from: the Local checkout's branch and every local branch. */
  'worktree/branches': { params: repoParams, result: z.object({ current: z.nullable(z.string()), branches: z.array(z.string()) }) },
  'worktree/remove': {
    params: z.object({ path: z.string(), confirm: nullableString }),
    /** removed false: nothing happened; `wouldLose` names what removal would lose (confirm with its token). */
    result: z.object({ removed: z.boolean(), path: z.string(), wouldLose: z.nullable(worktreeLoss), deletedBranch: z.nullable(z.string()) }),
  },
  'worktree/handoff': {
    params: z.object({
      threadId: z.string(),
      to: z.enum(['local', 'worktree']),
      /** to worktree: an existing managed worktree to move into (refused while another thread owns it); else a new one. */
      worktreePath: nullableString,
      /** to a new worktree: its base (default HEAD of the Local checkout) and branch words. */
      base: nullableString,
      name: nullableString,
    }),
    result: z.object({ workspace: threadWorkspace, cwd: z.string(), moved: z.array(z.string()), backupTree: z.string() }),
  },
  'environment/read': {
    params: repoParams,
    /** The repository's local environment (read from the Local checkout), or null when it has none. */
    result: z.object({
      environment: z.nullable(
        z.object({ file: z.string(), name: z.string(), hasSetup: z.boolean(), hasCleanup: z.boolean(), actions: z.array(environmentAction) }),
      ),
    }),
  },
  'environment/action/run': {
    params: z.object({ threadId: z.string(), name: z.string() }),
    /** Answered when the action starts; output streams as environment/action/outputDelta, its end as environment/action/completed. */
    result: z.object({ runId: z.string(), command: z.string(), cwd: z.string() }),
  },
  'environment/action/terminate': {
    params: z.object({ runId: z.string() }),
    result: z.object({ terminated: z.boolean() }),
  },
} satisfies Record<string, { params: z.ZodMiniType; result: z.ZodMiniType }>;

export const worktreeNotifications = {
  /** A new worktree exists (thread/start with `worktree`, or a handoff to a new one); its setup script runs next. */
  'worktree/created': z.object({ worktree: worktreeInfo }),
  /** Output of the setup (or cleanup) script, as it arrives. */
  'worktree/setup/outputDelta': z.object({ path: z.string(), kind: z.enum(['setup', 'cleanup']), delta: z.string() }),
  /** How the script ended; a failure is also the error of the request that ran it. */
  'worktree/setup/completed': z.object({
    path: z.string(),
    kind: z.enum(['setup', 'cleanup']),
    ok: z.boolean(),
    exitCode: z.nullable(z.number()),
    timedOut: z.boolean(),
    durationMs: z.number(),
  }),
  'worktree/removed': z.object({ path: z.string(), deletedBranch: z.nullable(z.string()) }),
  /** A thread now runs elsewhere (handoff). */
  'thread/workspace/updated': z.object({ threadId: z.string(), cwd: z.string(), workspace: threadWorkspace }),
  'environment/action/outputDelta': z.object({ threadId: z.string(), runId: z.string(), delta: z.string() }),
  'environment/action/completed': z.object({ threadId: z.string(), runId: z.string(), exitCode: z.nullable(z.number()), signal: z.nullable(z.string()) }),
} satisfies Record<string, z.ZodMiniType>;
