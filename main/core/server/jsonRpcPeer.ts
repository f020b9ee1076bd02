// JSON-RPC over newline-delimited JSON (Codex's app-server framing: no
// "jsonrpc" field needed), on the RPC engine. Serves client requests through
// an AppServer and carries the server's own requests (approvals) to the client.
import type { AppServer } from './appServer.js';
import { RpcError } from './rpcError.js';
import { ServerRequestBroker } from './serverRequestBroker.js';
import {
  JSONRPC_INTERNAL_ERROR,
  JSONRPC_INVALID_REQUEST,
  type ServerNotificationMethod,
  type ServerNotificationParams,
  type ServerRequestMethod,
  type ServerRequestParams,
  type ServerRequestResult,
  type McpServerElicitationRequestParams,
} from '../../../shared/protocol/types.js';
import { serverNotification } from '../../../shared/protocol/messages.js';
import type { ThreadHost } from '../session/threadHost.js';
import type { Channel } from '../rpc/channel.js';
import { RpcEndpoint } from '../rpc/endpoint.js';

export interface JsonRpcPeerOptions {
  /** Problems with what the client sent (malformed approval answers…), for the log. */
  onWarning?: (message: string, threadId: string | null) => void;
}

export class JsonRpcPeer implements ThreadHost {
  private readonly requests: ServerRequestBroker;
  private readonly endpoint: RpcEndpoint;
  private server: AppServer | undefined;

  constructor(channel: Channel, opts: JsonRpcPeerOptions = {}) {
    this.requests = new ServerRequestBroker((message, threadId) => opts.onWarning?.(message, threadId));
    this.endpoint = new RpcEndpoint(channel, {
      onRequest: (method, params) => {
        if (!this.server) throw new RpcError(JSONRPC_INTERNAL_ERROR, 'server not ready');
        return this.server.handle(method, params);
      },
      // Codex answers nothing but `initialize` until it has been called once on the connection.
      gate: {
        method: 'initialize',
        notInitialized: () => new RpcError(JSONRPC_INVALID_REQUEST, 'Not initialized'),
        alreadyInitialized: () => new RpcError(JSONRPC_INVALID_REQUEST, 'Already initialized'),
      },
      // Client notifications (`initialized`) need no answer.
      onNotification: () => {},
      // Answers to our own requests (approvals): a missing result declines; unknown and already answered ids are ignored.
      onUnmatchedResponse: (id, reply) => void this.requests.answer(id, reply),
      isAwaited: (id) => this.requests.has(id),
    });
    this.requests.attach({
      sendRequest: (r) => this.endpoint.sendJson(r),
      sendResolved: (threadId, requestId) => this.endpoint.notify('serverRequest/resolved', { threadId, requestId }),
    });
  }

  /** Resolves once every request received so far has been answered. */
  settled(): Promise<void> {
    return this.endpoint.settled();
  }

  attach(server: AppServer): void {
    this.server = server;
  }

  notify<M extends ServerNotificationMethod>(method: M, params: ServerNotificationParams<M>): void {
    const n = serverNotification(method, params);
    this.endpoint.sendJson(n);
    if (n.method === 'turn/completed') {
      // Requests bound to a finished turn are settled (declined), so a late answer finds nothing to approve.
      this.requests.turnEnded(n.params.threadId, n.params.turn.id);
    }
  }

  request<M extends ServerRequestMethod>(method: M, params: ServerRequestParams<M>): Promise<ServerRequestResult<M>> {
    return this.requests.request(method, params);
  }

  /** MCP tool-call approval, sent as Codex's `mcpServer/elicitation/request`. */
  requestMcpElicitation(params: McpServerElicitationRequestParams): Promise<unknown> {
    return this.request('mcpServer/elicitation/request', params);
  }

  /** The connection is gone: outstanding server requests fail (approvals decline). */
  close(): void {
    this.requests.failAll(new Error('client disconnected'));
  }
}
