import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API_KEY_SAVED_MESSAGE, authFilePath, authStatus, loginWithApiKey, logout, logoutMessage, maskApiKey, readAuthFile, resolveApiKey } from './auth.js';
import { ConfigError } from './errors.js';
import { builtInProviders } from './providers.js';
import type { ModelProviderInfo } from './types.js';

let tmp: string;
let home: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'codex-auth-'));
  home = path.join(tmp, 'home');
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const openai = builtInProviders({}).openai!;
const custom: ModelProviderInfo = { ...openai, id: 'mock', name: 'mock', envKey: 'MOCK_KEY', requiresOpenaiAuth: false };

describe('maskApiKey', () => {
  // Pairs observed from `codex login status` (0.169).
  it.each([
    ['a', '***'],
    ['sk-123456789', '***'],
    ['abcdefghijklm', '***'],
    ['abcdefghijklmn', 'abcdefgh***jklmn'],
    ['sk-test1234abcd', 'sk-test1***4abcd'],
    ['sk-1234567890123', 'sk-12345***90123'],
    ['sk-proj-abcdefghijklmnopqrstuvwxyz0123456789', 'sk-proj-***56789'],
  ])('%s -> %s', (key, masked) => {
    expect(maskApiKey(key)).toBe(masked);
  });
});

describe('loginWithApiKey', () => {
  it('creates CODEX_HOME 0700 and writes auth.json 0600 exactly as Codex does', () => {
    loginWithApiKey(home, '  sk-test1234abcd\n');
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
    expect(fs.statSync(authFilePath(home)).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(authFilePath(home), 'utf8')).toBe('{\n  "auth_mode": "apikey",\n  "OPENAI_API_KEY": "sk-test1234abcd"\n}');
    expect(fs.readdirSync(home)).toEqual(['auth.json']); // no temp files left behind
  });

  it('replaces an existing auth.json (also one with loose permissions)', () => {
    fs.mkdirSync(home);
    fs.writeFileSync(authFilePath(home), '{"tokens": {"id_token": "x"}}', { mode: 0o644 });
    loginWithApiKey(home, 'sk-new');
    expect(JSON.parse(fs.readFileSync(authFilePath(home), 'utf8'))).toEqual({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-new' });
    expect(fs.statSync(authFilePath(home)).mode & 0o777).toBe(0o600);
  });

  it('rejects an empty key with the CLI text', () => {
    expect(() => loginWithApiKey(home, ' \n')).toThrow(new ConfigError('No API key provided via stdin.'));
    expect(fs.existsSync(home)).toBe(false);
  });

  it('exposes the confirmation text', () => {
    expect(API_KEY_SAVED_MESSAGE).toBe('API key saved. Authentication is checked when you send a request.');
  });
});

describe('logout', () => {
  it('removes auth.json and reports whether it existed', () => {
    loginWithApiKey(home, 'sk-x');
    expect(logout(home)).toBe(true);
    expect(fs.existsSync(authFilePath(home))).toBe(false);
    expect(logout(home)).toBe(false);
    expect(logout(path.join(tmp, 'never-created'))).toBe(false);
    expect(logoutMessage(true)).toBe('Successfully logged out');
    expect(logoutMessage(false)).toBe('Not logged in');
  });
});

describe('authStatus', () => {
  function withAuth(json: string) {
    fs.mkdirSync(home, { recursive: true });
    fs.writeFileSync(authFilePath(home), json);
    return authStatus(home, {});
  }

  it('not logged in', () => {
    expect(authStatus(home, {})).toEqual({ loggedIn: false, message: 'Not logged in', exitCode: 1 });
  });

  it('mentions an environment key only as extra data (Codex prints "Not logged in")', () => {
    expect(authStatus(home, { OPENAI_API_KEY: 'sk-env' })).toEqual({
      loggedIn: false,
      message: 'Not logged in',
      exitCode: 1,
      envKeyVar: 'OPENAI_API_KEY',
    });
  });

  it('API key login', () => {
    loginWithApiKey(home, 'sk-test1234abcd');
    expect(authStatus(home, {})).toEqual({
      loggedIn: true,
      mode: 'apikey',
      maskedKey: 'sk-test1***4abcd',
      message: 'API key configured - sk-test1***4abcd\nAuthentication is checked when you send a request.',
      exitCode: 0,
    });
  });

  // Each case mirrors what `codex login status` 0.169 printed for that auth.json.
  it('follows Codex for hand-written files', () => {
    expect(withAuth('{"OPENAI_API_KEY":"sk-abcdefghijklmnop"}').message).toBe(
      'API key configured - sk-abcde***lmnop\nAuthentication is checked when you send a request.',
    );
    expect(withAuth('{"OPENAI_API_KEY":""}').message).toBe('API key configured - ***\nAuthentication is checked when you send a request.');
    expect(withAuth('{}')).toEqual({ loggedIn: true, mode: 'chatgpt', message: 'Logged in using ChatGPT', exitCode: 0 });
    expect(withAuth('{"OPENAI_API_KEY":null}').message).toBe('Logged in using ChatGPT');
    expect(withAuth('{"auth_mode":"chatgpt","OPENAI_API_KEY":"sk-abcdefghijklmnop"}').message).toBe('Logged in using ChatGPT');
    expect(withAuth('{"auth_mode":"apikey"}')).toEqual({
      loggedIn: false,
      message: 'Error checking login status: API key auth is missing a key.',
      exitCode: 1,
    });
  });

  it('reports unreadable files as errors', () => {
    const garbage = withAuth('garbage');
    expect(garbage.exitCode).toBe(1);
    expect(garbage.message).toMatch(new RegExp(`^Error checking login status: ${authFilePath(home)}: invalid JSON: `));
    expect(withAuth('[]').message).toBe(`Error checking login status: ${authFilePath(home)}: expected a JSON object`);
    expect(withAuth('{"OPENAI_API_KEY":5}').message).toBe(`Error checking login status: ${authFilePath(home)}: OPENAI_API_KEY: expected a string`);
    expect(withAuth('{"auth_mode":"weird"}').exitCode).toBe(1);
  });
});

describe('resolveApiKey', () => {
  it('uses the provider env_key variable', () => {
    expect(resolveApiKey(custom, home, { MOCK_KEY: 'mk' })).toBe('mk');
    expect(resolveApiKey(custom, home, { MOCK_KEY: '  ' })).toBeUndefined();
    expect(resolveApiKey(custom, home, { CODEX_API_KEY: 'ignored for non-OpenAI providers' })).toBeUndefined();
  });

  it('no env_key means no key', () => {
    const noKey: ModelProviderInfo = { ...custom, envKey: undefined };
    expect(resolveApiKey(noKey, home, { OPENAI_API_KEY: 'x' })).toBeUndefined();
  });

  it('openai: CODEX_API_KEY, then OPENAI_API_KEY, then auth.json', () => {
    loginWithApiKey(home, 'sk-file');
    expect(resolveApiKey(openai, home, { CODEX_API_KEY: 'sk-ci', OPENAI_API_KEY: 'sk-env' })).toBe('sk-ci');
    expect(resolveApiKey(openai, home, { OPENAI_API_KEY: 'sk-env' })).toBe('sk-env');
    expect(resolveApiKey(openai, home, {})).toBe('sk-file');
    logout(home);
    expect(resolveApiKey(openai, home, {})).toBeUndefined();
  });

  it('a literal experimental_bearer_token wins', () => {
    expect(resolveApiKey({ ...custom, experimentalBearerToken: 'tok' }, home, { MOCK_KEY: 'mk' })).toBe('tok');
  });

  it('does not read auth.json for other providers, and fails clearly on a corrupt one', () => {
    fs.mkdirSync(home);
    fs.writeFileSync(authFilePath(home), 'not json');
    expect(resolveApiKey(custom, home, {})).toBeUndefined();
    expect(() => resolveApiKey(openai, home, {})).toThrow(ConfigError);
    expect(() => readAuthFile(home)).toThrow(/auth\.json: invalid JSON/);
  });
});
