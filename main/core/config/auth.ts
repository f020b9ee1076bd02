// API-key authentication: where a provider's key comes from, and the
// `codex login --with-api-key` / `login status` / `logout` file handling.
// auth.json is written exactly as Codex writes it, so either tool can read it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './errors.js';
import type { ModelProviderInfo } from './types.js';

export const AUTH_FILE_NAME = 'auth.json';

// Texts printed by `codex login` / `codex logout` (0.169, to stderr).
export const READING_API_KEY_MESSAGE = 'Reading API key from stdin...';
export const NO_API_KEY_MESSAGE = 'No API key provided via stdin.';
export const API_KEY_SAVED_MESSAGE = 'API key saved. Authentication is checked when you send a request.';
export const AUTH_CHECKED_LATER = 'Authentication is checked when you send a request.';
export const NOT_LOGGED_IN_MESSAGE = 'Not logged in';
export const CHATGPT_LOGGED_IN_MESSAGE = 'Logged in using ChatGPT';
export const LOGGED_OUT_MESSAGE = 'Successfully logged out';

/** The parts of auth.json we use; other fields (ChatGPT tokens) are left alone. */
export interface AuthFile {
  auth_mode?: string;
  OPENAI_API_KEY?: string | null;
  [key: string]: unknown;
}

export function authFilePath(codexHome: string): string {
  return path.join(codexHome, AUTH_FILE_NAME);
}

/** undefined when the file is absent; a ConfigError when it is not a JSON object. */
export function readAuthFile(codexHome: string): AuthFile | undefined {
  const file = authFilePath(codexHome);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`${file}: cannot read: ${(err as Error).message}`, { source: file, cause: err });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: invalid JSON: ${(err as Error).message}`, { source: file, cause: err });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(`${file}: expected a JSON object`, { source: file });
  }
  const key = (data as AuthFile).OPENAI_API_KEY;
  if (key !== undefined && key !== null && typeof key !== 'string') {
    throw new ConfigError(`${file}: OPENAI_API_KEY: expected a string`, { source: file, keyPath: 'OPENAI_API_KEY' });
  }
  return data as AuthFile;
}

function nonEmpty(value: string | null | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/**
 * The key to send as `Authorization: Bearer`, or undefined for none. Order:
 * the provider's literal `experimental_bearer_token`; for OpenAI-auth
 * providers `CODEX_API_KEY` (meant for CI runs of `codex exec`); the
 * provider's `env_key` variable; for OpenAI-auth providers the key saved by
 * `codex login --with-api-key`.
 */
export function resolveApiKey(provider: ModelProviderInfo, codexHome: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (provider.experimentalBearerToken) return provider.experimentalBearerToken;
  if (provider.requiresOpenaiAuth) {
    const ci = nonEmpty(env.CODEX_API_KEY);
    if (ci) return ci;
  }
  if (provider.envKey) {
    const fromEnv = nonEmpty(env[provider.envKey]);
    if (fromEnv) return fromEnv;
  }
  if (provider.requiresOpenaiAuth) return nonEmpty(readAuthFile(codexHome)?.OPENAI_API_KEY);
  return undefined;
}

/** Codex's text for a provider whose `env_key` variable is unset (codex-rs `EnvVarError`). */
export function missingEnvVarMessage(variable: string, instructions?: string): string {
  return `Missing environment variable: \`${variable}\`.${instructions ? ` ${instructions}` : ''}`;
}

/** When an OpenAI-auth provider has no key from any source: how to log in. */
export const NO_CREDENTIALS_MESSAGE =
  'No Codex credentials were found. Run `codex login --with-api-key` (e.g. `printenv OPENAI_API_KEY | codex login --with-api-key`) or set OPENAI_API_KEY or CODEX_API_KEY.';

/**
 * Why a request to `provider` cannot be authenticated with `apiKey` (what
 * resolveApiKey found), or undefined when it can, or needs no key.
 */
export function missingCredentialsMessage(provider: ModelProviderInfo, apiKey: string | undefined): string | undefined {
  if (apiKey) return undefined;
  if (provider.requiresOpenaiAuth) return NO_CREDENTIALS_MESSAGE;
  if (provider.envKey) return missingEnvVarMessage(provider.envKey, provider.envKeyInstructions);
  return undefined;
}

/** Codex's display form: short keys fully hidden, else first 8 and last 5 characters. */
export function maskApiKey(key: string): string {
  if (key.length < 14) return '***';
  return `${key.slice(0, 8)}***${key.slice(-5)}`;
}

/** Writes `data` to `file` via a temp file + rename, so readers never see half a file; the file gets exactly `mode`. */
export function writeFileAtomic(file: string, data: string, mode: number): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    // The umask may have narrowed the mode but never widens it; set it exactly.
    fs.chmodSync(tmp, mode);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** `codex login --with-api-key`: saves the (trimmed) key to $CODEX_HOME/auth.json, mode 0600. */
export function loginWithApiKey(codexHome: string, apiKey: string): void {
  const key = apiKey.trim();
  if (key === '') throw new ConfigError(NO_API_KEY_MESSAGE);
  fs.mkdirSync(codexHome, { recursive: true, mode: 0o700 });
  const body: AuthFile = { auth_mode: 'apikey', OPENAI_API_KEY: key };
  writeFileAtomic(authFilePath(codexHome), JSON.stringify(body, null, 2), 0o600);
}

/** `codex logout`: removes auth.json; true when there was one. */
export function logout(codexHome: string): boolean {
  try {
    fs.unlinkSync(authFilePath(codexHome));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

export function logoutMessage(removed: boolean): string {
  return removed ? LOGGED_OUT_MESSAGE : NOT_LOGGED_IN_MESSAGE;
}

export interface AuthStatus {
  loggedIn: boolean;
  mode?: 'apikey' | 'chatgpt';
  maskedKey?: string;
  /** What `codex login status` prints (one or two lines, no trailing newline). */
  message: string;
  /** `codex login status` exit code: 0 when logged in. */
  exitCode: 0 | 1;
  /**
   * Set when not logged in but an environment variable would still supply a
   * key (Codex's status ignores these; a UI may want to mention it).
   */
  envKeyVar?: string;
}

/** Mirrors `codex login status`, which looks only at auth.json. */
export function authStatus(codexHome: string, env: NodeJS.ProcessEnv = process.env): AuthStatus {
  let auth: AuthFile | undefined;
  try {
    auth = readAuthFile(codexHome);
  } catch (err) {
    return { loggedIn: false, message: `Error checking login status: ${(err as Error).message}`, exitCode: 1 };
  }
  if (auth === undefined) {
    const envKeyVar = ['CODEX_API_KEY', 'OPENAI_API_KEY'].find((v) => nonEmpty(env[v]) !== undefined);
    return { loggedIn: false, message: NOT_LOGGED_IN_MESSAGE, exitCode: 1, ...(envKeyVar ? { envKeyVar } : {}) };
  }
  const key = typeof auth.OPENAI_API_KEY === 'string' ? auth.OPENAI_API_KEY : undefined;
  // Codex: an explicit mode wins; without one, a key string means API-key auth.
  const mode = auth.auth_mode ?? (key !== undefined ? 'apikey' : 'chatgpt');
  if (mode === 'apikey') {
    if (key === undefined) {
      return { loggedIn: false, message: 'Error checking login status: API key auth is missing a key.', exitCode: 1 };
    }
    const maskedKey = maskApiKey(key);
    return { loggedIn: true, mode: 'apikey', maskedKey, message: `API key configured - ${maskedKey}\n${AUTH_CHECKED_LATER}`, exitCode: 0 };
  }
  if (mode === 'chatgpt') return { loggedIn: true, mode: 'chatgpt', message: CHATGPT_LOGGED_IN_MESSAGE, exitCode: 0 };
  return { loggedIn: false, message: `Error checking login status: ${authFilePath(codexHome)}: unknown auth_mode "${mode}"`, exitCode: 1 };
}
