// Public surface of the exec-server (remote process execution).
export { ExecServer, serveStdio, RpcError, DEFAULT_SESSION_TTL_MS } from './server.js';
export type { ExecServerOptions } from './server.js';
export { listenWebSocket, isLoopbackHost } from './websocketTransport.js';
export type { WebSocketListener, WebSocketListenOptions } from './websocketTransport.js';
export { checkUpgrade, parseTokenSha256 } from './upgradeAuth.js';
export type { UpgradeAuth } from './upgradeAuth.js';
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
export type { CodexSandboxContext, CodexSandboxContextInput, ResolvedSandbox } from './sandboxParam.js';
export { LazyExecServerClient, ExecServerCancelledError } from './lazyClient.js';
export type { ExecServerSource } from './lazyClient.js';
export {
  execServerRequests,
  execServerNotifications,
  ExecServerProtocolError,
  FS_NOT_FOUND,
  JSONRPC_INTERNAL_ERROR,
  JSONRPC_INVALID_PARAMS,
  JSONRPC_INVALID_REQUEST,
  JSONRPC_METHOD_NOT_FOUND,
  JSONRPC_PARSE_ERROR,
} from './methods.js';
export type {
  EnvironmentInfo,
  ExecServerInput,
  ExecServerMethod,
  ExecServerNotification,
  ExecServerNotificationMethod,
  ExecServerNotificationParams,
  ExecServerParams,
  ExecServerResult,
  FsDirectoryEntry,
  FsMetadata,
  OutputStreamName,
  ProcessSignalName,
  ProcessWriteStatus,
  WireSandboxType,
} from './methods.js';
export { toWireSandboxType, fromWireSandboxType } from './wireSandboxType.js';
