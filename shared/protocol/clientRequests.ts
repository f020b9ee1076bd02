// The client → server request table: every method with the schema of its
// params (validated on every transport by parseClientRequest) and of its result
// (the type every handler must return; not checked at run time).
import * as z from 'zod/mini';
import { configBatchWriteParams, configReadParams, configReadResponse, configValueWriteParams, configWriteResponse } from './config.js';
import { listMcpServerStatusParams, listMcpServerStatusResponse } from './mcp.js';
import { thread, turn } from './thread.js';
import { modelListParams, modelListResponse } from './models.js';
import { skillsConfigWriteParams, skillsConfigWriteResponse, skillsListParams, skillsListResponse } from './skills.js';
import {
  cancelLoginAccountParams,
  cancelLoginAccountResponse,
  getAccountParams,
  getAccountResponse,
  loginAccountParams,
  loginAccountResponse,
} from './account.js';
import { worktreeRequests, worktreeStartOptions } from './worktree.js';
import { reviewDelivery, reviewTarget } from './review.js';
import { reviewPaneRequests } from './reviewPane.js';
import { commitDraftRequests } from './commitDraft.js';
import { commandExecParams, commandExecResizeParams, commandExecResponse, commandExecTerminateParams, commandExecWriteParams } from './commandExec.js';
import {
  fuzzyFileSearchParams,
  fuzzyFileSearchResponse,
  fuzzyFileSearchSessionStartParams,
  fuzzyFileSearchSessionStopParams,
  fuzzyFileSearchSessionUpdateParams,
} from './fuzzyFileSearch.js';
import { approvalPolicy, approvalPolicyWire, opt, reasoningEffort, sandboxMode, sandboxPolicyWire, userInput } from './values.js';

const nullableString = opt(z.string());
/** Dotted config overrides, like `-c` on the command line. */
const configOverrides = opt(z.record(z.string(), z.unknown()));
const empty = z.object({});

const threadStartResponse = z.object({
  thread,
  model: z.string(),
  modelProvider: z.string(),
  cwd: z.string(),
  approvalPolicy: approvalPolicyWire,
  sandbox: sandboxPolicyWire,
  reasoningEffort: z.nullable(reasoningEffort),
  /** Who reviews approval requests: always the user (we have no auto-review subagent). */
  approvalsReviewer: z.enum(['user', 'auto_review', 'guardian_subagent']),
});

export const clientRequests = {
  initialize: {
    params: z.object({
      clientInfo: z.object({ name: z.string(), title: nullableString, version: z.string() }),
    }),
    result: z.object({
      userAgent: z.string(),
      codexHome: z.string(),
      platformFamily: z.string(),
      platformOs: z.string(),
      /** Ours: the user's home directory, so front ends can show paths under it as `~/…`. */
      homeDir: z.optional(z.string()),
    }),
  },
  'thread/start': {
    params: z.object({
      model: nullableString,
      modelProvider: nullableString,
      cwd: nullableString,
      approvalPolicy: opt(approvalPolicy),
      sandbox: opt(sandboxMode),
      config: configOverrides,
      baseInstructions: nullableString,
      developerInstructions: nullableString,
      ephemeral: opt(z.boolean()),
      /** Ours: where the thread's commands run ("local" or an exec-server environment); default from environments.toml / CODEX_EXEC_SERVER_URL. */
      environmentId: nullableString,
      /** Ours: start in a new managed worktree of the repository at `cwd` (main/core/server/worktreeThreads.ts). */
      worktree: opt(worktreeStartOptions),
    }),
    result: threadStartResponse,
  },
  'thread/resume': {
    params: z.object({
      threadId: z.string(),
      /** Ours: resume by rollout path instead of id. */
      path: nullableString,
      model: nullableString,
      cwd: nullableString,
      approvalPolicy: opt(approvalPolicy),
      sandbox: opt(sandboxMode),
      config: configOverrides,
    }),
    result: threadStartResponse,
  },
  'thread/list': {
    params: z.object({
      cursor: nullableString,
      limit: opt(z.number().check(z.int(), z.positive(), z.maximum(1000))),
      modelProviders: opt(z.array(z.string())),
      /** Only threads whose cwd is this directory, or one of these. */
      cwd: opt(z.union([z.string(), z.array(z.string())])),
      searchTerm: nullableString,
      /** List the archived threads (CODEX_HOME/archived_sessions) instead of the live ones. */
      archived: opt(z.boolean()),
    }),
    result: z.object({ data: z.array(thread), nextCursor: z.nullable(z.string()) }),
  },
  'thread/unsubscribe': {
    params: z.object({ threadId: z.string() }),
    /** What the unsubscribe did: our threads have one subscriber, so a loaded thread is closed and answers "unsubscribed". */
    result: z.object({ status: z.enum(['notLoaded', 'notSubscribed', 'unsubscribed']) }),
  },
  'turn/start': {
    params: z.object({
      threadId: z.string(),
      /** Echoed as the userMessage item's clientId. */
      clientUserMessageId: nullableString,
      input: z.array(userInput).check(z.minLength(1)),
      cwd: nullableString,
      approvalPolicy: opt(approvalPolicy),
      sandboxPolicy: opt(sandboxPolicyWire),
      model: nullableString,
      effort: opt(reasoningEffort),
      summary: nullableString,
      outputSchema: z.optional(z.unknown()),
    }),
    result: z.object({ turn }),
  },
  'turn/interrupt': {
    params: z.object({ threadId: z.string(), turnId: z.string() }),
    result: empty,
  },
  /** Adds input to the running turn; it reaches the model with the turn's next request. */
  'turn/steer': {
    params: z.object({
      threadId: z.string(),
      /** Empty input is refused by the handler with Codex's own message, not by the schema. */
      input: z.array(userInput),
      /** The turn the client means; refused when another (or none) is running. */
      expectedTurnId: z.string(),
      clientUserMessageId: nullableString,
    }),
    result: z.object({ turnId: z.string() }),
  },
  /** Runs a command the user typed in the thread's cwd, unsandboxed; a commandExecution item (source userShell) reports it. */
  'thread/shellCommand': {
    params: z.object({
      threadId: z.string(),
      command: z.string(),
      /** Default one hour; 0 times out at once. */
      timeoutMs: opt(z.number().check(z.int(), z.nonnegative())),
    }),
    result: empty,
  },
  'config/read': { params: configReadParams, result: configReadResponse },
  'config/value/write': { params: configValueWriteParams, result: configWriteResponse },
  'config/batchWrite': { params: configBatchWriteParams, result: configWriteResponse },
  'mcpServerStatus/list': { params: listMcpServerStatusParams, result: listMcpServerStatusResponse },
  // ---- thread control (main/core/server/threadControl.ts) ----
  'thread/read': {
    params: z.object({ threadId: z.string(), includeTurns: z.optional(z.boolean()) }),
    result: z.object({ thread }),
  },
  'thread/name/set': {
    params: z.object({ threadId: z.string(), name: z.string() }),
    result: empty,
  },
  'thread/archive': { params: z.object({ threadId: z.string() }), result: empty },
  'thread/unarchive': { params: z.object({ threadId: z.string() }), result: z.object({ thread }) },
  'thread/delete': { params: z.object({ threadId: z.string() }), result: empty },
  'thread/fork': {
    params: z.object({
      threadId: z.string(),
      /** Fork through this turn (inclusive); default: the last completed turn. */
      lastTurnId: nullableString,
      /** Ours, as thread/resume: fork the rollout at this path instead of looking the id up. */
      path: nullableString,
      model: nullableString,
      cwd: nullableString,
      approvalPolicy: opt(approvalPolicy),
      sandbox: opt(sandboxMode),
      config: configOverrides,
      /** Refused when true: a fork is always recorded. */
      ephemeral: z.optional(z.boolean()),
      excludeTurns: z.optional(z.boolean()),
    }),
    result: threadStartResponse,
  },
  'thread/revert': {
    params: z.object({ threadId: z.string(), beforeTurnId: z.string() }),
    result: z.object({ thread, turnsBackwardsCursor: z.nullable(z.string()), itemsBackwardsCursor: z.nullable(z.string()) }),
  },
  'thread/compact/start': { params: z.object({ threadId: z.string() }), result: empty },
  'model/list': { params: modelListParams, result: modelListResponse },
  // ---- code review (main/core/server/reviewHandlers.ts) ----
  'review/start': {
    params: z.object({ threadId: z.string(), target: reviewTarget, delivery: opt(reviewDelivery) }),
    /** The review runs as a turn of `reviewThreadId` (the thread given: delivery is inline). */
    result: z.object({ reviewThreadId: z.string(), turn }),
  },
  // ---- ours: an agent-drafted commit message (main/core/server/reviewHandlers.ts) ----
  ...commitDraftRequests,
  // ---- ours: the desktop review pane (main/core/server/reviewPaneHandlers.ts) ----
  ...reviewPaneRequests,
  'skills/list': { params: skillsListParams, result: skillsListResponse },
  'skills/config/write': { params: skillsConfigWriteParams, result: skillsConfigWriteResponse },
  // ---- sign-in (main/core/server/accountHandlers.ts) ----
  'account/read': { params: getAccountParams, result: getAccountResponse },
  'account/login/start': { params: loginAccountParams, result: loginAccountResponse },
  'account/login/cancel': { params: cancelLoginAccountParams, result: cancelLoginAccountResponse },
  /** Codex sends no params (or null); an empty object is accepted too. */
  'account/logout': { params: z.optional(z.nullable(empty)), result: empty },
  // ---- standalone commands: the terminal panel (main/core/server/commandExec.ts) ----
  'command/exec': { params: commandExecParams, result: commandExecResponse },
  'command/exec/write': { params: commandExecWriteParams, result: empty },
  'command/exec/resize': { params: commandExecResizeParams, result: empty },
  'command/exec/terminate': { params: commandExecTerminateParams, result: empty },
  // ---- the @ file picker (main/core/server/fuzzyFileSearch.ts) ----
  fuzzyFileSearch: { params: fuzzyFileSearchParams, result: fuzzyFileSearchResponse },
  'fuzzyFileSearch/sessionStart': { params: fuzzyFileSearchSessionStartParams, result: empty },
  'fuzzyFileSearch/sessionUpdate': { params: fuzzyFileSearchSessionUpdateParams, result: empty },
  'fuzzyFileSearch/sessionStop': { params: fuzzyFileSearchSessionStopParams, result: empty },
  // ---- ours: worktree threads and local environments (main/core/server/worktreeThreads.ts) ----
  ...worktreeRequests,
} satisfies Record<string, { params: z.ZodMiniType; result: z.ZodMiniType }>;

export type ClientRequestMethod = keyof typeof clientRequests;
/** What a client may send for `M` (before defaults are filled in). */
export type ClientRequestInput<M extends ClientRequestMethod> = z.input<(typeof clientRequests)[M]['params']>;
/** What a handler of `M` receives: the params after validation (defaults filled in). */
export type ClientRequestParams<M extends ClientRequestMethod> = z.output<(typeof clientRequests)[M]['params']>;
/** What a handler of `M` answers. */
export type ClientRequestResult<M extends ClientRequestMethod> = z.output<(typeof clientRequests)[M]['result']>;
