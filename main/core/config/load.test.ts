import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { loadConfig, resolveCodexHome, type LoadConfigOptions } from './load.js';
import type { ConfigOverrides } from './types.js';

let tmp: string;
let home: string;
let configFile: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'codex-config-'));
  home = path.join(tmp, 'home');
  fs.mkdirSync(home);
  configFile = path.join(home, 'config.toml');
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Loads with an isolated environment so the developer's own env never leaks in. */
function load(toml?: string, overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = {}, extra: LoadConfigOptions = {}) {
  if (toml !== undefined) fs.writeFileSync(configFile, toml);
  return loadConfig({ codexHome: home, overrides, env, ...extra });
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('defaults', () => {
  it('uses Codex defaults when config.toml is missing', () => {
    const c = load(undefined, { cwd: tmp });
    expect(c.codexHome).toBe(home);
    expect(c.configFile).toBe(configFile);
    expect(c.cwd).toBe(tmp);
    expect(c.model).toBe('gpt-5.5');
    expect(c.modelProviderId).toBe('openai');
    expect(c.modelProvider).toEqual({
      id: 'openai',
      name: 'OpenAI',
      baseUrl: 'https://api.openai.com/v1',
      envKey: 'OPENAI_API_KEY',
      wireApi: 'responses',
      queryParams: {},
      httpHeaders: {},
      envHttpHeaders: {},
      requestMaxRetries: 4,
      streamMaxRetries: 5,
      streamIdleTimeoutMs: 300_000,
      requiresOpenaiAuth: true,
    });
    expect(Object.keys(c.modelProviders)).toEqual(['openai', 'ollama', 'lmstudio']);
    expect(c.approvalPolicy).toBe('on-request');
    expect(c.sandboxMode).toBe('read-only');
    expect(c.sandboxWorkspaceWrite).toEqual({
      writableRoots: [],
      networkAccess: false,
      excludeTmpdirEnvVar: false,
      excludeSlashTmp: false,
    });
    expect(c.additionalWritableRoots).toEqual([]);
    expect(c.shellEnvironmentPolicy).toEqual({ inherit: 'all', ignoreDefaultExcludes: false, exclude: [], set: {}, includeOnly: [] });
    expect(c.projectDocMaxBytes).toBe(32768);
    expect(c.projectDocFallbackFilenames).toEqual([]);
    expect(c.features).toEqual({});
    expect(c.mcpServers).toEqual({});
    expect(c.warnings).toEqual([]);
    for (const key of ['notify', 'profile', 'developerInstructions', 'modelReasoningEffort', 'modelContextWindow']) {
      expect(key in c).toBe(false);
    }
  });

  it('treats an empty file as defaults and strips a UTF-8 BOM', () => {
    expect(load('').model).toBe('gpt-5.5');
    expect(load('\uFEFFmodel = "bom"\n').model).toBe('bom');
  });

  it('defaults cwd to the process cwd', () => {
    expect(load().cwd).toBe(process.cwd());
  });
});

describe('CODEX_HOME', () => {
  it('comes from the environment when not given', () => {
    fs.writeFileSync(configFile, 'model = "from-env-home"\n');
    const c = loadConfig({ env: { CODEX_HOME: home } });
    expect(c.codexHome).toBe(home);
    expect(c.model).toBe('from-env-home');
  });

  it('defaults to ~/.codex, which may be missing', () => {
    expect(resolveCodexHome({ HOME: tmp })).toBe(path.join(tmp, '.codex'));
    expect(loadConfig({ env: { HOME: tmp } }).model).toBe('gpt-5.5');
  });

  it('must exist and be a directory when set explicitly in the environment', () => {
    const missing = path.join(tmp, 'nope');
    expect(errorOf(() => loadConfig({ env: { CODEX_HOME: missing } })).message).toBe(`CODEX_HOME points to "${missing}", but that path does not exist`);
    expect(errorOf(() => loadConfig({ env: { CODEX_HOME: configFile + 'x' } })).message).toMatch(/does not exist/);
    fs.writeFileSync(path.join(tmp, 'file'), '');
    expect(errorOf(() => loadConfig({ env: { CODEX_HOME: path.join(tmp, 'file') } })).message).toMatch(/is not a directory/);
  });

  it('reports an unreadable config.toml', () => {
    fs.mkdirSync(configFile);
    expect(errorOf(() => load()).message).toMatch(new RegExp(`^${configFile}: cannot read: `));
  });
});

describe('config.toml keys', () => {
  it('reads every supported key', () => {
    const c = load(
      `
model = "o3"
approval_policy = "never"
sandbox_mode = "workspace-write"
notify = ["notify-send", "Codex"]
model_reasoning_effort = "high"
model_reasoning_summary = "detailed"
model_context_window = 200000
model_auto_compact_token_limit = 150000
project_doc_max_bytes = 100
project_doc_fallback_filenames = ["CLAUDE.md", ".agents.md"]
developer_instructions = "Be terse."

[sandbox_workspace_write]
writable_roots = ["/abs/root", "relative"]
network_access = true
exclude_tmpdir_env_var = true
exclude_slash_tmp = true

[shell_environment_policy]
inherit = "core"
ignore_default_excludes = true
exclude = ["AWS_*"]
set = { CI = "1" }
include_only = ["PATH", "HOME"]

[features]
web_search_request = true
undo = false
multi_agent_v2 = { enabled = false, max_concurrent_threads_per_session = 2 }
network_proxy = { mode = "full" }

[mcp_servers.docs]
command = "npx"
args = ["-y", "docs-server"]
startup_timeout_sec = 20
`,
      { cwd: tmp },
    );
    expect(c.model).toBe('o3');
    expect(c.approvalPolicy).toBe('never');
    expect(c.sandboxMode).toBe('workspace-write');
    expect(c.notify).toEqual(['notify-send', 'Codex']);
    expect(c.modelReasoningEffort).toBe('high');
    expect(c.modelReasoningSummary).toBe('detailed');
    expect(c.modelContextWindow).toBe(200000);
    expect(c.modelAutoCompactTokenLimit).toBe(150000);
    expect(c.projectDocMaxBytes).toBe(100);
    expect(c.projectDocFallbackFilenames).toEqual(['CLAUDE.md', '.agents.md']);
    expect(c.developerInstructions).toBe('Be terse.');
    expect(c.sandboxWorkspaceWrite).toEqual({
      writableRoots: ['/abs/root', path.join(home, 'relative')],
      networkAccess: true,
      excludeTmpdirEnvVar: true,
      excludeSlashTmp: true,
    });
    expect(c.shellEnvironmentPolicy).toEqual({
      inherit: 'core',
      ignoreDefaultExcludes: true,
      exclude: ['AWS_*'],
      set: { CI: '1' },
      includeOnly: ['PATH', 'HOME'],
    });
    expect(c.features).toEqual({ web_search_request: true, undo: false, multi_agent_v2: false, network_proxy: true });
    expect(c.mcpServers).toEqual({ docs: { command: 'npx', args: ['-y', 'docs-server'], startup_timeout_sec: 20 } });
    // As Codex 0.169: web search is on by default, so the old switch is only a deprecation.
    expect(c.warnings).toEqual([`${c.configFile}: \`[features].web_search_request\` is deprecated because web search is enabled by default.`]);
  });

  it('accepts every approval policy and sandbox mode', () => {
    for (const p of ['untrusted', 'on-failure', 'on-request', 'never']) expect(load(`approval_policy = "${p}"`).approvalPolicy).toBe(p);
    for (const m of ['read-only', 'workspace-write', 'danger-full-access']) expect(load(`sandbox_mode = "${m}"`).sandboxMode).toBe(m);
  });

  it('keeps unimplemented Codex tables available in raw', () => {
    const c = load('[tui]\nnotifications = true\n[projects."/a/b"]\ntrust_level = "trusted"\n');
    expect(c.raw.tui).toEqual({ notifications: true });
    expect(c.raw.projects).toEqual({ '/a/b': { trust_level: 'trusted' } });
    expect(c.warnings).toEqual([]);
  });

  it("reads Codex's granular approval policy, and names a missing field", () => {
    const c = load('approval_policy = { granular = { sandbox_approval = false, rules = true, mcp_elicitations = true } }');
    expect(c.approvalPolicy).toEqual({
      granular: { sandbox_approval: false, rules: true, mcp_elicitations: true, skill_approval: false, request_permissions: false },
    });
    expect(c.warnings).toEqual([]);
    expect(() => load('approval_policy = { granular = { sandbox_approval = true } }')).toThrow(`${configFile}: approval_policy.granular.rules:`);
  });
});

describe('validation errors', () => {
  const cases: Array<[string, string]> = [
    ['sandbox_mode = "bogus"', 'sandbox_mode: expected one of read-only, workspace-write, danger-full-access, got "bogus"'],
    ['approval_policy = 3', 'approval_policy: expected one of untrusted, on-failure, on-request, never, got 3'],
    ['model = 3', 'model: expected a string, got 3'],
    ['model = ["a"]', 'model: expected a string, got an array'],
    ['notify = "x"', 'notify: expected an array of strings, got "x"'],
    ['notify = ["ok", 5]', 'notify: expected an array of strings, got 5 at index 1'],
    ['project_doc_max_bytes = "big"', 'project_doc_max_bytes: expected a non-negative integer, got "big"'],
    ['project_doc_max_bytes = -1', 'project_doc_max_bytes: expected a non-negative integer, got -1'],
    ['model_context_window = 0', 'model_context_window: expected an integer >= 1, got 0'],
    ['model_reasoning_effort = "max"', 'model_reasoning_effort: expected one of none, minimal, low, medium, high, xhigh, got "max"'],
    ['model_reasoning_summary = true', 'model_reasoning_summary: expected one of auto, concise, detailed, none, got true'],
    ['developer_instructions = 1979-05-27', 'developer_instructions: expected a string, got a date-time (1979-05-27)'],
    ['[features]\nfoo = "yes"', 'features.foo: expected a boolean (true or false), got "yes"'],
    ['features = 1', 'features: expected a table, got 1'],
    ['[shell_environment_policy]\ninherit = "most"', 'shell_environment_policy.inherit: expected one of all, core, none, got "most"'],
    ['[shell_environment_policy]\nset = { A = 1 }', 'shell_environment_policy.set.A: expected a string, got 1'],
    ['[sandbox_workspace_write]\nnetwork_access = "yes"', 'sandbox_workspace_write.network_access: expected a boolean (true or false), got "yes"'],
    ['sandbox_workspace_write = []', 'sandbox_workspace_write: expected a table, got an array'],
    ['mcp_servers = { a = 1 }', 'mcp_servers.a: expected a table, got 1'],
    ['profile = 1', 'profile: expected a string, got 1'],
  ];
  it.each(cases)('%s', (toml, message) => {
    expect(errorOf(() => load(toml)).message).toBe(`${configFile}: ${message}`);
  });

  it('records the key path on the error', () => {
    const err = errorOf(() => load('sandbox_mode = "bogus"'));
    expect(err.source).toBe(configFile);
    expect(err.keyPath).toBe('sandbox_mode');
  });

  it('names the -c flag when the bad value came from it', () => {
    expect(errorOf(() => load(undefined, { cliOverrides: ['sandbox_mode=bogus'] })).message).toBe(
      '-c sandbox_mode=bogus: sandbox_mode: expected one of read-only, workspace-write, danger-full-access, got "bogus"',
    );
    expect(errorOf(() => load(undefined, { cliOverrides: ['shell_environment_policy.inherit=2'] })).message).toBe(
      '-c shell_environment_policy.inherit=2: shell_environment_policy.inherit: expected one of all, core, none, got 2',
    );
  });

  it('names the profile key when the bad value came from the profile', () => {
    expect(errorOf(() => load('profile = "p"\n[profiles.p]\nsandbox_mode = "x"')).message).toBe(
      `${configFile}: profiles.p.sandbox_mode: expected one of read-only, workspace-write, danger-full-access, got "x"`,
    );
    expect(errorOf(() => load('[profiles.p]\nmodel = "ok"', { profile: 'p', cliOverrides: ['profiles.p.model=1'] })).message).toBe(
      '-c profiles.p.model=1: profiles.p.model: expected a string, got 1',
    );
  });

  it('rejects bad explicit flags', () => {
    expect(errorOf(() => load(undefined, { sandboxMode: 'nope' as never })).message).toBe(
      '--sandbox: expected one of read-only, workspace-write, danger-full-access, got "nope"',
    );
    expect(errorOf(() => load(undefined, { approvalPolicy: 'nope' as never })).message).toMatch(/^--ask-for-approval: expected one of/);
  });

  it('reports a -c without = before anything else', () => {
    expect(errorOf(() => load('model = 3', { cliOverrides: ['nonsense'] })).message).toMatch(/^-c nonsense: missing '='/);
  });
});

describe('TOML syntax errors', () => {
  it('names file, line and column and says what was expected', () => {
    const err = errorOf(() => load('model = "x"\nfoo = [1,\nbar = \n'));
    expect(err.line).toBe(3);
    expect(err.column).toBe(1);
    expect(err.message.split('\n')[0]).toBe(`${configFile}:3:1: invalid value: expected a value (string, number, boolean, date-time, array or inline table)`);
    expect(err.message).toContain('3:  bar = ');
  });

  it('handles unterminated strings and duplicate keys', () => {
    expect(errorOf(() => load('[t]\nk = "open')).message.split('\n')[0]).toBe(`${configFile}:2:5: unfinished string: expected the closing quote`);
    expect(errorOf(() => load('a = 1\na = 2')).message.split('\n')[0]).toMatch(
      new RegExp(`^${configFile}:2:1: trying to redefine an already defined .*: each key may be defined only once$`),
    );
    expect(errorOf(() => load('model = "x" junk')).message.split('\n')[0]).toMatch(/:1:\d+: .*expected a new line after the value$/);
  });
});

describe('precedence', () => {
  const toml = `
model = "file-model"
approval_policy = "untrusted"
profile = "fast"

[sandbox_workspace_write]
network_access = true
writable_roots = ["/w"]

[profiles.fast]
model = "profile-model"
model_reasoning_effort = "low"
sandbox_workspace_write = { exclude_slash_tmp = true }

[profiles.slow]
model = "slow-model"
`;

  it('profile (from the file) beats the top level, and tables merge', () => {
    const c = load(toml);
    expect(c.profile).toBe('fast');
    expect(c.model).toBe('profile-model');
    expect(c.modelReasoningEffort).toBe('low');
    expect(c.approvalPolicy).toBe('untrusted');
    expect(c.sandboxWorkspaceWrite).toMatchObject({ networkAccess: true, excludeSlashTmp: true, writableRoots: ['/w'] });
  });

  it('overrides.profile beats the file profile', () => {
    expect(load(toml, { profile: 'slow' }).model).toBe('slow-model');
  });

  it('-c beats the profile; later -c beats earlier', () => {
    expect(load(toml, { cliOverrides: ['model=cli-1', 'model=cli-2'] }).model).toBe('cli-2');
  });

  it('-c can pick the profile and edit profiles', () => {
    expect(load(toml, { cliOverrides: ['profile=slow'] }).model).toBe('slow-model');
    expect(load(toml, { cliOverrides: ['profiles.fast.model=edited'] }).model).toBe('edited');
    expect(load(toml, { cliOverrides: ['profiles.new.model=n', 'profile=new'] }).model).toBe('n');
  });

  it('explicit flags beat everything', () => {
    const c = load(toml, {
      model: 'flag-model',
      approvalPolicy: 'never',
      sandboxMode: 'danger-full-access',
      cliOverrides: ['model=cli', 'approval_policy=on-failure', 'sandbox_mode=read-only'],
    });
    expect(c.model).toBe('flag-model');
    expect(c.approvalPolicy).toBe('never');
    expect(c.sandboxMode).toBe('danger-full-access');
  });

  it('errors on a missing profile, listing the defined ones', () => {
    expect(errorOf(() => load(toml, { profile: 'nope' })).message).toBe(
      `--profile: config profile "nope" not found; expected ${path.join(home, 'nope.config.toml')} or one of the [profiles.<name>] tables in ${configFile} (fast, slow)`,
    );
    expect(errorOf(() => load('profile = "ghost"')).message).toBe(
      `${configFile}: config profile "ghost" not found; expected one of the [profiles.<name>] tables in ${configFile} (none defined)`,
    );
  });

  it('--profile NAME layers $CODEX_HOME/NAME.config.toml over config.toml, below -c', () => {
    fs.writeFileSync(path.join(home, 'work.config.toml'), 'model = "file-model"\nmodel_reasoning_effort = "high"\n');
    const c = load('model = "base"\nsandbox_mode = "workspace-write"\n', { profile: 'work' });
    expect(c.model).toBe('file-model');
    expect(c.modelReasoningEffort).toBe('high');
    expect(c.sandboxMode).toBe('workspace-write');
    expect(c.warnings).toEqual([]);
    expect(load('', { profile: 'work', cliOverrides: ['model=cli'] }).model).toBe('cli');
    // A bad value there is blamed on that file.
    fs.writeFileSync(path.join(home, 'work.config.toml'), 'model_reasoning_effort = 3\n');
    expect(errorOf(() => load('', { profile: 'work' })).message).toContain(path.join(home, 'work.config.toml'));
  });

  it('the [profiles.NAME] table still works but is reported as deprecated; both at once is refused, as Codex does', () => {
    const c = load(toml, { profile: 'fast' });
    expect(c.model).toBe('profile-model');
    expect(c.warnings).toEqual([
      `${configFile}: [profiles.fast] is deprecated (Codex 0.169 reads profile "fast" from ${path.join(home, 'fast.config.toml')}); move those settings there`,
    ]);
    fs.writeFileSync(path.join(home, 'fast.config.toml'), 'model = "x"\n');
    expect(errorOf(() => load(toml, { profile: 'fast' })).message).toContain('cannot be used while');
    expect(errorOf(() => load(toml, { profile: '../evil' })).message).toContain('invalid profile name');
  });

  it('resolves cwd and --add-dir', () => {
    const c = load(undefined, { cwd: path.join(tmp, 'a', '..', 'b'), additionalWritableRoots: ['x', '/abs'] });
    expect(c.cwd).toBe(path.join(tmp, 'b'));
    expect(c.additionalWritableRoots).toEqual([path.join(tmp, 'b', 'x'), '/abs']);
  });

  it('--enable/--disable style overrides land in features', () => {
    const c = load('[features]\nundo = true', { cliOverrides: ['features.undo=false', 'features.web_search=true'] });
    expect(c.features).toEqual({ undo: false, web_search: true });
  });
});

describe('model providers', () => {
  it('reads a user provider with all fields', () => {
    const c = load(`
model_provider = "azure"
[model_providers.azure]
name = "Azure"
base_url = "https://x.openai.azure.com/openai"
env_key = "AZURE_OPENAI_API_KEY"
wire_api = "responses"
query_params = { api-version = "2025-04-01-preview" }
http_headers = { X-Static = "1" }
env_http_headers = { X-Dyn = "DYN_VAR" }
request_max_retries = 2
stream_max_retries = 1000
stream_idle_timeout_ms = 1000
requires_openai_auth = false
env_key_instructions = "set it"
supports_websockets = false
`);
    expect(c.modelProviderId).toBe('azure');
    expect(c.modelProvider).toEqual({
      id: 'azure',
      name: 'Azure',
      baseUrl: 'https://x.openai.azure.com/openai',
      envKey: 'AZURE_OPENAI_API_KEY',
      envKeyInstructions: 'set it',
      wireApi: 'responses',
      queryParams: { 'api-version': '2025-04-01-preview' },
      httpHeaders: { 'X-Static': '1' },
      envHttpHeaders: { 'X-Dyn': 'DYN_VAR' },
      requestMaxRetries: 2,
      streamMaxRetries: 100,
      streamIdleTimeoutMs: 1000,
      requiresOpenaiAuth: false,
    });
    expect(c.warnings).toEqual([]);
  });

  it('fills provider defaults', () => {
    const c = load('model_provider = "m"\n[model_providers.m]\nname = "M"\nwire_api = "chat"\nexperimental_bearer_token = "tok"');
    expect(c.modelProvider).toMatchObject({
      baseUrl: 'https://api.openai.com/v1',
      wireApi: 'chat',
      requestMaxRetries: 4,
      streamMaxRetries: 5,
      streamIdleTimeoutMs: 300000,
      requiresOpenaiAuth: false,
      experimentalBearerToken: 'tok',
    });
    expect(c.modelProvider.envKey).toBeUndefined();
  });

  it('validates provider fields', () => {
    expect(errorOf(() => load('[model_providers.m]\nname = "M"\nwire_api = "grpc"')).message).toBe(
      `${configFile}: model_providers.m.wire_api: expected one of responses, chat, got "grpc"`,
    );
    expect(errorOf(() => load('[model_providers.m]\nbase_url = "http://x"')).message).toBe(
      `${configFile}: model_providers.m.name: expected a non-empty provider name, got no value`,
    );
    expect(errorOf(() => load('[model_providers.m]\nname = "M"\nenv_key = ""')).message).toBe(
      `${configFile}: model_providers.m.env_key: expected a non-empty string, got ""`,
    );
    expect(errorOf(() => load('[model_providers.m]\nname = "M"\nrequest_max_retries = -1')).message).toBe(
      `${configFile}: model_providers.m.request_max_retries: expected a non-negative integer, got -1`,
    );
    expect(errorOf(() => load('model_providers = { m = 1 }')).message).toBe(`${configFile}: model_providers.m: expected a table, got 1`);
  });

  it('refuses to redefine built-in providers', () => {
    for (const id of ['openai', 'ollama', 'lmstudio']) {
      expect(errorOf(() => load(`[model_providers.${id}]\nname = "mine"`)).message).toBe(
        `${configFile}: model_providers.${id}: "${id}" is a built-in provider and cannot be redefined; expected a different id (for example "${id}-custom")`,
      );
    }
  });

  it('errors on an unknown model_provider', () => {
    expect(errorOf(() => load('model_provider = "nope"')).message).toBe(
      `${configFile}: model_provider: model provider "nope" not found; expected one of openai, ollama, lmstudio`,
    );
    expect(errorOf(() => load(undefined, { modelProvider: 'x' })).message).toMatch(/^--model-provider: model provider "x" not found/);
  });

  it('openai base URL: openai_base_url beats OPENAI_BASE_URL beats the default', () => {
    expect(load(undefined, {}, { OPENAI_BASE_URL: 'http://env/v1' }).modelProvider.baseUrl).toBe('http://env/v1');
    expect(load('openai_base_url = "http://cfg/v1"', {}, { OPENAI_BASE_URL: 'http://env/v1' }).modelProvider.baseUrl).toBe('http://cfg/v1');
    expect(load(undefined, { cliOverrides: ['openai_base_url="http://cli/v1"'] }).modelProvider.baseUrl).toBe('http://cli/v1');
  });

  it('local providers honour CODEX_OSS_BASE_URL and CODEX_OSS_PORT', () => {
    const c = load();
    expect(c.modelProviders.ollama).toMatchObject({ baseUrl: 'http://localhost:11434/v1', wireApi: 'chat', requiresOpenaiAuth: false });
    expect(c.modelProviders.ollama!.envKey).toBeUndefined();
    expect(c.modelProviders.lmstudio).toMatchObject({ baseUrl: 'http://localhost:1234/v1', wireApi: 'responses' });
    expect(load(undefined, {}, { CODEX_OSS_PORT: '9999' }).modelProviders.ollama!.baseUrl).toBe('http://localhost:9999/v1');
    expect(load(undefined, {}, { CODEX_OSS_BASE_URL: 'http://gpu:1/v1', CODEX_OSS_PORT: '9' }).modelProviders.lmstudio!.baseUrl).toBe('http://gpu:1/v1');
  });

  it('--oss selects ollama (or oss_provider) and a local default model', () => {
    let c = load('model_provider = "openai"', { oss: true });
    expect(c.modelProviderId).toBe('ollama');
    expect(c.model).toBe('gpt-oss:20b');
    c = load('oss_provider = "lmstudio"\nmodel = "qwen"', { oss: true });
    expect(c.modelProviderId).toBe('lmstudio');
    expect(c.model).toBe('qwen');
    expect(load(undefined, { oss: true, modelProvider: 'lmstudio', model: 'm' })).toMatchObject({ modelProviderId: 'lmstudio', model: 'm' });
    expect(errorOf(() => load('oss_provider = "nope"', { oss: true })).message).toMatch(/oss_provider: model provider "nope" not found/);
  });

  it('selects the provider through a profile', () => {
    const c = load('[model_providers.m]\nname = "M"\nbase_url = "http://m"\n[profiles.p]\nmodel_provider = "m"', { profile: 'p' });
    expect(c.modelProvider.baseUrl).toBe('http://m');
  });
});

describe('unknown keys', () => {
  it('warns once per unknown key and stays quiet for known Codex keys', () => {
    const c = load(
      `
hide_agent_reasoning = true
file_opener = "vscode"
web_search = "live"
modle = "typo"
[tui]
notifications = ["agent-turn-complete"]
[history]
persistence = "none"
[otel]
environment = "dev"
[windows]
sandbox = "elevated"
[tools]
web_search = true
[projects."/x"]
trust_level = "trusted"
[model_providers.m]
name = "M"
base_ur1 = "typo"
env_key_instructions = "fine"
[shell_environment_policy]
experimental_use_profile = true
inherits = "all"
[sandbox_workspace_write]
network = true
[features]
web_search_request = true
not_a_feature = true
[profiles.p]
model = "x"
modle = "typo again"
profile = "nested"
[some_table]
x = 1
`,
      { cliOverrides: ['modle=again', 'another_unknown=1'] },
    );
    expect(c.warnings).toEqual([
      '-c modle=again: unknown config key modle (ignored)',
      `${configFile}: unknown config key model_providers.m.base_ur1 (ignored)`,
      `${configFile}: unknown config key shell_environment_policy.inherits (ignored)`,
      `${configFile}: unknown config key sandbox_workspace_write.network (ignored)`,
      `${configFile}: unknown feature features.not_a_feature (ignored)`,
      `${configFile}: unknown config key profiles.p.modle (ignored)`,
      `${configFile}: unknown config key profiles.p.profile (ignored)`,
      `${configFile}: unknown config key some_table (ignored)`,
      '-c another_unknown=1: unknown config key another_unknown (ignored)',
      `${configFile}: \`[features].web_search_request\` is deprecated because web search is enabled by default.`,
    ]);
  });

  it('never crashes on odd shapes of unknown or unimplemented tables', () => {
    const c = load('tui = 5\nhistory = [1, 2]\nprojects = "x"\n[profiles]\np = 3');
    expect(c.warnings).toEqual([]);
  });
});

describe('flags do not hide a broken config.toml', () => {
  it('still validates values a flag overrides', () => {
    expect(errorOf(() => load('sandbox_mode = "bogus"', { sandboxMode: 'read-only' })).message).toMatch(/sandbox_mode: expected one of/);
    expect(errorOf(() => load('model = 1', { model: 'x' })).message).toBe(`${configFile}: model: expected a string, got 1`);
  });
});
