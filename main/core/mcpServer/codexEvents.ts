// Maps the core's app-server notifications to the `msg` payloads of Codex's
// `codex/event` notifications (its EventMsg: snake_case `type` plus fields),
// which MCP clients of `codex mcp-server` read as progress.
import { snakeCaseUsage } from '../session/usage.js';
import type { FileUpdateChange, ServerNotification, ThreadItem, ThreadStartResponse } from '../../../shared/protocol/types.js';
import { commandArgv, parsedCommand } from './shellWords.js';
import { codexSandboxPolicy } from '../sandbox/policyConversions.js';

export type CodexEventMsg = { type: string; [field: string]: unknown };

/** Codex's FileChange: whole contents for add/delete, a unified diff for update. */
export type CodexFileChange =
  { type: 'add'; content: string } | { type: 'delete'; content: string } | { type: 'update'; unified_diff: string; move_path: string | null };

/** The `+` (or `-`) lines of a whole-file unified diff, i.e. the file's contents. */
function contentFromDiff(diff: string, sign: '+' | '-'): string {
  const lines = diff.split('\n');
  const body = lines.slice(lines.findIndex((l) => l.startsWith('@@')) + 1);
  const kept = body.filter((l) => l.startsWith(sign)).map((l) => l.slice(1));
  return kept.length ? kept.join('\n') + '\n' : '';
}

export function codexFileChanges(changes: FileUpdateChange[]): Record<string, CodexFileChange> {
  const out: Record<string, CodexFileChange> = {};
  for (const c of changes) {
    if (c.kind.type === 'add') out[c.path] = { type: 'add', content: contentFromDiff(c.diff, '+') };
    else if (c.kind.type === 'delete') out[c.path] = { type: 'delete', content: contentFromDiff(c.diff, '-') };
    else out[c.path] = { type: 'update', unified_diff: c.diff, move_path: c.kind.move_path };
  }
  return out;
}

/** `session_configured`, sent once a `codex` call has its thread. */
export function sessionConfiguredEvent(started: ThreadStartResponse): CodexEventMsg {
  return {
    type: 'session_configured',
    session_id: started.thread.id,
    model: started.model,
    model_provider_id: started.modelProvider,
    approval_policy: started.approvalPolicy,
    sandbox_policy: codexSandboxPolicy(started.sandbox),
    cwd: started.cwd,
    reasoning_effort: started.reasoningEffort,
    // Codex's message-history file; we keep none.
    history_log_id: 0,
    history_entry_count: 0,
    rollout_path: started.thread.path,
  };
}

/** Rust's Duration as serde writes it. */
function duration(ms: number | null): { secs: number; nanos: number } {
  const total = Math.max(0, ms ?? 0);
  return { secs: Math.floor(total / 1000), nanos: (total % 1000) * 1_000_000 };
}

type CommandItem = Extract<ThreadItem, { type: 'commandExecution' }>;
type FileChangeItem = Extract<ThreadItem, { type: 'fileChange' }>;
type McpItem = Extract<ThreadItem, { type: 'mcpToolCall' }>;

/**
 * One per tool call (a turn). Stateful: remembers which items it has begun, so
 * every `*_end` has its `*_begin`, and the last agent message for the result.
 */
export class CodexEventMapper {
  lastAgentMessage: string | null = null;
  private begun = new Set<string>();

  constructor(private readonly contextWindow: number | null) {}

  private commandBegin(item: CommandItem, turnId: string): CodexEventMsg {
    const command = commandArgv(item.command);
    return { type: 'exec_command_begin', call_id: item.id, turn_id: turnId, command, cwd: item.cwd, parsed_cmd: parsedCommand(command), source: 'agent' };
  }

  private commandEnd(item: CommandItem, turnId: string): CodexEventMsg {
    const command = commandArgv(item.command);
    // A declined or refused command never ran: Codex reports exit code -1 with the reason.
    const output = item.aggregatedOutput ?? (item.status === 'declined' ? (item.reason ?? 'declined') : '');
    return {
      type: 'exec_command_end',
      call_id: item.id,
      turn_id: turnId,
      command,
      cwd: item.cwd,
      parsed_cmd: parsedCommand(command),
      source: 'agent',
      stdout: item.status === 'declined' ? '' : output,
      stderr: item.status === 'declined' ? output : '',
      aggregated_output: output,
      exit_code: item.exitCode ?? -1,
      duration: duration(item.durationMs),
      formatted_output: output,
      status: item.status,
    };
  }

  private patchBegin(item: FileChangeItem, turnId: string): CodexEventMsg {
    return { type: 'patch_apply_begin', call_id: item.id, turn_id: turnId, auto_approved: true, changes: codexFileChanges(item.changes) };
  }

  private patchEnd(item: FileChangeItem, turnId: string): CodexEventMsg {
    const success = item.status === 'completed';
    return {
      type: 'patch_apply_end',
      call_id: item.id,
      turn_id: turnId,
      stdout: success ? item.changes.map((c) => `${c.kind.type === 'add' ? 'A' : c.kind.type === 'delete' ? 'D' : 'M'} ${c.path}`).join('\n') : '',
      stderr: success ? '' : (item.error ?? item.status),
      success,
      changes: codexFileChanges(item.changes),
      status: item.status,
    };
  }

  private mcpInvocation(item: McpItem) {
    return { server: item.server, tool: item.tool, arguments: item.arguments ?? null };
  }

  private begin(item: ThreadItem, turnId: string): CodexEventMsg[] {
    if (this.begun.has(item.id)) return [];
    switch (item.type) {
      case 'commandExecution':
        this.begun.add(item.id);
        return [this.commandBegin(item, turnId)];
      case 'fileChange':
        this.begun.add(item.id);
        return [this.patchBegin(item, turnId)];
      case 'mcpToolCall':
        this.begun.add(item.id);
        return [{ type: 'mcp_tool_call_begin', call_id: item.id, invocation: this.mcpInvocation(item) }];
      default:
        return [];
    }
  }

  private complete(item: ThreadItem, turnId: string): CodexEventMsg[] {
    switch (item.type) {
      case 'userMessage': {
        const text = item.content.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join('\n');
        const images = item.content.flatMap((c) => (c.type === 'image' ? [c.url] : c.type === 'localImage' ? [c.path] : []));
        return [{ type: 'user_message', message: text, images }];
      }
      case 'agentMessage':
        this.lastAgentMessage = item.text;
        return [{ type: 'agent_message', message: item.text }];
      case 'reasoning':
        return item.summary.filter(Boolean).map((text) => ({ type: 'agent_reasoning', text }));
      case 'commandExecution':
        return [...this.begin(item, turnId), this.commandEnd(item, turnId)];
      case 'fileChange':
        return [...this.begin(item, turnId), this.patchEnd(item, turnId)];
      case 'mcpToolCall':
        return [
          ...this.begin(item, turnId),
          {
            type: 'mcp_tool_call_end',
            call_id: item.id,
            invocation: this.mcpInvocation(item),
            duration: duration(item.durationMs),
            // Rust's Result<CallToolResult, String> as serde writes it.
            result: item.error
              ? { Err: item.error.message }
              : { Ok: { content: item.result?.content ?? [], structuredContent: item.result?.structuredContent ?? null } },
          },
        ];
      default:
        return [];
    }
  }

  /** The Codex events for one core notification (often none). */
  map(n: ServerNotification): CodexEventMsg[] {
    switch (n.method) {
      case 'turn/started':
        this.lastAgentMessage = null;
        return [{ type: 'task_started', turn_id: n.params.turn.id, model_context_window: this.contextWindow }];
      case 'item/started':
        return this.begin(n.params.item, n.params.turnId);
      case 'item/completed':
        return this.complete(n.params.item, n.params.turnId);
      case 'item/agentMessage/delta':
        return [{ type: 'agent_message_delta', delta: n.params.delta }];
      case 'item/reasoning/summaryTextDelta':
        return [{ type: 'agent_reasoning_delta', delta: n.params.delta }];
      case 'item/commandExecution/outputDelta':
        return [
          { type: 'exec_command_output_delta', call_id: n.params.itemId, stream: 'stdout', chunk: Buffer.from(n.params.delta, 'utf8').toString('base64') },
        ];
      case 'turn/plan/updated':
        return [
          {
            type: 'plan_update',
            explanation: n.params.explanation,
            plan: n.params.plan.map((s) => ({ step: s.step, status: s.status === 'inProgress' ? 'in_progress' : s.status })),
          },
        ];
      case 'turn/diff/updated':
        return [{ type: 'turn_diff', unified_diff: n.params.diff }];
      case 'thread/tokenUsage/updated': {
        const u = n.params.tokenUsage;
        return [
          {
            type: 'token_count',
            info: { total_token_usage: snakeCaseUsage(u.total), last_token_usage: snakeCaseUsage(u.last), model_context_window: u.modelContextWindow },
            rate_limits: null,
          },
        ];
      }
      case 'error':
        return [{ type: n.params.willRetry ? 'stream_error' : 'error', message: n.params.error.message }];
      case 'thread/warning':
        return [{ type: 'warning', message: n.params.message }];
      case 'turn/completed': {
        const turn = n.params.turn;
        if (turn.status === 'interrupted') return [{ type: 'turn_aborted', turn_id: turn.id, reason: 'interrupted' }];
        // A failed turn's `error` event went out just before (the core notifies it first).
        return [{ type: 'task_complete', turn_id: turn.id, last_agent_message: this.lastAgentMessage }];
      }
      default:
        return [];
    }
  }

  /** Codex sends the approval request as an event too, before it asks the client. */
  execApprovalRequest(p: { itemId: string; turnId: string; command: string; cwd: string; reason: string | null }): CodexEventMsg {
    const command = commandArgv(p.command);
    return { type: 'exec_approval_request', call_id: p.itemId, turn_id: p.turnId, command, cwd: p.cwd, reason: p.reason, parsed_cmd: parsedCommand(command) };
  }

  patchApprovalRequest(p: { itemId: string; turnId: string; reason: string | null; changes: FileUpdateChange[]; grantRoot: string | null }): CodexEventMsg {
    return {
      type: 'apply_patch_approval_request',
      call_id: p.itemId,
      turn_id: p.turnId,
      changes: codexFileChanges(p.changes),
      reason: p.reason,
      grant_root: p.grantRoot,
    };
  }
}
