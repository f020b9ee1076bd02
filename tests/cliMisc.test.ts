// The rest of the CLI surface end to end: sandboxed exec runs, the chat wire,
// login/logout, `codex sandbox`, usage errors, the notify program.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { responses as R, chat as C } from './support/scriptedServer.js';
import { makeSandbox, outputOf, runCodex, scriptedSuite } from './support/cli.js';
import { REPO_ROOT } from './support/cli.js';

const t = scriptedSuite();

describe('sandboxed exec (Linux Landlock helper)', () => {
  it('workspace-write lets a command write the workspace but not outside it', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'codex-outside-'));
    t.server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: 'echo in > inside.txt && cat inside.txt' }, callId: 'w1' }),
      R.functionCall({ name: 'exec_command', arguments: { cmd: `echo out > ${outside}/escape.txt` }, callId: 'w2' }),
      R.text('done'),
    );
    // Temp dirs live in /tmp, writable by default under workspace-write: exclude it.
    const noTmp = ['-c', 'sandbox_workspace_write.exclude_slash_tmp=true', '-c', 'sandbox_workspace_write.exclude_tmpdir_env_var=true'];
    const run = await runCodex(['exec', '--json', '-s', 'workspace-write', ...noTmp, 'write'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(t.sb.workspace, 'inside.txt'), 'utf8')).toBe('in\n');
    expect(existsSync(join(outside, 'escape.txt'))).toBe(false);
    const cmds = run.events.filter((e) => e.type === 'item.completed' && e.item.type === 'command_execution').map((e) => e.item);
    expect(cmds[0].status).toBe('completed');
    expect(cmds[1].status).toBe('failed');
    expect(cmds[1].aggregated_output).toMatch(/Permission denied|Read-only file system/);
    expect(cmds[1].reason).toMatch(/sandbox/);
    expect(outputOf(t.server.requests[2], 'w2')).toMatch(/Permission denied|Read-only file system/);
  });

  it('read-only denies writes and network, and the request says so', async () => {
    t.server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: 'touch x.txt; echo net=$CODEX_SANDBOX_NETWORK_DISABLED' }, callId: 'r1' }),
      R.text('done'),
    );
    const run = await runCodex(['exec', '--json', 'ro'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(t.sb.workspace, 'x.txt'))).toBe(false);
    expect(outputOf(t.server.requests[1], 'r1')).toContain('net=1');
    expect(JSON.stringify(t.server.requests[0]!.body.input)).toContain('<sandbox_mode>read-only</sandbox_mode>');
  });

  it('apply_patch outside the writable roots is declined under approval never, and changes nothing', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'codex-outside-'));
    const patch = ['*** Begin Patch', '*** Add File: inside.txt', '+ok', `*** Add File: ${outside}/evil.txt`, '+bad', '*** End Patch'].join('\n');
    t.server.enqueue(R.customToolCall({ input: patch, callId: 'op1' }), R.text('done'));
    const noTmp = ['-c', 'sandbox_workspace_write.exclude_slash_tmp=true', '-c', 'sandbox_workspace_write.exclude_tmpdir_env_var=true'];
    const run = await runCodex(['exec', '--json', '-s', 'workspace-write', ...noTmp, 'p'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(outside, 'evil.txt'))).toBe(false);
    expect(existsSync(join(t.sb.workspace, 'inside.txt'))).toBe(false);
    const fc = run.events.find((e) => e.type === 'item.completed' && e.item.type === 'file_change').item;
    expect(fc.status).toBe('declined');
    const out = t.server.requests[1]!.body.input.find((i: any) => i.call_id === 'op1' && i.type === 'custom_tool_call_output').output;
    expect(out).toContain('outside');
  });

  it('a missing sandbox helper fails the command loudly instead of running it unsandboxed', async () => {
    t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: 'touch should-not-exist' }, callId: 'm1' }), R.text('done'));
    const env = { ...t.sb.env, CODEX_LINUX_SANDBOX_EXE: '/nonexistent/codex-linux-sandbox' };
    const run = await runCodex(['exec', '--json', '-s', 'workspace-write', 'x'], { cwd: t.sb.workspace, env });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(t.sb.workspace, 'should-not-exist'))).toBe(false);
    const item = run.events.find((e) => e.type === 'item.completed' && e.item.type === 'command_execution').item;
    expect(item.status).toBe('failed');
    expect(item.reason).toContain('/nonexistent/codex-linux-sandbox');
    expect(outputOf(t.server.requests[1], 'm1')).toContain('sandbox');
  });

  it('codex sandbox linux runs one command under the policy and returns its exit code', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'codex-outside-'));
    const ok = await runCodex(
      ['sandbox', 'linux', '--full-auto', '-c', 'sandbox_workspace_write.exclude_slash_tmp=true', '--', 'bash', '-c', 'echo hi > f.txt; exit 7'],
      { cwd: t.sb.workspace, env: t.sb.env },
    );
    expect(ok.code, ok.stderr).toBe(7);
    expect(readFileSync(join(t.sb.workspace, 'f.txt'), 'utf8')).toBe('hi\n');
    const denied = await runCodex(['sandbox', '--', 'bash', '-c', `echo x > ${outside}/y`], { cwd: t.sb.workspace, env: t.sb.env });
    expect(denied.code).not.toBe(0);
    expect(existsSync(join(outside, 'y'))).toBe(false);
    const alias = await runCodex(['debug', 'landlock', '--', 'true'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(alias.code, alias.stderr).toBe(0);
  });
});

describe('chat completions wire', () => {
  it('streams a tool call and a final answer over /chat/completions', async () => {
    const sb2 = makeSandbox(t.server.baseUrl, { wireApi: 'chat' });
    t.server.enqueue(
      C.reply({ toolCalls: [{ id: 'cc1', name: 'exec_command', arguments: { cmd: 'echo via-chat' } }], usage: { prompt: 20, completion: 5 } }),
      C.reply({ text: 'chat says hi', usage: { prompt: 30, completion: 4 } }),
    );
    const run = await runCodex(['exec', '--json', '-s', 'danger-full-access', 'x'], { cwd: sb2.workspace, env: sb2.env });
    expect(run.code, run.stderr).toBe(0);
    expect(t.server.requests[0]!.path).toBe('/v1/chat/completions');
    expect(t.server.requests[0]!.body.stream).toBe(true);
    const tool = t.server.requests[1]!.body.messages.find((m: any) => m.role === 'tool');
    expect(tool.tool_call_id).toBe('cc1');
    expect(tool.content).toContain('via-chat');
    expect(run.events.find((e) => e.item?.type === 'agent_message').item.text).toBe('chat says hi');
  });

  it('--oss uses the local Ollama provider over the chat wire', async () => {
    t.server.enqueue(C.text('from ollama'));
    const env = { ...t.sb.env, CODEX_OSS_BASE_URL: t.server.baseUrl };
    const run = await runCodex(['exec', '--json', '--oss', '-m', 'llama3', 'x'], { cwd: t.sb.workspace, env });
    expect(run.code, run.stderr).toBe(0);
    expect(t.server.requests[0]!.path).toBe('/v1/chat/completions');
    expect(t.server.requests[0]!.body.model).toBe('llama3');
    expect(t.server.requests[0]!.headers.authorization).toBeUndefined();
  });
});

describe('MCP servers from config.toml', () => {
  const fixture = join(REPO_ROOT, 'tests/support/mcpTestServer.mjs');

  it('offers server tools as a namespace, calls them and reports mcp_tool_call items', async () => {
    const sb2 = makeSandbox(t.server.baseUrl, {
      extraConfig: `[mcp_servers.demo]\ncommand = "${process.execPath}"\nargs = ["${fixture}"]\n[mcp_servers.broken]\ncommand = "${process.execPath}"\nargs = ["${fixture}", "fail"]\n`,
    });
    t.server.enqueue(R.functionCall({ name: 'echo_text', namespace: 'mcp__demo', arguments: { text: 'ping' }, callId: 'mc1' }), R.text('echoed'));
    const run = await runCodex(['exec', '--json', '-s', 'danger-full-access', 'use the tool'], { cwd: sb2.workspace, env: sb2.env });
    expect(run.code, run.stderr).toBe(0);
    const ns = t.server.requests[0]!.body.tools.find((x: any) => x.type === 'namespace');
    expect(ns.name).toBe('mcp__demo');
    expect(ns.tools.map((x: any) => x.name)).toContain('echo_text');
    expect(t.server.requests[0]!.body.tools.some((x: any) => x.name === 'mcp__broken')).toBe(false);
    const call = run.events.find((e) => e.type === 'item.completed' && e.item.type === 'mcp_tool_call').item;
    expect(call).toMatchObject({ server: 'demo', tool: 'echo.text', status: 'completed', arguments: { text: 'ping' } });
    expect(JSON.stringify(outputOf(t.server.requests[1]!, 'mc1'))).toContain('ping');
    // The server that failed to start is reported, and the session went on without it.
    expect(run.events.some((e) => e.item?.type === 'error' && /broken/.test(e.item.message))).toBe(true);
  });

  it('codex mcp add / list / remove edit config.toml keeping comments', async () => {
    const cfg = join(t.sb.home, 'config.toml');
    const before = '# my settings\n' + readFileSync(cfg, 'utf8');
    writeFileSync(cfg, before);
    const add = await runCodex(['mcp', 'add', 'demo', '--env', 'A=1', '--', 'node', 'server.js'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(add.code, add.stderr).toBe(0);
    expect(readFileSync(cfg, 'utf8').startsWith(before)).toBe(true);
    const list = await runCodex(['mcp', 'list', '--json'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(JSON.parse(list.stdout)[0]).toMatchObject({ name: 'demo' });
    // As in Codex 0.169, adding an existing name replaces it (tests/cli/mcpAddRemove.test.ts).
    const dup = await runCodex(['mcp', 'add', 'demo', '--', 'x'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(dup.code, dup.stderr).toBe(0);
    expect(readFileSync(cfg, 'utf8').startsWith(before)).toBe(true);
    const rm = await runCodex(['mcp', 'remove', 'demo'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(rm.code, rm.stderr).toBe(0);
    expect(readFileSync(cfg, 'utf8')).toBe(before);
  });
});

describe('login, usage errors, notify', () => {
  it('login --with-api-key writes auth.json 0600, status reports it, logout removes it', async () => {
    const login = await runCodex(['login', '--with-api-key', '--no-verify'], { cwd: t.sb.workspace, env: t.sb.env, input: 'sk-test-1234567890abcdef\n' });
    expect(login.code, login.stderr).toBe(0);
    const auth = join(t.sb.home, 'auth.json');
    expect(statSync(auth).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(auth, 'utf8')).OPENAI_API_KEY).toBe('sk-test-1234567890abcdef');
    const status = await runCodex(['login', 'status'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(status.code).toBe(0);
    expect(status.stderr).toContain('API key configured - sk-test-***bcdef');
    const out = await runCodex(['logout'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(out.stderr).toContain('Successfully logged out');
    expect(existsSync(auth)).toBe(false);
    const after = await runCodex(['login', 'status'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(after.code).toBe(1);
  });

  it('unknown flags and bad values are usage errors naming them', async () => {
    const bad = await runCodex(['exec', '--frobnicate', 'x'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'--frobnicate'");
    const badSandbox = await runCodex(['exec', '-s', 'sideways', 'x'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(badSandbox.code).toBe(2);
    expect(badSandbox.stderr).toContain('sideways');
    const badC = await runCodex(['exec', '--skip-git-repo-check', '-c', 'novalue', 'x'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(badC.code).toBe(1);
    expect(badC.stderr).toContain('novalue');
  });

  it('prints its version', async () => {
    const v = await runCodex(['--version'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(v.stdout).toMatch(/^codex-cli \d+\.\d+\.\d+/);
  });

  it('runs the notify program with the agent-turn-complete payload', async () => {
    const out = join(t.sb.workspace, 'notified.json');
    const script = join(t.sb.workspace, 'notify.sh');
    writeFileSync(script, `#!/bin/sh\nprintf '%s' "$1" > ${out}\n`, { mode: 0o755 });
    const sb2 = makeSandbox(t.server.baseUrl, { extraConfig: `notify = ["${script}"]` });
    t.server.enqueue(R.text('notify me'));
    const run = await runCodex(['exec', '--json', '-s', 'danger-full-access', 'ping'], { cwd: sb2.workspace, env: sb2.env });
    expect(run.code, run.stderr).toBe(0);
    for (let i = 0; i < 50 && !existsSync(out); i++) await new Promise((r) => setTimeout(r, 100));
    const payload = JSON.parse(readFileSync(out, 'utf8'));
    expect(payload).toMatchObject({
      type: 'agent-turn-complete',
      'thread-id': run.events[0].thread_id,
      'input-messages': ['ping'],
      'last-assistant-message': 'notify me',
      client: 'codex_exec',
    });
  });
});
