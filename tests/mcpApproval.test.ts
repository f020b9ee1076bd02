// MCP tool-call approvals end to end: `codex exec` (approval policy never) refuses
// calls that need approval with Codex's message, and `codex app-server` asks the
// client with `mcpServer/elicitation/request`, running the tool only on accept.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { join } from 'node:path';
import { startScriptedServer, responses as R, type ScriptedServer } from './support/scriptedServer.js';
import { AppServerClient } from './support/appServerClient.js';
import { REPO_ROOT, makeSandbox, outputOf, runCodex } from './support/cli.js';

const FIXTURE = join(REPO_ROOT, 'tests/support/mcpTestServer.mjs');
// A generous startup timeout: the machine running the suite may be busy.
const MCP_CONFIG = `[mcp_servers.demo]
command = "${process.execPath}"
args = ["${FIXTURE}"]
startup_timeout_sec = 60

[mcp_servers.demo.tools.destructive]
approval_mode = "approve"
`;

const NEVER = 'MCP tool call requires approval, but approval policy is never';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

describe('codex exec', () => {
  it('fails a call that needs approval with Codex message and runs an approved one', async () => {
    const sb = makeSandbox(server.baseUrl, { extraConfig: MCP_CONFIG });
    const marker = join(sb.workspace, 'touched.txt');
    server.enqueue(
      R.functionCall({ name: 'touch', namespace: 'mcp__demo', arguments: { path: marker }, callId: 'm1' }),
      R.functionCall({ name: 'destructive', namespace: 'mcp__demo', arguments: {}, callId: 'm2' }),
      R.text('done'),
    );
    const run = await runCodex(['exec', '--json', 'use the tools'], { cwd: sb.workspace, env: sb.env, timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    const calls = run.events.filter((e) => e.type === 'item.completed' && e.item.type === 'mcp_tool_call').map((e) => e.item);
    expect(calls[0]).toMatchObject({ server: 'demo', tool: 'touch', status: 'failed', error: { message: NEVER } });
    expect(existsSync(marker)).toBe(false);
    expect(JSON.stringify(outputOf(server.requests[1]!, 'm1'))).toContain(NEVER);
    expect(calls[1]).toMatchObject({ server: 'demo', tool: 'destructive', status: 'completed' });
    expect(JSON.stringify(outputOf(server.requests[2]!, 'm2'))).toContain('destroyed');
  }, 150_000);
});

describe('codex app-server', () => {
  async function runTurn(answer: (msg: any) => unknown, rawAnswer?: (msg: any) => string[]) {
    const sb = makeSandbox(server.baseUrl, { extraConfig: MCP_CONFIG });
    const marker = join(sb.workspace, 'touched.txt');
    server.enqueue(R.functionCall({ name: 'touch', namespace: 'mcp__demo', arguments: { path: marker }, callId: 'm1' }), R.text('done'));
    const configFile = join(sb.home, 'config.toml');
    const configBefore = readFileSync(configFile, 'utf8');
    const client = AppServerClient.spawn(sb);
    try {
      client.onRequest = answer;
      client.rawAnswer = rawAnswer;
      await client.initialized;
      const { result } = await client.request('thread/start', { cwd: sb.workspace, sandbox: 'read-only', approvalPolicy: 'on-request' });
      await client.request('turn/start', { threadId: result.thread.id, input: [{ type: 'text', text: 'go' }] });
      const done = await client.waitFor((n) => n.method === 'turn/completed', 120_000);
      const asked = client.notifications.filter((n) => n.method === 'mcpServer/elicitation/request');
      const item = client.notifications.find((n) => n.method === 'item/completed' && n.params.item.type === 'mcpToolCall')?.params.item;
      const warnings = client.notifications.filter((n) => n.method === 'thread/warning').map((n) => n.params.message as string);
      return { done, asked, item, marker, threadId: result.thread.id as string, configFile, configBefore, warnings };
    } finally {
      client.proc.stdin.end();
    }
  }

  it('asks with mcpServer/elicitation/request and runs the tool on accept', async () => {
    const r = await runTurn(() => ({ action: 'accept', content: null, _meta: null }));
    expect(r.done.params.turn.status).toBe('completed');
    expect(r.asked).toHaveLength(1);
    expect(r.asked[0].params).toMatchObject({
      threadId: r.threadId,
      serverName: 'demo',
      mode: 'form',
      message: 'Allow the demo MCP server to run tool "touch"?',
      requestedSchema: { type: 'object', properties: {} },
      _meta: { codex_approval_kind: 'mcp_tool_call', persist: ['session', 'always'], tool_name: 'touch', tool_params: { path: r.marker } },
    });
    expect(r.item).toMatchObject({ server: 'demo', tool: 'touch', status: 'completed' });
    expect(existsSync(r.marker)).toBe(true);
  }, 150_000);

  it('"always" runs the tool and saves approval_mode = "approve" for it in config.toml, leaving the rest as it was', async () => {
    const r = await runTurn(() => ({ action: 'accept', content: {}, _meta: { persist: 'always' } }));
    expect(r.item).toMatchObject({ tool: 'touch', status: 'completed' });
    expect(existsSync(r.marker)).toBe(true);
    // Exactly one line was added; every other line is as it was.
    const after = readFileSync(r.configFile, 'utf8').split('\n');
    const before = r.configBefore.split('\n');
    const added = after.findIndex((line, i) => line !== before[i]);
    expect(after[added]).toMatch(/approval_mode = "approve"/);
    expect(after.toSpliced(added, 1)).toEqual(before);
    expect(parseToml(after.join('\n'))).toMatchObject({
      mcp_servers: { demo: { tools: { touch: { approval_mode: 'approve' }, destructive: { approval_mode: 'approve' } } } },
    });
  }, 150_000);

  it('does not run the tool when the client declines', async () => {
    const r = await runTurn(() => ({ action: 'decline', content: null, _meta: null }));
    expect(r.asked).toHaveLength(1);
    expect(r.item).toMatchObject({ tool: 'touch', status: 'failed', error: { message: 'user rejected MCP tool call' } });
    expect(existsSync(r.marker)).toBe(false);
    expect(JSON.stringify(outputOf(server.requests[1]!, 'm1'))).toContain('user rejected MCP tool call');
  }, 150_000);

  it.each([
    ['a legacy decision', { decision: 'approved' }],
    ['an unknown action', { action: 'yes' }],
    ['the bare string "accept"', 'accept'],
    ['an unknown persist', { action: 'accept', content: {}, _meta: { persist: 'forever' } }],
  ])(
    'does not run the tool on a malformed answer: %s',
    async (_name, reply) => {
      const r = await runTurn(() => reply);
      expect(r.asked).toHaveLength(1);
      expect(existsSync(r.marker)).toBe(false);
      expect(r.item).toMatchObject({ tool: 'touch', status: 'failed', error: { message: 'user rejected MCP tool call' } });
      expect(r.warnings.some((w) => w.includes('mcpServer/elicitation/request') && w.includes('declined'))).toBe(true);
    },
    150_000,
  );

  it('does not run the tool when the client answers with an error', async () => {
    const r = await runTurn(
      () => null,
      (msg) => [JSON.stringify({ id: msg.id, error: { code: -32000, message: 'no' } })],
    );
    expect(existsSync(r.marker)).toBe(false);
    expect(r.item).toMatchObject({ tool: 'touch', status: 'failed' });
    expect(r.warnings.some((w) => w.includes('mcpServer/elicitation/request'))).toBe(true);
  }, 150_000);
});
