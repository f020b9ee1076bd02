// JSON-RPC over newline-delimited JSON (Codex's app-server framing: no
// "jsonrpc" field needed). Serves client requests through an AppServer and
// carries the server's own requests (approvals) to the client.
import type { AppServer } from './appServer.js';
import { RpcError } from './appServer.js';
import {
  JSONRPC_INTERNAL_ERROR,
  JSONRPC_INVALID_REQUEST,
  type RequestId,
  type ServerNotificationMap,
  type ServerNotificationMethod,
  type ServerRequestMap,
  type ServerRequestMethod,
  type McpServerElicitationRequestParams,
} from '../../protocol/types.js';
import type { ThreadHost } from '../session/events.js';

export class JsonRpcPeer implements ThreadHost {
  private nextId = 1;
  private readonly pending = new Map<RequestId, { threadId: string; resolve: (v: any) => void; reject: (e: Error) => void }>();
  private server: AppServer | undefined;

  constructor(private readonly send: (line: string) => void) {}

  attach(server: AppServer): void {
    this.server = server;
  }

  notify<M extends ServerNotificationMethod>(method: M, params: ServerNotificationMap[M]): void {
    this.send(JSON.stringify({ method, params }));
  }

  request<M extends ServerRequestMethod>(method: M, params: ServerRequestMap[M]['params']): Promise<ServerRequestMap[M]['result']> {
    const id = `srv-${this.nextId++}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { threadId: params.threadId, resolve, reject });
      this.send(JSON.stringify({ id, method, params }));
    });
  }

  /** MCP tool-call approval, sent as Codex's `mcpServer/elicitation/request`. */
  requestMcpElicitation(params: McpServerElicitationRequestParams): Promise<unknown> {
    return this.request('mcpServer/elicitation/request', params);
  }

  /** The connection is gone: outstanding server requests fail (approvals decline). */
  close(): void {
    for (const p of this.pending.values()) p.reject(new Error('client disconnected'));
    this.pending.clear();
  }

  private error(id: RequestId | null, code: number, message: string, data?: unknown): void {
    this.send(JSON.stringify({ id, error: data === undefined ? { code, message } : { code, message, data } }));
  }

  /** Handles one incoming line; never throws. */
  async receive(line: string): Promise<void> {
    if (!line.trim()) return;
    let msg: any;
    try {
      msg = JSON.parse(line);
    } catch (err) {
      this.error(null, -32700, `parse error: ${(err as Error).message}`);
      return;
    }
    if (!msg || typeof msg !== 'object' || Array.isArray(msg)) {
      this.error(null, JSONRPC_INVALID_REQUEST, 'expected a JSON object');
      return;
    }
    const hasId = typeof msg.id === 'string' || typeof msg.id === 'number';
    if (typeof msg.method !== 'string') {
      // A response to one of our requests.
      const p = hasId ? this.pending.get(msg.id) : undefined;
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(String(msg.error.message ?? 'client error')));
      else p.resolve(msg.result);
      this.notify('serverRequest/resolved', { threadId: p.threadId, requestId: msg.id });
      return;
    }
    if (!hasId) return; // client notifications (`initialized`) need no answer
    if (!this.server) {
      this.error(msg.id, JSONRPC_INTERNAL_ERROR, 'server not ready');
      return;
    }
    try {
      const result = await this.server.handle(msg.method, msg.params);
      this.send(JSON.stringify({ id: msg.id, result }));
    } catch (err) {
      if (err instanceof RpcError) this.error(msg.id, err.code, err.message, err.data);
      else this.error(msg.id, JSONRPC_INTERNAL_ERROR, (err as Error)?.message ?? String(err));
    }
  }
}
