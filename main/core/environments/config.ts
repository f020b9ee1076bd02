// Which execution environments a thread may run its commands in, as Codex
// configures them: `CODEX_EXEC_SERVER_URL` (a websocket exec-server, or `none`)
// or `$CODEX_HOME/environments.toml`:
//
//   default = "devbox"            # an id below, "local", or "none"
//   include_local = true          # whether "local" stays selectable
//   [[environments]]
//   id = "devbox"                 # [A-Za-z0-9_-], at most 64 characters
//   url = "ws://10.0.0.5:8765"    # or: program = "ssh", args = ["devbox", "codex", "exec-server", "--listen", "stdio"]
//   connect_timeout_sec = 10
//   initialize_timeout_sec = 10
//
// The variable wins over the file. Errors name the file and the key.
import { join } from 'node:path';
import { ConfigError } from '../config/errors.js';
import { isTable, type TomlTable } from '../config/table.js';
import { readTomlFile } from '../config/tomlFile.js';
import { LOCAL_ENVIRONMENT_ID } from '../exec/backend.js';

export const ENVIRONMENTS_FILE_NAME = 'environments.toml';
/** Id of the environment CODEX_EXEC_SERVER_URL defines. */
export const EXEC_SERVER_URL_ENVIRONMENT_ID = 'remote';
/** A default of "none": the thread has no environment and cannot run commands. */
export const NO_ENVIRONMENT_ID = 'none';

export type RemoteEnvironmentDefinition =
  | { id: string; kind: 'websocket'; url: string; connectTimeoutMs?: number; initializeTimeoutMs?: number }
  | { id: string; kind: 'stdio'; program: string; args: string[]; env?: Record<string, string>; cwd?: string; initializeTimeoutMs?: number };

export interface EnvironmentsConfig {
  /** "local", "none" or the id of a remote environment. */
  defaultId: string;
  includeLocal: boolean;
  remotes: RemoteEnvironmentDefinition[];
  /** Where the definitions came from, for messages: the variable or the file path. */
  source: string | undefined;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function fail(source: string, key: string, what: string): never {
  throw new ConfigError(`${source}: ${key}: ${what}`, { source, keyPath: key });
}

function checkWebSocketUrl(url: string, source: string, key: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    fail(source, key, `not a URL: ${JSON.stringify(url)}; expected ws://HOST:PORT or wss://HOST:PORT`);
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') fail(source, key, `expected a ws:// or wss:// URL, got ${parsed.protocol}//`);
}

function optionalSeconds(t: TomlTable, key: string, source: string, path: string): number | undefined {
  const v = t[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(source, `${path}.${key}`, 'expected a positive number of seconds');
  return v * 1000;
}

const isString = (v: unknown): v is string => typeof v === 'string';

function stringArray(v: unknown, source: string, key: string): string[] {
  if (!Array.isArray(v) || !v.every(isString)) fail(source, key, 'expected an array of strings');
  return v;
}

function stringTable(v: unknown, source: string, key: string): Record<string, string> {
  if (!isTable(v)) fail(source, key, 'expected a table of strings');
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) {
    if (!isString(value)) fail(source, key, 'expected a table of strings');
    out[k] = value;
  }
  return out;
}

function parseRemote(entry: unknown, index: number, source: string): RemoteEnvironmentDefinition {
  const path = `environments[${index}]`;
  if (!isTable(entry)) fail(source, path, 'expected a table ([[environments]])');
  const id = entry.id;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) fail(source, `${path}.id`, 'expected 1 to 64 characters of A-Z a-z 0-9 _ -');
  if (id === LOCAL_ENVIRONMENT_ID || id === NO_ENVIRONMENT_ID) fail(source, `${path}.id`, `"${id}" is reserved`);
  const known = new Set(['id', 'url', 'connect_timeout_sec', 'initialize_timeout_sec', 'program', 'args', 'env', 'cwd']);
  for (const k of Object.keys(entry)) if (!known.has(k)) fail(source, `${path}.${k}`, 'unknown key');
  const initializeTimeoutMs = optionalSeconds(entry, 'initialize_timeout_sec', source, path);
  const hasUrl = entry.url !== undefined;
  const hasProgram = entry.program !== undefined;
  if (hasUrl === hasProgram) fail(source, path, `environment "${id}" needs exactly one of \`url\` or \`program\``);
  if (hasUrl) {
    if (typeof entry.url !== 'string') fail(source, `${path}.url`, 'expected a string');
    checkWebSocketUrl(entry.url, source, `${path}.url`);
    for (const k of ['args', 'env', 'cwd']) if (entry[k] !== undefined) fail(source, `${path}.${k}`, 'only allowed with `program`');
    return { id, kind: 'websocket', url: entry.url, connectTimeoutMs: optionalSeconds(entry, 'connect_timeout_sec', source, path), initializeTimeoutMs };
  }
  if (typeof entry.program !== 'string' || entry.program === '') fail(source, `${path}.program`, 'expected a non-empty string');
  if (entry.connect_timeout_sec !== undefined) fail(source, `${path}.connect_timeout_sec`, 'only allowed with `url`');
  const args = entry.args === undefined ? [] : stringArray(entry.args, source, `${path}.args`);
  const env = entry.env === undefined ? undefined : stringTable(entry.env, source, `${path}.env`);
  const cwd = entry.cwd;
  if (cwd !== undefined && !isString(cwd)) fail(source, `${path}.cwd`, 'expected a string');
  return { id, kind: 'stdio', program: entry.program, args, env, cwd, initializeTimeoutMs };
}

/** Parses the contents of environments.toml (already read as a table). */
export function parseEnvironmentsTable(table: TomlTable, source: string): EnvironmentsConfig {
  for (const k of Object.keys(table)) if (!['default', 'include_local', 'environments'].includes(k)) fail(source, k, 'unknown key');
  const list = table.environments ?? [];
  if (!Array.isArray(list)) fail(source, 'environments', 'expected an array of tables ([[environments]])');
  const remotes = list.map((e, i) => parseRemote(e, i, source));
  const seen = new Set<string>();
  for (const r of remotes) {
    if (seen.has(r.id)) fail(source, 'environments', `duplicate id "${r.id}"`);
    seen.add(r.id);
  }
  const includeLocal = table.include_local ?? true;
  if (typeof includeLocal !== 'boolean') fail(source, 'include_local', 'expected true or false');
  let defaultId = table.default ?? (remotes.length > 0 && !includeLocal ? remotes[0]!.id : LOCAL_ENVIRONMENT_ID);
  if (typeof defaultId !== 'string') fail(source, 'default', 'expected a string');
  const selectable = [...(includeLocal ? [LOCAL_ENVIRONMENT_ID] : []), NO_ENVIRONMENT_ID, ...remotes.map((r) => r.id)];
  if (!selectable.includes(defaultId))
    fail(source, 'default', `unknown environment "${defaultId}"; expected one of ${selectable.map((s) => `"${s}"`).join(', ')}`);
  return { defaultId, includeLocal, remotes, source };
}

/** The environments for a process with this environment and CODEX_HOME. */
export function loadEnvironments(codexHome: string, env: NodeJS.ProcessEnv = process.env): EnvironmentsConfig {
  const url = env.CODEX_EXEC_SERVER_URL?.trim();
  if (url) {
    const source = 'CODEX_EXEC_SERVER_URL';
    if (url === NO_ENVIRONMENT_ID) return { defaultId: NO_ENVIRONMENT_ID, includeLocal: true, remotes: [], source };
    checkWebSocketUrl(url, source, 'value');
    return { defaultId: EXEC_SERVER_URL_ENVIRONMENT_ID, includeLocal: true, remotes: [{ id: EXEC_SERVER_URL_ENVIRONMENT_ID, kind: 'websocket', url }], source };
  }
  const file = join(codexHome, ENVIRONMENTS_FILE_NAME);
  const table = readTomlFile(file);
  if (!table) return { defaultId: LOCAL_ENVIRONMENT_ID, includeLocal: true, remotes: [], source: undefined };
  return parseEnvironmentsTable(table, file);
}
