// The one place a turn's progress leaves the thread: each step writes its
// rollout line and sends its notification together, so what a client saw and
// what a resume reads cannot drift apart (Codex's `send_event` persists and
// emits in one call too).
import type { ThreadItem, ThreadTokenUsage, Turn, TurnError } from '../../../shared/protocol/types.js';
import type { ThreadHost } from './threadHost.js';
import type { RolloutRecorder } from './rollout.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import type { ApprovalPolicy } from '../config/types.js';
import { sandboxPolicyToWire } from '../sandbox/policyConversions.js';
import { snakeCaseUsage } from './usage.js';

/** The settings a turn runs with, as its turn_context line records them. */
export interface TurnSettings {
  cwd: string;
  approvalPolicy: ApprovalPolicy;
  sandbox: SandboxPolicy;
  model: string;
  effort: string | null;
  contextWindow: number;
}

export function turnError(message: string): TurnError {
  return { message, codexErrorInfo: null, additionalDetails: null };
}

export class TurnRecorder {
  private readonly startedMs = Date.now();

  constructor(
    private readonly threadId: string,
    readonly turn: Turn,
    private readonly host: ThreadHost,
    private readonly rollout: RolloutRecorder | undefined,
  ) {}

  get turnId(): string {
    return this.turn.id;
  }

  /** turn/started, then the turn_context and task_started lines. */
  started(settings: TurnSettings): void {
    this.host.notify('turn/started', { threadId: this.threadId, turn: { ...this.turn, items: [] } });
    this.rollout?.append({
      type: 'turn_context',
      payload: {
        turn_id: this.turn.id,
        cwd: settings.cwd,
        approval_policy: settings.approvalPolicy,
        sandbox_policy: sandboxPolicyToWire(settings.sandbox),
        model: settings.model,
        effort: settings.effort,
      },
    });
    this.rollout?.append({
      type: 'event_msg',
      payload: { type: 'task_started', turn_id: this.turn.id, started_at: this.turn.startedAt ?? 0, model_context_window: settings.contextWindow },
    });
  }

  /** Items are announced when they begin; only completed ones are recorded. */
  itemStarted(item: ThreadItem): void {
    this.host.notify('item/started', { threadId: this.threadId, turnId: this.turn.id, item, startedAtMs: Date.now() });
  }

  itemCompleted(item: ThreadItem): void {
    this.turn.items.push(item);
    this.rollout?.append({ type: 'event_msg', payload: { type: 'item_completed', thread_id: this.threadId, turn_id: this.turn.id, item } });
    this.host.notify('item/completed', { threadId: this.threadId, turnId: this.turn.id, item, completedAtMs: Date.now() });
  }

  /** The user's words as Codex logs them (event_msg user_message), beside the userMessage item. */
  userMessage(text: string, images: string[]): void {
    this.rollout?.append({ type: 'event_msg', payload: { type: 'user_message', message: text, images } });
  }

  agentMessageDelta(itemId: string, delta: string): void {
    this.host.notify('item/agentMessage/delta', { threadId: this.threadId, turnId: this.turn.id, itemId, delta });
  }

  commandOutputDelta(itemId: string, delta: string): void {
    this.host.notify('item/commandExecution/outputDelta', { threadId: this.threadId, turnId: this.turn.id, itemId, delta });
  }

  reasoningSummaryDelta(itemId: string, delta: string, summaryIndex: number): void {
    this.host.notify('item/reasoning/summaryTextDelta', { threadId: this.threadId, turnId: this.turn.id, itemId, delta, summaryIndex });
  }

  tokenUsage(usage: ThreadTokenUsage): void {
    this.rollout?.append({
      type: 'event_msg',
      payload: {
        type: 'token_count',
        info: { total_token_usage: snakeCaseUsage(usage.total), last_token_usage: snakeCaseUsage(usage.last), model_context_window: usage.modelContextWindow },
      },
    });
    this.host.notify('thread/tokenUsage/updated', { threadId: this.threadId, turnId: this.turn.id, tokenUsage: usage });
  }

  /** A stream problem the turn will retry ("Reconnecting... n/N"); not recorded. */
  retrying(message: string): void {
    this.host.notify('error', { error: turnError(message), willRetry: true, threadId: this.threadId, turnId: this.turn.id });
  }

  completed(lastAgentMessage: string | null): void {
    this.turn.status = 'completed';
    this.rollout?.append({
      type: 'event_msg',
      payload: {
        type: 'task_complete',
        turn_id: this.turn.id,
        last_agent_message: lastAgentMessage,
        completed_at: Math.floor(Date.now() / 1000),
        duration_ms: Date.now() - this.startedMs,
      },
    });
  }

  interrupted(): void {
    this.turn.status = 'interrupted';
    this.rollout?.append({ type: 'event_msg', payload: { type: 'turn_aborted', turn_id: this.turn.id, reason: 'interrupted' } });
  }

  failed(message: string): void {
    this.turn.status = 'failed';
    this.turn.error = turnError(message);
    this.rollout?.append({ type: 'event_msg', payload: { type: 'turn_failed', turn_id: this.turn.id, message } });
    this.host.notify('error', { error: this.turn.error, willRetry: false, threadId: this.threadId, turnId: this.turn.id });
  }

  /** Stamps the end time and sends turn/completed (after completed, interrupted or failed). */
  finished(completedAt: number): void {
    this.turn.completedAt = completedAt;
    this.turn.durationMs = Date.now() - this.startedMs;
    this.host.notify('turn/completed', { threadId: this.threadId, turn: this.turn });
  }
}
