// JSON-RPC over newline-delimited JSON (Codex's app-server framing: no
// "jsonrpc" field needed). Serves client requests through an AppServer and
// carries the server's own requests (approvals) to the client.
import type { AppServer } from './appServer.js';
import { RpcError } from './appServer.js';
import { PendingServerRequests } from './pendingServerRequests.js';
import {
  JSONRPC_INTERNAL_ERROR,
  JSONRPC_INVALID_REQUEST,
  JSONRPC_PARSE_ERROR,
  type RequestId,
  type ServerNotificationMethod,
  type ServerNotificationParams,
  type ServerRequestMethod,
  type ServerRequestParams,
  type ServerRequestResult,
  type McpServerElicitationRequestParams,
} from '../../protocol/types.js';
import { serverNotification } from '../../protocol/messages.js';
import type { ThreadHost } from '../session/events.js';

export interface JsonRpcPeerOptions {
  /** Problems with what the client sent (malformed approval answers…), for the log. */
  onWarning?: (message: string, threadId: string | null) => void;
}

/** A request id as Codex reads it: a string or an integer. */
function isRequestId(id: unknown): id is RequestId {
  return typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id));
}

export class JsonRpcPeer implements ThreadHost {
  private readonly pending: PendingServerRequests;
  private server: AppServer | undefined;
  /** Codex answers nothing but `initialize` until it has been called once on the connection. */
  private initialized = false;

  constructor(
    private readonly send: (line: string) => void,
    opts: JsonRpcPeerOptions = {},
  ) {
    this.pending = new PendingServerRequests((message, threadId) => opts.onWarning?.(message, threadId));
  }

  attach(server: AppServer): void {
    this.server = server;
  }

  notify<M extends ServerNotificationMethod>(method: M, params: ServerNotificationParams<M>): void {
    const n = serverNotification(method, params);
    this.send(JSON.stringify(n));
    if (n.method === 'turn/completed') {
      // Requests bound to a finished turn are settled (declined), so a late answer finds nothing to approve.
      const { threadId, turn } = n.params;
      for (const r of this.pending.endTurn(threadId, turn.id)) this.resolved(r.params.threadId, r.id);
    }
  }

  request<M extends ServerRequestMethod>(method: M, params: ServerRequestParams<M>): Promise<ServerRequestResult<M>> {
    return this.pending.add(method, params, (r) => this.send(JSON.stringify(r)));
  }

  /** MCP tool-call approval, sent as Codex's `mcpServer/elicitation/request`. */
  requestMcpElicitation(params: McpServerElicitationRequestParams): Promise<unknown> {
    return this.request('mcpServer/elicitation/request', params);
  }

  /** The connection is gone: outstanding server requests fail (approvals decline). */
  close(): void {
    this.pending.failAll(new Error('client disconnected'));
  }

  private resolved(threadId: string, requestId: string): void {
    this.send(JSON.stringify({ method: 'serverRequest/resolved', params: { threadId, requestId } }));
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
      this.error(null, JSONRPC_PARSE_ERROR, `parse error: ${(err as Error).message}`);
      return;
    }
    if (!msg || typeof msg !== 'object' || Array.isArray(msg)) {
      this.error(null, JSONRPC_INVALID_REQUEST, 'invalid request: expected a JSON object');
      return;
    }
    const hasId = 'id' in msg;
    if (hasId && !isRequestId(msg.id)) {
      // A reply to an unparsable line of ours may carry id null: nothing to answer then.
      if (msg.id === null && typeof msg.method !== 'string') return;
      this.error(null, JSONRPC_INVALID_REQUEST, `invalid request: id must be a string or an integer, not ${JSON.stringify(msg.id)}`);
      return;
    }
    if (msg.method !== undefined && typeof msg.method !== 'string') {
      this.error(hasId ? msg.id : null, JSONRPC_INVALID_REQUEST, 'invalid request: method must be a string');
      return;
    }
    if (msg.method === undefined) {
      const isResponse = 'result' in msg || 'error' in msg;
      if (!hasId || (!isResponse && !this.pending.has(msg.id))) {
        this.error(hasId ? msg.id : null, JSONRPC_INVALID_REQUEST, 'invalid request: neither a request (method) nor a response (result or error)');
        return;
      }
      // A response to one of our requests (one with no result declines it); unknown and already answered ids are ignored.
      const answered = this.pending.answer(msg.id, 'error' in msg ? { error: msg.error } : { result: msg.result });
      if (answered) this.resolved(answered.request.params.threadId, answered.request.id);
      return;
    }
    if (!hasId) return; // client notifications (`initialized`) need no answer
    if (msg.method === 'initialize') {
      if (this.initialized) return this.error(msg.id, JSONRPC_INVALID_REQUEST, 'Already initialized');
    } else if (!this.initialized) {
      return this.error(msg.id, JSONRPC_INVALID_REQUEST, 'Not initialized');
    }
    if (!this.server) {
      this.error(msg.id, JSONRPC_INTERNAL_ERROR, 'server not ready');
      return;
    }
    try {
      // Set before the answer so a second `initialize` sent at once is refused too.
      if (msg.method === 'initialize') this.initialized = true;
      const result = await this.server.handle(msg.method, msg.params);
      this.send(JSON.stringify({ id: msg.id, result }));
    } catch (err) {
      if (msg.method === 'initialize') this.initialized = false;
      if (err instanceof RpcError) this.error(msg.id, err.code, err.message, err.data);
      else this.error(msg.id, JSONRPC_INTERNAL_ERROR, (err as Error)?.message ?? String(err));
    }
  }
}
