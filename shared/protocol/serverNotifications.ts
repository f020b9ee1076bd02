// The server → client notification table: every method with the schema of its
// params. Used for types only (we do not check our own notifications at run time).
import { fuzzyFileSearchSessionCompletedNotification, fuzzyFileSearchSessionUpdatedNotification } from './fuzzyFileSearch.js';
import * as z from 'zod/mini';
import { mcpServerStatusUpdatedNotification } from './mcp.js';
import { accountLoginCompletedNotification, accountUpdatedNotification } from './account.js';
import { thread, threadItem, turn } from './thread.js';
import { worktreeNotifications } from './worktree.js';
import { commandExecOutputDeltaNotification } from './commandExec.js';
import { requestId, threadTokenUsage, turnError, turnPlanStep } from './values.js';

const inTurn = { threadId: z.string(), turnId: z.string() };
const delta = z.object({ ...inTurn, itemId: z.string(), delta: z.string() });
const environmentChange = z.object({ threadId: z.string(), environmentId: z.string() });

export const serverNotifications = {
  'thread/started': z.object({ thread }),
  'turn/started': z.object({ threadId: z.string(), turn }),
  'turn/completed': z.object({ threadId: z.string(), turn }),
  /** startedAtMs / completedAtMs: Unix ms of the item's lifecycle. */
  'item/started': z.object({ ...inTurn, item: threadItem, startedAtMs: z.number() }),
  'item/completed': z.object({ ...inTurn, item: threadItem, completedAtMs: z.number() }),
  'item/agentMessage/delta': delta,
  'item/reasoning/summaryTextDelta': z.object({ ...delta.shape, summaryIndex: z.number() }),
  'item/commandExecution/outputDelta': delta,
  'turn/plan/updated': z.object({ ...inTurn, explanation: z.nullable(z.string()), plan: z.array(turnPlanStep) }),
  'turn/diff/updated': z.object({ ...inTurn, diff: z.string() }),
  'thread/tokenUsage/updated': z.object({ ...inTurn, tokenUsage: threadTokenUsage }),
  /** willRetry: true for each stream retry ("Reconnecting... n/N"). */
  error: z.object({ error: turnError, willRetry: z.boolean(), ...inTurn }),
  /** Ours: non-fatal warnings (config, deprecations), shown by exec as `error` items. */
  'thread/warning': z.object({ threadId: z.nullable(z.string()), message: z.string() }),
  /** The thread's exec-server environment connected (or reconnected with a fresh session). */
  'thread/environment/connected': environmentChange,
  /** Its connection dropped: commands running there failed; the next command reconnects. */
  'thread/environment/disconnected': environmentChange,
  /** A configured MCP server of the thread is starting, ready or failed (also when it dies mid-session). */
  'mcpServer/startupStatus/updated': mcpServerStatusUpdatedNotification,
  /** A server request (approval) was answered, by any client or path: front ends drop its prompt. */
  'serverRequest/resolved': z.object({ threadId: z.string(), requestId }),
  // ---- thread control ----
  'thread/name/updated': z.object({ threadId: z.string(), threadName: z.optional(z.string()) }),
  'thread/archived': z.object({ threadId: z.string() }),
  'thread/unarchived': z.object({ threadId: z.string() }),
  'thread/deleted': z.object({ threadId: z.string() }),
  'thread/reverted': z.object({ threadId: z.string() }),
  // ---- sign-in ----
  'account/login/completed': accountLoginCompletedNotification,
  'account/updated': accountUpdatedNotification,
  // ---- standalone commands ----
  /** Output of a streaming command/exec, in order, all sent before its response. */
  'command/exec/outputDelta': commandExecOutputDeltaNotification,
  // ---- the @ file picker's search sessions ----
  'fuzzyFileSearch/sessionUpdated': fuzzyFileSearchSessionUpdatedNotification,
  'fuzzyFileSearch/sessionCompleted': fuzzyFileSearchSessionCompletedNotification,
  // ---- ours: worktree threads and local environments ----
  ...worktreeNotifications,
} satisfies Record<string, z.ZodMiniType>;

export type ServerNotificationMethod = keyof typeof serverNotifications;
export type ServerNotificationParams<M extends ServerNotificationMethod> = z.output<(typeof serverNotifications)[M]>;
