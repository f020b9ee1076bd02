// The core's one API, shaped like Codex's app-server: requests in, notifications
// and approval requests out. Transports (in-process for exec, stdio JSON-RPC,
// desktop IPC) wrap this class and validate nothing themselves: `handle` does.
import { canonicalThreadIdParams } from './threadIdParam.js';
import { RpcError, threadNotFound } from './rpcError.js';
import { archivedMessage, ThreadControl, threadFromSummary } from './threadControl.js';
import { AccountRequests } from './accountHandlers.js';
import { WorktreeThreads, type WorktreePlacement } from './worktreeThreads.js';
import { threadPlacement } from '../worktrees/threadPlacement.js';
import { ReviewRequests } from './reviewHandlers.js';
import { ReviewPaneRequests } from './reviewPaneHandlers.js';
import { CommandExecManager } from './commandExec.js';
import { FuzzyFileSearchRequests } from './fuzzyFileSearch.js';
import { ThreadNamesCache, threadName } from '../session/threadNames.js';
import { readRolloutWithBase } from '../session/historyBase.js';
import { turnsFromRollout } from '../session/rolloutTurns.js';
import { locateRollout } from '../session/rolloutStore.js';
import { RolloutSummaryIndex } from '../session/rolloutSummaryIndex.js';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { loadConfig, resolveCodexHome } from '../config/load.js';
import { trustProject } from '../config/trustProject.js';
import { resolveModelCredentials } from '../auth/modelCredentials.js';
import { buildAgentsMessage } from '../config/projectDoc.js';
import { createShellEnv } from '../config/shellEnv.js';
import type { Config, ConfigOverrides } from '../config/types.js';
import { createModelClient } from '../model/index.js';
import { EFFORT_DESCRIPTIONS, modelsFor } from '../model/catalog.js';
import type { McpConnectionManager } from '../mcp/connectionManager.js';
import { parseMcpServers, type McpServerConfig } from '../mcp/config.js';
import { disabledServerStatus } from '../mcp/status.js';
import { AgentThread, DEFAULT_CONTEXT_WINDOW } from '../session/thread.js';
import { SteerError } from '../session/pendingInput.js';
import type { ThreadHost } from '../session/threadHost.js';
import { sandboxPolicyFromConfig, sandboxPolicyFromWire, sandboxPolicyToWire } from '../sandbox/policyConversions.js';
import { RolloutRecorder, findRolloutById, historyFromRollout, readRollout, summarizeRollout } from '../session/rollout.js';
import { buildConfigReadResponse, ConfigEditError, ConfigVersionConflictError, writeConfigEdits } from '../config/edit.js';
import { formatKeyPath } from '../../../shared/protocol/configKeyPath.js';
import { uuidv7 } from '../util/ids.js';
import { approvalPolicyToWire } from '../approval/policy.js';
import type { RolloutSessionSource } from '../session/sessionSource.js';
import { LOCAL_ENVIRONMENT_ID, type ProcessBackend } from '../exec/backend.js';
import { loadEnvironments, type EnvironmentsConfig } from '../environments/config.js';
import type { EnvironmentRegistry } from '../environments/registry.js';
import { configObjectToOverrides } from '../util/tomlLiteral.js';
import { listSkills, threadSkills } from '../skills/threadSkills.js';
import { writeSkillEnabled } from './skillsConfigWrite.js';
import { isClientRequestMethod, parseClientRequest, ProtocolValidationError } from '../../../shared/protocol/schemas.js';
import {
  JSONRPC_INTERNAL_ERROR,
  JSONRPC_INVALID_PARAMS,
  JSONRPC_INVALID_REQUEST,
  NO_ACTIVE_TURN_TO_INTERRUPT,
  JSONRPC_METHOD_NOT_FOUND,
  type ClientRequestInput,
  type ClientRequestMethod,
  type ClientRequestParams,
  type ClientRequestResult,
  type ListMcpServerStatusResponse,
  type McpServerStatus,
  type Thread,
  type ThreadItem,
  type ThreadStartResponse,
  type Turn,
} from '../../../shared/protocol/types.js';

export { RpcError };

/** A handler per method, typed by the method table: params in, that method's result out. */
type ClientRequestHandlers = { [M in ClientRequestMethod]: (params: ClientRequestParams<M>) => Promise<ClientRequestResult<M>> };

export interface AppServerOptions {
  codexHome?: string;
  env?: NodeJS.ProcessEnv;
  /** Overrides from the command line, applied to every thread. */
  baseOverrides?: ConfigOverrides;
  /** Rollout `source`, in Codex's words: exec, vscode (the app-server), mcp, {custom: "desktop"}. */
  source: RolloutSessionSource;
  /** Request `originator` header: codex_exec, codex_desktop... */
  originator: string;
  version: string;
  host: ThreadHost;
  /** Non-fatal problems (config warnings, skipped rollout lines). */
  onWarning?: (message: string, threadId: string | null) => void;
  /**
   * Codex's `codex app-server`: a thread/start whose sandbox may write
   * (workspace-write, danger-full-access) in a project with no trust entry
   * saves it as trusted first, so that thread already runs with the project's
   * config (checked on Codex 0.169). exec, the TUI and the desktop ask instead.
   */
  trustProjectOnWritableStart?: boolean;
}

export class AppServer {
  private readonly threads = new Map<string, AgentThread>();
  /** thread/list's summaries of rollouts, per CODEX_HOME and list (live, archived). */
  private readonly summaryIndexes = new Map<string, RolloutSummaryIndex>();
  private readonly threadNameCaches = new Map<string, ThreadNamesCache>();
  /** warmThreadList's answer, once called. */
  private threadListWarmup: Promise<void> | undefined;
  /** Each thread's running MCP servers, for `mcpServerStatus/list` with a threadId. */
  private readonly mcpByThread = new Map<string, McpConnectionManager>();
  private readonly env: NodeJS.ProcessEnv;
  /** Exec-server environments, made on the first thread that uses one (loads the websocket client). */
  private environmentRegistry: Promise<EnvironmentRegistry> | undefined;

  constructor(private readonly opts: AppServerOptions) {
    this.env = opts.env ?? process.env;
  }

  /** Validates and serves one request. Errors are RpcErrors with a JSON-RPC code. */
  async handle(method: string, params: unknown): Promise<unknown> {
    if (!isClientRequestMethod(method)) throw new RpcError(JSONRPC_METHOD_NOT_FOUND, `unknown method: ${method}`);
    return this.serve(method, params);
  }

  /** `handle` for in-process front ends (exec, the MCP server): validated the same way, typed by the method table. */
  request<M extends ClientRequestMethod>(method: M, params: ClientRequestInput<M>): Promise<ClientRequestResult<M>> {
    return this.serve(method, params);
  }

  private async serve<M extends ClientRequestMethod>(method: M, params: unknown): Promise<ClientRequestResult<M>> {
    let parsed: ClientRequestParams<M>;
    try {
      parsed = parseClientRequest(method, params);
    } catch (err) {
      if (err instanceof ProtocolValidationError) throw new RpcError(JSONRPC_INVALID_PARAMS, err.message);
      throw err;
    }
    return this.dispatch(method, canonicalThreadIdParams(method, parsed));
  }

  /** Sign-in (`account/*`), over core/auth/accountService.ts. */
  private readonly accounts = new AccountRequests({
    codexHome: () => this.codexHome(),
    env: () => this.env,
    config: () => this.loadConfig({}),
    originator: () => this.opts.originator,
    notify: (method, params) => this.opts.host.notify(method, params),
  });

  /** Code review (`review/*`), over core/review and core/worktrees/review.ts. */
  private readonly reviews = new ReviewRequests({ thread: (id) => this.thread(id) });
  /** The desktop review pane (`review/diff`, stage / unstage / revert, comments): ours. */
  private readonly reviewPane = new ReviewPaneRequests({ thread: (id) => this.thread(id), env: () => this.env });

  /** One handler per client request method; each must answer its method's result type. */
  private readonly handlers: ClientRequestHandlers = {
    initialize: async () => {
      // Worktree operations a crash cut short are finished or undone now, not only at the next worktree request.
      void this.worktrees.recover();
      // Not awaited: a client's first request need not wait for the whole check (a first
      // page needs the newest files only, and a listing checks what it reads itself).
      void this.warmThreadList();
      return this.initializeResult();
    },
    'thread/start': (p) => this.startThread(p),
    'thread/resume': (p) => this.resumeThread(p),
    'thread/list': async (p) => {
      // Watch events already queued (files written before this request) reach the index first.
      await new Promise((done) => setImmediate(done));
      const index = this.summaryIndex(this.codexHome(), p.archived === true);
      await index.ready();
      // A folder filter must know every file is as its index line says: the check started with the process knows.
      if (p.cwd) await index.checked();
      return this.listThreads(p);
    },
    'thread/unsubscribe': async (p) => {
      const t = this.threads.get(p.threadId);
      if (!t) return { status: 'notLoaded' };
      await t.close();
      this.threads.delete(p.threadId);
      return { status: 'unsubscribed' };
    },
    'turn/start': async (p) => {
      const thread = this.thread(p.threadId);
      if (p.cwd && !existsSync(p.cwd)) throw new RpcError(JSONRPC_INVALID_PARAMS, `cwd does not exist: ${p.cwd}`);
      // As Codex 0.169: input sent while a turn runs joins that turn (as turn/steer), and the answer names it.
      const running = thread.steerableTurn;
      if (running) {
        thread.steer(p.input, running.id, p.clientUserMessageId ?? undefined);
        return { turn: { ...running, items: [] } };
      }
      const turn = thread.startTurn(p.input, {
        cwd: p.cwd ? resolve(p.cwd) : undefined,
        approvalPolicy: p.approvalPolicy ?? undefined,
        sandbox: p.sandboxPolicy ? sandboxPolicyFromWire(p.sandboxPolicy) : undefined,
        model: p.model ?? undefined,
        effort: p.effort ?? undefined,
        summary: p.summary ?? undefined,
        outputSchema: p.outputSchema ?? undefined,
        clientUserMessageId: p.clientUserMessageId ?? undefined,
      });
      return { turn: { ...turn, items: [] } };
    },
    'turn/steer': async (p) => {
      try {
        return { turnId: this.thread(p.threadId).steer(p.input, p.expectedTurnId, p.clientUserMessageId ?? undefined) };
      } catch (err) {
        // Codex answers every refused steer with invalid-request.
        if (err instanceof SteerError) throw new RpcError(JSONRPC_INVALID_REQUEST, err.message, err.data);
        throw err;
      }
    },
    'thread/shellCommand': async (p) => {
      const command = p.command.trim();
      if (!command) throw new RpcError(JSONRPC_INVALID_REQUEST, 'command must not be empty');
      this.thread(p.threadId).runShellCommand(command, p.timeoutMs ?? undefined);
      return {};
    },
    'turn/interrupt': async (p) => {
      // As Codex 0.169: a turn that already ended (or never ran), or another turn than the running one, is an error.
      const thread = this.thread(p.threadId);
      const running = thread.runningTurnId;
      if (running && running !== p.turnId) throw new RpcError(JSONRPC_INVALID_REQUEST, `expected active turn id ${p.turnId} but found ${running}`);
      if (!(await thread.interrupt(p.turnId))) throw new RpcError(JSONRPC_INVALID_REQUEST, NO_ACTIVE_TURN_TO_INTERRUPT);
      return {};
    },
    'config/read': async (p) => {
      const config = this.loadConfig({ cwd: p.cwd ? resolve(p.cwd) : undefined });
      return this.configCall(() => buildConfigReadResponse(config, Boolean(p.includeLayers)));
    },
    'config/value/write': async (p) => {
      const file = this.userConfigFile(p.filePath);
      return this.configCall(() => writeConfigEdits(file, [{ keyPath: p.keyPath, value: p.value, mergeStrategy: p.mergeStrategy }], p.expectedVersion));
    },
    'config/batchWrite': async (p) => {
      const file = this.userConfigFile(p.filePath);
      return this.configCall(() => writeConfigEdits(file, p.edits, p.expectedVersion));
    },
    'mcpServerStatus/list': (p) => this.listMcpServerStatus(p),
    'thread/read': (p) => this.control.read(p),
    'thread/name/set': (p) => this.control.setName(p),
    'thread/archive': (p) => this.control.archive(p),
    'thread/unarchive': (p) => this.control.unarchive(p),
    'thread/delete': (p) => this.control.delete(p),
    'thread/fork': (p) => this.control.fork(p),
    'thread/revert': (p) => this.control.revert(p),
    'thread/compact/start': (p) => this.control.compact(p),
    'model/list': async (p) => this.listModels(p),
    'skills/list': async (p) => listSkills((cwd) => this.loadConfig({ cwd }), p.cwds ?? []),
    'skills/config/write': async (p) => {
      const file = this.userConfigFile(null);
      return this.configCall(() => writeSkillEnabled(file, p));
    },
    ...this.accounts.handlers,
    'command/exec': (p) => this.commands.exec(p),
    'command/exec/write': (p) => this.commands.write(p),
    'command/exec/resize': (p) => this.commands.resize(p),
    'command/exec/terminate': (p) => this.commands.terminate(p),
    fuzzyFileSearch: (p) => this.fileSearch.search(p),
    'fuzzyFileSearch/sessionStart': async (p) => this.fileSearch.sessions.start(p),
    'fuzzyFileSearch/sessionUpdate': async (p) => this.fileSearch.sessions.update(p),
    'fuzzyFileSearch/sessionStop': async (p) => this.fileSearch.sessions.stop(p),
    ...this.reviews.handlers,
    ...this.reviewPane.handlers,
    'worktree/list': (p) => this.worktrees.list(p),
    'worktree/cleanupCandidates': (p) => this.worktrees.cleanupCandidates(p),
    'worktree/branches': (p) => this.worktrees.branches(p),
    'worktree/remove': (p) => this.worktrees.remove(p),
    'worktree/handoff': (p) => this.worktrees.handoff(p),
    'environment/read': (p) => this.worktrees.readEnvironment(p),
    'environment/action/run': (p) => this.worktrees.runAction(p),
    'environment/action/terminate': (p) => this.worktrees.terminateAction(p),
  };

  private readonly fileSearch = new FuzzyFileSearchRequests(
    () => process.cwd(),
    (method, params) => this.opts.host.notify(method, params),
  );

  /** The user's standalone commands (the terminal panel), under the configured sandbox unless the request names one. */
  private readonly commands = new CommandExecManager({
    notify: (method, params) => this.opts.host.notify(method, params),
    context: (cwd) => {
      const config = this.loadConfig({ cwd: cwd ? resolve(cwd) : undefined });
      return { cwd: config.cwd, sandbox: sandboxPolicyFromConfig(config), env: createShellEnv(config.shellEnvironmentPolicy, this.env) };
    },
  });

  /** Worktree threads, handoff and environment actions (worktreeThreads.ts). */
  private readonly worktrees = new WorktreeThreads({
    codexHome: () => this.codexHome(),
    env: () => this.env,
    loaded: (id) => this.threads.get(id),
    loadedThreads: () => this.threads.values(),
    notify: (method, params) => this.opts.host.notify(method, params),
  });

  private initializeResult(): ClientRequestResult<'initialize'> {
    return {
      userAgent: `${this.opts.originator}/${this.opts.version} (${process.platform}; ${process.arch})`,
      codexHome: this.codexHome(),
      platformFamily: process.platform === 'win32' ? 'windows' : 'unix',
      platformOs: process.platform === 'darwin' ? 'macos' : process.platform,
      homeDir: this.env.HOME || this.env.USERPROFILE || homedir(),
    };
  }

  /** Read, rename, archive, delete, fork, revert and compact (threadControl.ts). */
  private readonly control = new ThreadControl({
    codexHome: () => this.codexHome(),
    loaded: (id) => this.threads.get(id),
    unload: async (id) => {
      const t = this.threads.get(id);
      this.threads.delete(id);
      await t?.close();
    },
    resume: (p) => this.resumeThread(p),
    notify: (method, params) => this.opts.host.notify(method, params),
    turnsFromRollout: (lines) => turnsFromRollout(lines),
  });

  private dispatch<M extends ClientRequestMethod>(method: M, params: ClientRequestParams<M>): Promise<ClientRequestResult<M>> {
    const handler: ClientRequestHandlers[M] = this.handlers[method];
    return handler(params);
  }

  /** CODEX_HOME alone: listing and resuming need no parse of config.toml. */
  codexHome(): string {
    try {
      return resolveCodexHome(this.env, this.opts.codexHome);
    } catch (err) {
      throw new RpcError(JSONRPC_INVALID_PARAMS, (err as Error).message);
    }
  }

  /** config.toml in CODEX_HOME: the only file config writes may touch. */
  private userConfigFile(filePath: string | null | undefined): string {
    const file = join(this.codexHome(), 'config.toml');
    if (filePath && resolve(filePath) !== file) throw new RpcError(JSONRPC_INVALID_PARAMS, `filePath: only ${file} can be written, not ${filePath}`);
    return file;
  }

  private configCall<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      // A version conflict answers as Codex does: -32600 with `config_write_error_code` in `data`.
      if (err instanceof ConfigVersionConflictError) throw new RpcError(JSONRPC_INVALID_REQUEST, err.message, { config_write_error_code: err.code });
      if (err instanceof ConfigEditError) throw new RpcError(JSONRPC_INVALID_PARAMS, err.message);
      throw err;
    }
  }

  /**
   * Starts reading and checking thread/list's index (the live list's; see
   * RolloutSummaryIndex.warm), so a front end's first listing finds it
   * ready; once per server.
   */
  warmThreadList(): Promise<void> {
    if (this.threadListWarmup) return this.threadListWarmup;
    let home;
    try {
      home = this.codexHome();
    } catch {
      return Promise.resolve(); // a bad CODEX_HOME is reported by the requests that need it
    }
    this.threadListWarmup = this.summaryIndex(home, false).warm();
    return this.threadListWarmup;
  }

  getThread(id: string): AgentThread | undefined {
    return this.threads.get(id);
  }

  /** Interrupts running turns, releases every thread (processes, rollouts) and ends a pending login. */
  async shutdown(): Promise<void> {
    this.accounts.close();
    this.fileSearch.close();
    for (const index of this.summaryIndexes.values()) index.close();
    await this.commands.close();
    await Promise.all([...this.threads.values()].map((t) => t.close()));
    this.threads.clear();
    await this.worktrees.shutdown();
    const registry = this.environmentRegistry;
    this.environmentRegistry = undefined;
    (await registry?.catch(() => undefined))?.close();
  }

  /**
   * Where a new thread's commands run: the requested environment, else the
   * default of CODEX_EXEC_SERVER_URL / environments.toml. Undefined = this
   * machine, without loading the exec-server client at all.
   */
  private async processBackendFor(requested: string | null | undefined, threadId: string): Promise<ProcessBackend | undefined> {
    let config: EnvironmentsConfig;
    try {
      config = loadEnvironments(this.codexHome(), this.env);
    } catch (err) {
      throw new RpcError(JSONRPC_INVALID_PARAMS, (err as Error).message);
    }
    const id = requested ?? config.defaultId;
    if (id === LOCAL_ENVIRONMENT_ID && config.includeLocal) return undefined;
    if (!this.environmentRegistry) {
      this.environmentRegistry = import('../environments/registry.js').then(({ EnvironmentRegistry }) => {
        const registry = new EnvironmentRegistry(config);
        registry.onConnectionChange((environmentId, state) => {
          for (const t of this.threads.values()) {
            if (t.exec.backend.environmentId !== environmentId) continue;
            this.opts.host.notify(state === 'connected' ? 'thread/environment/connected' : 'thread/environment/disconnected', {
              threadId: t.id,
              environmentId,
            });
          }
        });
        return registry;
      });
    }
    const registry = await this.environmentRegistry;
    try {
      return registry.backend(id);
    } catch (err) {
      throw new RpcError(JSONRPC_INVALID_PARAMS, `thread ${threadId}: ${(err as Error).message}`);
    }
  }

  private thread(id: string): AgentThread {
    const t = this.threads.get(id);
    if (!t) throw threadNotFound(id);
    return t;
  }

  private loadConfig(extra: ConfigOverrides & { config?: Record<string, unknown> | null }): Config {
    const base = this.opts.baseOverrides ?? {};
    const { config: configObject, ...flags } = extra;
    const overrides: ConfigOverrides = {
      ...base,
      ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined && v !== null)),
      cliOverrides: [...(base.cliOverrides ?? []), ...(configObject ? configObjectToOverrides(configObject) : [])],
    };
    try {
      return loadConfig({ codexHome: this.opts.codexHome, overrides, env: this.env });
    } catch (err) {
      throw new RpcError(JSONRPC_INVALID_PARAMS, (err as Error).message);
    }
  }

  private async createThread(args: {
    id: string;
    config: Config;
    ephemeral: boolean;
    rollout?: RolloutRecorder;
    createdAt: number;
    baseInstructions?: string;
    developerInstructions?: string;
    conversation?: ReturnType<typeof historyFromRollout>;
    turns?: Turn[];
    preview?: string;
    environmentId?: string | null;
  }): Promise<AgentThread> {
    const { config } = args;
    const processBackend = await this.processBackendFor(args.environmentId, args.id);
    for (const w of config.warnings) this.opts.onWarning?.(w, args.id);
    const credentials = resolveModelCredentials(config.modelProvider, config.codexHome, this.env);
    const client = createModelClient(credentials.provider, {
      apiKey: credentials.apiKey,
      auth: credentials.auth,
      model: config.model,
      originator: this.opts.originator,
      version: this.opts.version,
      contextWindow: config.modelContextWindow ?? DEFAULT_CONTEXT_WINDOW,
      env: this.env,
    });
    const mcp = await this.startMcpServers(config, args.id);
    const thread = new AgentThread({
      extraTools: mcp ? () => mcp.toolSpecs() : undefined,
      externalTools: mcp?.registry(),
      onClose: async () => {
        await this.worktrees.threadClosed(args.id);
        if (!mcp) return;
        this.mcpByThread.delete(args.id);
        await mcp.shutdown();
      },
      processBackend,
      id: args.id,
      config,
      sandbox: sandboxPolicyFromConfig(config),
      client,
      host: this.opts.host,
      env: createShellEnv(config.shellEnvironmentPolicy, this.env),
      ephemeral: args.ephemeral,
      rollout: args.rollout,
      source: this.opts.source,
      clientName: this.opts.originator,
      cliVersion: this.opts.version,
      createdAt: args.createdAt,
      agentsMessage: await buildAgentsMessage(config),
      ...threadSkills(config),
      baseInstructions: args.baseInstructions,
      developerInstructions: args.developerInstructions,
      conversation: args.conversation,
      turns: args.turns,
      preview: args.preview,
    });
    this.threads.set(thread.id, thread);
    if (mcp) this.mcpByThread.set(thread.id, mcp);
    return thread;
  }

  /**
   * The configured MCP servers with their state, tools, resources and prompts.
   * With a threadId, that thread's running connections answer; without one
   * (as in Codex) the enabled servers are started, asked, and stopped again.
   */
  private async listMcpServerStatus(p: ClientRequestParams<'mcpServerStatus/list'>): Promise<ListMcpServerStatusResponse> {
    let data: McpServerStatus[];
    if (p.threadId) {
      const thread = this.thread(p.threadId);
      const manager = this.mcpByThread.get(p.threadId);
      // No manager: the thread started with every configured server disabled.
      data = manager ? await manager.statuses(p.detail ?? 'full') : this.configuredServers(thread.config).map(disabledServerStatus);
    } else {
      const config = this.loadConfig({});
      let servers = this.configuredServers(config);
      if (p.serverName) servers = servers.filter((s) => s.name === p.serverName);
      const { McpConnectionManager } = await import('../mcp/connectionManager.js');
      // Optional servers only: a `required` one failing must not fail a status query.
      const manager = await McpConnectionManager.start(
        servers.map((s) => ({ ...s, required: false })),
        { env: this.env, codexHome: config.codexHome },
      );
      try {
        data = await manager.statuses(p.detail ?? 'full');
      } finally {
        await manager.shutdown();
      }
    }
    if (p.serverName) data = data.filter((s) => s.name === p.serverName);
    data.sort((a, b) => a.name.localeCompare(b.name));
    const offset = p.cursor ? Number.parseInt(p.cursor, 10) : 0;
    if (!Number.isInteger(offset) || offset < 0 || offset > data.length)
      throw new RpcError(JSONRPC_INVALID_PARAMS, `cursor: not a cursor from this list: ${p.cursor}`);
    const end = p.limit ? offset + p.limit : data.length;
    return { data: data.slice(offset, end), nextCursor: end < data.length ? String(end) : null };
  }

  private configuredServers(config: Config): McpServerConfig[] {
    try {
      return parseMcpServers(config.mcpServers);
    } catch (err) {
      throw new RpcError(JSONRPC_INVALID_PARAMS, `${config.configFile}: ${(err as Error).message}`);
    }
  }

  /** The thread's MCP servers, started concurrently; failures are reported and skipped unless `required`. */
  private async startMcpServers(config: Config, threadId: string): Promise<McpConnectionManager | undefined> {
    const servers = this.configuredServers(config);
    if (!servers.some((s) => s.enabled)) return undefined;
    // Loaded only when needed: the MCP SDK (with ajv and zod) costs a noticeable start-up time.
    const { McpConnectionManager } = await import('../mcp/connectionManager.js');
    try {
      return await McpConnectionManager.start(servers, {
        env: this.env,
        codexHome: config.codexHome,
        onStatus: (name, status, error) => {
          if (status === 'disabled') return;
          this.opts.host.notify('mcpServer/startupStatus/updated', { threadId, name, status, error: error ?? null, failureReason: null });
          if (status === 'failed') this.opts.onWarning?.(`MCP server '${name}' failed: ${error ?? 'unknown error'}; continuing without it`, threadId);
        },
        rememberAlways: (server, tool) => {
          const keyPath = formatKeyPath(['mcp_servers', server, 'tools', tool, 'approval_mode']);
          try {
            writeConfigEdits(config.configFile, [{ keyPath, value: 'approve', mergeStrategy: 'replace' }]);
          } catch (err) {
            this.opts.onWarning?.(
              `could not save the approval of ${server}/${tool} in ${config.configFile}: ${(err as Error).message}; it holds for this session`,
              threadId,
            );
          }
        },
      });
    } catch (err) {
      throw new RpcError(JSONRPC_INTERNAL_ERROR, (err as Error).message);
    }
  }

  private describe(thread: AgentThread): ThreadStartResponse {
    return {
      thread: { ...thread.toWire(), name: threadName(this.codexHome(), thread.id) },
      model: thread.config.model,
      modelProvider: thread.config.modelProviderId,
      cwd: thread.config.cwd,
      approvalPolicy: approvalPolicyToWire(thread.config.approvalPolicy),
      sandbox: sandboxPolicyToWire(thread.sandbox),
      reasoningEffort: thread.config.modelReasoningEffort ?? null,
      approvalsReviewer: 'user',
    };
  }

  private async startThread(p: ClientRequestParams<'thread/start'>): Promise<ThreadStartResponse> {
    const settings = {
      model: p.model ?? undefined,
      modelProvider: p.modelProvider ?? undefined,
      approvalPolicy: p.approvalPolicy ?? undefined,
      sandboxMode: p.sandbox ?? undefined,
      config: p.config,
    };
    const cwd = p.cwd ? resolve(p.cwd) : undefined;
    let requested = this.loadConfig({ ...settings, cwd });
    if (!existsSync(requested.cwd)) throw new RpcError(JSONRPC_INVALID_PARAMS, `cwd does not exist: ${requested.cwd}`);
    if (
      this.opts.trustProjectOnWritableStart &&
      requested.sandboxMode !== 'read-only' &&
      trustProject(requested.codexHome, requested.cwd).status === 'trusted'
    ) {
      requested = this.loadConfig({ ...settings, cwd });
    }
    const id = uuidv7();
    // A new worktree, or the managed worktree the cwd lies in, is claimed for this thread first.
    const placement = p.worktree ? await this.worktrees.startInNewWorktree(id, requested.cwd, p.worktree) : await this.worktrees.claimForCwd(id, requested.cwd);
    try {
      return await this.startThreadIn(id, p, placement ? this.loadConfig({ ...settings, ...this.placed(placement) }) : requested);
    } catch (err) {
      this.worktrees.abandon(id);
      throw err;
    }
  }

  /** Config overrides that put a thread in its worktree: its cwd and the git roots it may write. */
  private placed(placement: WorktreePlacement): ConfigOverrides {
    return {
      cwd: placement.cwd,
      additionalWritableRoots: [...new Set([...(this.opts.baseOverrides?.additionalWritableRoots ?? []), ...placement.writableRoots])],
    };
  }

  private async startThreadIn(id: string, p: ClientRequestParams<'thread/start'>, config: Config): Promise<ThreadStartResponse> {
    const now = new Date();
    const ephemeral = Boolean(p.ephemeral);
    const rollout = ephemeral
      ? undefined
      : RolloutRecorder.create(config.codexHome, {
          id,
          timestamp: now.toISOString(),
          cwd: config.cwd,
          originator: this.opts.originator,
          cli_version: this.opts.version,
          source: this.opts.source,
          model_provider: config.modelProviderId,
          model: config.model,
        });
    const thread = await this.createThread({
      id,
      config,
      ephemeral,
      rollout,
      createdAt: Math.floor(now.getTime() / 1000),
      baseInstructions: p.baseInstructions ?? undefined,
      developerInstructions: p.developerInstructions ?? undefined,
      environmentId: p.environmentId,
    });
    this.opts.host.notify('thread/started', { thread: thread.toWire() });
    return this.describe(thread);
  }

  private async resumeThread(p: ClientRequestParams<'thread/resume'>): Promise<ThreadStartResponse> {
    const live = this.threads.get(p.threadId);
    if (live) return this.describe(live);
    const home = this.codexHome();
    const path = p.path ?? findRolloutById(home, p.threadId);
    if (!path || !existsSync(path)) {
      const archived = !p.path && locateRollout(home, p.threadId)?.archived;
      if (archived) throw new RpcError(JSONRPC_INVALID_REQUEST, archivedMessage(p.threadId));
      throw new RpcError(JSONRPC_INVALID_REQUEST, `no rollout found for thread id ${p.threadId}`);
    }
    const parsed = readRolloutWithBase(home, path);
    for (const w of parsed.warnings) this.opts.onWarning?.(w, p.threadId);
    const summary = summarizeRollout(path);
    if (!parsed.meta || !summary) throw new RpcError(JSONRPC_INVALID_PARAMS, `rollout ${path} has no session_meta line`);
    const cwd = p.cwd ? resolve(p.cwd) : summary.lastCwd;
    const placement = await this.worktrees.claimForCwd(summary.id, cwd);
    try {
      return await this.resumeFrom(
        path,
        parsed,
        summary,
        this.loadConfig({
          cwd,
          model: p.model ?? undefined,
          approvalPolicy: p.approvalPolicy ?? undefined,
          sandboxMode: p.sandbox ?? undefined,
          config: p.config,
          ...(placement ? this.placed(placement) : {}),
        }),
      );
    } catch (err) {
      this.worktrees.abandon(summary.id);
      throw err;
    }
  }

  private async resumeFrom(
    path: string,
    parsed: ReturnType<typeof readRolloutWithBase>,
    summary: NonNullable<ReturnType<typeof summarizeRollout>>,
    config: Config,
  ): Promise<ThreadStartResponse> {
    const thread = await this.createThread({
      id: summary.id,
      config,
      ephemeral: false,
      rollout: RolloutRecorder.reopen(path, parsed.lines.length),
      createdAt: summary.createdAt,
      conversation: historyFromRollout(parsed),
      turns: turnsFromRollout(parsed.lines),
      preview: summary.preview,
    });
    return this.describe(thread);
  }

  /** model/list: the catalog (model/catalog.ts), the configured model marked default, paged by offset cursors. */
  private listModels(p: ClientRequestParams<'model/list'>): ClientRequestResult<'model/list'> {
    const config = this.loadConfig({ modelProvider: p.modelProvider ?? undefined });
    const all = modelsFor(config.model)
      .filter((m) => p.includeHidden || !m.hidden)
      .map((m) => ({
        id: m.slug,
        model: m.slug,
        displayName: m.displayName,
        description: m.description,
        hidden: m.hidden,
        supportedReasoningEfforts: m.efforts.map((e) => ({ reasoningEffort: e, description: EFFORT_DESCRIPTIONS[e] })),
        defaultReasoningEffort: m.defaultEffort,
        inputModalities: ['text' as const, 'image' as const],
        isDefault: m.slug === config.model,
      }));
    const offset = p.cursor ? Number.parseInt(p.cursor, 10) : 0;
    if (!Number.isInteger(offset) || offset < 0 || offset > all.length)
      throw new RpcError(JSONRPC_INVALID_PARAMS, `cursor: not a cursor from this list: ${p.cursor}`);
    const end = p.limit ? offset + p.limit : all.length;
    return { data: all.slice(offset, end), nextCursor: end < all.length ? String(end) : null };
  }

  private listThreads(p: ClientRequestParams<'thread/list'>): ClientRequestResult<'thread/list'> {
    const home = this.codexHome();
    const limit = p.limit ?? 50;
    const archived = p.archived === true;
    const index = this.summaryIndex(home, archived);
    const files = index.files();
    const start = threadListStart(files, p.cursor);
    const data: Thread[] = [];
    let i = start;
    const search = p.searchTerm?.toLowerCase();
    const names = this.threadNames(home);
    const seen = new Set<string>();
    const cwds = !p.cwd ? undefined : (Array.isArray(p.cwd) ? p.cwd : [p.cwd]).map((c) => resolve(c));
    const quotedCwds = cwds?.map((c) => JSON.stringify(c));
    // A filtered listing decides per day directory, from its block in the index, which files it need not look at.
    const spans = search || quotedCwds ? index.spans() : undefined;
    const namedIds = new Set<string>();
    if (search) for (const [id, name] of names) if (name.toLowerCase().includes(search)) namedIds.add(id);
    const filter = { search: search === undefined ? undefined : { term: search, namedIds }, quotedCwds };
    let dir: { start: number; end: number; out: ReturnType<typeof index.outOfResult> } | undefined;
    // The ids of directories passed over whole join `seen` only when a file that may be listed asks.
    const passedOver: (readonly (string | null)[])[] = [];
    const seenBefore = (id: string) => {
      for (const ids of passedOver.splice(0)) for (const x of ids) if (x !== null) seen.add(x);
      return seen.has(id);
    };
    const placements = new Map<string, ReturnType<typeof threadPlacement>>();
    const placement = (cwd: string) => {
      if (!placements.has(cwd)) placements.set(cwd, threadPlacement(home, cwd));
      return placements.get(cwd);
    };
    for (; i < files.length && data.length < limit; i++) {
      const span = spans?.get(i);
      if (span) {
        dir = { start: i, end: span.end, out: index.outOfResult(span.dir, files.slice(i, span.end), filter) };
        if (dir.out?.lookAt.size === 0) {
          passedOver.push(dir.out.ids);
          i = span.end - 1;
          continue;
        }
      }
      const out = dir && i < dir.end ? dir.out : undefined;
      if (out && !out.lookAt.has(i - dir!.start)) {
        const id = out.ids[i - dir!.start];
        if (id) seen.add(id);
        continue;
      }
      // Files the index alone shows out of the result are passed over unread (see RolloutSummaryIndex).
      const outside =
        (search && index.surelyUnmatched(files[i]!, search, (id) => names.get(id.toLowerCase())?.toLowerCase().includes(search) === true)) ||
        (quotedCwds && index.surelyOutside(files[i]!, quotedCwds));
      if (outside) {
        seen.add(outside);
        continue;
      }
      const s = index.summary(files[i]!);
      if (!s) continue;
      // A thread Codex reverted has several files (segments); the newest, listed first, stands for it.
      if (seenBefore(s.id)) continue;
      seen.add(s.id);
      if (cwds && !cwds.includes(s.lastCwd) && !cwds.includes(s.cwd)) continue;
      if (p.modelProviders?.length && !p.modelProviders.includes(s.modelProvider)) continue;
      if (search && !index.mentions(s, search) && !names.get(s.id.toLowerCase())?.toLowerCase().includes(search)) continue;
      const live = this.threads.get(s.id);
      data.push({ ...threadFromSummary(s, names.get(s.id.toLowerCase()) ?? null, live?.status), ...placement(live?.config.cwd ?? s.lastCwd) });
    }
    index.listed();
    return { data, nextCursor: i < files.length ? threadListCursor(files[i]!) : null };
  }

  private threadNames(home: string): Map<string, string> {
    let cache = this.threadNameCaches.get(home);
    if (!cache) this.threadNameCaches.set(home, (cache = new ThreadNamesCache(home)));
    return cache.names();
  }

  private summaryIndex(home: string, archived: boolean): RolloutSummaryIndex {
    const key = `${archived ? 'archived' : 'live'}:${home}`;
    let index = this.summaryIndexes.get(key);
    if (!index) this.summaryIndexes.set(key, (index = RolloutSummaryIndex.forList(home, archived, { watch: true })));
    return index;
  }
}

/**
 * thread/list's cursor names the first rollout of the next page (its file
 * name, which starts with the creation time), not an offset: sessions
 * started meanwhile sort before it, so they do not shift the pages.
 */
function threadListCursor(nextFile: string): string {
  return basename(nextFile);
}

function threadListStart(files: readonly string[], cursor: string | null | undefined): number {
  if (!cursor) return 0;
  if (!/^rollout-[^/\\]+\.jsonl$/.test(cursor)) throw new RpcError(JSONRPC_INVALID_PARAMS, `cursor: not a cursor from this list: ${cursor}`);
  const at = files.findIndex((f) => basename(f) <= cursor);
  return at < 0 ? files.length : at;
}
