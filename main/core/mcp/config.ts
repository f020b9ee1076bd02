// `[mcp_servers.<name>]` tables of config.toml, parsed and validated into
// typed server configs (Codex's McpServerConfig). Errors name the exact key,
// e.g. `mcp_servers.docs.args`.

export const DEFAULT_STARTUP_TIMEOUT_SEC = 10;
export const DEFAULT_TOOL_TIMEOUT_SEC = 60;

/** Server names Codex 0.169 accepts (`codex mcp add`): letters, digits, '-', '_', ':', '@', '/', '.'. */
export const SERVER_NAME_RE = /^[A-Za-z0-9_\-:@/.]+$/;

export interface McpStdioTransport {
  type: 'stdio';
  command: string;
  args: string[];
  /** Variables set for the server (`env`). */
  env: Record<string, string> | null;
  /** Names of variables passed through from our environment (`env_vars`). */
  envVars: string[];
  cwd: string | null;
}

export interface McpHttpTransport {
  type: 'streamable_http';
  url: string;
  bearerTokenEnvVar: string | null;
  httpHeaders: Record<string, string> | null;
  /** Header name → environment variable holding its value. */
  envHttpHeaders: Record<string, string> | null;
}

/** Codex's AppToolApproval: when a call to a server's tool asks the user first. */
export type McpToolApprovalMode = 'auto' | 'prompt' | 'writes' | 'approve';
export const MCP_TOOL_APPROVAL_MODES: readonly McpToolApprovalMode[] = ['auto', 'prompt', 'writes', 'approve'];

export interface McpServerConfig {
  name: string;
  transport: McpStdioTransport | McpHttpTransport;
  enabled: boolean;
  required: boolean;
  /** As written (null when unset); see effective values below. */
  startupTimeoutSec: number | null;
  toolTimeoutSec: number | null;
  enabledTools: string[] | null;
  disabledTools: string[] | null;
  /** `default_tools_approval_mode` (null: Codex's default, `auto`). */
  defaultToolsApprovalMode: McpToolApprovalMode | null;
  /** `[mcp_servers.<name>.tools.<tool>] approval_mode`, by the server's own tool name. */
  toolApprovalModes: Record<string, McpToolApprovalMode>;
}

export class McpConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'McpConfigError';
  }
}

export function effectiveStartupTimeoutMs(c: McpServerConfig): number {
  return (c.startupTimeoutSec ?? DEFAULT_STARTUP_TIMEOUT_SEC) * 1000;
}
export function effectiveToolTimeoutMs(c: McpServerConfig): number {
  return (c.toolTimeoutSec ?? DEFAULT_TOOL_TIMEOUT_SEC) * 1000;
}

const STDIO_KEYS = new Set(['command', 'args', 'env', 'env_vars', 'cwd']);
const HTTP_KEYS = new Set(['url', 'bearer_token_env_var', 'http_headers', 'env_http_headers', 'scopes', 'oauth_resource', 'bearer_token']);

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Parses one `[mcp_servers.<name>]` table. */
export function parseMcpServer(name: string, raw: unknown): McpServerConfig {
  const where = (key?: string) => `mcp_servers.${name}${key ? `.${key}` : ''}`;
  if (!isTable(raw)) throw new McpConfigError(`${where()}: expected a table`);
  const str = (key: string): string | null => {
    const v = raw[key];
    if (v === undefined) return null;
    if (typeof v !== 'string') throw new McpConfigError(`${where(key)}: expected a string`);
    return v;
  };
  const bool = (key: string, dflt: boolean): boolean => {
    const v = raw[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') throw new McpConfigError(`${where(key)}: expected a boolean`);
    return v;
  };
  const strList = (key: string): string[] | null => {
    const v = raw[key];
    if (v === undefined) return null;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new McpConfigError(`${where(key)}: expected an array of strings`);
    return v as string[];
  };
  const strMap = (key: string): Record<string, string> | null => {
    const v = raw[key];
    if (v === undefined) return null;
    if (!isTable(v)) throw new McpConfigError(`${where(key)}: expected a table of strings`);
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) {
      if (typeof x !== 'string') throw new McpConfigError(`${where(`${key}.${k}`)}: expected a string`);
      out[k] = x;
    }
    return out;
  };
  const approvalMode = (value: unknown, key: string): McpToolApprovalMode => {
    if (typeof value !== 'string' || !(MCP_TOOL_APPROVAL_MODES as readonly string[]).includes(value)) {
      throw new McpConfigError(`${where(key)}: unknown value ${JSON.stringify(value)}, expected one of ${MCP_TOOL_APPROVAL_MODES.join(', ')}`);
    }
    return value as McpToolApprovalMode;
  };
  const toolTables = (): Record<string, McpToolApprovalMode> => {
    const v = raw.tools;
    if (v === undefined) return {};
    if (!isTable(v)) throw new McpConfigError(`${where('tools')}: expected a table of tool tables`);
    const out: Record<string, McpToolApprovalMode> = {};
    for (const [tool, t] of Object.entries(v)) {
      if (!isTable(t)) throw new McpConfigError(`${where(`tools.${tool}`)}: expected a table`);
      if (t.approval_mode !== undefined) out[tool] = approvalMode(t.approval_mode, `tools.${tool}.approval_mode`);
    }
    return out;
  };
  const seconds = (key: string, scale: number): number | null => {
    const v = raw[key];
    if (v === undefined) return null;
    const n = typeof v === 'bigint' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new McpConfigError(`${where(key)}: expected a non-negative number`);
    return n / scale;
  };

  // Unknown keys are ignored (newer Codex fields such as http_headers_helper).
  const command = str('command');
  const url = str('url');
  let transport: McpStdioTransport | McpHttpTransport;
  if (command !== null && url !== null) throw new McpConfigError(`${where()}: set either \`command\` (stdio) or \`url\` (streamable HTTP), not both`);
  if (command !== null) {
    for (const key of Object.keys(raw)) {
      if (HTTP_KEYS.has(key)) throw new McpConfigError(`${where(key)}: not allowed for a stdio server`);
    }
    if (command === '') throw new McpConfigError(`${where('command')}: must not be empty`);
    transport = { type: 'stdio', command, args: strList('args') ?? [], env: strMap('env'), envVars: strList('env_vars') ?? [], cwd: str('cwd') };
  } else if (url !== null) {
    for (const key of Object.keys(raw)) {
      if (STDIO_KEYS.has(key)) throw new McpConfigError(`${where(key)}: not allowed for a streamable HTTP server`);
    }
    if (raw.bearer_token !== undefined)
      throw new McpConfigError(`${where('bearer_token')}: not supported; put the token in an environment variable and set bearer_token_env_var`);
    try {
      new URL(url);
    } catch {
      throw new McpConfigError(`${where('url')}: invalid URL '${url}'`);
    }
    transport = {
      type: 'streamable_http',
      url,
      bearerTokenEnvVar: str('bearer_token_env_var'),
      httpHeaders: strMap('http_headers'),
      envHttpHeaders: strMap('env_http_headers'),
    };
  } else {
    throw new McpConfigError(`${where()}: missing \`command\` (stdio server) or \`url\` (streamable HTTP server)`);
  }
  let startupTimeoutSec = seconds('startup_timeout_sec', 1);
  const legacyMs = seconds('startup_timeout_ms', 1000);
  if (startupTimeoutSec === null) startupTimeoutSec = legacyMs;
  return {
    name,
    transport,
    enabled: bool('enabled', true),
    required: bool('required', false),
    startupTimeoutSec,
    toolTimeoutSec: seconds('tool_timeout_sec', 1),
    enabledTools: strList('enabled_tools'),
    disabledTools: strList('disabled_tools'),
    defaultToolsApprovalMode:
      raw.default_tools_approval_mode === undefined ? null : approvalMode(raw.default_tools_approval_mode, 'default_tools_approval_mode'),
    toolApprovalModes: toolTables(),
  };
}

/** Parses `Config.mcpServers` (the raw `[mcp_servers]` table), in name order. */
export function parseMcpServers(raw: Record<string, unknown> | undefined | null): McpServerConfig[] {
  if (raw === undefined || raw === null) return [];
  if (!isTable(raw)) throw new McpConfigError('mcp_servers: expected a table');
  return Object.keys(raw)
    .sort()
    .map((name) => {
      if (!SERVER_NAME_RE.test(name)) throw new McpConfigError(`mcp_servers.${name}: invalid server name (use letters, numbers, '-', '_', ':', '@', '/', '.')`);
      return parseMcpServer(name, raw[name]);
    });
}

/** Whether a tool passes `enabled_tools` (allow-list first) and then `disabled_tools`. */
export function toolAllowed(c: McpServerConfig, tool: string): boolean {
  if (c.enabledTools !== null && !c.enabledTools.includes(tool)) return false;
  if (c.disabledTools !== null && c.disabledTools.includes(tool)) return false;
  return true;
}
