// A thread: one conversation with the model, its history, its rollout and its
// turns. `startTurn` runs the turn loop in the background: sample the model,
// run the tool calls it makes, feed their outputs back, until it answers
// without calling tools.
import { ModelError, type ContentItem, type ModelClient, type Prompt, type ResponseItem, type TokenUsage, type ToolSpec } from '../model/types.js';
import { backoffDelayMs, sleep } from '../model/http.js';
import type { Config } from '../config/types.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import { threadPlacement } from '../worktrees/threadPlacement.js';
import type { Thread, ThreadItem, ThreadStatus, ThreadTokenUsage, Turn, TurnError, UserInput } from '../../../shared/protocol/types.js';
import type { ThreadHost } from './threadHost.js';
import type { RolloutRecorder } from './rollout.js';
import { sessionSourceToWire, type RolloutSessionSource } from './sessionSource.js';
import { approvalPolicyName } from '../approval/policy.js';
import { PendingApprovals } from '../approval/pendingApprovals.js';
import { buildInitialContext, formatEnvironmentContext, userMessage, userShellName } from './context.js';
import { mentionedSkills, skillInjectionText } from '../skills/render.js';
import { isWebSearchCall, webSearchItem, webSearchTools } from '../tools/webSearch.js';
import type { Skill } from '../skills/discovery.js';
import { compactedConversation, summarizeConversation, textOfMessage } from './compaction.js';
import { addBreakdown, breakdownFrom, emptyBreakdown, snakeCaseUsage } from './usage.js';
import { builtinTools, dispatchToolCall, toolCallFromItem } from '../tools/router.js';
import { closeOpenCommandItems } from '../tools/execTool.js';
import type { ExternalToolRegistry, ToolContext } from '../tools/context.js';
import { UnifiedExecManager } from '../exec/unifiedExec.js';
import type { ProcessBackend } from '../exec/backend.js';
import { loadImageAsContent } from '../tools/viewImage.js';
import { uuidv7 } from '../util/ids.js';
import { runNotifyProgram } from './notify.js';
import { pairCallsWithOutputs } from './callPairing.js';
import { turnAbortedMarker } from './turnAborted.js';
import { assertInputWithinLimit } from './inputLimit.js';
import { runReview, type TaskIO } from './reviewTurn.js';
import type { ResolvedReview } from '../review/reviewTarget.js';
import { reviewerContext, REVIEWER_PERMISSIONS, REVIEWER_TOOLS } from '../review/reviewerSetup.js';
import { runReviewer } from './reviewerAgent.js';
import { TurnRecorder, type TurnSettings } from './turnRecorder.js';
import { runSamplingRequest } from './samplingRequest.js';
import { PendingInput, SteerError } from './pendingInput.js';
import { runUserShellCommandItem, USER_SHELL_TIMEOUT_MS } from './userShellCommand.js';

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
  /** The skills this thread sees: listed to the model (skillsSection) and injected when a message names one with `$name`. */
  skills?: Skill[];
  skillsSection?: string;
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

interface ActiveTurn {
  turn: Turn;
  /** regular: the model's turn; compact: thread/compact/start; shell: a `!` command run while the thread was idle. */
  kind: 'regular' | 'compact' | 'review' | 'shell';
  abort: AbortController;
  done: Promise<void>;
  pending: PendingInput;
  recorder: TurnRecorder;
}

type TurnRunner = (recorder: TurnRecorder, signal: AbortSignal, pending: PendingInput) => Promise<void>;

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
  private active: ActiveTurn | undefined;
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
      skillsSection: init.skillsSection,
    });
  }

  get contextWindow(): number {
    return this.config.modelContextWindow ?? this.init.client.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
  }

  private get autoCompactLimit(): number {
    return this.config.modelAutoCompactTokenLimit ?? Math.floor(this.contextWindow * 0.9);
  }

  /** The thread's model connection, for one-off requests outside its conversation (a drafted commit message). */
  get modelClient(): ModelClient {
    return this.init.client;
  }

  get rolloutPath(): string | null {
    return this.init.rollout?.path ?? null;
  }

  get isRunning(): boolean {
    return this.active !== undefined;
  }

  /** The id of the turn running now, of any kind (a shell command, a compaction too). */
  get runningTurnId(): string | undefined {
    return this.active?.turn.id;
  }

  /** The running turn when it can take more user input (a regular turn still sampling). */
  get steerableTurn(): Turn | undefined {
    const a = this.active;
    return a && a.kind === 'regular' && a.pending.accepting ? a.turn : undefined;
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
      ...threadPlacement(this.config.codexHome, this.config.cwd),
    };
  }

  /** Starts a turn; its progress arrives as notifications on the host. */
  startTurn(input: UserInput[], opts: TurnOptions = {}): Turn {
    if (this.active) throw new Error(`thread ${this.id} already has a turn in progress (${this.active.turn.id})`);
    assertInputWithinLimit(input);
    this.applyTurnSettings(opts);
    return this.beginTurn('regular', (recorder, signal, pending) => this.runTurn(recorder, input, opts, signal, pending));
  }

  /** Makes a turn the running one and runs it in the background. */
  private beginTurn(kind: ActiveTurn['kind'], run: TurnRunner): Turn {
    if (this.active) throw new Error(`thread ${this.id} already has a turn in progress (${this.active.turn.id})`);
    const turn: Turn = {
      id: uuidv7(),
      items: [],
      status: 'inProgress',
      error: null,
      startedAt: Math.floor(Date.now() / 1000),
      completedAt: null,
      durationMs: null,
    };
    this.turns.push(turn);
    const abort = new AbortController();
    const pending = new PendingInput();
    const recorder = new TurnRecorder(this.id, turn, this.init.host, this.init.rollout);
    const done = run(recorder, abort.signal, pending).finally(() => {
      this.active = undefined;
    });
    this.active = { turn, kind, abort, done, pending, recorder };
    return turn;
  }

  /**
   * Runs a command the user typed (thread/shellCommand), unsandboxed in the
   * thread's cwd, as Codex does: inside the running turn if there is one (its
   * record reaches the model with that turn's next request), else as a turn
   * of its own (the model reads the record with the next turn). Resolves once
   * the command has started; its item reports the rest.
   */
  runShellCommand(command: string, timeoutMs = USER_SHELL_TIMEOUT_MS): void {
    const a = this.active;
    if (a) {
      void this.userShellCommand(a.recorder, a.abort.signal, command, timeoutMs)
        .then((record) => {
          if (a.pending.accepting) a.pending.push({ kind: 'item', item: record });
          else this.record(record);
        })
        // The thread closed meanwhile: there is no history left to keep it in.
        .catch(() => undefined);
      return;
    }
    let steered: UserInput[] = [];
    let clientId: string | undefined;
    this.beginTurn('shell', async (recorder, signal, pending) => {
      recorder.started(this.turnSettings());
      try {
        this.record(await this.userShellCommand(recorder, signal, command, timeoutMs));
        this.init.rollout?.throwIfFailed();
        if (signal.aborted) recorder.interrupted();
        else recorder.completed(null);
      } catch (err) {
        this.endUnfinished(recorder, err, signal, { abortedMarker: false });
      }
      // A shell turn never asks the model: what the user steered into it starts the next turn.
      for (const entry of pending.close()) {
        if (entry.kind === 'item') this.record(entry.item);
        else {
          steered = [...steered, ...entry.input];
          clientId ??= entry.clientId;
        }
      }
      this.finishTurn(recorder);
    });
    void this.active?.done.then(() => {
      if (steered.length === 0) return;
      const entry = { input: steered, ...(clientId ? { clientId } : {}) };
      // Another turn may have started first: the input joins it instead.
      if (this.active?.pending.accepting) this.active.pending.push({ kind: 'user', ...entry });
      else if (!this.active) {
        try {
          this.startTurn(entry.input, { clientUserMessageId: entry.clientId });
        } catch (err) {
          this.init.host.notify('thread/warning', {
            threadId: this.id,
            message: `the input sent during the shell command could not start a turn: ${(err as Error).message}`,
          });
        }
      }
    });
  }

  private userShellCommand(recorder: TurnRecorder, signal: AbortSignal, command: string, timeoutMs: number): Promise<ResponseItem> {
    return runUserShellCommandItem({ recorder, signal, command, timeoutMs, cwd: this.config.cwd, env: this.init.env });
  }

  /** Input that reached a turn after its last model request: kept in the history for the next one. */
  private async recordLeftovers(recorder: TurnRecorder, pending: PendingInput): Promise<void> {
    for (const entry of pending.close()) {
      if (entry.kind === 'item') this.record(entry.item);
      else await this.recordUserInput(recorder, entry.input, entry.clientId).catch(() => undefined);
    }
  }

  /**
   * Adds input to the running turn (turn/steer): it joins the history before
   * the turn's next request to the model. Returns the turn's id.
   */
  steer(input: UserInput[], expectedTurnId: string, clientId?: string): string {
    if (!expectedTurnId) throw new SteerError('expectedTurnId must not be empty');
    assertInputWithinLimit(input);
    if (input.length === 0) throw new SteerError('input must not be empty');
    const a = this.active;
    if (!a || !a.pending.accepting) throw new SteerError('no active turn to steer');
    if (a.kind === 'compact' || a.kind === 'review') {
      const message = `cannot steer a ${a.kind} turn`;
      throw new SteerError(message, { message, codexErrorInfo: { activeTurnNotSteerable: { turnKind: a.kind } }, additionalDetails: null });
    }
    if (a.turn.id !== expectedTurnId) throw new SteerError(`expected active turn id \`${expectedTurnId}\` but found \`${a.turn.id}\``);
    a.pending.push({ kind: 'user', input, ...(clientId ? { clientId } : {}) });
    return a.turn.id;
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

  /** Moves an idle thread to another working directory (handoff), as a turn's cwd override would. */
  moveTo(cwd: string, sandbox: SandboxPolicy): void {
    if (this.active) throw new Error(`thread ${this.id} has a turn in progress (${this.active.turn.id}); it cannot move now`);
    this.applyTurnSettings({ cwd, sandbox });
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
          {
            type: 'input_text',
            text: formatEnvironmentContext({
              cwd: this.config.cwd,
              approvalPolicy: approvalPolicyName(this.config.approvalPolicy),
              sandbox: this.sandbox,
              shell: userShellName(this.init.env),
            }),
          },
        ]),
      );
    }
  }

  private record(item: ResponseItem): void {
    this.conversation.push(item);
    this.init.rollout?.append({ type: 'response_item', payload: item });
  }

  /** The request's reasoning settings: the turn's, else the thread's config (the reviewer's too, as its config is the thread's). */
  private reasoning(opts: Pick<TurnOptions, 'effort' | 'summary'>): Prompt['reasoning'] {
    const effort = opts.effort ?? this.config.modelReasoningEffort;
    const summary = opts.summary ?? this.config.modelReasoningSummary ?? 'auto';
    return summary === 'none' && !effort ? undefined : { ...(effort ? { effort } : {}), ...(summary !== 'none' ? { summary } : {}) };
  }

  private buildPrompt(opts: TurnOptions): Prompt {
    return {
      model: this.config.model,
      instructions: '',
      // Every call answered exactly once, whatever a crash or a break left behind.
      input: pairCallsWithOutputs([...this.initialContext, ...this.conversation]).items,
      tools: [...builtinTools({ includePlanTool: true }), ...(this.init.extraTools?.() ?? [])],
      hostedTools: webSearchTools(this.config.webSearch),
      parallelToolCalls: true,
      reasoning: this.reasoning(opts),
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

  /** What tool handlers may use during this turn. */
  private toolContext(recorder: TurnRecorder, signal: AbortSignal): ToolContext {
    return {
      threadId: this.id,
      turnId: recorder.turnId,
      cwd: this.config.cwd,
      env: this.init.env,
      approvalPolicy: this.config.approvalPolicy,
      sandbox: this.sandbox,
      signal,
      host: this.pendingApprovals.counting(this.init.host),
      exec: this.exec,
      approvedForSession: this.approvedForSession,
      externalTools: this.init.externalTools,
      interruptTurn: () => this.active?.abort.abort(new TurnInterrupted('turn interrupted: an approval was cancelled')),
      emitStarted: (item) => recorder.itemStarted(item),
      emitCompleted: (item) => recorder.itemCompleted(item),
    };
  }

  private turnSettings(opts: Pick<TurnOptions, 'model' | 'effort'> = {}): TurnSettings {
    return {
      cwd: this.config.cwd,
      approvalPolicy: this.config.approvalPolicy,
      sandbox: this.sandbox,
      model: opts.model ?? this.config.model,
      effort: opts.effort ?? this.config.modelReasoningEffort ?? null,
      contextWindow: this.contextWindow,
    };
  }

  /** A turn from start to turn/completed: the user's input, the sampling loop, then how it ended. */
  private async runTurn(recorder: TurnRecorder, input: UserInput[], opts: TurnOptions, signal: AbortSignal, pending: PendingInput): Promise<void> {
    const turn = recorder.turn;
    const ctx = this.toolContext(recorder, signal);
    recorder.started(this.turnSettings(opts));
    let lastAgentMessage: string | null = null;
    try {
      const text = textOfInput(input);
      if (!this.preview) this.preview = text;
      await this.recordUserInput(recorder, input, opts.clientUserMessageId);
      lastAgentMessage = await this.samplingLoop(recorder, ctx, opts, signal, pending);
      this.init.rollout?.throwIfFailed();
      recorder.completed(lastAgentMessage);
    } catch (err) {
      // Input steered into a turn that broke off is kept for the next one.
      await this.recordLeftovers(recorder, pending);
      this.endUnfinished(recorder, err, signal);
    } finally {
      closeOpenCommandItems(ctx);
    }
    this.finishTurn(recorder);
    if (turn.status === 'completed' && this.config.notify?.length) {
      runNotifyProgram(this.config.notify, {
        type: 'agent-turn-complete',
        'thread-id': this.id,
        'turn-id': turn.id,
        cwd: this.config.cwd,
        client: this.init.clientName,
        'input-messages': input.flatMap((i) => (i.type === 'text' ? [i.text] : [])),
        'last-assistant-message': lastAgentMessage,
      });
    }
  }

  /** The user's input: Codex's user_message event, the history's user message and a userMessage item. */
  private async recordUserInput(recorder: TurnRecorder, input: UserInput[], clientId: string | undefined): Promise<void> {
    const text = textOfInput(input);
    recorder.userMessage(
      text,
      input.flatMap((i) => (i.type === 'text' ? [] : ['path' in i ? i.path : i.url])),
    );
    this.record(userMessage(await this.userContent(input)));
    // A skill named with $name follows the message as Codex's <skill> user message.
    for (const skill of mentionedSkills(text, this.init.skills ?? [])) {
      const injected = skillInjectionText(skill);
      if (injected) this.record(userMessage([{ type: 'input_text', text: injected }]));
    }
    const item: ThreadItem = { type: 'userMessage', id: uuidv7(), content: input, ...(clientId ? { clientId } : {}) };
    recorder.itemStarted(item);
    recorder.itemCompleted(item);
  }

  /**
   * Samples the model until it answers without calling tools (Codex's
   * `run_turn` loop): compacts when the context fills, retries a broken
   * stream, compacts once on a context overflow. Returns the last agent message.
   */
  private async samplingLoop(recorder: TurnRecorder, ctx: ToolContext, opts: TurnOptions, signal: AbortSignal, pending: PendingInput): Promise<string | null> {
    let lastAgentMessage: string | null = null;
    let retries = 0;
    let compactedForOverflow = false;
    for (;;) {
      this.init.rollout?.throwIfFailed();
      if (this.last.totalTokens >= this.autoCompactLimit) await this.compact(recorder, signal);
      // What the user steered in since the last request goes before the next one.
      for (const entry of pending.take()) {
        if (entry.kind === 'item') this.record(entry.item);
        else await this.recordUserInput(recorder, entry.input, entry.clientId);
      }
      const result = await runSamplingRequest({
        client: this.init.client,
        prompt: this.buildPrompt(opts),
        signal,
        recorder,
        record: (item) => this.record(item),
        dispatch: (call) => dispatchToolCall(call, ctx),
        onUsage: (usage) => this.addUsage(recorder, usage),
      });
      if (result.lastAgentMessage !== null) lastAgentMessage = result.lastAgentMessage;
      if (signal.aborted) throw signal.reason ?? new TurnInterrupted('turn interrupted');
      if (result.failure !== undefined) {
        const err = result.failure instanceof ModelError ? result.failure : new ModelError(String((result.failure as Error)?.message ?? result.failure), false);
        if (err.code === 'context_length_exceeded' && !compactedForOverflow) {
          compactedForOverflow = true;
          await this.compact(recorder, signal);
          continue;
        }
        const max = this.init.client.streamMaxRetries;
        if (err.retryable && retries < max) {
          retries++;
          recorder.retrying(`Reconnecting... ${retries}/${max} (${err.message})`);
          await sleep(err.retryAfterMs ?? backoffDelayMs(retries), signal);
          continue;
        }
        throw err;
      }
      retries = 0;
      // Steered input keeps the turn going even when the model is done (Codex: needs_follow_up || has_pending_input).
      if (!result.needsFollowUp && pending.isEmpty) {
        pending.close();
        return lastAgentMessage;
      }
    }
  }

  private addUsage(recorder: TurnRecorder, usage: TokenUsage): void {
    this.last = breakdownFrom(usage);
    this.total = addBreakdown(this.total, this.last);
    recorder.tokenUsage(this.usage);
  }

  /** An interrupted turn leaves Codex's <turn_aborted> note for the model; a failed one its error. */
  private endUnfinished(recorder: TurnRecorder, err: unknown, signal: AbortSignal, opts: { abortedMarker: boolean } = { abortedMarker: true }): void {
    if (signal.aborted) {
      if (opts.abortedMarker) this.record(turnAbortedMarker());
      recorder.interrupted();
    } else {
      recorder.failed((err as Error)?.message ?? String(err));
    }
  }

  private finishTurn(recorder: TurnRecorder): void {
    const completedAt = Math.floor(Date.now() / 1000);
    this.updatedAt = completedAt;
    recorder.finished(completedAt);
  }

  /** Compacts the history now, as a turn of its own with one contextCompaction item (thread/compact/start). */
  startCompaction(): Turn {
    return this.beginTurn('compact', (recorder, signal, pending) => this.runCompaction(recorder, signal, pending));
  }

  /** Runs a code review as a turn of its own (review/start); its outcome is recorded in this thread's history. */
  startReview(review: ResolvedReview): Turn {
    return this.beginTurn('review', (recorder, signal, pending) => this.runReviewTurn(recorder, signal, pending, review));
  }

  private async runReviewTurn(recorder: TurnRecorder, signal: AbortSignal, pending: PendingInput, review: ResolvedReview): Promise<void> {
    recorder.started(this.turnSettings());
    const io: TaskIO = {
      threadId: this.id,
      turnId: recorder.turnId,
      signal,
      emitStarted: (item) => recorder.itemStarted(item),
      emitCompleted: (item) => recorder.itemCompleted(item),
    };
    // The reviewer's processes are its own: they end with the review.
    const exec = new UnifiedExecManager({ backend: this.exec.backend });
    try {
      await runReview(io, review, {
        record: (item) => this.record(item),
        askReviewer: (request) =>
          runReviewer({
            client: this.init.client,
            model: this.config.reviewModel ?? this.config.model,
            reasoning: this.reasoning({}),
            // Its rubric and its environment only: not the coding agent's instructions, history or AGENTS.md.
            context: reviewerContext(this.config.cwd, userShellName(this.init.env)),
            request,
            tools: REVIEWER_TOOLS,
            toolContext: {
              ...this.toolContext(recorder, signal),
              ...REVIEWER_PERMISSIONS,
              exec,
              // What the user allowed this thread for the session does not carry over to the reviewer.
              approvedForSession: new Set(),
              externalTools: undefined,
            },
            sink: recorder,
            signal,
            promptCacheKey: this.id,
          }),
      });
      this.init.rollout?.throwIfFailed();
      recorder.completed(null);
    } catch (err) {
      this.endUnfinished(recorder, err, signal, { abortedMarker: false });
    } finally {
      await exec.terminateAll();
    }
    await this.recordLeftovers(recorder, pending);
    this.finishTurn(recorder);
  }

  private async runCompaction(recorder: TurnRecorder, signal: AbortSignal, pending: PendingInput): Promise<void> {
    recorder.started(this.turnSettings());
    try {
      await this.compact(recorder, signal);
      this.init.rollout?.throwIfFailed();
      recorder.completed(null);
    } catch (err) {
      this.endUnfinished(recorder, err, signal, { abortedMarker: false });
    }
    await this.recordLeftovers(recorder, pending);
    this.finishTurn(recorder);
  }

  private async compact(recorder: TurnRecorder, signal: AbortSignal): Promise<void> {
    const item: ThreadItem = { type: 'contextCompaction', id: uuidv7() };
    recorder.itemStarted(item);
    const summary = await summarizeConversation({
      client: this.init.client,
      initialContext: this.initialContext,
      conversation: this.conversation,
      threadId: this.id,
      signal,
    });
    this.conversation = compactedConversation(this.conversation, summary);
    this.last = emptyBreakdown();
    this.init.rollout?.append({ type: 'compacted', payload: { message: summary, replacement_history: this.conversation } });
    recorder.itemCompleted(item);
  }
}

/** The text parts of the input, joined by newlines (the rollout's user_message, the preview). */
function textOfInput(input: UserInput[]): string {
  return input.flatMap((i) => (i.type === 'text' ? [i.text] : [])).join('\n');
}
