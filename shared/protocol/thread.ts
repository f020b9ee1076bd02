// Schemas of threads, their turns and items as the app-server sends them.
import * as z from 'zod/mini';
import { SESSION_SOURCES } from './enums.js';
import { fileUpdateChange, turnError, userInput } from './values.js';
import { threadWorkspace } from './worktree.js';
import { reviewOutputEvent } from './review.js';

export const commandExecutionSource = z.enum(['agent', 'userShell', 'unifiedExecStartup', 'unifiedExecInteraction']);
export const commandExecutionStatus = z.enum(['inProgress', 'completed', 'failed', 'declined']);
export const patchApplyStatus = z.enum(['inProgress', 'completed', 'failed', 'declined']);
export const mcpToolCallStatus = z.enum(['inProgress', 'completed', 'failed']);

/** Codex's best-effort reading of what a command does, for display (one per command of a script). */
export const commandAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('read'), command: z.string(), name: z.string(), path: z.string() }),
  z.object({ type: z.literal('listFiles'), command: z.string(), path: z.nullable(z.string()) }),
  z.object({ type: z.literal('search'), command: z.string(), query: z.nullable(z.string()), path: z.nullable(z.string()) }),
  z.object({ type: z.literal('unknown'), command: z.string() }),
]);

export const webSearchAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('search'), query: z.nullable(z.string()), queries: z.nullable(z.array(z.string())) }),
  z.object({ type: z.literal('openPage'), url: z.nullable(z.string()) }),
  z.object({ type: z.literal('findInPage'), url: z.nullable(z.string()), pattern: z.nullable(z.string()) }),
  z.object({ type: z.literal('other') }),
]);

export const threadItem = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('userMessage'),
    id: z.string(),
    content: z.array(userInput),
    /** turn/start's clientUserMessageId, so a client matches its optimistic message to this one. */
    clientId: z.optional(z.nullable(z.string())),
  }),
  z.object({ type: z.literal('agentMessage'), id: z.string(), text: z.string() }),
  z.object({ type: z.literal('reasoning'), id: z.string(), summary: z.array(z.string()), content: z.array(z.string()) }),
  z.object({
    type: z.literal('commandExecution'),
    id: z.string(),
    command: z.string(),
    commandActions: z.array(commandAction),
    cwd: z.string(),
    processId: z.nullable(z.string()),
    status: commandExecutionStatus,
    aggregatedOutput: z.nullable(z.string()),
    exitCode: z.nullable(z.number()),
    durationMs: z.nullable(z.number()),
    /** Ours: why the command did not run or failed (sandbox denial, declined approval). */
    reason: z.optional(z.nullable(z.string())),
    /** Who ran it: the model (agent, the default) or the user (userShell: thread/shellCommand). */
    source: z.optional(commandExecutionSource),
  }),
  z.object({
    type: z.literal('fileChange'),
    id: z.string(),
    changes: z.array(fileUpdateChange),
    status: patchApplyStatus,
    error: z.optional(z.nullable(z.string())),
  }),
  z.object({
    type: z.literal('mcpToolCall'),
    id: z.string(),
    server: z.string(),
    tool: z.string(),
    status: mcpToolCallStatus,
    arguments: z.unknown(),
    result: z.nullable(z.object({ content: z.array(z.unknown()), structuredContent: z.unknown() })),
    error: z.nullable(z.object({ message: z.string() })),
    durationMs: z.nullable(z.number()),
  }),
  z.object({ type: z.literal('plan'), id: z.string(), text: z.string() }),
  /** A hosted web search the model ran (Responses `web_search_call`); query is what it searched or opened. */
  z.object({ type: z.literal('webSearch'), id: z.string(), query: z.string(), action: z.nullable(webSearchAction) }),
  z.object({ type: z.literal('imageView'), id: z.string(), path: z.string() }),
  z.object({ type: z.literal('contextCompaction'), id: z.string() }),
  /** A review turn began; `review` is what is reviewed, in words ("current changes", "commit abc1234"). */
  z.object({ type: z.literal('enteredReviewMode'), id: z.string(), review: z.string() }),
  z.object({
    type: z.literal('exitedReviewMode'),
    id: z.string(),
    /** The review as text (Codex's rendering: explanation, then the findings with file:start-end). */
    review: z.string(),
    /** Ours: the findings as the reviewer gave them, for front ends that place them next to lines; null when interrupted. */
    reviewOutput: z.optional(z.nullable(reviewOutputEvent)),
    /** Ours: why the reviewer's answer could not be read as findings (it then stands whole in overall_explanation). */
    outputProblem: z.optional(z.nullable(z.string())),
  }),
]);

export const turnStatus = z.enum(['completed', 'interrupted', 'failed', 'inProgress']);

export const turn = z.object({
  id: z.string(),
  items: z.array(threadItem),
  status: turnStatus,
  error: z.nullable(turnError),
  startedAt: z.nullable(z.number()),
  completedAt: z.nullable(z.number()),
  durationMs: z.nullable(z.number()),
});

/** Codex's SessionSource; subagent sources are left out (we have no subagents). */
export const sessionSource = z.union([z.enum(SESSION_SOURCES), z.object({ custom: z.string() })]);

/** The thread's runtime state: notLoaded (only on disk), idle, active (a turn runs) or systemError. */
export const threadStatus = z.discriminatedUnion('type', [
  z.object({ type: z.literal('notLoaded') }),
  z.object({ type: z.literal('idle') }),
  z.object({ type: z.literal('systemError') }),
  z.object({ type: z.literal('active'), activeFlags: z.array(z.enum(['waitingOnApproval', 'waitingOnUserInput'])) }),
]);

export const thread = z.object({
  id: z.string(),
  /** Shared by the threads of one session tree; ours has no subagents, so it is the thread's own id. */
  sessionId: z.string(),
  /** App-server project assignment; we have no projects, so always null. */
  projectId: z.nullable(z.string()),
  status: threadStatus,
  /** Usually the first user message. */
  preview: z.string(),
  ephemeral: z.boolean(),
  modelProvider: z.string(),
  model: z.nullable(z.string()),
  /** Unix seconds. */
  createdAt: z.number(),
  updatedAt: z.number(),
  cwd: z.string(),
  /** Rollout file; null for ephemeral threads. */
  path: z.nullable(z.string()),
  cliVersion: z.string(),
  source: sessionSource,
  turns: z.array(turn),
  /** Ours: the execution environment its commands run in ("local" or an exec-server environment id). */
  environmentId: z.optional(z.string()),
  /** Set by thread/name/set; kept in CODEX_HOME/session_index.jsonl as Codex keeps it. */
  name: z.optional(z.nullable(z.string())),
  /** The thread this one was forked from (thread/fork). */
  forkedFromId: z.optional(z.nullable(z.string())),
  /** Codex's: the git checkout the thread runs in (read from its cwd). */
  gitInfo: z.optional(z.nullable(z.object({ sha: z.nullable(z.string()), branch: z.nullable(z.string()), originUrl: z.nullable(z.string()) }))),
  /** Ours: Local or Worktree, with the checkout's root and branch (null outside git). */
  workspace: z.optional(z.nullable(threadWorkspace)),
});
