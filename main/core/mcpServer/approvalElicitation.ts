// Approval requests from the core, asked of the MCP client as `elicitation/create`
// with Codex's fields (codex-rs/mcp-server exec_approval.rs, patch_approval.rs),
// and the client's answer turned back into the core's decision.
import type {
  CommandExecutionApprovalDecision,
  CommandExecutionRequestApprovalParams,
  FileChangeRequestApprovalParams,
} from '../../protocol/types.js';
import { shellQuoteJoin } from '../util/shellQuote.js';
import { codexFileChanges } from './codexEvents.js';
import { commandArgv, parsedCommand } from './shellWords.js';

/** Codex's ReviewDecision values a client answers with. */
export type ReviewDecision = 'approved' | 'approved_for_session' | 'denied' | 'abort';
const REVIEW_DECISIONS: readonly string[] = ['approved', 'approved_for_session', 'denied', 'abort'];

/** Which `tools/call` (and which of its events) an elicitation belongs to. */
export interface ElicitationContext {
  threadId: string;
  /** The MCP request id of the running `codex`/`codex-reply` call, as a string. */
  toolCallId: string;
  /** The `id` of the `codex/event` notifications of that call. */
  eventId: string;
}

/** An empty form: the client shows `message` and answers with a decision. */
const REQUESTED_SCHEMA = { type: 'object' as const, properties: {} };

export function execApprovalElicitation(ctx: ElicitationContext, p: CommandExecutionRequestApprovalParams) {
  const argv = commandArgv(p.command);
  return {
    message: `Allow Codex to run \`${shellQuoteJoin(argv)}\` in \`${p.cwd}\`?`,
    requestedSchema: REQUESTED_SCHEMA,
    threadId: ctx.threadId,
    codex_elicitation: 'exec-approval',
    codex_mcp_tool_call_id: ctx.toolCallId,
    codex_event_id: ctx.eventId,
    codex_call_id: p.itemId,
    codex_command: argv,
    codex_cwd: p.cwd,
    codex_parsed_cmd: parsedCommand(argv),
  };
}

export function patchApprovalElicitation(ctx: ElicitationContext, p: FileChangeRequestApprovalParams) {
  const message = [...(p.reason ? [p.reason] : []), 'Allow Codex to apply proposed code changes?'].join('\n');
  return {
    message,
    requestedSchema: REQUESTED_SCHEMA,
    threadId: ctx.threadId,
    codex_elicitation: 'patch-approval',
    codex_mcp_tool_call_id: ctx.toolCallId,
    codex_event_id: ctx.eventId,
    codex_call_id: p.itemId,
    ...(p.reason ? { codex_reason: p.reason } : {}),
    ...(p.grantRoot ? { codex_grant_root: p.grantRoot } : {}),
    codex_changes: codexFileChanges(p.changes),
  };
}

/**
 * The client's decision. Codex's clients answer `{decision}`; clients built on
 * an MCP SDK must also send `action`, and may put the decision in `content`.
 * A bare `accept` approves once, `cancel` (dismissed) aborts as Esc does in
 * Codex's TUI; anything else or unrecognised denies.
 */
export function decisionFromElicitResult(result: unknown): ReviewDecision {
  if (!result || typeof result !== 'object') return 'denied';
  const r = result as { decision?: unknown; action?: unknown; content?: { decision?: unknown } | null };
  const given = r.decision ?? r.content?.decision;
  if (given !== undefined) return typeof given === 'string' && REVIEW_DECISIONS.includes(given) ? (given as ReviewDecision) : 'denied';
  if (r.action === 'accept') return 'approved';
  if (r.action === 'cancel') return 'abort';
  return 'denied';
}

/** Codex's decision → the core's approval answer (same for commands and file changes). */
export function coreDecision(d: ReviewDecision): CommandExecutionApprovalDecision {
  switch (d) {
    case 'approved':
      return 'accept';
    case 'approved_for_session':
      return 'acceptForSession';
    case 'abort':
      return 'cancel';
    case 'denied':
      return 'decline';
  }
}
