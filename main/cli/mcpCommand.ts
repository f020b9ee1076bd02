// `codex mcp list|get|add|remove`: manage `[mcp_servers.<name>]` in
// $CODEX_HOME/config.toml with Codex 0.169's texts. Edits are made in place at
// the text level, so comments and the rest of the file stay byte for byte.
// `codex mcp login|logout`: OAuth for streamable HTTP servers (core/mcp/oauthLogin.ts),
// tokens in $CODEX_HOME/.credentials.json.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parse } from 'smol-toml';
import { resolveCodexHome } from '../core/config/load.js';
import { parseMcpServers, SERVER_NAME_RE, type McpServerConfig } from '../core/mcp/config.js';
import { appendTable, removeTable, type TomlValue } from '../core/config/tomlTableEdit.js';
import { updateFileLocked } from '../core/config/lockedUpdate.js';
import { deleteMcpOAuth, hasMcpOAuth } from '../core/mcp/oauthStore.js';
import { openBrowser } from './openBrowser.js';
import { parseArgs, flag, list, str, UsageError, type OptionSpec } from './args.js';

export interface McpCommandIo {
  stdout(s: string): void;
  stderr?(s: string): void;
  /** Where `login --no-browser` reads a pasted callback URL. */
  stdin?: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

const defaultIo: McpCommandIo = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  stdin: process.stdin,
  env: process.env,
};

const HELP = `Manage external MCP servers for Codex

Usage: codex mcp <COMMAND>

Commands:
  list    [--json]
  get     <NAME> [--json]
  add     <NAME> [--env KEY=VALUE]... -- <COMMAND>... | <NAME> --url <URL> [--bearer-token-env-var VAR]
  remove  <NAME>
  login   <NAME> [--scopes SCOPE,SCOPE] [--no-browser]
  logout  <NAME>
`;

const ADD_USAGE = 'Usage: codex mcp add [OPTIONS] <NAME> (--url <URL> | -- <COMMAND>...)';

export async function runMcpCommand(argv: string[], io: McpCommandIo = defaultIo): Promise<number> {
  const [sub, ...rest] = argv;
  const home = () => resolveCodexHome(io.env);
  switch (sub) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout(HELP);
      return sub === undefined ? 2 : 0;
    case 'list': {
      const p = parseArgs(rest, [MCP_JSON_SPEC], { usage: 'codex mcp list [OPTIONS]', about: 'List configured MCP servers' });
      if (p.positionals.length > 0) throw new UsageError(`unexpected argument '${p.positionals[0]}' found`);
      const servers = readServers(home());
      const auth = authStatuses(servers, home());
      io.stdout(flag(p, 'json') ? rustJson(servers.map((s) => listJson(s, auth))) + '\n' : listText(servers, auth));
      return 0;
    }
    case 'get': {
      const p = parseArgs(rest, [MCP_JSON_SPEC], { usage: 'codex mcp get [OPTIONS] <NAME>', about: 'Show details for a configured MCP server' });
      const name = onePositional(p.positionals, '<NAME>');
      const server = readServers(home()).find((s) => s.name === name);
      if (!server) throw new Error(`No MCP server named '${name}' found.`);
      io.stdout(flag(p, 'json') ? rustJson(getJson(server)) + '\n' : getText(server));
      return 0;
    }
    case 'add':
      return add(rest, home(), io);
    case 'remove': {
      const p = parseArgs(rest, [], { usage: 'codex mcp remove <NAME>', about: 'Remove a global MCP server entry' });
      const name = onePositional(p.positionals, '<NAME>');
      validateName(name);
      // Checked and removed under config.toml's lock, on its current content.
      // An unknown name is not an error (Codex 0.169): the server is gone either way.
      let found = true;
      updateFileLocked(path.join(home(), 'config.toml'), (text) => {
        found = mcpTable(text)[name] !== undefined;
        return found ? removeTable(text, ['mcp_servers', name]) : text;
      });
      io.stdout(found ? `Removed global MCP server '${name}'.\n` : `No MCP server named '${name}' found.\n`);
      return 0;
    }
    case 'login':
    case 'logout': {
      const p = parseArgs(
        rest,
        sub === 'login' ? MCP_LOGIN_SPECS : [],
        sub === 'login'
          ? { usage: 'codex mcp login [OPTIONS] <NAME>', about: 'Authenticate with a configured MCP server via OAuth (streamable HTTP servers only)' }
          : { usage: 'codex mcp logout <NAME>', about: 'Deauthenticate from a configured MCP server (streamable HTTP servers only)' },
      );
      const name = onePositional(p.positionals, '<NAME>');
      const server = readServers(home()).find((s) => s.name === name);
      if (!server) throw new Error(`No MCP server named '${name}' found.`);
      // Codex 0.169's texts for servers OAuth cannot apply to.
      if (server.transport.type !== 'streamable_http') {
        throw new Error(
          sub === 'login' ? 'OAuth login is only supported for streamable HTTP servers.' : 'OAuth logout is only supported for streamable_http transports.',
        );
      }
      if (sub === 'logout') {
        let removed: boolean;
        try {
          removed = deleteMcpOAuth(home(), name, server.transport.url);
        } catch (err) {
          throw new Error(`failed to delete OAuth credentials: ${(err as Error).message}`);
        }
        io.stdout(removed ? `Removed OAuth credentials for '${name}'.\n` : `No OAuth credentials stored for '${name}'.\n`);
        return 0;
      }
      const scopes = (str(p, 'scopes') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      await login(server, scopes, flag(p, 'no-browser'), home(), io);
      io.stdout(`Successfully logged in to MCP server '${name}'.\n`);
      return 0;
    }
    default:
      throw new UsageError(`unrecognized subcommand '${sub}'`);
  }
}

export const MCP_JSON_SPEC: OptionSpec = { long: 'json', help: 'Output the configured servers as JSON' };
export const MCP_LOGIN_SPECS: OptionSpec[] = [
  { long: 'scopes', value: true, help: 'Comma-separated list of OAuth scopes to request' },
  { long: 'no-browser', help: 'Print the authorization URL and read the callback URL pasted here instead of opening a browser' },
];
export const MCP_ADD_SPECS: OptionSpec[] = [
  { long: 'env', value: true, repeatable: true, help: 'Environment variables to set when launching the server (KEY=VALUE). Only valid with stdio servers' },
  { long: 'url', value: true, help: 'URL for a streamable HTTP MCP server' },
  { long: 'bearer-token-env-var', value: true, help: 'Optional environment variable to read for a bearer token. Only valid with streamable HTTP servers' },
];

async function add(argv: string[], home: string, io: McpCommandIo): Promise<number> {
  const p = parseArgs(argv, MCP_ADD_SPECS, { usage: ADD_USAGE.slice('Usage: '.length), about: 'Add a global MCP server entry' });
  const url = str(p, 'url');
  const command = p.rest;
  const missing: string[] = [];
  if (url === undefined && command.length === 0) missing.push('  <COMMAND|--url <URL>>');
  if (p.positionals.length === 0) missing.push('  <NAME>');
  if (missing.length > 0) throw new UsageError(`the following required arguments were not provided:\n${missing.join('\n')}\n\n${ADD_USAGE}`);
  if (p.positionals.length > 1) throw new UsageError(`unexpected argument '${p.positionals[1]}' found\n\n${ADD_USAGE}`);
  if (url !== undefined && command.length > 0) throw new UsageError(`the argument '--url <URL>' cannot be used with '[COMMAND]...'\n\n${ADD_USAGE}`);
  const name = p.positionals[0]!;
  const env: Record<string, string> = {};
  for (const entry of list(p, 'env')) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid value '${entry}' for '--env <KEY=VALUE>': environment entries must be in KEY=VALUE form`);
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  const bearer = str(p, 'bearer-token-env-var');
  validateName(name);
  let table: Record<string, TomlValue>;
  if (url !== undefined) {
    if (Object.keys(env).length > 0) throw new Error('command is required');
    try {
      new URL(url);
    } catch {
      throw new Error(`invalid URL '${url}'`);
    }
    table = { url, ...(bearer !== undefined ? { bearer_token_env_var: bearer } : {}) };
  } else {
    if (bearer !== undefined) throw new UsageError(`the argument '--bearer-token-env-var <BEARER_TOKEN_ENV_VAR>' requires '--url <URL>'\n\n${ADD_USAGE}`);
    table = { command: command[0]!, ...(command.length > 1 ? { args: command.slice(1) } : {}), ...(Object.keys(env).length > 0 ? { env } : {}) };
  }
  // Checked and appended under config.toml's lock, on its current content: parallel `mcp add`s all land.
  // An existing server of that name is replaced whole, as Codex 0.169 does.
  updateFileLocked(path.join(home, 'config.toml'), (text) => {
    const at = ['mcp_servers', name];
    return appendTable(mcpTable(text)[name] !== undefined ? removeTable(text, at) : text, at, table);
  });
  io.stdout(`Added global MCP server '${name}'.\n`);
  return 0;
}

/**
 * Runs the OAuth flow with Codex 0.169's texts: the URL is printed and opened
 * in a browser, or, with --no-browser, printed with an invitation to paste the
 * callback URL here (for a browser on another machine).
 */
async function login(server: McpServerConfig, scopes: string[], noBrowser: boolean, home: string, io: McpCommandIo): Promise<void> {
  // Loaded only here: the MCP SDK costs start-up time the other subcommands need not pay.
  const { performMcpOAuthLogin } = await import('../core/mcp/oauthLogin.js');
  const stderr = io.stderr ?? (() => {});
  const pasted = noBrowser && io.stdin ? readline.createInterface({ input: io.stdin, terminal: false }) : undefined;
  try {
    await performMcpOAuthLogin({
      codexHome: home,
      server,
      scopes,
      env: io.env,
      pastedUrls: pasted,
      onIgnoredPaste: (_line, expectedPath) =>
        stderr(`That is not the callback URL of this login (expected a URL with the path ${expectedPath} and a code); paste it again.\n`),
      onAuthorizationUrl: (url) => {
        if (noBrowser) {
          io.stdout(
            `Authorize the MCP server by opening this URL in your browser:\n${url}\n\n` +
              `After signing in, copy the full URL from your browser's address bar.\nIf the callback page cannot load, paste that URL here anyway.\n`,
          );
          stderr('Callback URL: ');
          return;
        }
        io.stdout(`Authorize \`${server.name}\` by opening this URL in your browser:\n${url}\n\n`);
        openBrowser(url, io.env, () => stderr('(Browser launch failed; please copy the URL above manually.)\n'));
      },
    });
  } finally {
    pasted?.close();
  }
}

function onePositional(positionals: string[], what: string): string {
  if (positionals.length === 0) throw new UsageError(`the following required arguments were not provided:\n  ${what}`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}' found`);
  return positionals[0]!;
}

function validateName(name: string): void {
  if (!SERVER_NAME_RE.test(name)) throw new Error(`invalid server name '${name}' (use letters, numbers, '-', '_', ':', '@', '/', '.')`);
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

function mcpTable(text: string): Record<string, unknown> {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`config.toml is not valid TOML: ${(err as Error).message}`);
  }
  const t = doc.mcp_servers;
  return typeof t === 'object' && t !== null && !Array.isArray(t) ? (t as Record<string, unknown>) : {};
}

function readServers(home: string): McpServerConfig[] {
  return parseMcpServers(mcpTable(readText(path.join(home, 'config.toml'))));
}

// ---- output ----

const F64 = '\u0001f64:';

/** A number printed as Rust's serde_json prints an f64 (`5.0`, `30.5`). */
function f64(n: number | null): unknown {
  return n === null ? null : `${F64}${Number.isInteger(n) ? n.toFixed(1) : String(n)}`;
}

/** Pretty JSON (2 spaces) with f64 markers unquoted. */
export function rustJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/"\\u0001f64:([^"]*)"/g, '$1');
}

function transportJson(s: McpServerConfig): Record<string, unknown> {
  const t = s.transport;
  if (t.type === 'stdio') return { type: 'stdio', command: t.command, args: t.args, env: t.env, env_vars: t.envVars, cwd: t.cwd };
  return {
    type: 'streamable_http',
    url: t.url,
    bearer_token_env_var: t.bearerTokenEnvVar,
    http_headers: t.httpHeaders,
    env_http_headers: t.envHttpHeaders,
    http_headers_helper: null,
  };
}

type AuthStatus = 'unsupported' | 'bearer_token' | 'o_auth' | 'unknown';
const AUTH_TEXT: Record<AuthStatus, string> = { unsupported: 'Unsupported', bearer_token: 'Bearer token', o_auth: 'OAuth', unknown: 'Unknown' };

/**
 * As Codex 0.169 lists them: stdio servers need nothing, a bearer env var wins,
 * a stored OAuth login shows as OAuth; anything else is not probed (Unknown).
 */
function authStatuses(servers: McpServerConfig[], home: string): Map<string, AuthStatus> {
  const out = new Map<string, AuthStatus>();
  for (const s of servers) {
    const t = s.transport;
    out.set(s.name, t.type === 'stdio' ? 'unsupported' : t.bearerTokenEnvVar ? 'bearer_token' : hasMcpOAuth(home, s.name, t.url) ? 'o_auth' : 'unknown');
  }
  return out;
}

function listJson(s: McpServerConfig, auth: Map<string, AuthStatus>): Record<string, unknown> {
  return {
    name: s.name,
    enabled: s.enabled,
    disabled_reason: null,
    transport: transportJson(s),
    startup_timeout_sec: f64(s.startupTimeoutSec),
    tool_timeout_sec: f64(s.toolTimeoutSec),
    auth_status: auth.get(s.name) ?? 'unknown',
  };
}

function getJson(s: McpServerConfig): Record<string, unknown> {
  return {
    name: s.name,
    enabled: s.enabled,
    disabled_reason: null,
    transport: transportJson(s),
    enabled_tools: s.enabledTools,
    disabled_tools: s.disabledTools,
    startup_timeout_sec: f64(s.startupTimeoutSec),
    tool_timeout_sec: f64(s.toolTimeoutSec),
  };
}

function masked(keys: string[]): string {
  return keys.length === 0 ? '-' : keys.map((k) => `${k}=*****`).join(', ');
}
function stdioEnvText(s: McpServerConfig): string {
  if (s.transport.type !== 'stdio') return '-';
  return masked([...Object.keys(s.transport.env ?? {}).sort(), ...s.transport.envVars]);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ') + '\n').join('');
}

export function listText(servers: McpServerConfig[], auth: Map<string, AuthStatus> = new Map()): string {
  if (servers.length === 0) return 'No MCP servers configured yet. Try `codex mcp add my-tool -- my-command`.\n';
  const status = (s: McpServerConfig) => (s.enabled ? 'enabled' : 'disabled');
  const stdio = servers.filter((s) => s.transport.type === 'stdio');
  const http = servers.filter((s) => s.transport.type === 'streamable_http');
  const parts: string[] = [];
  if (stdio.length > 0) {
    const rows = [['Name', 'Command', 'Args', 'Env', 'Cwd', 'Status', 'Auth']];
    for (const s of stdio) {
      if (s.transport.type !== 'stdio') continue;
      const t = s.transport;
      rows.push([
        s.name,
        t.command,
        t.args.length ? t.args.join(' ') : '-',
        stdioEnvText(s),
        t.cwd ?? '-',
        status(s),
        AUTH_TEXT[auth.get(s.name) ?? 'unsupported'],
      ]);
    }
    parts.push(table(rows));
  }
  if (http.length > 0) {
    const rows = [['Name', 'Url', 'Bearer Token Env Var', 'Status', 'Auth']];
    for (const s of http) {
      if (s.transport.type !== 'streamable_http') continue;
      rows.push([s.name, s.transport.url, s.transport.bearerTokenEnvVar ?? '-', status(s), AUTH_TEXT[auth.get(s.name) ?? 'unknown']]);
    }
    parts.push(table(rows));
  }
  return parts.join('\n');
}

export function getText(s: McpServerConfig): string {
  if (!s.enabled) return `${s.name} (disabled)\n`;
  const lines = [s.name, '  enabled: true'];
  if (s.enabledTools !== null) lines.push(`  enabled_tools: ${s.enabledTools.join(', ')}`);
  if (s.disabledTools !== null) lines.push(`  disabled_tools: ${s.disabledTools.join(', ')}`);
  const t = s.transport;
  if (t.type === 'stdio') {
    lines.push(
      '  transport: stdio',
      `  command: ${t.command}`,
      `  args: ${t.args.length ? t.args.join(' ') : '-'}`,
      `  cwd: ${t.cwd ?? '-'}`,
      `  env: ${stdioEnvText(s)}`,
    );
  } else {
    lines.push(
      '  transport: streamable_http',
      `  url: ${t.url}`,
      `  bearer_token_env_var: ${t.bearerTokenEnvVar ?? '-'}`,
      `  http_headers: ${masked(Object.keys(t.httpHeaders ?? {}).sort())}`,
      `  env_http_headers: ${
        t.envHttpHeaders && Object.keys(t.envHttpHeaders).length
          ? Object.entries(t.envHttpHeaders)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')
          : '-'
      }`,
      '  http_headers_helper: -',
    );
  }
  if (s.startupTimeoutSec !== null) lines.push(`  startup_timeout_sec: ${s.startupTimeoutSec}`);
  if (s.toolTimeoutSec !== null) lines.push(`  tool_timeout_sec: ${s.toolTimeoutSec}`);
  lines.push(`  remove: codex mcp remove ${s.name}`);
  return lines.join('\n') + '\n';
}
