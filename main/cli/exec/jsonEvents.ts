// Maps the core's app-server notifications to `codex exec --json` JSONL events,
// in Codex's exec event format (what @openai/codex-sdk parses).
import { snakeCaseUsage } from '../../core/session/usage.js';
import type { ServerNotification, ThreadItem, TokenUsageBreakdown, TurnPlanStep } from '../../../shared/protocol/types.js';

export type ExecEvent =
  | { type: 'thread.started'; thread_id: string }
  | { type: 'turn.started' }
  | { type: 'item.started' | 'item.updated' | 'item.completed'; item: ExecItem }
  | { type: 'turn.completed'; usage: ExecUsage }
  | { type: 'turn.failed'; error: { message: string } }
  | { type: 'error'; message: string };

export interface ExecUsage {
  input_tokens: number;
  cached_input_tokens: number;
  cache_write_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
}

export type ExecItem = { id: string; type: string; [key: string]: unknown };

/** exec's usage: the thread's cumulative counts, without a total (as Codex prints it). */
export function execUsage(b: TokenUsageBreakdown): ExecUsage {
  const { total_tokens: _total, ...usage } = snakeCaseUsage(b);
  return usage;
}

const STATUS: Record<string, string> = { inProgress: 'in_progress', completed: 'completed', failed: 'failed', declined: 'declined' };

/**
 * A command still running when its turn ended: the core closes its item as
 * `completed` with no exit code (the process lives on in its session for the
 * app; in exec the session, and the process, end with the run).
 */
export function stillRunningAtTurnEnd(item: ThreadItem): boolean {
  return item.type === 'commandExecution' && item.status === 'completed' && item.exitCode === null;
}

/** Stateful translator: assigns `item_N` ids and tracks the todo list across a turn. */
export class ExecEventMapper {
  private next = 0;
  private ids = new Map<string, string>();
  private usage: ExecUsage = execUsage({
    totalTokens: 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteInputTokens: 0,
    outputTokens: 0,
    reasoningOutputTokens: 0,
  });
  private todo: { id: string; items: { text: string; completed: boolean }[] } | undefined;
  lastAgentMessage: string | null = null;

  private idFor(coreId: string): string {
    let id = this.ids.get(coreId);
    if (!id) this.ids.set(coreId, (id = `item_${this.next++}`));
    return id;
  }

  warning(message: string): ExecEvent {
    return { type: 'item.completed', item: { id: `item_${this.next++}`, type: 'error', message } };
  }

  private item(item: ThreadItem, phase: 'started' | 'completed'): ExecItem | undefined {
    switch (item.type) {
      case 'agentMessage':
        return phase === 'completed' ? { id: this.idFor(item.id), type: 'agent_message', text: item.text } : undefined;
      case 'reasoning': {
        const text = item.summary.filter(Boolean).join('\n');
        return phase === 'completed' && text ? { id: this.idFor(item.id), type: 'reasoning', text } : undefined;
      }
      case 'commandExecution':
        return {
          id: this.idFor(item.id),
          type: 'command_execution',
          command: item.command,
          aggregated_output: item.aggregatedOutput ?? '',
          exit_code: item.exitCode,
          status: STATUS[item.status] ?? item.status,
          ...(item.reason ? { reason: item.reason } : {}),
        };
      case 'fileChange':
        return {
          id: this.idFor(item.id),
          type: 'file_change',
          changes: item.changes.map((c) => ({ path: c.kind.type === 'update' && c.kind.move_path ? c.kind.move_path : c.path, kind: c.kind.type })),
          status: STATUS[item.status] ?? item.status,
          ...(item.error ? { error: item.error } : {}),
        };
      case 'mcpToolCall':
        return {
          id: this.idFor(item.id),
          type: 'mcp_tool_call',
          server: item.server,
          tool: item.tool,
          arguments: item.arguments,
          result: item.result ? { content: item.result.content, structured_content: item.result.structuredContent ?? null } : null,
          error: item.error,
          status: STATUS[item.status] ?? item.status,
        };
      case 'webSearch':
        // Codex's exec item: the query, and the action in the Responses API's own shape.
        return { id: this.idFor(item.id), type: 'web_search', query: item.query, action: responsesAction(item.action) };
      default:
        return undefined;
    }
  }

  private plan(steps: TurnPlanStep[]): ExecEvent {
    const items = steps.map((s) => ({ text: s.step, completed: s.status === 'completed' }));
    if (!this.todo) {
      this.todo = { id: `item_${this.next++}`, items };
      return { type: 'item.started', item: { id: this.todo.id, type: 'todo_list', items } };
    }
    this.todo.items = items;
    return { type: 'item.updated', item: { id: this.todo.id, type: 'todo_list', items } };
  }

  /** The exec events for one core notification (often none). */
  map(n: ServerNotification): ExecEvent[] {
    switch (n.method) {
      case 'thread/started':
        return [{ type: 'thread.started', thread_id: n.params.thread.id }];
      case 'turn/started':
        this.todo = undefined;
        return [{ type: 'turn.started' }];
      case 'item/started': {
        const item = this.item(n.params.item, 'started');
        return item ? [{ type: 'item.started', item }] : [];
      }
      case 'item/completed': {
        if (n.params.item.type === 'agentMessage') this.lastAgentMessage = n.params.item.text;
        // exec kills it with the session; Codex emits no completion for it.
        if (stillRunningAtTurnEnd(n.params.item)) return [];
        const item = this.item(n.params.item, 'completed');
        return item ? [{ type: 'item.completed', item }] : [];
      }
      case 'turn/plan/updated':
        return [this.plan(n.params.plan)];
      case 'thread/tokenUsage/updated':
        this.usage = execUsage(n.params.tokenUsage.total);
        return [];
      case 'error':
        // Codex prints fatal errors too, right before turn.failed.
        return [{ type: 'error', message: n.params.error.message }];
      case 'thread/warning':
        return [this.warning(n.params.message)];
      case 'turn/completed': {
        const out: ExecEvent[] = [];
        if (this.todo) out.push({ type: 'item.completed', item: { id: this.todo.id, type: 'todo_list', items: this.todo.items } });
        const turn = n.params.turn;
        if (turn.status === 'completed') out.push({ type: 'turn.completed', usage: this.usage });
        else out.push({ type: 'turn.failed', error: { message: turn.error?.message ?? (turn.status === 'interrupted' ? 'turn interrupted' : 'turn failed') } });
        return out;
      }
      default:
        return [];
    }
  }
}

/** A webSearch item's action back in the Responses API's shape (`open_page`, `find_in_page`…), as Codex's exec prints it. */
function responsesAction(a: Extract<ThreadItem, { type: 'webSearch' }>['action']): Record<string, unknown> {
  if (!a) return { type: 'other' };
  switch (a.type) {
    case 'search':
      return { type: 'search', query: a.query, ...(a.queries ? { queries: a.queries } : {}) };
    case 'openPage':
      return { type: 'open_page', url: a.url };
    case 'findInPage':
      return { type: 'find_in_page', url: a.url, pattern: a.pattern };
    default:
      return { type: 'other' };
  }
}
