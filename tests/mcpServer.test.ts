// `codex mcp-server` driven by the MCP SDK's own client over stdio: the real
// CLI (bin/codex.js) against the scripted Responses server, with real commands
// run (or not) after the client answers elicitations.
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import * as z from 'zod';
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { responses as R } from './support/scriptedServer.js';
import { CODEX_BIN, outputOf, runCodex, scriptedSuite, type Sandbox } from './support/cli.js';

const t = scriptedSuite();

interface Connected {
  client: Client;
  /** `params` of every `codex/event` notification, in arrival order. */
  events: any[];
  /** `params` of every elicitation the server sent. */
  elicitations: any[];
  /** The server's stderr so far (its diagnostics). */
  stderr: () => string;
}

// Read the whole request: the SDK's own ElicitRequestSchema would strip Codex's codex_* fields.
const CodexElicitRequest = z.object({ method: z.literal('elicitation/create'), params: z.record(z.string(), z.unknown()) });

const open: Client[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

/** Spawns `codex mcp-server` and connects an SDK client; `answer` (if any) handles elicitations. */
async function connect(opts: { answer?: (params: any) => Record<string, unknown>; args?: string[] } = {}): Promise<Connected> {
  const client = new Client({ name: 'mcp-server-test', version: '1.0.0' }, { capabilities: opts.answer ? { elicitation: {} } : {} });
  let stderr = '';
  const c: Connected = { client, events: [], elicitations: [], stderr: () => stderr };
  client.fallbackNotificationHandler = async (n) => {
    if (n.method === 'codex/event') c.events.push(n.params);
  };
  if (opts.answer) {
    const answer = opts.answer;
    client.setRequestHandler(CodexElicitRequest, async (req) => {
      c.elicitations.push(req.params);
      return answer(req.params) as any;
    });
  }
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CODEX_BIN, 'mcp-server', ...(opts.args ?? [])],
    cwd: t.sb.workspace,
    env: t.sb.env as Record<string, string>,
    stderr: 'pipe',
  });
  // With stderr: 'pipe' the SDK hands out a PassThrough (typed as a plain Stream).
  (transport.stderr as Readable).setEncoding('utf8').on('data', (d: string) => (stderr += d));
  onTestFailed(() => console.error(`codex mcp-server stderr:\n${stderr}`));
  await client.connect(transport);
  open.push(client);
  return c;
}

/** A tools/call with room for a slow machine (the SDK's default request timeout is 60 s). */
function call(client: Client, name: string, args: Record<string, unknown>): Promise<any> {
  return client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 });
}

const msgTypes = (events: any[]) => events.map((e) => e.msg.type);

function rolloutFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? rolloutFiles(p) : [p];
  });
}

// Each test spawns the real CLI; on a loaded machine that alone can take seconds.
describe('codex mcp-server', { timeout: 120_000 }, () => {
  it('prints usage for --help', async () => {
    const run = await runCodex(['mcp-server', '--help'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: codex mcp-server');
    expect(run.stdout).toContain('--config');
    const top = await runCodex(['--help'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(top.stdout).toMatch(/mcp-server\s+Run Codex as an MCP server/);
  });

  it("lists the codex and codex-reply tools with Codex's schemas", async () => {
    const { client } = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['codex', 'codex-reply']);
    const [codex, reply] = tools;
    expect(codex!.inputSchema.required).toEqual(['prompt']);
    expect(Object.keys(codex!.inputSchema.properties ?? {}).sort()).toEqual(
      ['approval-policy', 'base-instructions', 'compact-prompt', 'config', 'cwd', 'developer-instructions', 'model', 'profile', 'prompt', 'sandbox'].sort(),
    );
    expect((codex!.inputSchema.properties as any)['approval-policy'].enum).toEqual(['untrusted', 'on-failure', 'on-request', 'never']);
    expect((codex!.inputSchema.properties as any).sandbox.enum).toEqual(['read-only', 'workspace-write', 'danger-full-access']);
    expect(Object.keys(reply!.inputSchema.properties ?? {}).sort()).toEqual(['conversationId', 'prompt', 'threadId']);
    for (const tool of tools) expect(tool.outputSchema).toMatchObject({ type: 'object', required: ['threadId', 'content'] });
  });

  it('runs a codex call: answers {threadId, content}, streams codex/event, writes a rollout', async () => {
    t.server.enqueue(R.reply(R.reasoning('Thinking it over'), R.message('Hello from the scripted model.'), { usage: { input: 50, output: 7 } }));
    const { client, events } = await connect({ args: ['-c', 'model="cli-override-model"'] });
    const result = await call(client, 'codex', {
      prompt: 'say hello',
      cwd: t.sb.workspace,
      sandbox: 'danger-full-access',
      'base-instructions': 'You are a scripted test double.',
      'developer-instructions': 'Answer in one line.',
      config: { model_reasoning_effort: 'high' },
    });

    expect(result.isError).toBeFalsy();
    const threadId = result.structuredContent.threadId;
    expect(threadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.structuredContent.content).toBe('Hello from the scripted model.');
    expect(result.content).toEqual([{ type: 'text', text: 'Hello from the scripted model.' }]);
    // -c on the command line reached the model request.
    expect(t.server.requests[0]!.body.model).toBe('cli-override-model');
    const body = t.server.requests[0]!.body;
    expect(JSON.stringify(body.input)).toContain('say hello');
    // The call's own settings reached the request too.
    expect(JSON.stringify(body.input)).toContain('You are a scripted test double.');
    expect(JSON.stringify(body.input)).toContain('Answer in one line.');
    expect(body.reasoning?.effort).toBe('high');

    const types = msgTypes(events);
    expect(types[0]).toBe('session_configured');
    for (const type of ['task_started', 'agent_reasoning', 'agent_message_delta', 'agent_message', 'token_count', 'task_complete'])
      expect(types).toContain(type);
    expect(types.at(-1)).toBe('task_complete');
    const configured = events[0];
    expect(configured.msg).toMatchObject({
      session_id: threadId,
      model: 'cli-override-model',
      cwd: t.sb.workspace,
      sandbox_policy: { type: 'danger-full-access' },
    });
    expect(configured._meta).toMatchObject({ threadId });
    expect(typeof configured._meta.requestId).toBe('number');
    const complete = events.at(-1);
    expect(complete.msg.last_agent_message).toBe('Hello from the scripted model.');
    expect(complete.id).toBe(String(configured._meta.requestId));
    expect(
      events
        .filter((e) => e.msg.type === 'agent_message_delta')
        .map((e) => e.msg.delta)
        .join(''),
    ).toBe('Hello from the scripted model.');

    const rollout = rolloutFiles(join(t.sb.home, 'sessions')).find((p) => p.includes(threadId));
    expect(rollout).toBeDefined();
    const meta = JSON.parse(readFileSync(rollout!, 'utf8').split('\n')[0]!);
    expect(meta.payload).toMatchObject({ id: threadId, source: 'mcp' });
  });

  /** `touch` is not a known-safe command, so under `untrusted` it needs approval. */
  const makeFile = () => ({ prompt: 'make the file', cwd: t.sb.workspace, sandbox: 'danger-full-access', 'approval-policy': 'untrusted' });

  it('asks through elicitation under approval-policy untrusted and runs the command once approved', async () => {
    const marker = join(t.sb.workspace, 'approved.txt');
    t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: `touch ${marker}` }, callId: 'call_ok' }), R.text('created it'));
    const c = await connect({ answer: () => ({ action: 'accept', content: { decision: 'approved' } }) });
    const result = await call(c.client, 'codex', makeFile());

    expect(result.isError).toBeFalsy();
    expect(result.structuredContent.content).toBe('created it');
    expect(existsSync(marker)).toBe(true);
    expect(c.elicitations).toHaveLength(1);
    const asked = c.elicitations[0];
    expect(asked).toMatchObject({
      requestedSchema: { type: 'object', properties: {} },
      threadId: result.structuredContent.threadId,
      codex_elicitation: 'exec-approval',
      codex_call_id: 'call_ok',
      codex_cwd: t.sb.workspace,
    });
    expect(asked.codex_command.at(-1)).toBe(`touch ${marker}`);
    expect(asked.codex_parsed_cmd).toEqual([{ type: 'unknown', cmd: `touch ${marker}` }]);
    expect(asked.message).toContain('Allow Codex to run');
    expect(asked.message).toContain(marker);
    expect(asked.codex_mcp_tool_call_id).toBe(asked.codex_event_id);

    const types = msgTypes(c.events);
    expect(types.indexOf('exec_approval_request')).toBeGreaterThan(-1);
    const end = c.events.find((e) => e.msg.type === 'exec_command_end').msg;
    expect(end).toMatchObject({ call_id: 'call_ok', exit_code: 0, status: 'completed' });
    expect(types.indexOf('exec_command_begin')).toBeLessThan(types.indexOf('exec_command_end'));
    expect(outputOf(t.server.requests[1]!, 'call_ok')).not.toContain('rejected');
  });

  it('a denied command does not run and the model is told so', async () => {
    const marker = join(t.sb.workspace, 'denied.txt');
    t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: `touch ${marker}` }, callId: 'call_no' }), R.text('understood'));
    // Codex's own clients answer with a top-level decision.
    const c = await connect({ answer: () => ({ action: 'accept', decision: 'denied' }) });
    const result = await call(c.client, 'codex', makeFile());

    expect(result.structuredContent.content).toBe('understood');
    expect(c.elicitations).toHaveLength(1);
    expect(existsSync(marker)).toBe(false);
    expect(outputOf(t.server.requests[1]!, 'call_no')).toContain('rejected by user');
    expect(c.events.find((e) => e.msg.type === 'exec_command_end').msg).toMatchObject({ call_id: 'call_no', status: 'declined', exit_code: -1 });
  });

  it('abort stops the whole turn: the command does not run and the call ends with an error', async () => {
    const marker = join(t.sb.workspace, 'aborted.txt');
    t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: `touch ${marker}` }, callId: 'call_ab' }), R.text('should not be asked for'));
    // A dismissed elicitation (MCP `cancel`) is an abort, as Esc is in Codex's TUI.
    const c = await connect({ answer: () => ({ action: 'cancel' }) });
    const result = await call(c.client, 'codex', makeFile());
    expect(result.isError).toBe(true);
    expect(result.structuredContent.content).toContain('Turn aborted');
    expect(existsSync(marker)).toBe(false);
    expect(t.server.requests).toHaveLength(1);
    expect(msgTypes(c.events)).toContain('turn_aborted');
  });

  it('asks for a file change through a patch-approval elicitation and applies it once approved', async () => {
    const patch = ['*** Begin Patch', '*** Add File: note.txt', '+hello', '*** End Patch'].join('\n');
    t.server.enqueue(R.customToolCall({ input: patch, callId: 'call_patch' }), R.text('wrote it'));
    const c = await connect({ answer: () => ({ action: 'accept', content: { decision: 'approved_for_session' } }) });
    // read-only: every write needs the user's approval.
    const result = await call(c.client, 'codex', { prompt: 'write a note', cwd: t.sb.workspace, sandbox: 'read-only', 'approval-policy': 'on-request' });

    expect(result.structuredContent.content).toBe('wrote it');
    expect(readFileSync(join(t.sb.workspace, 'note.txt'), 'utf8')).toBe('hello\n');
    expect(c.elicitations).toHaveLength(1);
    const asked = c.elicitations[0];
    expect(asked).toMatchObject({ codex_elicitation: 'patch-approval', codex_call_id: 'call_patch', threadId: result.structuredContent.threadId });
    expect(asked.message).toContain('Allow Codex to apply proposed code changes?');
    expect(asked.codex_reason).toBeTruthy();
    const [path, change] = Object.entries(asked.codex_changes)[0]!;
    expect(path.endsWith('note.txt')).toBe(true);
    expect(change).toEqual({ type: 'add', content: 'hello\n' });
    const types = msgTypes(c.events);
    expect(types).toContain('apply_patch_approval_request');
    expect(c.events.find((e) => e.msg.type === 'patch_apply_end').msg).toMatchObject({ call_id: 'call_patch', success: true });
  });

  it('denies when the client does not support elicitation', async () => {
    const marker = join(t.sb.workspace, 'never.txt');
    t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: `touch ${marker}` }, callId: 'call_x' }), R.text('ok'));
    const { client, stderr } = await connect();
    const result = await call(client, 'codex', makeFile());
    expect(result.structuredContent.content).toBe('ok');
    expect(stderr()).toContain('approval denied: the MCP client does not support elicitation');
    expect(existsSync(marker)).toBe(false);
    expect(outputOf(t.server.requests[1]!, 'call_x')).toContain('rejected by user');
  });

  it('codex-reply continues the same thread: the model sees the earlier conversation', async () => {
    t.server.enqueue(R.text('The number is 7.'), R.text('You asked about 7.'), R.text('Still 7.'));
    appendFileSync(join(t.sb.home, 'config.toml'), '\n[profiles.fast]\nmodel = "profile-model"\n');
    const { client, events } = await connect();
    const first = await call(client, 'codex', { prompt: 'remember the number 7', cwd: t.sb.workspace, sandbox: 'danger-full-access', profile: 'fast' });
    const threadId = first.structuredContent.threadId;
    expect(t.server.requests[0]!.body.model).toBe('profile-model');

    const second = await call(client, 'codex-reply', { threadId, prompt: 'what number did I say?' });
    expect(second.isError).toBeFalsy();
    expect(second.structuredContent).toEqual({ threadId, content: 'You asked about 7.' });
    const input = JSON.stringify(t.server.requests[1]!.body.input);
    expect(input).toContain('remember the number 7');
    expect(input).toContain('The number is 7.');
    expect(input).toContain('what number did I say?');
    // The reply's events carry the same thread; only the codex call sends session_configured.
    expect(events.filter((e) => e.msg.type === 'session_configured')).toHaveLength(1);
    expect(events.filter((e) => e.msg.type === 'task_complete').every((e) => e._meta.threadId === threadId)).toBe(true);

    // The deprecated conversationId still works.
    const third = await call(client, 'codex-reply', { conversationId: threadId, prompt: 'again?' });
    expect(third.structuredContent).toEqual({ threadId, content: 'Still 7.' });
    expect(JSON.stringify(t.server.requests[2]!.body.input)).toContain('You asked about 7.');
  });

  it('bad arguments get an isError result naming the field', async () => {
    const { client } = await connect();
    const badThread = await call(client, 'codex-reply', { threadId: 'no-such-thread', prompt: 'hi' });
    expect(badThread.isError).toBe(true);
    expect(badThread.content[0].text).toContain("'threadId'");
    expect(badThread.content[0].text).toContain('no-such-thread');

    const noThread = await call(client, 'codex-reply', { prompt: 'hi' });
    expect(noThread.isError).toBe(true);
    expect(noThread.content[0].text).toContain("'threadId' is required");

    const badPolicy = await call(client, 'codex', { prompt: 'x', 'approval-policy': 'sometimes' });
    expect(badPolicy.isError).toBe(true);
    expect(badPolicy.content[0].text).toContain("'approval-policy' must be one of untrusted, on-failure, on-request, never");

    const badSandbox = await call(client, 'codex', { prompt: 'x', sandbox: 'open' });
    expect(badSandbox.content[0].text).toContain("'sandbox'");

    const badProfile = await call(client, 'codex', { prompt: 'x', profile: 'nope' });
    expect(badProfile.isError).toBe(true);
    expect(badProfile.content[0].text).toContain('profile "nope" not found');

    const noPrompt = await call(client, 'codex', {});
    expect(noPrompt.content[0].text).toContain("'prompt' is required");

    const badCwd = await call(client, 'codex', { prompt: 'x', cwd: join(t.sb.workspace, 'missing') });
    expect(badCwd.isError).toBe(true);
    expect(badCwd.content[0].text).toContain('cwd does not exist');
    expect(t.server.requests).toHaveLength(0);
  });
});

/** `codex mcp-server` spoken to line by line, for what an SDK client would never send. */
class RawMcpProcess {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly messages: any[] = [];
  stderr = '';
  private listeners: ((msg: any) => void)[] = [];
  private readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(sb: Sandbox) {
    this.proc = spawn(process.execPath, [CODEX_BIN, 'mcp-server'], { cwd: sb.workspace, env: sb.env, stdio: 'pipe' });
    this.proc.stderr.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.exit = new Promise((resolve) => this.proc.once('exit', (code, signal) => resolve({ code, signal })));
    createInterface({ input: this.proc.stdout }).on('line', (line) => {
      const msg = JSON.parse(line);
      this.messages.push(msg);
      for (const l of this.listeners) l(msg);
    });
    onTestFailed(() => console.error(`codex mcp-server stderr:\n${this.stderr}`));
  }

  send(message: unknown): void {
    this.proc.stdin.write((typeof message === 'string' ? message : JSON.stringify(message)) + '\n');
  }

  waitFor(pred: (msg: any) => boolean, timeoutMs = 60_000): Promise<any> {
    const found = this.messages.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out; saw ${JSON.stringify(this.messages).slice(0, 2000)}`)), timeoutMs);
      this.listeners.push((msg) => {
        if (pred(msg)) {
          clearTimeout(t);
          resolve(msg);
        }
      });
    });
  }

  /** The exit status, or 'still running' after `ms`. */
  exited(ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | 'still running'> {
    return Promise.race([this.exit, sleep(ms).then(() => 'still running' as const)]);
  }

  async initialize(capabilities: Record<string, unknown> = {}): Promise<void> {
    this.send({
      jsonrpc: '2.0',
      id: 'init',
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities, clientInfo: { name: 'raw', version: '1' } },
    });
    await this.waitFor((m) => m.id === 'init');
    this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  }
}

const raw: RawMcpProcess[] = [];
afterEach(() => {
  for (const r of raw.splice(0)) if (r.proc.exitCode === null && r.proc.signalCode === null) r.proc.kill('SIGKILL');
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('codex mcp-server: malformed input and shutdown', { timeout: 120_000 }, () => {
  it('answers malformed requests with JSON-RPC errors instead of dropping them', async () => {
    const r = new RawMcpProcess(t.sb);
    raw.push(r);
    await r.initialize();
    const lines = [
      'not json',
      '[1,2]',
      '{"jsonrpc":"2.0","id":{"a":1},"method":"tools/list"}',
      '{"jsonrpc":"2.0","id":true,"method":"tools/list"}',
      '{"jsonrpc":"2.0","id":5,"method":7}',
      '{"jsonrpc":"2.0","id":6,"method":"no/such/method"}',
    ];
    for (const line of lines) r.send(line);
    r.send({ jsonrpc: '2.0', id: 'last', method: 'tools/list' });
    await r.waitFor((m) => m.id === 'last');
    const errors = r.messages.filter((m) => m.error).map((m) => [m.id, m.error.code]);
    expect(errors).toEqual([
      [null, -32700],
      [null, -32600],
      [null, -32600],
      [null, -32600],
      [5, -32600],
      [6, -32601],
    ]);
    expect(r.messages.find((m) => m.id === 'last').result.tools.map((tool: any) => tool.name)).toEqual(['codex', 'codex-reply']);
    expect(r.proc.exitCode).toBeNull();
  });

  it.each(['stdin EOF', 'SIGTERM'] as const)('exits on %s while an approval is pending, killing the command it started', async (how) => {
    const pidFile = join(t.sb.workspace, 'sleeper.pid');
    const marker = join(t.sb.workspace, 'never.txt');
    t.server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: `echo $$ > ${pidFile}; exec sleep 600`, yield_time_ms: 500 }, callId: 'sleeper' }),
      R.functionCall({ name: 'exec_command', arguments: { cmd: `touch ${marker}` }, callId: 'pending' }),
      R.text('unreachable'),
    );
    const r = new RawMcpProcess(t.sb);
    raw.push(r);
    await r.initialize({ elicitation: {} });
    r.send({
      jsonrpc: '2.0',
      id: 'call',
      method: 'tools/call',
      params: { name: 'codex', arguments: { prompt: 'go', cwd: t.sb.workspace, sandbox: 'danger-full-access', 'approval-policy': 'untrusted' } },
    });
    // The first command is approved and keeps running; the second waits for an answer that never comes.
    const first = await r.waitFor((m) => m.method === 'elicitation/create');
    r.send({ jsonrpc: '2.0', id: first.id, result: { action: 'accept', content: { decision: 'approved' } } });
    await r.waitFor((m) => m.method === 'elicitation/create' && m.params.codex_call_id === 'pending');
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    expect(isAlive(pid)).toBe(true);

    if (how === 'stdin EOF') r.proc.stdin.end();
    else r.proc.kill('SIGTERM');
    const status = await r.exited(15_000);
    expect(status).not.toBe('still running');
    expect(existsSync(marker)).toBe(false);
    // What it started died with it.
    await sleep(200);
    expect(isAlive(pid)).toBe(false);
  });

  it.each([
    ['a decline carrying "approved"', (id: unknown) => ({ jsonrpc: '2.0', id, result: { action: 'decline', decision: 'approved' } })],
    ['two different decisions', (id: unknown) => ({ jsonrpc: '2.0', id, result: { action: 'accept', decision: 'approved', content: { decision: 'denied' } } })],
    ['an unknown action', (id: unknown) => ({ jsonrpc: '2.0', id, result: { action: 'yes', decision: 'approved' } })],
    ['a response without "jsonrpc"', (id: unknown) => ({ id, result: { decision: 'approved' } })],
    ['a result that is a string', (id: unknown) => ({ jsonrpc: '2.0', id, result: 'approved' })],
  ])('denies at once on a malformed elicitation answer: %s', async (_name, answer) => {
    const marker = join(t.sb.workspace, 'malformed.txt');
    t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: `touch ${marker}` }, callId: 'bad' }), R.text('told'));
    const r = new RawMcpProcess(t.sb);
    raw.push(r);
    await r.initialize({ elicitation: {} });
    r.send({
      jsonrpc: '2.0',
      id: 'call',
      method: 'tools/call',
      params: { name: 'codex', arguments: { prompt: 'go', cwd: t.sb.workspace, sandbox: 'danger-full-access', 'approval-policy': 'untrusted' } },
    });
    const asked = await r.waitFor((m) => m.method === 'elicitation/create');
    r.send(answer(asked.id));
    const result = await r.waitFor((m) => m.id === 'call');
    expect(result.result.structuredContent.content).toBe('told');
    expect(existsSync(marker)).toBe(false);
    expect(outputOf(t.server.requests[1]!, 'bad')).toContain('rejected by user');
    expect(r.stderr).toContain('approval denied');
  });
});
