// Redaction for "Report a problem", on real files: a CODEX_HOME with a config.toml
// full of secrets (provider keys and headers, MCP server env and bearer tokens,
// shell env values), a profile file, logs with keys, Authorization headers, JWTs
// and token JSON, plus auth.json; the exported folder holds none of the secrets,
// keeps what helps (models, env var names, URLs) and never copies auth.json.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { exportProblemReport } from './problemReport.js';
import { REDACTED, redactConfigToml } from './redactSecrets.js';

const SECRETS = [
  'sk-proj-AAAAbbbbCCCCdddd1111',
  'hdr-secret-value-123',
  'ghp_mcpEnvToken999',
  'bearer-inline-SECRET',
  'shell-set-secret-42',
  'pw-in-profile-77',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl',
  'rt_refresh_SECRET_1',
  'log-bearer-abcdefgh1234',
];

const CONFIG = `# my settings
model = "gpt-5.5"
model_provider = "corp"
openai_api_key = "${SECRETS[0]}"

[model_providers.corp]
name = "Corp"
base_url = "https://llm.corp.example/v1"
env_key = "CORP_API_KEY"
http_headers = { "X-Corp-Auth" = "${SECRETS[1]}" }
env_http_headers = { "X-Team" = "TEAM_HEADER_VAR" }

[mcp_servers.github]
command = "npx"
args = ["-y", "github-mcp"]
env = { GITHUB_TOKEN = "${SECRETS[2]}", LOG_LEVEL = "debug" }

[mcp_servers.docs]
url = "https://docs.example/mcp"
bearer_token_env_var = "DOCS_TOKEN"
http_headers = { Authorization = "Bearer ${SECRETS[3]}" }

[shell_environment_policy]
inherit = "core"
set = { DEPLOY_KEY = "${SECRETS[4]}" }
`;

function codexHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'codex-report-home-'));
  writeFileSync(join(home, 'config.toml'), CONFIG);
  writeFileSync(join(home, 'work.config.toml'), `model = "o3"\n[mcp_servers.db]\ncommand = "db-mcp"\n[mcp_servers.db.env]\nDB_PASSWORD = "${SECRETS[5]}"\n`);
  writeFileSync(join(home, 'auth.json'), JSON.stringify({ OPENAI_API_KEY: 'sk-auth-json-NEVER-COPIED', tokens: { refresh_token: SECRETS[7] } }));
  mkdirSync(join(home, 'log'));
  writeFileSync(
    join(home, 'log', 'codex-tui.log'),
    [
      `2026-12-07 INFO request headers: {"authorization": "Bearer ${SECRETS[8]}"}`,
      `2026-12-07 DEBUG id_token=${SECRETS[6]}`,
      `2026-12-07 DEBUG saved {"refresh_token":"${SECRETS[7]}","account_id":"acct_1"}`,
      `2026-12-07 DEBUG env OPENAI_API_KEY=${SECRETS[0]}`,
      '2026-12-07 INFO turn completed in 1200ms',
    ].join('\n'),
  );
  return home;
}

const allText = (dir: string): string =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');

describe('problem report redaction', () => {
  it('exports config, profiles and logs without a single secret, and never auth.json', () => {
    const home = codexHome();
    const dest = mkdtempSync(join(tmpdir(), 'codex-report-dest-'));
    const report = exportProblemReport({
      codexHome: home,
      destDir: dest,
      version: '1.2.3',
      appLog: [`ipc: login with Authorization: Bearer ${SECRETS[8]}`, 'app started'],
    });
    expect(report.files.sort()).toEqual(['about.json', 'app.log', 'config.toml', join('log', 'codex-tui.log'), 'work.config.toml']);
    expect(statSync(report.dir).mode & 0o777).toBe(0o700);
    const text = allText(report.dir);
    for (const secret of SECRETS) expect(text, secret).not.toContain(secret);
    expect(text).not.toContain('NEVER-COPIED');

    // What helps to debug stays.
    const config = parse(readFileSync(join(report.dir, 'config.toml'), 'utf8')) as any;
    expect(config.model).toBe('gpt-5.5');
    expect(config.openai_api_key).toBe(REDACTED);
    expect(config.model_providers.corp).toMatchObject({
      base_url: 'https://llm.corp.example/v1',
      env_key: 'CORP_API_KEY',
      http_headers: { 'X-Corp-Auth': REDACTED },
      env_http_headers: { 'X-Team': 'TEAM_HEADER_VAR' },
    });
    expect(config.mcp_servers.github).toMatchObject({ command: 'npx', args: ['-y', 'github-mcp'], env: { GITHUB_TOKEN: REDACTED, LOG_LEVEL: REDACTED } });
    expect(config.mcp_servers.docs).toMatchObject({ bearer_token_env_var: 'DOCS_TOKEN', http_headers: { Authorization: REDACTED } });
    expect(config.shell_environment_policy).toEqual({ inherit: 'core', set: { DEPLOY_KEY: REDACTED } });
    const log = readFileSync(join(report.dir, 'log', 'codex-tui.log'), 'utf8');
    expect(log).toContain('turn completed in 1200ms');
    expect(log).toContain('"account_id":"acct_1"');
    expect(readFileSync(join(report.dir, 'app.log'), 'utf8')).toContain('app started');
    expect(JSON.parse(readFileSync(join(report.dir, 'about.json'), 'utf8'))).toMatchObject({ version: '1.2.3', platform: process.platform });
  });

  it('a config.toml that does not parse is still redacted, line by line', () => {
    const out = redactConfigToml(`model = "x"\napi_key = "${SECRETS[0]}"\n[broken\npassword = hunter2-secret\nnote = "Bearer ${SECRETS[8]}"\n`);
    expect(out).toContain('model = "x"');
    for (const s of [SECRETS[0], 'hunter2-secret', SECRETS[8]]) expect(out).not.toContain(s);
  });

  it('a second report the same second gets its own folder', () => {
    const home = codexHome();
    const dest = mkdtempSync(join(tmpdir(), 'codex-report-dest-'));
    const now = new Date('2026-12-07T01:00:00Z');
    const a = exportProblemReport({ codexHome: home, destDir: dest, version: '1', now });
    const b = exportProblemReport({ codexHome: home, destDir: dest, version: '1', now });
    expect(a.dir).not.toBe(b.dir);
    expect(readdirSync(dest).sort()).toEqual(['codex-problem-report-20261207-010000', 'codex-problem-report-20261207-010000-1']);
  });
});
