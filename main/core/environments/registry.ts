// The execution environments of one process (app-server, exec, desktop): a
// ProcessBackend per environment id, with one lazily connected exec-server
// client per remote environment shared by every thread that uses it, and the
// connection state front ends show.
import { localProcessBackend, LOCAL_ENVIRONMENT_ID, type ProcessBackend } from '../exec/backend.js';
import { LazyExecServerClient, redactUrl, type ExecServerClient, type ExecServerSource } from '../execServer/index.js';
import { NO_ENVIRONMENT_ID, type EnvironmentsConfig, type RemoteEnvironmentDefinition } from './config.js';
import { remoteProcessBackend } from './remoteBackend.js';

export type EnvironmentConnectionState = 'local' | 'notConnected' | 'connected' | 'disconnected';

export interface EnvironmentSummary {
  id: string;
  kind: 'local' | 'websocket' | 'stdio';
  /** What it connects to (URL without credentials, or the command line). */
  target: string | null;
  state: EnvironmentConnectionState;
  isDefault: boolean;
}

export class UnknownEnvironmentError extends Error {
  constructor(id: string, known: string[]) {
    super(`unknown execution environment "${id}"; configured: ${known.map((k) => `"${k}"`).join(', ')}`);
    this.name = 'UnknownEnvironmentError';
  }
}

/** Commands are refused when the thread has no environment (default = "none"). */
export class NoEnvironmentError extends Error {
  constructor(source: string | undefined) {
    super(`no execution environment: commands are disabled${source ? ` (default "none" in ${source})` : ''}`);
    this.name = 'NoEnvironmentError';
  }
}

function sourceOf(def: RemoteEnvironmentDefinition): ExecServerSource {
  if (def.kind === 'websocket')
    return { kind: 'websocket', url: def.url, connectTimeoutMs: def.connectTimeoutMs, initializeTimeoutMs: def.initializeTimeoutMs };
  // The program inherits this process's environment plus the configured variables.
  const env = def.env ? { ...process.env, ...def.env } : undefined;
  return { kind: 'stdio', program: def.program, args: def.args, env, cwd: def.cwd, initializeTimeoutMs: def.initializeTimeoutMs };
}

type ConnectionListener = (environmentId: string, state: 'connected' | 'disconnected') => void;

export class EnvironmentRegistry {
  private readonly clients = new Map<string, LazyExecServerClient>();
  /** One backend per remote environment, shared by the threads that run there. */
  private readonly remoteBackends = new Map<string, ProcessBackend>();
  private readonly states = new Map<string, EnvironmentConnectionState>();
  private readonly listeners = new Set<ConnectionListener>();
  private readonly local: ProcessBackend;

  constructor(
    readonly config: EnvironmentsConfig,
    opts: { fallbackShell?: string } = {},
  ) {
    this.local = localProcessBackend(opts.fallbackShell);
    for (const def of config.remotes) this.states.set(def.id, 'notConnected');
  }

  get defaultId(): string {
    return this.config.defaultId;
  }

  /** The backend for an environment id (default when omitted). */
  backend(id: string = this.config.defaultId): ProcessBackend {
    if (id === LOCAL_ENVIRONMENT_ID && this.config.includeLocal) return this.local;
    if (id === NO_ENVIRONMENT_ID) return this.refusingBackend();
    const def = this.config.remotes.find((r) => r.id === id);
    if (!def) throw new UnknownEnvironmentError(id, this.ids());
    let backend = this.remoteBackends.get(id);
    if (!backend) this.remoteBackends.set(id, (backend = remoteProcessBackend(id, this.observed(id, this.clientFor(def)))));
    return backend;
  }

  ids(): string[] {
    return [...(this.config.includeLocal ? [LOCAL_ENVIRONMENT_ID] : []), ...this.config.remotes.map((r) => r.id)];
  }

  list(): EnvironmentSummary[] {
    const summaries: EnvironmentSummary[] = [];
    if (this.config.includeLocal)
      summaries.push({ id: LOCAL_ENVIRONMENT_ID, kind: 'local', target: null, state: 'local', isDefault: this.config.defaultId === LOCAL_ENVIRONMENT_ID });
    for (const def of this.config.remotes) {
      summaries.push({
        id: def.id,
        kind: def.kind,
        target: def.kind === 'websocket' ? redactUrl(def.url) : [def.program, ...def.args].join(' '),
        state: this.states.get(def.id) ?? 'notConnected',
        isDefault: this.config.defaultId === def.id,
      });
    }
    return summaries;
  }

  /** Connection changes of remote environments; returns the unsubscribe. */
  onConnectionChange(listener: ConnectionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
  }

  private clientFor(def: RemoteEnvironmentDefinition): LazyExecServerClient {
    let c = this.clients.get(def.id);
    if (!c) this.clients.set(def.id, (c = new LazyExecServerClient(sourceOf(def), { clientName: 'codex-desktop' })));
    return c;
  }

  /** get() of the environment's lazy client, reporting each new connection (and its later close) once. */
  private observed(id: string, lazy: LazyExecServerClient): () => Promise<ExecServerClient> {
    const seen = new WeakSet<ExecServerClient>();
    return async () => {
      const client = await lazy.get();
      if (!seen.has(client) && !client.isDisconnected) {
        seen.add(client);
        this.setState(id, 'connected');
        client.onDisconnect(() => this.setState(id, 'disconnected'));
      }
      return client;
    };
  }

  private setState(id: string, state: 'connected' | 'disconnected'): void {
    if (this.states.get(id) === state) return;
    this.states.set(id, state);
    for (const l of this.listeners) l(id, state);
  }

  private refusingBackend(): ProcessBackend {
    const source = this.config.source;
    return {
      environmentId: NO_ENVIRONMENT_ID,
      resolveShell: async () => {
        throw new NoEnvironmentError(source);
      },
      spawn: async () => {
        throw new NoEnvironmentError(source);
      },
    };
  }
}
