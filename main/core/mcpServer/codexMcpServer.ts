// `codex mcp-server`: Codex as an MCP server. Each `codex` tool call starts a
// thread on the core's app-server API and runs one turn; `codex-reply` runs the
// next turn of a thread started earlier in this process. Progress streams as
// `codex/event` notifications and approvals become `elicitation/create` requests.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  ResultSchema,
  type CallToolResult,
  type ServerNotification as McpServerNotification,
  type ServerRequest as McpServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { AppServer } from '../server/appServer.js';
import type { ConfigOverrides } from '../config/types.js';
import type { ThreadHost } from '../session/threadHost.js';
import type {
  CommandExecutionRequestApprovalParams,
  FileChangeRequestApprovalParams,
  RequestId,
  ServerNotification,
  ThreadStartResponse,
  Turn,
} from '../../../shared/protocol/types.js';
import { serverNotification } from '../../../shared/protocol/messages.js';
import { CodexEventMapper, sessionConfiguredEvent, type CodexEventMsg } from './codexEvents.js';
import { coreDecision, decisionFromElicitResult, execApprovalElicitation, patchApprovalElicitation, type ReviewDecision } from './approvalElicitation.js';
import {
  CODEX_REPLY_TOOL,
  CODEX_TOOL,
  codexToolDefinitions,
  parseCodexReplyArgs,
  parseCodexToolArgs,
  ToolArgumentError,
  type CodexToolParams,
} from './toolDefinitions.js';

type Extra = RequestHandlerExtra<McpServerRequest, McpServerNotification>;

/** A person may take long to answer an approval; Codex waits without limit, we wait a day. */
const APPROVAL_WAIT_MS = 24 * 60 * 60 * 1000;

/** One `tools/call` whose turn is running, found by its thread id. */
interface RunningCall {
  threadId: string;
  requestId: RequestId;
  /** `id` of this call's `codex/event` notifications (Codex uses the request id). */
  eventId: string;
  extra: Extra;
  mapper: CodexEventMapper;
  /** The client answered `abort` to an approval: the turn is being interrupted. */
  abortedByClient: boolean;
  finished: (turn: Turn) => void;
}

export interface CodexMcpServerOptions {
  /** Command-line overrides (`-c`, `-m`, …), applied under each call's own settings. */
  baseOverrides?: ConfigOverrides;
  codexHome?: string;
  env?: NodeJS.ProcessEnv;
  version: string;
  /** Diagnostics; stdout belongs to the protocol, so the CLI writes these to stderr. */
  log: (message: string) => void;
}

function textResult(text: string, threadId?: string, isError = false): CallToolResult {
  return {
    content: [{ type: 'text', text }],
    // Codex mirrors the text in structuredContent: some clients read only one of the two.
    ...(threadId !== undefined ? { structuredContent: { threadId, content: text } } : {}),
    ...(isError ? { isError: true } : {}),
  };
}

export class CodexMcpServer {
  readonly mcp: Server;
  private readonly core: AppServer;
  private readonly running = new Map<string, RunningCall>();
  /** Notifications go out in order, and all of a call's before its result. */
  private outbox: Promise<void> = Promise.resolve();

  constructor(private readonly opts: CodexMcpServerOptions) {
    const host: ThreadHost = {
      notify: (method, params) => this.onCoreNotification(serverNotification(method, params)),
      request: ((method: string, params: CommandExecutionRequestApprovalParams | FileChangeRequestApprovalParams) =>
        this.onApprovalRequest(method, params)) as ThreadHost['request'],
    };
    this.core = new AppServer({
      codexHome: opts.codexHome,
      env: opts.env,
      baseOverrides: opts.baseOverrides,
      source: 'mcp',
      originator: 'codex_mcp_server',
      version: opts.version,
      host,
      onWarning: (message, threadId) => {
        const call = threadId ? this.running.get(threadId) : undefined;
        if (call) this.emit(call, { type: 'warning', message });
        else opts.log(`warning: ${message}`);
      },
    });
    this.mcp = new Server({ name: 'codex-mcp-server', title: 'Codex', version: opts.version }, { capabilities: { tools: {} } });
    this.mcp.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: codexToolDefinitions() }));
    this.mcp.setRequestHandler(CallToolRequestSchema, (req, extra) => this.callTool(req.params.name, req.params.arguments, extra));
  }

  async connect(transport: Transport): Promise<void> {
    this.mcp.onerror = (err) => this.opts.log(err.message);
    await this.mcp.connect(transport);
  }

  /** Interrupts running turns, closes threads (rollouts, processes) and the connection. */
  async shutdown(): Promise<void> {
    await this.core.shutdown();
    await this.outbox;
    await this.mcp.close();
  }

  private async callTool(name: string, args: unknown, extra: Extra): Promise<CallToolResult> {
    try {
      if (name === CODEX_TOOL) return await this.runCodex(parseCodexToolArgs(args), extra);
      if (name === CODEX_REPLY_TOOL) {
        const { threadId, prompt } = parseCodexReplyArgs(args);
        return await this.runCodexReply(threadId, prompt, extra);
      }
      return textResult(`Unknown tool '${name}': this server offers '${CODEX_TOOL}' and '${CODEX_REPLY_TOOL}'`, undefined, true);
    } catch (err) {
      if (err instanceof ToolArgumentError) return textResult(err.message, undefined, true);
      throw err;
    }
  }

  private async runCodex(p: CodexToolParams, extra: Extra): Promise<CallToolResult> {
    // profile and compact-prompt are config keys (`-c profile=…`); the rest map to thread/start.
    const config = {
      ...(p.config ?? {}),
      ...(p.profile !== undefined ? { profile: p.profile } : {}),
      ...(p.compactPrompt !== undefined ? { compact_prompt: p.compactPrompt } : {}),
    };
    let started: ThreadStartResponse;
    try {
      started = await this.core.request('thread/start', {
        model: p.model,
        cwd: p.cwd,
        approvalPolicy: p.approvalPolicy,
        sandbox: p.sandbox,
        config: Object.keys(config).length ? config : undefined,
        baseInstructions: p.baseInstructions,
        developerInstructions: p.developerInstructions,
      });
    } catch (err) {
      return textResult(`Failed to start Codex session: ${(err as Error).message}`, undefined, true);
    }
    // Codex sends session_configured with an empty event id, before the turn's events.
    return this.runTurn(started.thread.id, p.prompt, extra, (call) => this.emit(call, sessionConfiguredEvent(started), ''));
  }

  private async runCodexReply(threadId: string, prompt: string, extra: Extra): Promise<CallToolResult> {
    if (!this.core.getThread(threadId)) {
      return textResult(
        `invalid arguments for ${CODEX_REPLY_TOOL}: 'threadId' ${JSON.stringify(threadId)} is not a session of this server (start one with the '${CODEX_TOOL}' tool; sessions last as long as the server process)`,
        undefined,
        true,
      );
    }
    return this.runTurn(threadId, prompt, extra);
  }

  /** Runs one turn on `threadId`, streaming its events, and answers with its last agent message. */
  private async runTurn(threadId: string, prompt: string, extra: Extra, beforeTurn?: (call: RunningCall) => void): Promise<CallToolResult> {
    if (this.running.has(threadId)) {
      return textResult(`'threadId' ${threadId} already has a turn in progress; wait for its result before replying`, threadId, true);
    }
    let finished!: (turn: Turn) => void;
    const done = new Promise<Turn>((r) => (finished = r));
    const call: RunningCall = {
      threadId,
      requestId: extra.requestId,
      eventId: String(extra.requestId),
      extra,
      mapper: new CodexEventMapper(this.core.getThread(threadId)?.contextWindow ?? null),
      abortedByClient: false,
      finished,
    };
    this.running.set(threadId, call);
    try {
      beforeTurn?.(call);
      let turnId: string;
      try {
        const res = await this.core.request('turn/start', { threadId, input: [{ type: 'text', text: prompt }] });
        turnId = res.turn.id;
      } catch (err) {
        await this.outbox;
        return textResult(`Failed to start the turn: ${(err as Error).message}`, threadId, true);
      }
      // A client that cancels its tools/call (notifications/cancelled) interrupts the turn.
      const onCancel = () => void this.core.handle('turn/interrupt', { threadId, turnId }).catch(() => {});
      extra.signal.addEventListener('abort', onCancel, { once: true });
      const turn = await done;
      extra.signal.removeEventListener('abort', onCancel);
      await this.outbox;
      switch (turn.status) {
        case 'completed':
          return textResult(call.mapper.lastAgentMessage ?? '', threadId);
        case 'failed':
          return textResult(turn.error?.message ?? 'turn failed', threadId, true);
        default:
          return textResult(call.abortedByClient ? 'Turn aborted: an approval was answered with abort.' : 'Turn aborted.', threadId, true);
      }
    } finally {
      this.running.delete(threadId);
    }
  }

  private onCoreNotification(n: ServerNotification): void {
    // thread/started has no threadId field: a `codex` call reports session_configured instead.
    const threadId = (n.params as { threadId?: string | null }).threadId;
    const call = threadId ? this.running.get(threadId) : undefined;
    if (!call) return;
    for (const msg of call.mapper.map(n)) this.emit(call, msg);
    if (n.method === 'turn/completed') call.finished(n.params.turn);
  }

  private emit(call: RunningCall, msg: CodexEventMsg, id = call.eventId): void {
    const params = { _meta: { requestId: call.requestId, threadId: call.threadId }, id, msg };
    this.outbox = this.outbox
      .then(() => call.extra.sendNotification({ method: 'codex/event', params } as unknown as McpServerNotification))
      .catch((err: unknown) => this.opts.log(`could not send codex/event: ${(err as Error).message}`));
  }

  private async onApprovalRequest(
    method: string,
    params: CommandExecutionRequestApprovalParams | FileChangeRequestApprovalParams,
  ): Promise<{ decision: ReturnType<typeof coreDecision> }> {
    const call = this.running.get(params.threadId);
    // Never approve silently: without a call to ask through, decline.
    if (!call) return { decision: 'decline' };
    const ctx = { threadId: call.threadId, toolCallId: String(call.requestId), eventId: call.eventId };
    let elicitation: Record<string, unknown>;
    if (method === 'item/commandExecution/requestApproval') {
      const p = params as CommandExecutionRequestApprovalParams;
      this.emit(call, call.mapper.execApprovalRequest(p));
      elicitation = execApprovalElicitation(ctx, p);
    } else if (method === 'item/fileChange/requestApproval') {
      const p = params as FileChangeRequestApprovalParams;
      this.emit(call, call.mapper.patchApprovalRequest(p));
      elicitation = patchApprovalElicitation(ctx, p);
    } else {
      this.opts.log(`declined ${method}: the MCP server has no way to ask the client for it`);
      return { decision: 'decline' };
    }
    const decision = await this.askClient(call, elicitation);
    if (decision === 'abort') {
      // Codex's abort stops the turn, not just this command. The interrupt is
      // signalled at once but not awaited: it waits for the turn, which waits for this answer.
      call.abortedByClient = true;
      void this.core.handle('turn/interrupt', { threadId: params.threadId, turnId: params.turnId }).catch(() => {});
    }
    return { decision: coreDecision(decision) };
  }

  private async askClient(call: RunningCall, params: Record<string, unknown>): Promise<ReviewDecision> {
    if (!this.mcp.getClientCapabilities()?.elicitation) {
      this.opts.log('approval denied: the MCP client does not support elicitation');
      return 'denied';
    }
    try {
      await this.outbox; // the *_approval_request event first
      const result = await call.extra.sendRequest({ method: 'elicitation/create', params } as McpServerRequest, ResultSchema, {
        timeout: APPROVAL_WAIT_MS,
      });
      const { decision, problem } = decisionFromElicitResult(result);
      if (problem) this.opts.log(`approval denied: malformed elicitation answer: ${problem}`);
      return decision;
    } catch (err) {
      this.opts.log(`approval denied: elicitation failed: ${(err as Error).message}`);
      return 'denied';
    }
  }
}
