// `codex --remote ws://HOST:PORT`: the TUI drives a `codex app-server
// --listen ws://…` running elsewhere instead of the core in process. Same
// protocol, over one websocket; what the server sends is checked against the
// protocol's schemas before the TUI sees it, as any input from outside is.
import WebSocket from 'ws';
import { RpcEndpoint } from '../core/rpc/endpoint.js';
import { RpcError } from '../core/server/rpcError.js';
import { WebSocketChannel } from '../core/rpc/websocketChannel.js';
import { clientRequests } from '../../shared/protocol/clientRequests.js';
import { defineMethods, describeIssues } from '../../shared/protocol/methodTable.js';
import { serverNotifications, type ServerNotificationMethod } from '../../shared/protocol/serverNotifications.js';
import { serverRequests, type ServerRequestMethod } from '../../shared/protocol/serverRequests.js';
import { JSONRPC_INVALID_PARAMS, JSONRPC_METHOD_NOT_FOUND } from '../../shared/protocol/types.js';
import { VERSION } from '../core/version.js';
import type { AppServerLike, TuiHost } from './session.js';

const clientMethods = defineMethods(clientRequests, {});
const serverMethods = defineMethods(serverRequests, serverNotifications);

export interface RemoteOptions {
  /** Bearer token for a server started with --ws-auth capability-token. */
  token?: string;
  /** What arrived that the TUI cannot use (shown as a notice). */
  onProblem?: (message: string) => void;
}

/** Connects (`url`: ws://, wss:// or unix://ABSOLUTE-PATH) and initializes; rejects with a message naming the address and what went wrong. */
export async function connectRemoteAppServer(url: string, host: TuiHost, opts: RemoteOptions = {}): Promise<AppServerLike> {
  // `unix://PATH`: the same websocket, over a Unix domain socket (ws's ws+unix: form).
  const target = url.startsWith('unix://') ? `ws+unix://${url.slice('unix://'.length)}:/` : url;
  const ws = new WebSocket(target, { headers: opts.token ? { Authorization: `Bearer ${opts.token}` } : {}, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`cannot connect to ${url}: the server answered HTTP ${res.statusCode}`)));
    ws.once('error', (err) => reject(new Error(`cannot connect to ${url}: ${err.message}`)));
  });
  const channel = new WebSocketChannel(ws);
  const endpoint = new RpcEndpoint(channel, {
    onNotification: (method, params) => deliver(host, method, params, opts.onProblem),
    onRequest: (method, params) => answer(host, method, params),
    closedError: (reason) => new Error(`the remote app-server at ${url} closed the connection: ${reason}`),
    onInvalid: (problem) => opts.onProblem?.(`the remote app-server sent an invalid message: ${problem.message}`),
  });
  const request = (method: string, params: unknown) =>
    endpoint.request(method, params, (raw) => {
      if (!clientMethods.isRequest(method)) return raw;
      const result = clientMethods.parseResult(method, raw);
      if (!result.ok) throw new Error(`the remote app-server answered ${method} with ${describeIssues(result.issues, { wholeValue: '(result)' })}`);
      return result.value;
    });
  await request('initialize', { clientInfo: { name: 'codex_cli_rs', version: VERSION } });
  return {
    handle: request,
    shutdown: async () => endpoint.close(),
  };
}

function deliver(host: TuiHost, method: string, params: unknown, onProblem: RemoteOptions['onProblem']): void {
  // A notification this TUI does not know (a newer server) is left alone.
  if (serverMethods.isNotification(method)) deliverKnown(host, method, params, onProblem);
}

function deliverKnown<M extends ServerNotificationMethod>(host: TuiHost, method: M, params: unknown, onProblem: RemoteOptions['onProblem']): void {
  const checked = serverMethods.parseNotification(method, params);
  if (checked.ok) host.notify(method, checked.value);
  else onProblem?.(`the remote app-server sent ${method} with ${describeIssues(checked.issues, { wholeValue: '(params)' })}`);
}

/** The server asks (approvals, MCP elicitations): the TUI's own prompts answer, as for the core in process. */
function answer(host: TuiHost, method: string, params: unknown): Promise<unknown> {
  if (method === 'mcpServer/elicitation/request') {
    const checked = serverMethods.parseParams(method, params);
    if (!checked.ok) throw invalidParams(method, checked.issues);
    return host.requestMcpElicitation(checked.value);
  }
  if (!serverMethods.isRequest(method)) throw new RpcError(JSONRPC_METHOD_NOT_FOUND, `unknown request ${method}`);
  return answerKnown(host, method, params);
}

function answerKnown<M extends ServerRequestMethod>(host: TuiHost, method: M, params: unknown): Promise<unknown> {
  const checked = serverMethods.parseParams(method, params);
  if (!checked.ok) throw invalidParams(method, checked.issues);
  return host.request(method, checked.value);
}

function invalidParams(method: string, issues: Parameters<typeof describeIssues>[0]): RpcError {
  return new RpcError(JSONRPC_INVALID_PARAMS, `invalid params for ${method}: ${describeIssues(issues, { wholeValue: '(params)' })}`);
}
