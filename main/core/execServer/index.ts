// Public surface of the exec-server (remote process execution).
export { ExecServer, listenWebSocket, serveStdio, isLoopbackHost, RpcError, DEFAULT_SESSION_TTL_MS } from './server.js';
export type { ExecServerOptions, ServerConnection, WebSocketListener, WebSocketListenOptions } from './server.js';
export {
  ExecServerClient,
  ExecProcessHandle,
  ExecServerDisconnectedError,
  ExecServerRpcError,
  ExecServerConnectError,
  openWebSocketTransport,
  openStdioTransport,
  streamTransport,
  redactUrl,
  toWirePath,
} from './client.js';
export type { ExecServerTransport, StartProcessOptions, OutputEvent, StdioCommand, ClientOptions, FsCallOptions } from './client.js';
export { parseSandboxParam, toCodexSandboxContext, isWriteAllowed } from './sandboxParam.js';
export type { CodexSandboxContext, ResolvedSandbox } from './sandboxParam.js';
export { LazyExecServerClient, ExecServerCancelledError } from './lazyClient.js';
export type { ExecServerSource } from './lazyClient.js';
export * from './protocol.js';
