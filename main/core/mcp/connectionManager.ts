// MCP client side (Codex's mcp_connection_manager.rs): starts the configured
// servers concurrently, offers their tools to the model as one namespace per
// server (`mcp__<server>`), and runs the model's calls against them.
import { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ExternalToolRegistry, ToolContext } from '../tools/context.js';
import type { ContentItem, JsonSchema, ToolSpec } from '../model/types.js';
import type { McpAuthStatus, McpListedObject, McpServerStatus, ThreadItem } from '../../../shared/protocol/types.js';
import { authStatusOf, httpOriginOf, RUNTIME_STATUS } from './status.js';
import { effectiveStartupTimeoutMs, effectiveToolTimeoutMs, toolAllowed, type McpServerConfig } from './config.js';
import { VERSION } from '../version.js';
import { checkMcpToolApproval } from '../approval/mcpToolApproval.js';
import type { McpOAuthProvider } from './oauthProvider.js';
import { fetchWithHeaders, loginHint, refreshIfExpired, sessionOAuthProvider } from './oauthSession.js';

export type { McpServerState } from './status.js';
import type { McpServerState } from './status.js';

/** Variables a stdio server inherits from our environment besides `env` and `env_vars`. */
export const DEFAULT_ENV_VARS = ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'USER', 'LANG', 'LC_ALL', 'TERM', 'TMPDIR', 'TZ'];

export const MAX_TOOL_NAME_LENGTH = 64;

/** A tool as the server listed it (the parts we use). */
export interface McpTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: { [key: string]: unknown };
  annotations?: unknown;
}

export interface McpStartOptions {
  /** Environment that `env_vars`, `bearer_token_env_var` and `env_http_headers` read, and the stdio whitelist comes from. */
  env: Record<string, string | undefined>;
  onStatus?(name: string, status: McpServerState, error?: string): void;
  /** Saves a tool the user approved "always" (see checkMcpToolApproval). */
  rememberAlways?(server: string, tool: string): void;
  /** Where `codex mcp login` stored OAuth tokens (refreshed ones are saved back); without it HTTP servers get no OAuth. */
  codexHome?: string;
}

export interface McpServerInfo {
  name: string;
  status: McpServerState;
  error: string | null;
  /** Namespace the model sees (`mcp__<server>`). */
  namespace: string;
  tools: McpTool[];
}

interface ServerState {
  config: McpServerConfig;
  status: McpServerState;
  error: string | null;
  client: Client | null;
  namespace: string;
  instructions: string | null;
  /** Sanitised model-facing name → the server's tool. */
  tools: Map<string, McpTool>;
  /** Set once the connection closed (the process died, or shutdown). */
  closed: boolean;
  stderrTail: string;
  /** How a stdio server's process ended ("exit code 3", "killed by SIGKILL"), once it has. */
  exit: string | null;
  /** The stored OAuth login this HTTP server connects with, if any. */
  oauth: McpOAuthProvider | null;
  /** It failed because the user must log in (again) with `codex mcp login`. */
  needsLogin: boolean;
  /** Why the stored logins could not be read (a broken .credentials.json), reported if the server then wants one. */
  oauthStoreError: string | null;
}

/**
 * Records how a stdio server's process ends. The SDK transport keeps its child
 * process to itself (and drops the exit code), so it is read from there at run
 * time, checked to be a ChildProcess; another SDK layout just loses the code.
 */
function watchExit(transport: StdioClientTransport, s: ServerState): void {
  const child: unknown = Reflect.get(transport, '_process');
  if (!(child instanceof ChildProcess)) return;
  const record = (code: number | null, signal: NodeJS.Signals | null) => {
    s.exit = signal ? `killed by ${signal}` : `exit code ${code ?? '?'}`;
  };
  if (child.exitCode !== null || child.signalCode !== null) record(child.exitCode, child.signalCode);
  else child.once('exit', record);
}

/** The last lines the server wrote on stderr, for an error message ('' when none). */
function stderrNote(s: ServerState): string {
  const tail = s.stderrTail.trim();
  return tail ? `\nstderr: ${tail.split('\n').slice(-5).join('\n')}` : '';
}

/** Replaces characters outside `[A-Za-z0-9_-]` with `_`; names over 64 chars keep a prefix plus the SHA1 of the original. */
export function sanitizeToolName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_-]/g, '_');
  if (clean.length <= MAX_TOOL_NAME_LENGTH) return clean;
  const sha1 = createHash('sha1').update(name).digest('hex');
  return clean.slice(0, MAX_TOOL_NAME_LENGTH - sha1.length) + sha1;
}

export function namespaceFor(server: string): string {
  return sanitizeToolName(`mcp__${server}`);
}

/** The stdio server's environment: the whitelist from `env`, then `env_vars` passed through, then `env`. */
export function stdioEnvironment(config: McpServerConfig, env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  if (config.transport.type !== 'stdio') return out;
  for (const k of [...DEFAULT_ENV_VARS, ...config.transport.envVars]) {
    const v = env[k];
    if (v !== undefined) out[k] = v;
  }
  Object.assign(out, config.transport.env ?? {});
  return out;
}

/** An HTTP server's configured headers: `http_headers`, then `env_http_headers` read from `env`. */
export function configuredHttpHeaders(config: McpServerConfig, env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  if (config.transport.type !== 'streamable_http') return out;
  const t = config.transport;
  Object.assign(out, t.httpHeaders ?? {});
  for (const [header, varName] of Object.entries(t.envHttpHeaders ?? {})) {
    const v = env[varName];
    if (v !== undefined && v !== '') out[header] = v;
  }
  return out;
}

/** HTTP headers for a streamable HTTP server: the configured ones, then the bearer token. */
export function httpHeaders(config: McpServerConfig, env: Record<string, string | undefined>): Record<string, string> {
  const out = configuredHttpHeaders(config, env);
  if (config.transport.type !== 'streamable_http') return out;
  const t = config.transport;
  if (t.bearerTokenEnvVar) {
    const token = env[t.bearerTokenEnvVar];
    if (token === undefined || token === '') {
      throw new Error(`Environment variable ${t.bearerTokenEnvVar} for MCP server '${config.name}' is empty or not set`);
    }
    out.Authorization = `Bearer ${token}`;
  }
  return out;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The schema offered to the model: the server's inputSchema nearly as-is; an object without `properties` gets `{}`. */
export function toolParameters(schema: { [key: string]: unknown } | undefined): JsonSchema {
  const s: JsonSchema = { ...(schema ?? { type: 'object' }) };
  if (s.type === 'object' && (typeof s.properties !== 'object' || s.properties === null)) s.properties = {};
  return s;
}

type McpContent = { type: string; [key: string]: unknown };

/** Converts an MCP CallToolResult's content to what the model reads. */
export function contentForModel(content: McpContent[], structuredContent: unknown, wallSeconds: number): ContentItem[] {
  const items: ContentItem[] = [{ type: 'input_text', text: `Wall time: ${wallSeconds.toFixed(4)} seconds\nOutput:` }];
  for (const c of content) {
    if (c.type === 'text' && typeof c.text === 'string') items.push({ type: 'input_text', text: c.text });
    else if (c.type === 'image' && typeof c.data === 'string')
      items.push({ type: 'input_image', image_url: `data:${String(c.mimeType ?? 'image/png')};base64,${c.data}` });
    else if (c.type === 'resource' && typeof c.resource === 'object' && c.resource && typeof (c.resource as { text?: unknown }).text === 'string') {
      items.push({ type: 'input_text', text: (c.resource as { text: string }).text });
    } else items.push({ type: 'input_text', text: JSON.stringify(c) });
  }
  if (content.length === 0 && structuredContent !== undefined && structuredContent !== null) {
    items.push({ type: 'input_text', text: JSON.stringify(structuredContent) });
  }
  return items;
}

type ListKind = 'resources' | 'resourceTemplates' | 'prompts';

/** Every page of a list the server offers; [] when its capabilities say it has none. */
async function listAll(client: Client, kind: ListKind): Promise<McpListedObject[]> {
  const caps = client.getServerCapabilities();
  if (!(kind === 'prompts' ? caps?.prompts : caps?.resources)) return [];
  const out: McpListedObject[] = [];
  let cursor: string | undefined;
  do {
    const params = cursor ? { cursor } : undefined;
    const page =
      kind === 'resources'
        ? await client.listResources(params).then((p) => ({ items: p.resources, next: p.nextCursor }))
        : kind === 'resourceTemplates'
          ? await client.listResourceTemplates(params).then((p) => ({ items: p.resourceTemplates, next: p.nextCursor }))
          : await client.listPrompts(params).then((p) => ({ items: p.prompts, next: p.nextCursor }));
    out.push(...(page.items as McpListedObject[]));
    cursor = page.next;
  } while (cursor);
  return out;
}

export class McpConnectionManager {
  private shuttingDown = false;
  private onStatus: McpStartOptions['onStatus'];
  private rememberAlways: McpStartOptions['rememberAlways'];

  private constructor(private readonly servers: Map<string, ServerState>) {}

  /**
   * Starts every enabled server concurrently, each bounded by its startup
   * timeout (initialize + tools/list). A failing server is reported through
   * `onStatus` and skipped, unless it is `required`: then every server is shut
   * down again and this rejects.
   */
  static async start(servers: McpServerConfig[], opts: McpStartOptions): Promise<McpConnectionManager> {
    const states = new Map<string, ServerState>();
    for (const config of servers) {
      states.set(config.name, {
        config,
        status: config.enabled ? 'starting' : 'disabled',
        error: null,
        client: null,
        namespace: namespaceFor(config.name),
        instructions: null,
        tools: new Map(),
        closed: false,
        stderrTail: '',
        exit: null,
        oauth: null,
        needsLogin: false,
        oauthStoreError: null,
      });
    }
    const manager = new McpConnectionManager(states);
    manager.onStatus = opts.onStatus;
    manager.rememberAlways = opts.rememberAlways;
    const report = (s: ServerState, status: McpServerState, error?: string) => {
      s.status = status;
      s.error = error ?? null;
      try {
        opts.onStatus?.(s.config.name, status, error);
      } catch {
        /* a listener's failure is not the server's */
      }
    };
    for (const s of states.values()) report(s, s.status);
    await Promise.all(
      [...states.values()]
        .filter((s) => s.config.enabled)
        .map(async (s) => {
          try {
            await manager.connect(s, opts.env, opts.codexHome);
            report(s, 'ready');
          } catch (err) {
            const hint = loginHint(err, s.config, s.oauth ?? undefined);
            s.needsLogin = hint !== null;
            let msg = hint === null ? errorMessage(err) : s.oauthStoreError ? `${hint} (${s.oauthStoreError})` : hint;
            const tail = s.stderrTail.trim();
            if (tail) msg += `\nstderr: ${tail.split('\n').slice(-5).join('\n')}`;
            report(s, 'failed', msg);
            await manager.closeServer(s);
          }
        }),
    );
    const requiredFailed = [...states.values()].filter((s) => s.config.required && s.status === 'failed');
    if (requiredFailed.length > 0) {
      await manager.shutdown();
      throw new Error(`required MCP servers failed to start: ${requiredFailed.map((s) => `${s.config.name}: ${s.error}`).join('; ')}`);
    }
    return manager;
  }

  private async connect(s: ServerState, env: Record<string, string | undefined>, codexHome: string | undefined): Promise<void> {
    const c = s.config;
    let transport: Transport;
    let beforeConnect = async () => {};
    if (c.transport.type === 'stdio') {
      const stdio = new StdioClientTransport({
        command: c.transport.command,
        args: c.transport.args,
        env: stdioEnvironment(c, env),
        ...(c.transport.cwd ? { cwd: c.transport.cwd } : {}),
        stderr: 'pipe',
      });
      stdio.stderr?.on('data', (chunk: Buffer) => {
        s.stderrTail = (s.stderrTail + chunk.toString('utf8')).slice(-4096);
      });
      transport = stdio;
    } else {
      const url = c.transport.url;
      const headers = httpHeaders(c, env);
      // A stored login: its token goes with every request, and the SDK refreshes it on a 401.
      let oauth: McpOAuthProvider | undefined;
      try {
        oauth = codexHome ? sessionOAuthProvider(c, codexHome) : undefined;
      } catch (err) {
        // A server that needs no login still works; one that does is told why none was found.
        s.oauthStoreError = errorMessage(err);
      }
      s.oauth = oauth ?? null;
      if (oauth) beforeConnect = () => refreshIfExpired(oauth, url, fetchWithHeaders(headers));
      transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers }, ...(oauth ? { authProvider: oauth } : {}) });
    }
    const client = new Client({ name: 'codex-mcp-client', title: 'Codex', version: VERSION }, { capabilities: {} });
    s.client = client;
    client.onclose = () => {
      const wasReady = s.status === 'ready' && !s.closed;
      s.closed = true;
      if (wasReady && !this.shuttingDown) {
        // A server that dies mid-session: its calls now fail; tell the UI.
        s.status = 'failed';
        s.error = `the connection closed (the server exited${s.exit ? `: ${s.exit}` : ''})${stderrNote(s)}`;
        try {
          this.onStatus?.(c.name, 'failed', s.error);
        } catch {
          /* ignore */
        }
      }
    };
    client.onerror = () => {
      /* transport errors surface through the pending requests */
    };
    const timeoutMs = effectiveStartupTimeoutMs(c);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`MCP server '${c.name}' did not start within ${timeoutMs / 1000} seconds (startup_timeout_sec)`)), timeoutMs);
    });
    const started = (async () => {
      await beforeConnect();
      await client.connect(transport, { timeout: timeoutMs });
      if (transport instanceof StdioClientTransport) watchExit(transport, s);
      s.instructions = client.getInstructions() ?? null;
      const tools: McpTool[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: timeoutMs });
        tools.push(...(page.tools as McpTool[]));
        cursor = page.nextCursor;
      } while (cursor);
      return tools;
    })();
    started.catch(() => {});
    try {
      const tools = await Promise.race([started, timeout]);
      for (const t of tools) {
        if (!toolAllowed(c, t.name)) continue;
        const name = sanitizeToolName(t.name);
        if (!s.tools.has(name)) s.tools.set(name, t);
      }
    } finally {
      clearTimeout(timer);
    }
    if (s.closed) throw new Error(`MCP server '${c.name}' closed the connection during startup`);
  }

  private async closeServer(s: ServerState): Promise<void> {
    const client = s.client;
    s.client = null;
    s.closed = true;
    if (client) await client.close().catch(() => {});
  }

  /** One entry per configured server, for the UI (`mcpServerStatus/list`-style). */
  serverInfos(): McpServerInfo[] {
    return [...this.servers.values()].map((s) => ({
      name: s.config.name,
      status: s.status,
      error: s.error,
      namespace: s.namespace,
      tools: [...s.tools.values()],
    }));
  }

  /** Tools for the model: one namespace per ready server, Codex 0.169's shape. */
  toolSpecs(): ToolSpec[] {
    const out: ToolSpec[] = [];
    const seen = new Set<string>();
    for (const s of this.servers.values()) {
      if (s.status !== 'ready' || s.tools.size === 0 || seen.has(s.namespace)) continue;
      seen.add(s.namespace);
      const tools: ToolSpec[] = [...s.tools.entries()].map(([name, t]) => ({
        type: 'function',
        name,
        description: t.description ?? t.title ?? '',
        strict: false,
        parameters: toolParameters(t.inputSchema),
      }));
      out.push({ type: 'namespace', name: s.namespace, description: s.instructions ?? `Tools from the '${s.config.name}' MCP server.`, tools });
    }
    return out;
  }

  /** Handlers the turn loop looks up by namespace and tool name. */
  registry(): ExternalToolRegistry {
    return {
      get: (namespace, name) => {
        if (namespace === undefined) return undefined;
        const s = [...this.servers.values()].find((x) => x.namespace === namespace);
        if (!s) return undefined;
        const tool = s.tools.get(name);
        if (!tool) return undefined;
        return (args, ctx, callId) => this.callTool(s, tool.name, args, ctx, callId);
      },
    };
  }

  private async callTool(s: ServerState, tool: string, args: unknown, ctx: ToolContext, callId: string): Promise<string | ContentItem[]> {
    const started = Date.now();
    const base = { type: 'mcpToolCall' as const, id: callId, server: s.config.name, tool, arguments: args ?? {} };
    ctx.emitStarted({ ...base, status: 'inProgress', result: null, error: null, durationMs: null });
    const fail = (message: string): string => {
      const item: ThreadItem = { ...base, status: 'failed', result: null, error: { message }, durationMs: Date.now() - started };
      ctx.emitCompleted(item);
      return message;
    };
    // Approval: the tool's approval mode and annotations, the thread's approval policy (approval.ts).
    const definition = [...s.tools.values()].find((t) => t.name === tool) ?? { name: tool };
    const refusal = await checkMcpToolApproval(ctx, s.config, definition, args, this.rememberAlways);
    if (refusal !== null) {
      const durationMs = Date.now() - started;
      ctx.emitCompleted({ ...base, status: 'failed', result: null, error: { message: refusal }, durationMs });
      return contentForModel([{ type: 'text', text: refusal }], null, durationMs / 1000);
    }
    const client = s.client;
    if (!client || s.closed || s.status !== 'ready') return fail(`MCP server '${s.config.name}' is not running${s.error ? `: ${s.error}` : ''}`);
    if (args !== undefined && args !== null && (typeof args !== 'object' || Array.isArray(args))) return fail('tool call arguments must be a JSON object');
    const timeoutMs = effectiveToolTimeoutMs(s.config);
    try {
      const res = await client.callTool({ name: tool, arguments: (args ?? {}) as Record<string, unknown> }, undefined, {
        timeout: timeoutMs,
        signal: ctx.signal,
      });
      const content = (Array.isArray(res.content) ? res.content : []) as McpContent[];
      const structuredContent = res.structuredContent ?? null;
      const durationMs = Date.now() - started;
      const isError = res.isError === true;
      const firstText = content.find((c) => c.type === 'text')?.text;
      ctx.emitCompleted({
        ...base,
        status: isError ? 'failed' : 'completed',
        result: { content, structuredContent },
        error: isError ? { message: typeof firstText === 'string' ? firstText : 'tool reported an error' } : null,
        durationMs,
      });
      return contentForModel(content, structuredContent, durationMs / 1000);
    } catch (err) {
      let msg = errorMessage(err);
      if (ctx.signal.aborted) msg = `tool call cancelled: ${msg}`;
      else if (/timed out/i.test(msg)) msg = `tool call timed out after ${timeoutMs / 1000} seconds (tool_timeout_sec): ${msg}`;
      else if (s.closed) msg = `MCP server '${s.config.name}' closed the connection${s.exit ? ` (${s.exit})` : ''}: ${msg}${stderrNote(s)}`;
      return fail(`tool call error: ${msg}`);
    }
  }

  /** `resources/list` of every ready server that offers resources (errors per server). */
  async listResources(): Promise<Record<string, { resources: unknown[] } | { error: string }>> {
    return this.perServer(async (client) => ({ resources: await listAll(client, 'resources') }));
  }

  /** `prompts/list` of every ready server that offers prompts (errors per server). */
  async listPrompts(): Promise<Record<string, { prompts: unknown[] } | { error: string }>> {
    return this.perServer(async (client) => ({ prompts: await listAll(client, 'prompts') }));
  }

  /**
   * Each configured server as `mcpServerStatus/list` reports it: state, the
   * tools offered to the model and, with `full`, its resources, templates and
   * prompts (a listing that fails leaves those empty; the server stays ready).
   */
  async statuses(detail: 'full' | 'toolsAndAuthOnly' = 'full'): Promise<McpServerStatus[]> {
    return Promise.all(
      [...this.servers.values()].map(async (s): Promise<McpServerStatus> => {
        const client = s.status === 'ready' && !s.closed ? s.client : null;
        const version = client?.getServerVersion();
        const listed = async (kind: ListKind) => (client && detail === 'full' ? listAll(client, kind).catch(() => []) : []);
        const [resources, resourceTemplates, prompts] = await Promise.all([listed('resources'), listed('resourceTemplates'), listed('prompts')]);
        return {
          name: s.config.name,
          runtimeStatus: s.needsLogin ? 'authenticationRequired' : RUNTIME_STATUS[s.status],
          enabled: s.config.enabled,
          error: s.error,
          httpOrigin: httpOriginOf(s.config),
          serverInfo: version ? { name: version.name, title: version.title ?? null, version: version.version } : null,
          serverCapabilities: client?.getServerCapabilities() ?? null,
          tools: Object.fromEntries([...s.tools.values()].map((t) => [t.name, t as unknown as McpListedObject])),
          toolsError: s.status === 'failed' ? s.error : null,
          resources,
          resourceTemplates,
          prompts,
          authStatus: this.authStatus(s),
        };
      }),
    );
  }

  /** As Codex reports it: a server that wants a login is "notLoggedIn"; one using a stored login "oAuth". */
  private authStatus(s: ServerState): McpAuthStatus {
    if (s.needsLogin) return 'notLoggedIn';
    if (s.oauth?.current) return 'oAuth';
    return authStatusOf(s.config);
  }

  private async perServer<T>(fn: (client: Client) => Promise<T>): Promise<Record<string, T | { error: string }>> {
    const out: Record<string, T | { error: string }> = {};
    await Promise.all(
      [...this.servers.values()]
        .filter((s) => s.status === 'ready')
        .map(async (s) => {
          if (!s.client || s.closed) {
            out[s.config.name] = { error: 'the connection closed' };
            return;
          }
          try {
            out[s.config.name] = await fn(s.client);
          } catch (err) {
            out[s.config.name] = { error: errorMessage(err) };
          }
        }),
    );
    return out;
  }

  /** Closes every client (stdio servers' processes are terminated). */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    await Promise.all([...this.servers.values()].map((s) => this.closeServer(s)));
  }
}
