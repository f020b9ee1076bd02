// How a configured MCP server is reported to front ends (`mcpServerStatus/list`).
// Kept apart from the connection manager so listing disabled servers does not
// load the MCP SDK.
import type { McpAuthStatus, McpServerConnectionStatus, McpServerStatus } from '../../../shared/protocol/types.js';
import type { McpServerConfig } from './config.js';

/** A server's state inside one session's connection manager. */
export type McpServerState = 'starting' | 'ready' | 'failed' | 'disabled';

export const RUNTIME_STATUS: Record<McpServerState, McpServerConnectionStatus> = {
  starting: 'starting',
  ready: 'connected',
  failed: 'failed',
  disabled: 'disabled',
};

/** Scheme, host and port of an HTTP server's URL: never its credentials, path or query. */
export function httpOriginOf(config: McpServerConfig): string | null {
  if (config.transport.type !== 'streamable_http') return null;
  try {
    return new URL(config.transport.url).origin;
  } catch {
    return null;
  }
}

/** How the server authenticates: stdio needs nothing; HTTP with a bearer env var uses that. */
export function authStatusOf(config: McpServerConfig): McpAuthStatus {
  if (config.transport.type === 'stdio') return 'unsupported';
  return config.transport.bearerTokenEnvVar ? 'bearerToken' : 'unknown';
}

/** A server that is not running in this session because config.toml disables it. */
export function disabledServerStatus(config: McpServerConfig): McpServerStatus {
  return {
    name: config.name,
    runtimeStatus: config.enabled ? 'notStarted' : 'disabled',
    enabled: config.enabled,
    error: null,
    httpOrigin: httpOriginOf(config),
    serverInfo: null,
    serverCapabilities: null,
    tools: {},
    toolsError: null,
    resources: [],
    resourceTemplates: [],
    prompts: [],
    authStatus: authStatusOf(config),
  };
}
