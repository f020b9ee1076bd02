// MCP server status through `codex app-server`: `mcpServer/startupStatus/updated`
// as a thread's servers start, fail or die, and `mcpServerStatus/list` with the
// tools, resources and prompts of real servers (the fixture and
// @modelcontextprotocol/server-everything), for a thread or from config alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startScriptedServer, responses as R, type ScriptedServer } from './support/scriptedServer.js';
import { AppServerClient } from './support/appServerClient.js';
import { REPO_ROOT, makeSandbox } from './support/cli.js';

const FIXTURE = join(REPO_ROOT, 'tests/support/mcpTestServer.mjs');
const EVERYTHING = join(REPO_ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
// Generous startup timeouts: the machine running the suite may be busy.
const MCP_CONFIG = `[mcp_servers.demo]
command = "${process.execPath}"
args = ["${FIXTURE}"]
startup_timeout_sec = 60

[mcp_servers.everything]
command = "${process.execPath}"
args = ["${EVERYTHING}"]
startup_timeout_sec = 60

[mcp_servers.broken]
command = "${process.execPath}"
args = ["${FIXTURE}", "fail"]
startup_timeout_sec = 60

[mcp_servers.off]
url = "http://127.0.0.1:9/mcp"
bearer_token_env_var = "OFF_TOKEN"
enabled = false
`;

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(async () => {
  await server.close();
});

async function withAppServer<T>(fn: (client: AppServerClient, workspace: string) => Promise<T>): Promise<T> {
  const sb = makeSandbox(server.baseUrl, { extraConfig: MCP_CONFIG });
  const client = AppServerClient.spawn(sb);
  try {
    await client.initialized;
    return await fn(client, sb.workspace);
  } finally {
    client.close();
  }
}

const byName = (data: any[]) => Object.fromEntries(data.map((s) => [s.name, s]));

describe('MCP server status', { timeout: 150_000 }, () => {
  it('reports each server starting, ready or failed, and lists a thread’s servers with tools, resources and prompts', async () => {
    await withAppServer(async (client, workspace) => {
      const started = await client.request('thread/start', { cwd: workspace });
      const threadId = started.result.thread.id;
      const updates = client.notifications.filter((n) => n.method === 'mcpServer/startupStatus/updated').map((n) => n.params);
      const seq = (name: string) => updates.filter((u) => u.name === name).map((u) => u.status);
      expect(seq('demo')).toEqual(['starting', 'ready']);
      expect(seq('everything')).toEqual(['starting', 'ready']);
      expect(seq('broken')).toEqual(['starting', 'failed']);
      expect(seq('off')).toEqual([]);
      const brokenFailed = updates.find((u) => u.name === 'broken' && u.status === 'failed');
      expect(brokenFailed).toMatchObject({ threadId, failureReason: null });
      expect(brokenFailed.error).toContain('fixture: refusing to start');

      const listed = await client.request('mcpServerStatus/list', { threadId });
      expect(listed.error).toBeUndefined();
      expect(listed.result.nextCursor).toBeNull();
      const s = byName(listed.result.data);
      expect(listed.result.data.map((x: any) => x.name)).toEqual(['broken', 'demo', 'everything', 'off']);
      expect(s.demo).toMatchObject({ runtimeStatus: 'connected', enabled: true, authStatus: 'unsupported', serverInfo: { name: 'fixture', version: '1.0.0' } });
      expect(Object.keys(s.demo.tools)).toContain('echo.text');
      expect(s.demo.tools['echo.text']).toMatchObject({ name: 'echo.text', description: 'Echoes text back.' });
      expect(s.everything.runtimeStatus).toBe('connected');
      expect(s.everything.resources.length).toBeGreaterThan(0);
      expect(s.everything.resources[0]).toHaveProperty('uri');
      expect(s.everything.prompts.map((p: any) => p.name).length).toBeGreaterThan(0);
      expect(s.everything.resourceTemplates.length).toBeGreaterThan(0);
      expect(s.broken).toMatchObject({ runtimeStatus: 'failed', tools: {} });
      expect(s.broken.error).toContain('refusing to start');
      expect(s.off).toMatchObject({ runtimeStatus: 'disabled', enabled: false, httpOrigin: 'http://127.0.0.1:9', authStatus: 'bearerToken' });

      const lean = await client.request('mcpServerStatus/list', { threadId, detail: 'toolsAndAuthOnly', serverName: 'everything' });
      expect(lean.result.data).toHaveLength(1);
      expect(lean.result.data[0].resources).toEqual([]);
      expect(Object.keys(lean.result.data[0].tools).length).toBeGreaterThan(0);

      const page1 = await client.request('mcpServerStatus/list', { threadId, limit: 3, detail: 'toolsAndAuthOnly' });
      expect(page1.result.data.map((x: any) => x.name)).toEqual(['broken', 'demo', 'everything']);
      const page2 = await client.request('mcpServerStatus/list', { threadId, limit: 3, cursor: page1.result.nextCursor, detail: 'toolsAndAuthOnly' });
      expect(page2.result).toMatchObject({ data: [{ name: 'off' }], nextCursor: null });

      const bad = await client.request('mcpServerStatus/list', { threadId: 'no-such-thread' });
      expect(bad.error.message).toContain('thread not found');
    });
  });

  it('reports a server that dies mid-session as failed', async () => {
    await withAppServer(async (client, workspace) => {
      const { result } = await client.request('thread/start', { cwd: workspace, approvalPolicy: 'never', sandbox: 'danger-full-access' });
      server.enqueue(R.functionCall({ name: 'crash', namespace: 'mcp__demo', arguments: {}, callId: 'c1' }), R.text('done'));
      await client.request('turn/start', { threadId: result.thread.id, input: [{ type: 'text', text: 'crash it' }] });
      const died = await client.waitFor(
        (n) => n.method === 'mcpServer/startupStatus/updated' && n.params.name === 'demo' && n.params.status === 'failed',
        120_000,
      );
      expect(died.params.error).toContain('connection closed');
      await client.waitFor((n) => n.method === 'turn/completed', 120_000);
      const listed = await client.request('mcpServerStatus/list', { threadId: result.thread.id, serverName: 'demo' });
      expect(listed.result.data[0]).toMatchObject({ name: 'demo', runtimeStatus: 'failed' });
    });
  });

  it('without a thread, starts the configured servers to list them and stops them again', async () => {
    await withAppServer(async (client) => {
      const listed = await client.request('mcpServerStatus/list', { serverName: 'demo' });
      expect(listed.result.data).toHaveLength(1);
      expect(listed.result.data[0]).toMatchObject({ name: 'demo', runtimeStatus: 'connected' });
      expect(Object.keys(listed.result.data[0].tools).length).toBeGreaterThan(5);
      const all = await client.request('mcpServerStatus/list', { detail: 'toolsAndAuthOnly' });
      expect(byName(all.result.data).broken.runtimeStatus).toBe('failed');
      expect(byName(all.result.data).off.runtimeStatus).toBe('disabled');
      // Listing starts no thread and sends no per-thread status.
      expect(client.notifications.filter((n) => n.method === 'mcpServer/startupStatus/updated')).toEqual([]);
    });
  });
});
