// Approval requests from the core, asked of the MCP client as `elicitation/create`
// with Codex's fields (codex-rs/mcp-server exec_approval.rs, patch_approval.rs),
// and the client's answer turned back into the core's decision.
import type {
  CommandExecutionApprovalDecision,
  CommandExecutionRequestApprovalParams,
  FileChangeRequestApprovalParams,
} from '../../../shared/protocol/types.js';
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
 * The client's decision, and why it was refused when the answer is not clear.
 * Codex's clients answer `{decision}`; clients built on an MCP SDK must also
 * send `action`, and may put the decision in `content`. A bare `accept`
 * approves once, `cancel` (dismissed) aborts as Esc does in Codex's TUI.
 * Anything malformed, unknown or contradictory (a decline carrying "approved",
 * two different decisions) denies.
 */
export function decisionFromElicitResult(result: unknown): { decision: ReviewDecision; problem: string | null } {
  const deny = (why: string) => ({ decision: 'denied' as const, problem: `${why} (${preview(result)}); denied` });
  if (!result || typeof result !== 'object' || Array.isArray(result)) return deny('the elicitation answer is not an object');
  const r = result as { decision?: unknown; action?: unknown; content?: unknown };
  if (r.action !== undefined && r.action !== 'accept' && r.action !== 'decline' && r.action !== 'cancel')
    return deny('action must be accept, decline or cancel');
  if (r.content !== undefined && r.content !== null && (typeof r.content !== 'object' || Array.isArray(r.content))) return deny('content must be an object');
  const inner = (r.content as { decision?: unknown } | null | undefined)?.decision;
  if (r.decision !== undefined && inner !== undefined && r.decision !== inner) return deny('decision and content.decision disagree');
  const given = r.decision ?? inner;
  if (given !== undefined && !(typeof given === 'string' && REVIEW_DECISIONS.includes(given)))
    return deny(`decision must be one of ${REVIEW_DECISIONS.join(', ')}`);
  const decision = given as ReviewDecision | undefined;
  if (r.action === 'decline') {
    return decision === undefined || decision === 'denied' ? { decision: 'denied', problem: null } : deny(`action decline contradicts decision ${decision}`);
  }
  if (r.action === 'cancel') {
    return decision === undefined || decision === 'abort' || decision === 'denied'
      ? { decision: 'abort', problem: null }
      : deny(`action cancel contradicts decision ${decision}`);
  }
  if (decision !== undefined) return { decision, problem: null };
  if (r.action === 'accept') return { decision: 'approved', problem: null };
  return deny('the answer has neither a decision nor an action');
}

function preview(value: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
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
