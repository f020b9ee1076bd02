import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMcpCommand } from './mcpCommand.js';
import { UsageError } from './args.js';

let home: string;
let out: string;
const io = () => ({ stdout: (s: string) => void (out += s), env: { CODEX_HOME: home } as NodeJS.ProcessEnv });
const run = async (...argv: string[]) => {
  out = '';
  const code = await runMcpCommand(argv, io());
  return { code, out };
};
const cfg = () => fs.readFileSync(path.join(home, 'config.toml'), 'utf8');

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpcmd-'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

// Expected texts captured from Codex 0.169.0 (`codex mcp …` with a temp CODEX_HOME).
describe('codex mcp', () => {
  it('lists nothing', async () => {
    expect(await run('list')).toEqual({ code: 0, out: 'No MCP servers configured yet. Try `codex mcp add my-tool -- my-command`.\n' });
    expect(await run('list', '--json')).toEqual({ code: 0, out: '[]\n' });
  });

  it('adds stdio and HTTP servers like Codex and lists/gets them', async () => {
    expect(await run('add', 'foo', '--env', 'A=B', '--env', 'C=D', '--', 'node', 'server.js', '--x')).toEqual({
      code: 0,
      out: "Added global MCP server 'foo'.\n",
    });
    expect(await run('add', 'web', '--url', 'https://example.com/mcp', '--bearer-token-env-var', 'TOK')).toEqual({
      code: 0,
      out: "Added global MCP server 'web'.\n",
    });
    expect(cfg()).toBe(
      '[mcp_servers.foo]\ncommand = "node"\nargs = ["server.js", "--x"]\n\n[mcp_servers.foo.env]\nA = "B"\nC = "D"\n\n[mcp_servers.web]\nurl = "https://example.com/mcp"\nbearer_token_env_var = "TOK"\n',
    );
    expect((await run('list')).out).toBe(
      'Name  Command  Args           Env               Cwd  Status   Auth       \n' +
        'foo   node     server.js --x  A=*****, C=*****  -    enabled  Unsupported\n' +
        '\n' +
        'Name  Url                      Bearer Token Env Var  Status   Auth        \n' +
        'web   https://example.com/mcp  TOK                   enabled  Bearer token\n',
    );
    const listed = JSON.parse((await run('list', '--json')).out);
    expect(listed).toEqual([
      {
        name: 'foo',
        enabled: true,
        disabled_reason: null,
        transport: { type: 'stdio', command: 'node', args: ['server.js', '--x'], env: { A: 'B', C: 'D' }, env_vars: [], cwd: null },
        startup_timeout_sec: null,
        tool_timeout_sec: null,
        auth_status: 'unsupported',
      },
      {
        name: 'web',
        enabled: true,
        disabled_reason: null,
        transport: {
          type: 'streamable_http',
          url: 'https://example.com/mcp',
          bearer_token_env_var: 'TOK',
          http_headers: null,
          env_http_headers: null,
          http_headers_helper: null,
        },
        startup_timeout_sec: null,
        tool_timeout_sec: null,
        auth_status: 'bearer_token',
      },
    ]);
    expect((await run('get', 'foo')).out).toBe(
      'foo\n  enabled: true\n  transport: stdio\n  command: node\n  args: server.js --x\n  cwd: -\n  env: A=*****, C=*****\n  remove: codex mcp remove foo\n',
    );
    expect((await run('get', 'web')).out).toBe(
      'web\n  enabled: true\n  transport: streamable_http\n  url: https://example.com/mcp\n  bearer_token_env_var: TOK\n  http_headers: -\n  env_http_headers: -\n  http_headers_helper: -\n  remove: codex mcp remove web\n',
    );
    expect((await run('get', 'foo', '--json')).out).toBe(`{
  "name": "foo",
  "enabled": true,
  "disabled_reason": null,
  "transport": {
    "type": "stdio",
    "command": "node",
    "args": [
      "server.js",
      "--x"
    ],
    "env": {
      "A": "B",
      "C": "D"
    },
    "env_vars": [],
    "cwd": null
  },
  "enabled_tools": null,
  "disabled_tools": null,
  "startup_timeout_sec": null,
  "tool_timeout_sec": null
}
`);
  });

  it('prints timeouts and tool filters like Codex (f64 seconds, legacy startup_timeout_ms)', async () => {
    fs.writeFileSync(
      path.join(home, 'config.toml'),
      `[mcp_servers.a]\ncommand = "npx"\nargs = ["-y", "pkg"]\nenv = { Z = "1" }\nenv_vars = ["FOO"]\nstartup_timeout_sec = 5\ntool_timeout_sec = 30.5\nenabled_tools = ["x", "y"]\ndisabled_tools = ["z"]\n\n[mcp_servers.h]\nurl = "http://localhost:1/mcp"\nhttp_headers = { "X-A" = "1" }\nenv_http_headers = { "X-B" = "BVAR" }\nstartup_timeout_ms = 2500\n\n[mcp_servers.off]\ncommand = "x"\nenabled = false\n`,
    );
    expect((await run('get', 'a')).out).toBe(
      'a\n  enabled: true\n  enabled_tools: x, y\n  disabled_tools: z\n  transport: stdio\n  command: npx\n  args: -y pkg\n  cwd: -\n  env: Z=*****, FOO=*****\n  startup_timeout_sec: 5\n  tool_timeout_sec: 30.5\n  remove: codex mcp remove a\n',
    );
    expect((await run('get', 'h')).out).toBe(
      'h\n  enabled: true\n  transport: streamable_http\n  url: http://localhost:1/mcp\n  bearer_token_env_var: -\n  http_headers: X-A=*****\n  env_http_headers: X-B=BVAR\n  http_headers_helper: -\n  startup_timeout_sec: 2.5\n  remove: codex mcp remove h\n',
    );
    expect((await run('get', 'off')).out).toBe('off (disabled)\n');
    const json = (await run('get', 'a', '--json')).out;
    expect(json).toContain('"startup_timeout_sec": 5.0,\n  "tool_timeout_sec": 30.5\n}');
    expect((await run('list', '--json')).out).toContain('"startup_timeout_sec": 2.5,');
    expect((await run('list')).out).toBe(
      'Name  Command  Args    Env                 Cwd  Status    Auth       \n' +
        'a     npx      -y pkg  Z=*****, FOO=*****  -    enabled   Unsupported\n' +
        'off   x        -       -                   -    disabled  Unsupported\n' +
        '\n' +
        'Name  Url                     Bearer Token Env Var  Status   Auth   \n' +
        'h     http://localhost:1/mcp  -                     enabled  Unknown\n',
    );
  });

  it('add/remove edit config.toml in place, keeping comments byte for byte and the mode', async () => {
    const original = '# my settings\nmodel = "o3" # trailing\n\n[mcp_servers.keep]\ncommand = "k" # why\n';
    const file = path.join(home, 'config.toml');
    fs.writeFileSync(file, original);
    fs.chmodSync(file, 0o600);
    await run('add', 'n.1', '--', 'node');
    expect(cfg()).toBe(original + '\n[mcp_servers."n.1"]\ncommand = "node"\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(await run('remove', 'n.1')).toEqual({ code: 0, out: "Removed global MCP server 'n.1'.\n" });
    expect(cfg()).toBe(original);
  });

  it('add of an existing name replaces it whole; remove of an unknown name exits 0 (Codex 0.169)', async () => {
    fs.writeFileSync(
      path.join(home, 'config.toml'),
      '# top\n[mcp_servers.a]\ncommand = "old"\nenabled = false\n\n[mcp_servers.a.env]\nK = "v"\n\n[mcp_servers.b]\ncommand = "keep"\n',
    );
    expect(await run('add', 'a', '--', 'new', '2')).toEqual({ code: 0, out: "Added global MCP server 'a'.\n" });
    expect(cfg()).toBe('# top\n\n[mcp_servers.b]\ncommand = "keep"\n\n[mcp_servers.a]\ncommand = "new"\nargs = ["2"]\n');
    expect(await run('remove', 'nope')).toEqual({ code: 0, out: "No MCP server named 'nope' found.\n" });
    expect(cfg()).toContain('[mcp_servers.b]');
  });

  it('rejects bad input with clear errors', async () => {
    await run('add', 'foo', '--', 'node');
    await expect(run('add', 'bad name', '--', 'node')).rejects.toThrow("invalid server name 'bad name' (use letters, numbers, '-', '_', ':', '@', '/', '.')");
    await expect(run('add', 'x')).rejects.toThrow(/required arguments were not provided:\n {2}<COMMAND\|--url <URL>>/);
    await expect(run('add', 'x', '--env', 'BAD', '--', 'node')).rejects.toThrow(
      "invalid value 'BAD' for '--env <KEY=VALUE>': environment entries must be in KEY=VALUE form",
    );
    await expect(run('add', 'x', '--url', 'http://x', '--', 'node')).rejects.toThrow(UsageError);
    await expect(run('get', 'nope')).rejects.toThrow("No MCP server named 'nope' found.");
    await expect(run('login', 'nope')).rejects.toThrow("No MCP server named 'nope' found.");
    await expect(run('login', 'foo', '--scopes', 'a,b')).rejects.toThrow('OAuth login is only supported for streamable HTTP servers.');
    await expect(run('logout', 'foo')).rejects.toThrow('OAuth logout is only supported for streamable_http transports.');
    expect(cfg()).toBe('[mcp_servers.foo]\ncommand = "node"\n');
  });
});
