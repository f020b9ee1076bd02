// A thread: one conversation with the model, its history, its rollout and its
// turns. `startTurn` runs the turn loop in the background: sample the model,
// run the tool calls it makes, feed their outputs back, until it answers
// without calling tools.
import { ModelError, type ContentItem, type ModelClient, type Prompt, type ResponseItem, type ToolSpec } from '../model/types.js';
import { backoffDelayMs, sleep } from '../model/http.js';
import type { Config } from '../config/types.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import type { Thread, ThreadItem, ThreadStatus, ThreadTokenUsage, Turn, TurnError, UserInput } from '../../../shared/protocol/types.js';
import type { ThreadHost } from './threadHost.js';
import type { RolloutRecorder } from './rollout.js';
import { sessionSourceToWire, type RolloutSessionSource } from './sessionSource.js';
import { approvalPolicyName } from '../approval/policy.js';
import { PendingApprovals } from '../approval/pendingApprovals.js';
import { buildInitialContext, formatEnvironmentContext, userMessage, userShellName } from './context.js';
import { compactedConversation, summarizeConversation, textOfMessage } from './compaction.js';
import { addBreakdown, breakdownFrom, emptyBreakdown, snakeCaseUsage } from './usage.js';
import { builtinTools, dispatchToolCall, toolCallFromItem } from '../tools/router.js';
import { closeOpenCommandItems } from '../tools/execTool.js';
import type { ExternalToolRegistry, ToolContext } from '../tools/context.js';
import { UnifiedExecManager } from '../exec/unifiedExec.js';
import type { ProcessBackend } from '../exec/backend.js';
import { loadImageAsContent } from '../tools/viewImage.js';
import { sandboxPolicyToWire } from '../sandbox/policyConversions.js';
import { uuidv7 } from '../util/ids.js';
import { runNotifyProgram } from './notify.js';
import { pairCallsWithOutputs } from './callPairing.js';
import { turnAbortedMarker } from './turnAborted.js';
import { assertInputWithinLimit } from './inputLimit.js';

export const DEFAULT_CONTEXT_WINDOW = 272_000;

export interface ThreadInit {
  id: string;
  config: Config;
  sandbox: SandboxPolicy;
  client: ModelClient;
  host: ThreadHost;
  env: Record<string, string>;
  ephemeral: boolean;
  rollout?: RolloutRecorder;
  /** As recorded in its rollout's session_meta. */
  source: RolloutSessionSource;
  /** `client` field of the notify payload (codex_exec, codex_desktop...). */
  clientName: string;
  cliVersion: string;
  createdAt: number;
  /** Formatted AGENTS.md message, if any. */
  agentsMessage?: string;
  baseInstructions?: string;
  developerInstructions?: string;
  /** History restored from a rollout (resume). */
  conversation?: ResponseItem[];
  turns?: Turn[];
  preview?: string;
  externalTools?: ExternalToolRegistry;
  /** Tools from outside the core (MCP namespaces), read at every request since servers may die. */
  extraTools?: () => ToolSpec[];
  /** Released when the thread closes (MCP connections). */
  onClose?: () => Promise<void>;
  /** Where its commands run; default: this machine. */
  processBackend?: ProcessBackend;
}

export interface TurnOptions {
  model?: string;
  cwd?: string;
  approvalPolicy?: Config['approvalPolicy'];
  sandbox?: SandboxPolicy;
  /** Any name the model advertises (turn/start), not only the known REASONING_EFFORTS. */
  effort?: string;
  summary?: string;
  /** The client's id for this turn's user message, echoed as the userMessage item's clientId. */
  clientUserMessageId?: string;
  /** JSON schema of the final answer, as the client sent it (turn/start allows any JSON value; the API judges it). */
  outputSchema?: unknown;
}

class TurnInterrupted extends Error {}

export class AgentThread {
  readonly id: string;
  /** Settings of the thread; a turn may change cwd, approval policy, sandbox and model for itself and later turns. */
  config: Config;
  sandbox: SandboxPolicy;
  readonly exec: UnifiedExecManager;
  readonly approvedForSession = new Set<string>();
  private readonly pendingApprovals = new PendingApprovals();
  readonly turns: Turn[];
  private conversation: ResponseItem[];
  private readonly initialContext: ResponseItem[];
  private total = emptyBreakdown();
  private last = emptyBreakdown();
  private active: { turn: Turn; abort: AbortController; done: Promise<void> } | undefined;
  private preview: string;
  private updatedAt: number;

  constructor(private readonly init: ThreadInit) {
    this.id = init.id;
    this.exec = new UnifiedExecManager({ backend: init.processBackend });
    this.config = init.config;
    this.sandbox = init.sandbox;
    this.conversation = init.conversation ? [...init.conversation] : [];
    this.turns = init.turns ? [...init.turns] : [];
    this.preview = init.preview ?? '';
    this.updatedAt = init.createdAt;
    this.initialContext = buildInitialContext({
      config: init.config,
      sandbox: init.sandbox,
      baseInstructions: init.baseInstructions,
      developerInstructions: init.developerInstructions,
      agentsMessage: init.agentsMessage,
    });
  }

  get contextWindow(): number {
    return this.config.modelContextWindow ?? this.init.client.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
  }

  private get autoCompactLimit(): number {
    return this.config.modelAutoCompactTokenLimit ?? Math.floor(this.contextWindow * 0.9);
  }

  get rolloutPath(): string | null {
    return this.init.rollout?.path ?? null;
  }

  get isRunning(): boolean {
    return this.active !== undefined;
  }

  get usage(): ThreadTokenUsage {
    return { total: this.total, last: this.last, modelContextWindow: this.contextWindow };
  }

  /** Loaded threads are idle or running a turn, which may be waiting for an approval. */
  get status(): ThreadStatus {
    if (!this.active) return { type: 'idle' };
    return { type: 'active', activeFlags: this.pendingApprovals.waiting ? ['waitingOnApproval'] : [] };
  }

  toWire(includeTurns = true): Thread {
    return {
      id: this.id,
      sessionId: this.id,
      projectId: null,
      status: this.status,
      preview: this.preview,
      ephemeral: this.init.ephemeral,
      modelProvider: this.config.modelProviderId,
      model: this.config.model,
      createdAt: this.init.createdAt,
      updatedAt: this.updatedAt,
      cwd: this.config.cwd,
      path: this.rolloutPath,
      environmentId: this.exec.backend.environmentId,
      cliVersion: this.init.cliVersion,
      source: sessionSourceToWire(this.init.source),
      turns: includeTurns ? this.turns : [],
    };
  }

  /** Starts a turn; its progress arrives as notifications on the host. */
  startTurn(input: UserInput[], opts: TurnOptions = {}): Turn {
    if (this.active) throw new Error(`thread ${this.id} already has a turn in progress (${this.active.turn.id})`);
    assertInputWithinLimit(input);
    this.applyTurnSettings(opts);
    const turn: Turn = { id: uuidv7(), items: [], status: 'inProgress', error: null, startedAt: Math.floor(Date.now() / 1000), completedAt: null, durationMs: null };
    this.turns.push(turn);
    const abort = new AbortController();
    const done = this.runTurn(turn, input, opts, abort.signal).finally(() => {
      this.active = undefined;
    });
    this.active = { turn, abort, done };
    return turn;
  }

  /** Interrupts the running turn; resolves when it has stopped. */
  async interrupt(turnId?: string): Promise<boolean> {
    const a = this.active;
    if (!a || (turnId && a.turn.id !== turnId)) return false;
    a.abort.abort(new TurnInterrupted('turn interrupted'));
    await a.done;
    return true;
  }

  async waitIdle(): Promise<void> {
    await this.active?.done;
  }

  async close(): Promise<void> {
    await this.interrupt();
    await this.exec.terminateAll();
    await this.init.onClose?.();
    this.init.rollout?.close();
  }

  // ---- internals ----

  /**
   * Per-turn overrides persist for later turns, as in Codex. The model learns of
   * a changed cwd or policy through a fresh environment context message.
   */
  private applyTurnSettings(opts: TurnOptions): void {
    const before = JSON.stringify([this.config.cwd, this.config.approvalPolicy, this.sandbox]);
    this.config = {
      ...this.config,
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
      ...(opts.approvalPolicy ? { approvalPolicy: opts.approvalPolicy } : {}),
      ...(opts.model ? { model: opts.model } : {}),
      ...(opts.effort ? { modelReasoningEffort: opts.effort } : {}),
    };
    if (opts.sandbox) this.sandbox = opts.sandbox;
    if (JSON.stringify([this.config.cwd, this.config.approvalPolicy, this.sandbox]) !== before) {
      this.record(
        userMessage([
          { type: 'input_text', text: formatEnvironmentContext({ cwd: this.config.cwd, approvalPolicy: approvalPolicyName(this.config.approvalPolicy), sandbox: this.sandbox, shell: userShellName(this.init.env) }) },
        ]),
      );
    }
  }

  private record(item: ResponseItem): void {
    this.conversation.push(item);
    this.init.rollout?.append({ type: 'response_item', payload: item });
  }

  private buildPrompt(opts: TurnOptions): Prompt {
    const effort = opts.effort ?? this.config.modelReasoningEffort;
    const summary = opts.summary ?? this.config.modelReasoningSummary ?? 'auto';
    return {
      model: this.config.model,
      instructions: '',
      // Every call answered exactly once, whatever a crash or a break left behind.
      input: pairCallsWithOutputs([...this.initialContext, ...this.conversation]).items,
      tools: [...builtinTools({ includePlanTool: true }), ...(this.init.extraTools?.() ?? [])],
      parallelToolCalls: true,
      reasoning: summary === 'none' && !effort ? undefined : { ...(effort ? { effort } : {}), ...(summary !== 'none' ? { summary } : {}) },
      outputSchema: opts.outputSchema,
      promptCacheKey: this.id,
    };
  }

  private async userContent(input: UserInput[]): Promise<ContentItem[]> {
    const parts: ContentItem[] = [];
    for (const i of input) {
      if (i.type === 'text') parts.push({ type: 'input_text', text: i.text });
      else if (i.type === 'image') parts.push({ type: 'input_image', image_url: i.url });
      else parts.push((await loadImageAsContent(i.path, this.config.cwd)).content);
    }
    return parts;
  }

  private async runTurn(turn: Turn, input: UserInput[], opts: TurnOptions, signal: AbortSignal): Promise<void> {
    const host = this.init.host;
    const threadId = this.id;
    const started = Date.now();
    const emitStarted = (item: ThreadItem) => host.notify('item/started', { threadId, turnId: turn.id, item, startedAtMs: Date.now() });
    const emitCompleted = (item: ThreadItem) => {
      turn.items.push(item);
      this.init.rollout?.append({ type: 'event_msg', payload: { type: 'item_completed', thread_id: threadId, turn_id: turn.id, item } });
      host.notify('item/completed', { threadId, turnId: turn.id, item, completedAtMs: Date.now() });
    };
    const ctx: ToolContext = {
      threadId,
      turnId: turn.id,
      cwd: this.config.cwd,
      env: this.init.env,
      approvalPolicy: this.config.approvalPolicy,
      sandbox: this.sandbox,
      signal,
      host: this.pendingApprovals.counting(host),
      exec: this.exec,
      approvedForSession: this.approvedForSession,
      externalTools: this.init.externalTools,
      interruptTurn: () => this.active?.abort.abort(new TurnInterrupted('turn interrupted: an approval was cancelled')),
      emitStarted,
      emitCompleted,
    };

    host.notify('turn/started', { threadId, turn: { ...turn, items: [] } });
    const rollout = this.init.rollout;
    rollout?.append({
      type: 'turn_context',
      payload: { turn_id: turn.id, cwd: this.config.cwd, approval_policy: this.config.approvalPolicy, sandbox_policy: sandboxPolicyToWire(this.sandbox), model: opts.model ?? this.config.model, effort: opts.effort ?? this.config.modelReasoningEffort ?? null },
    });
    rollout?.append({ type: 'event_msg', payload: { type: 'task_started', turn_id: turn.id, started_at: turn.startedAt ?? 0, model_context_window: this.contextWindow } });

    let lastAgentMessage: string | null = null;
    try {
      const text = input.filter((i) => i.type === 'text').map((i) => (i as { text: string }).text).join('\n');
      if (!this.preview) this.preview = text;
      rollout?.append({ type: 'event_msg', payload: { type: 'user_message', message: text, images: input.filter((i) => i.type !== 'text').map((i) => ('path' in i ? i.path : 'url' in i ? i.url : '')) } });
      const userItem = userMessage(await this.userContent(input));
      this.record(userItem);
      const userThreadItem: ThreadItem = { type: 'userMessage', id: uuidv7(), content: input, ...(opts.clientUserMessageId ? { clientId: opts.clientUserMessageId } : {}) };
      emitStarted(userThreadItem);
      emitCompleted(userThreadItem);

      let retries = 0;
      let compactedForOverflow = false;
      for (;;) {
        rollout?.throwIfFailed();
        if (this.last.totalTokens >= this.autoCompactLimit) await this.compact(ctx, signal);
        const prompt = this.buildPrompt(opts);
        const pending: Promise<ResponseItem>[] = [];
        let failure: unknown;
        let msg: { id: string; text: string } | undefined;
        let reasoning: { id: string; summary: string[] } | undefined;
        try {
          for await (const ev of this.init.client.stream(prompt, {
            signal,
            onRetry: (n) =>
              host.notify('error', { error: turnError(`Reconnecting... ${n.attempt}/${n.max} (${n.reason})`), willRetry: true, threadId, turnId: turn.id }),
          })) {
            switch (ev.type) {
              case 'output_item_added':
                if (ev.item.type === 'message' && ev.item.role === 'assistant' && !msg) {
                  msg = { id: ev.item.id ?? uuidv7(), text: '' };
                  emitStarted({ type: 'agentMessage', id: msg.id, text: '' });
                } else if (ev.item.type === 'reasoning') {
                  reasoning = { id: ev.item.id || uuidv7(), summary: [] };
                  emitStarted({ type: 'reasoning', id: reasoning.id, summary: [], content: [] });
                }
                break;
              case 'output_text_delta':
                if (!msg) {
                  msg = { id: uuidv7(), text: '' };
                  emitStarted({ type: 'agentMessage', id: msg.id, text: '' });
                }
                msg.text += ev.delta;
                host.notify('item/agentMessage/delta', { threadId, turnId: turn.id, itemId: msg.id, delta: ev.delta });
                break;
              case 'reasoning_summary_delta':
                if (reasoning) host.notify('item/reasoning/summaryTextDelta', { threadId, turnId: turn.id, itemId: reasoning.id, delta: ev.delta, summaryIndex: ev.summaryIndex });
                break;
              case 'output_item_done': {
                const item = ev.item;
                this.record(item);
                if (item.type === 'message' && item.role === 'assistant') {
                  const text = textOfMessage(item);
                  const id = msg?.id ?? item.id ?? uuidv7();
                  if (!msg) emitStarted({ type: 'agentMessage', id, text: '' });
                  msg = undefined;
                  lastAgentMessage = text;
                  emitCompleted({ type: 'agentMessage', id, text });
                } else if (item.type === 'reasoning') {
                  const summary = item.summary.map((s) => s.text).filter((s) => s.length > 0);
                  const content = (item.content ?? []).map((c) => c.text);
                  const id = reasoning?.id ?? item.id ?? uuidv7();
                  reasoning = undefined;
                  emitCompleted({ type: 'reasoning', id, summary, content });
                } else {
                  const call = toolCallFromItem(item);
                  // Started at once so parallel calls overlap; each runs exactly once
                  // even if the stream breaks later.
                  if (call) pending.push(dispatchToolCall(call, ctx));
                }
                break;
              }
              case 'completed':
                if (ev.usage) {
                  this.last = breakdownFrom(ev.usage);
                  this.total = addBreakdown(this.total, this.last);
                  rollout?.append({
                    type: 'event_msg',
                    payload: { type: 'token_count', info: { total_token_usage: snakeCaseUsage(this.total), last_token_usage: snakeCaseUsage(this.last), model_context_window: this.contextWindow } },
                  });
                  host.notify('thread/tokenUsage/updated', { threadId, turnId: turn.id, tokenUsage: this.usage });
                }
                break;
            }
          }
        } catch (err) {
          failure = err;
        }
        // Tool calls that arrived before a break still produce their outputs, so the
        // retried request carries call + output and nothing runs twice.
        for (const out of await Promise.all(pending)) this.record(out);
        if (signal.aborted) throw signal.reason ?? new TurnInterrupted('turn interrupted');
        if (failure !== undefined) {
          const err = failure instanceof ModelError ? failure : new ModelError(String((failure as Error)?.message ?? failure), false);
          if (err.code === 'context_length_exceeded' && !compactedForOverflow) {
            compactedForOverflow = true;
            await this.compact(ctx, signal);
            continue;
          }
          const max = this.init.client.streamMaxRetries;
          if (err.retryable && retries < max) {
            retries++;
            host.notify('error', { error: turnError(`Reconnecting... ${retries}/${max} (${err.message})`), willRetry: true, threadId, turnId: turn.id });
            await sleep(err.retryAfterMs ?? backoffDelayMs(retries), signal);
            continue;
          }
          throw err;
        }
        retries = 0;
        if (pending.length === 0) break;
      }
      rollout?.throwIfFailed();
      turn.status = 'completed';
      rollout?.append({ type: 'event_msg', payload: { type: 'task_complete', turn_id: turn.id, last_agent_message: lastAgentMessage, completed_at: Math.floor(Date.now() / 1000), duration_ms: Date.now() - started } });
    } catch (err) {
      if (signal.aborted) {
        turn.status = 'interrupted';
        this.record(turnAbortedMarker());
        rollout?.append({ type: 'event_msg', payload: { type: 'turn_aborted', turn_id: turn.id, reason: 'interrupted' } });
      } else {
        turn.status = 'failed';
        turn.error = turnError((err as Error)?.message ?? String(err));
        rollout?.append({ type: 'event_msg', payload: { type: 'turn_failed', turn_id: turn.id, message: turn.error.message } });
        host.notify('error', { error: turn.error, willRetry: false, threadId, turnId: turn.id });
      }
    } finally {
      closeOpenCommandItems(ctx);
    }
    turn.completedAt = Math.floor(Date.now() / 1000);
    turn.durationMs = Date.now() - started;
    this.updatedAt = turn.completedAt;
    host.notify('turn/completed', { threadId, turn });
    if (turn.status === 'completed' && this.config.notify?.length) {
      runNotifyProgram(this.config.notify, {
        type: 'agent-turn-complete',
        'thread-id': threadId,
        'turn-id': turn.id,
        cwd: this.config.cwd,
        client: this.init.clientName,
        'input-messages': input.filter((i) => i.type === 'text').map((i) => (i as { text: string }).text),
        'last-assistant-message': lastAgentMessage,
      });
    }
  }

  /** Compacts the history now, as a turn of its own with one contextCompaction item (thread/compact/start). */
  startCompaction(): Turn {
    if (this.active) throw new Error(`thread ${this.id} already has a turn in progress (${this.active.turn.id})`);
    const turn: Turn = { id: uuidv7(), items: [], status: 'inProgress', error: null, startedAt: Math.floor(Date.now() / 1000), completedAt: null, durationMs: null };
    this.turns.push(turn);
    const abort = new AbortController();
    const done = this.runCompaction(turn, abort.signal).finally(() => {
      this.active = undefined;
    });
    this.active = { turn, abort, done };
    return turn;
  }

  private async runCompaction(turn: Turn, signal: AbortSignal): Promise<void> {
    const host = this.init.host;
    const threadId = this.id;
    const rollout = this.init.rollout;
    const started = Date.now();
    const events = {
      emitStarted: (item: ThreadItem) => host.notify('item/started', { threadId, turnId: turn.id, item, startedAtMs: Date.now() }),
      emitCompleted: (item: ThreadItem) => {
        turn.items.push(item);
        rollout?.append({ type: 'event_msg', payload: { type: 'item_completed', thread_id: threadId, turn_id: turn.id, item } });
        host.notify('item/completed', { threadId, turnId: turn.id, item, completedAtMs: Date.now() });
      },
    };
    host.notify('turn/started', { threadId, turn: { ...turn, items: [] } });
    rollout?.append({
      type: 'turn_context',
      payload: { turn_id: turn.id, cwd: this.config.cwd, approval_policy: this.config.approvalPolicy, sandbox_policy: sandboxPolicyToWire(this.sandbox), model: this.config.model, effort: this.config.modelReasoningEffort ?? null },
    });
    rollout?.append({ type: 'event_msg', payload: { type: 'task_started', turn_id: turn.id, started_at: turn.startedAt ?? 0, model_context_window: this.contextWindow } });
    try {
      await this.compact(events, signal);
      rollout?.throwIfFailed();
      turn.status = 'completed';
      rollout?.append({ type: 'event_msg', payload: { type: 'task_complete', turn_id: turn.id, last_agent_message: null, completed_at: Math.floor(Date.now() / 1000), duration_ms: Date.now() - started } });
    } catch (err) {
      if (signal.aborted) {
        turn.status = 'interrupted';
        rollout?.append({ type: 'event_msg', payload: { type: 'turn_aborted', turn_id: turn.id, reason: 'interrupted' } });
      } else {
        turn.status = 'failed';
        turn.error = turnError((err as Error)?.message ?? String(err));
        rollout?.append({ type: 'event_msg', payload: { type: 'turn_failed', turn_id: turn.id, message: turn.error.message } });
        host.notify('error', { error: turn.error, willRetry: false, threadId, turnId: turn.id });
      }
    }
    turn.completedAt = Math.floor(Date.now() / 1000);
    turn.durationMs = Date.now() - started;
    this.updatedAt = turn.completedAt;
    host.notify('turn/completed', { threadId, turn });
  }

  private async compact(ctx: Pick<ToolContext, 'emitStarted' | 'emitCompleted'>, signal: AbortSignal): Promise<void> {
    const item: ThreadItem = { type: 'contextCompaction', id: uuidv7() };
    ctx.emitStarted(item);
    const summary = await summarizeConversation({ client: this.init.client, initialContext: this.initialContext, conversation: this.conversation, threadId: this.id, signal });
    this.conversation = compactedConversation(this.conversation, summary);
    this.last = emptyBreakdown();
    this.init.rollout?.append({ type: 'compacted', payload: { message: summary, replacement_history: this.conversation } });
    ctx.emitCompleted(item);
  }
}

function turnError(message: string): TurnError {
  return { message, codexErrorInfo: null, additionalDetails: null };
}
