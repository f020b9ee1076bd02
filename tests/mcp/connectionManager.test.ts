import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { McpConnectionManager, sanitizeToolName, type McpServerState } from '../../main/core/mcp/connectionManager.js';
import { parseMcpServers } from '../../main/core/mcp/config.js';
import type { ToolContext } from '../../main/core/tools/context.js';
import type { ThreadItem } from '../../shared/protocol/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(here, '..', 'support', 'mcpTestServer.mjs');
const EVERYTHING = path.resolve(here, '../../node_modules/@modelcontextprotocol/server-everything/dist/index.js');

let managers: McpConnectionManager[] = [];
afterEach(async () => {
  await Promise.all(managers.map((m) => m.shutdown()));
  managers = [];
});

async function start(raw: Record<string, unknown>, statuses: [string, McpServerState, string?][] = [], env: Record<string, string | undefined> = process.env) {
  const m = await McpConnectionManager.start(parseMcpServers(raw), { env, onStatus: (n, s, e) => statuses.push([n, s, e]) });
  managers.push(m);
  return m;
}

function ctx(signal = new AbortController().signal) {
  const started: ThreadItem[] = [];
  const completed: ThreadItem[] = [];
  // Full access: these tests are about calls, not approvals (approval.test.ts).
  const c = {
    signal,
    threadId: 't',
    turnId: 'u',
    approvalPolicy: 'never',
    sandbox: { mode: 'danger-full-access' },
    approvedForSession: new Set<string>(),
    emitStarted: (i: ThreadItem) => started.push(i),
    emitCompleted: (i: ThreadItem) => completed.push(i),
  } as unknown as ToolContext;
  return { c, started, completed };
}

// A generous startup timeout (the machine may be busy); the timeout test sets its own.
const fixture = (mode = 'ok', extra: Record<string, unknown> = {}) => ({ command: process.execPath, args: [FIXTURE, mode], startup_timeout_sec: 60, ...extra });

describe('sanitizeToolName', () => {
  it('replaces odd characters and shortens long names with a SHA1 suffix', () => {
    expect(sanitizeToolName('echo.text')).toBe('echo_text');
    expect(sanitizeToolName('a-b_C9')).toBe('a-b_C9');
    const long = sanitizeToolName('x'.repeat(70) + '.long');
    expect(long).toHaveLength(64);
    expect(long).toMatch(/^x{24}[0-9a-f]{40}$/);
  });
});

describe('McpConnectionManager', { timeout: 90_000 }, () => {
  it('lists tools as one namespace per server with sanitised names', async () => {
    const m = await start({ demo: fixture('ok', { disabled_tools: ['fails'] }) });
    const specs = m.toolSpecs();
    expect(specs).toHaveLength(1);
    const ns = specs[0]!;
    expect(ns.type).toBe('namespace');
    if (ns.type !== 'namespace') throw new Error();
    expect(ns.name).toBe('mcp__demo');
    expect(ns.description).toBe('Fixture tools for tests.');
    const names = ns.tools.map((t) => t.name);
    expect(names).toContain('echo_text');
    expect(names).not.toContain('fails');
    expect(names.every((n) => /^[A-Za-z0-9_-]{1,64}$/.test(n))).toBe(true);
    const echo = ns.tools.find((t) => t.name === 'echo_text')!;
    expect(echo).toMatchObject({ type: 'function', description: 'Echoes text back.', strict: false });
    if (echo.type !== 'function') throw new Error();
    expect(echo.parameters).toMatchObject({ type: 'object', properties: { text: { type: 'string' } }, required: ['text'] });
    const noArgs = ns.tools.find((t) => t.name === 'no_args')!;
    if (noArgs.type !== 'function') throw new Error();
    expect(noArgs.parameters).toMatchObject({ type: 'object', properties: {} });
  });

  it('applies enabled_tools as an allow-list', async () => {
    const m = await start({ demo: fixture('ok', { enabled_tools: ['echo.text', 'slow'], disabled_tools: ['slow'] }) });
    const ns = m.toolSpecs()[0]!;
    if (ns.type !== 'namespace') throw new Error();
    expect(ns.tools.map((t) => t.name)).toEqual(['echo_text']);
  });

  it('runs a call and emits an mcpToolCall item with the original tool name', async () => {
    const m = await start({ demo: fixture() });
    const handler = m.registry().get('mcp__demo', 'echo_text')!;
    expect(handler).toBeTypeOf('function');
    const { c, started, completed } = ctx();
    const out = await handler({ text: 'hi' }, c, 'call_1');
    expect(Array.isArray(out)).toBe(true);
    expect(out).toContainEqual({ type: 'input_text', text: 'echo: hi' });
    expect((out as { text: string }[])[0]!.text).toMatch(/^Wall time: [\d.]+ seconds\nOutput:$/);
    expect(started).toEqual([
      {
        type: 'mcpToolCall',
        id: 'call_1',
        server: 'demo',
        tool: 'echo.text',
        arguments: { text: 'hi' },
        status: 'inProgress',
        result: null,
        error: null,
        durationMs: null,
      },
    ]);
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({
      type: 'mcpToolCall',
      id: 'call_1',
      tool: 'echo.text',
      status: 'completed',
      result: { content: [{ type: 'text', text: 'echo: hi' }], structuredContent: null },
      error: null,
    });
    expect((completed[0] as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(0);
    expect(m.registry().get('mcp__demo', 'nope')).toBeUndefined();
    expect(m.registry().get(undefined, 'echo_text')).toBeUndefined();
  });

  it('marks isError results failed but still returns them to the model', async () => {
    const m = await start({ demo: fixture() });
    const { c, completed } = ctx();
    const out = await m.registry().get('mcp__demo', 'fails')!({}, c, 'c');
    expect(out).toContainEqual({ type: 'input_text', text: 'it broke' });
    expect(completed[0]).toMatchObject({ status: 'failed', error: { message: 'it broke' } });
  });

  it('gives stdio servers only the whitelisted environment plus env and env_vars', async () => {
    const env = { PATH: process.env.PATH, HOME: '/home/x', SECRET_TOKEN: 's', PASSED: 'p' };
    const m = await start({ demo: fixture('ok', { env: { SET: 'v' }, env_vars: ['PASSED'] }) }, [], env);
    const h = m.registry().get('mcp__demo', 'env')!;
    const read = async (name: string) => ((await h({ name }, ctx().c, 'c')) as { text: string }[])[1]!.text;
    expect(await read('HOME')).toBe('/home/x');
    expect(await read('SECRET_TOKEN')).toBe('<unset>');
    expect(await read('PASSED')).toBe('p');
    expect(await read('SET')).toBe('v');
  });

  it('cancels a call on tool_timeout_sec and on the turn signal', async () => {
    const m = await start({ demo: fixture('ok', { tool_timeout_sec: 0.3 }) });
    const h = m.registry().get('mcp__demo', 'slow')!;
    const t0 = Date.now();
    const { c, completed } = ctx();
    const out = await h({ ms: 5000 }, c, 'c1');
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(out).toMatch(/timed out/);
    expect(completed[0]).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/timed out/) } });

    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const out2 = await h({ ms: 5000 }, ctx(ac.signal).c, 'c2');
    expect(out2).toMatch(/cancelled/);
    // The server still works afterwards.
    expect(await m.registry().get('mcp__demo', 'echo_text')!({ text: 'x' }, ctx().c, 'c3')).toContainEqual({ type: 'input_text', text: 'echo: x' });
  });

  it('reports servers that fail to start and goes on with the others', async () => {
    const statuses: [string, McpServerState, string?][] = [];
    const m = await start(
      {
        good: fixture(),
        bad: fixture('fail'),
        hang: fixture('hang', { startup_timeout_sec: 0.5 }),
        missing: { command: '/nonexistent/binary' },
        off: { ...fixture(), enabled: false },
      },
      statuses,
    );
    expect(m.toolSpecs().map((s) => s.name)).toEqual(['mcp__good']);
    const final = Object.fromEntries(statuses.filter(([, s]) => s !== 'starting').map(([n, s, e]) => [n, { s, e }]));
    expect(final.good!.s).toBe('ready');
    expect(final.off!.s).toBe('disabled');
    expect(final.bad!.s).toBe('failed');
    expect(final.bad!.e).toMatch(/refusing to start/);
    expect(final.hang!.s).toBe('failed');
    expect(final.hang!.e).toMatch(/did not start within 0.5 seconds/);
    expect(final.missing!.s).toBe('failed');
    expect(m.serverInfos().find((s) => s.name === 'bad')).toMatchObject({ status: 'failed' });
  });

  it('rejects when a required server fails', async () => {
    await expect(
      McpConnectionManager.start(parseMcpServers({ good: fixture(), bad: { ...fixture('fail'), required: true } }), { env: process.env }),
    ).rejects.toThrow(/required MCP servers failed to start: bad: /);
  });

  it('returns an error to the model when the server dies mid-session', async () => {
    const statuses: [string, McpServerState, string?][] = [];
    const m = await start({ demo: fixture() }, statuses);
    const reg = m.registry();
    const { c, completed } = ctx();
    const out = await reg.get('mcp__demo', 'crash')!({}, c, 'c1');
    expect(statuses.at(-1)).toEqual(['demo', 'failed', 'the connection closed (the server exited: exit code 3)\nstderr: fixture: crashing on purpose']);
    expect(m.toolSpecs()).toEqual([]);
    expect(typeof out).toBe('string');
    expect(out).toMatch(/tool call error: MCP server 'demo' closed the connection \(exit code 3\): .*\nstderr: fixture: crashing on purpose/);
    expect(completed[0]).toMatchObject({ status: 'failed' });
    const out2 = await reg.get('mcp__demo', 'echo_text')!({ text: 'x' }, ctx().c, 'c2');
    expect(out2).toMatch(/MCP server 'demo' is not running/);
    expect(m.serverInfos()[0]).toMatchObject({ status: 'failed' });
  });

  it('connects to a streamable HTTP server with the bearer token and headers', async () => {
    const seen: Record<string, string | undefined>[] = [];
    const httpServer = http.createServer(async (req, res) => {
      seen.push({ auth: req.headers.authorization, a: req.headers['x-a'] as string | undefined, b: req.headers['x-b'] as string | undefined });
      if (req.headers.authorization !== 'Bearer sekret') {
        res.writeHead(401).end();
        return;
      }
      const server = new McpServer({ name: 'http-fixture', version: '1.0.0' });
      server.registerTool('hello', { description: 'Says hello.' }, async () => ({ content: [{ type: 'text', text: 'hello over http' }] }));
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      res.on('close', () => void transport.close());
      await server.connect(transport);
      await transport.handleRequest(req, res);
    });
    await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/mcp`;
      const statuses: [string, McpServerState, string?][] = [];
      const m = await start(
        {
          web: { url, bearer_token_env_var: 'TOKEN', http_headers: { 'X-A': '1' }, env_http_headers: { 'X-B': 'BVAL' } },
          notoken: { url, bearer_token_env_var: 'MISSING' },
        },
        statuses,
        { TOKEN: 'sekret', BVAL: 'two' },
      );
      expect(m.toolSpecs().map((s) => s.name)).toEqual(['mcp__web']);
      expect(statuses.find(([n, s]) => n === 'notoken' && s === 'failed')?.[2]).toMatch(/MISSING/);
      const out = await m.registry().get('mcp__web', 'hello')!({}, ctx().c, 'c');
      expect(out).toContainEqual({ type: 'input_text', text: 'hello over http' });
      expect(seen[0]).toEqual({ auth: 'Bearer sekret', a: '1', b: 'two' });
    } finally {
      httpServer.closeAllConnections();
      await new Promise((r) => httpServer.close(r));
    }
  });

  it('works with @modelcontextprotocol/server-everything: tools, resources, prompts', async () => {
    const m = await start({ everything: { command: process.execPath, args: [EVERYTHING, 'stdio'], startup_timeout_sec: 60 } });
    const ns = m.toolSpecs()[0]!;
    if (ns.type !== 'namespace') throw new Error();
    expect(ns.name).toBe('mcp__everything');
    expect(ns.tools.map((t) => t.name)).toContain('echo');
    const out = await m.registry().get('mcp__everything', 'echo')!({ message: 'round trip' }, ctx().c, 'c');
    expect(JSON.stringify(out)).toContain('round trip');
    const resources = await m.listResources();
    expect((resources.everything as { resources: unknown[] }).resources.length).toBeGreaterThan(0);
    const prompts = await m.listPrompts();
    expect((prompts.everything as { prompts: unknown[] }).prompts.length).toBeGreaterThan(0);
  }, 90_000);
});
