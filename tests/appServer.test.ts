// `codex app-server` over stdio: a client speaking Codex's JSON-RPC protocol
// starts a thread, runs turns, answers approval requests and lists sessions.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startScriptedServer, responses as R, type ScriptedServer } from './support/scriptedServer.js';
import { CODEX_BIN, makeSandbox, type Sandbox } from './support/cli.js';
import { spawn } from 'node:child_process';
import { AppServerClient } from './support/appServerClient.js';
import { codexReferenceBin } from './support/codexReference.js';

// The reference Codex 0.169, when installed, answers the same handshake lines.
const REFERENCE = codexReferenceBin();

let server: ScriptedServer;
let sb: Sandbox;
let client: AppServerClient;

beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  sb = makeSandbox(server.baseUrl);
  client = AppServerClient.spawn(sb);
  return () => client.close();
});

describe('codex app-server (stdio JSON-RPC)', () => {
  it('initializes, starts a thread, streams a turn and completes it', async () => {
    const init = await client.initialized;
    expect(init.result.codexHome).toBe(sb.home);
    server.enqueue(R.reply(R.reasoning('Thinking about it'), R.message('Hi there.')));
    const started = await client.request('thread/start', { cwd: sb.workspace, sandbox: 'danger-full-access' });
    expect(started.result.thread.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(started.result.sandbox).toEqual({ type: 'dangerFullAccess' });
    const threadId = started.result.thread.id;
    const turn = await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'hello' }] });
    expect(turn.result.turn.status).toBe('inProgress');
    const done = await client.waitFor((n) => n.method === 'turn/completed');
    expect(done.params.turn.status).toBe('completed');
    const methods = client.notifications.map((n) => n.method);
    expect(methods).toContain('thread/started');
    expect(methods).toContain('turn/started');
    expect(methods).toContain('item/agentMessage/delta');
    expect(methods).toContain('thread/tokenUsage/updated');
    const items = client.notifications.filter((n) => n.method === 'item/completed').map((n) => n.params.item);
    expect(items.map((i) => i.type)).toEqual(['userMessage', 'reasoning', 'agentMessage']);
    expect(items[1].summary).toEqual(['Thinking about it']);
    expect(items[2].text).toBe('Hi there.');
    const deltas = client.notifications
      .filter((n) => n.method === 'item/agentMessage/delta')
      .map((n) => n.params.delta)
      .join('');
    expect(deltas).toBe('Hi there.');
  });

  it('exits when its client leaves without reading: a stdout that never drains does not keep it alive', async () => {
    const proc = spawn(process.execPath, [CODEX_BIN, 'app-server'], { cwd: sb.workspace, env: sb.env, stdio: ['pipe', 'pipe', 'ignore'] });
    proc.stdout!.pause(); // the client never reads its answers
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    // Far more answers than a pipe holds (each "Not initialized" error is ~70 bytes).
    const line = `${JSON.stringify({ id: 1, method: 'thread/list', params: {} })}\n`;
    proc.stdin!.end(line.repeat(20_000));
    const outcome = await Promise.race([exited.then((code) => ({ code })), new Promise((r) => setTimeout(() => r('still running'), 15_000))]);
    if (outcome === 'still running') proc.kill('SIGKILL');
    expect(outcome).toEqual({ code: 0 });
  });

  it('rejects unknown methods and invalid params with JSON-RPC errors', async () => {
    const unknown = await client.request('thread/teleport', {});
    expect(unknown.error.code).toBe(-32601);
    const bad = await client.request('turn/start', { threadId: 42, input: [] });
    expect(bad.error.code).toBe(-32602);
    expect(bad.error.message).toContain('threadId');
    const noThread = await client.request('turn/start', { threadId: '019a0000-0000-7000-8000-000000000000', input: [{ type: 'text', text: 'x' }] });
    expect(noThread.error.message).toBe('thread not found: 019a0000-0000-7000-8000-000000000000');
  });

  it('answers nothing but initialize until initialized, and initialize only once (as Codex)', async () => {
    for (const bin of REFERENCE ? [undefined, REFERENCE] : [undefined]) {
      const c = AppServerClient.spawn(sb, { initialize: false, bin });
      try {
        const early = await c.request('thread/list', {});
        expect(early.error, bin ?? 'ours').toEqual({ code: -32600, message: 'Not initialized' });
        const init = await c.request('initialize', { clientInfo: { name: 'test', version: '1' } });
        expect(init.result.codexHome).toBe(sb.home);
        const again = await c.request('initialize', { clientInfo: { name: 'test', version: '1' } });
        expect(again.error, bin ?? 'ours').toEqual({ code: -32600, message: 'Already initialized' });
        expect((await c.request('thread/list', {})).result.data).toEqual([]);
      } finally {
        c.close();
      }
    }
  });

  it('answers unparsable lines with -32700 and invalid ids or messages with -32600', async () => {
    await client.initialized;
    const lines = [
      'not json',
      '{"id":{"a":1},"method":"thread/list","params":{}}',
      '{"id":true,"method":"thread/list","params":{}}',
      '{"id":1.5,"method":"thread/list","params":{}}',
      '[1,2]',
      '"str"',
      '{"id":7,"method":42}',
      '{"foo":1}',
    ];
    for (const line of lines) client.send(line);
    // A well-formed request after them: every answer before it has arrived.
    const ok = await client.request('thread/list', {});
    expect(ok.result.data).toEqual([]);
    const errors = client.responses.filter((r) => r.error).map((r) => [r.id, r.error.code]);
    expect(errors).toEqual([
      [null, -32700],
      [null, -32600],
      [null, -32600],
      [null, -32600],
      [null, -32600],
      [null, -32600],
      [7, -32600],
      [null, -32600],
    ]);
    expect(client.proc.exitCode).toBeNull();
  });

  it('asks the client to approve an escalated command and runs it after acceptance', async () => {
    const marker = join(sb.workspace, 'approved.txt');
    server.enqueue(
      R.functionCall({
        name: 'exec_command',
        arguments: { cmd: `echo yes > ${marker}`, sandbox_permissions: 'require_escalated', justification: 'needs to write' },
        callId: 'esc1',
      }),
      R.text('done'),
    );
    client.onRequest = (msg) => {
      expect(msg.method).toBe('item/commandExecution/requestApproval');
      expect(msg.params.reason).toBe('needs to write');
      expect(msg.params.command).toContain('approved.txt');
      return { decision: 'accept' };
    };
    const { result } = await client.request('thread/start', { cwd: sb.workspace, sandbox: 'read-only', approvalPolicy: 'on-request' });
    await client.request('turn/start', { threadId: result.thread.id, input: [{ type: 'text', text: 'go' }] });
    const done = await client.waitFor((n) => n.method === 'turn/completed');
    expect(done.params.turn.status).toBe('completed');
    expect(client.notifications.some((n) => n.method === 'item/commandExecution/requestApproval')).toBe(true);
    expect(existsSync(marker)).toBe(true);
    // As Codex's app-server does: the answered request is announced resolved.
    const approval = client.notifications.find((n) => n.method === 'item/commandExecution/requestApproval');
    expect(client.notifications.find((n) => n.method === 'serverRequest/resolved')?.params).toEqual({ threadId: result.thread.id, requestId: approval.id });
  });

  it('on-failure: a command the sandbox denied is offered again without the sandbox, and runs once accepted', async () => {
    const target = join(sb.workspace, 'needs-write.txt');
    server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: `echo ok > ${target}` }, callId: 'of1' }), R.text('written'));
    const asked: any[] = [];
    client.onRequest = (msg) => {
      asked.push(msg);
      return { decision: 'accept' };
    };
    const { result } = await client.request('thread/start', { cwd: sb.workspace, sandbox: 'read-only', approvalPolicy: 'on-failure' });
    await client.request('turn/start', { threadId: result.thread.id, input: [{ type: 'text', text: 'write it' }] });
    await client.waitFor((n) => n.method === 'turn/completed');
    // Asked once, after the sandboxed attempt failed, with Codex's question.
    expect(asked).toHaveLength(1);
    expect(asked[0].method).toBe('item/commandExecution/requestApproval');
    expect(asked[0].params.reason).toMatch(/failed in the sandbox.*without sandbox/);
    expect(existsSync(target)).toBe(true);
    const item = client.notifications.find((n) => n.method === 'item/completed' && n.params.item.type === 'commandExecution').params.item;
    expect(item.status).toBe('completed');
    expect(item.exitCode).toBe(0);
  });

  it('on-failure: declining the unsandboxed rerun reports the sandbox denial to the model and writes nothing', async () => {
    const target = join(sb.workspace, 'stays-missing.txt');
    server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: `echo no > ${target}` }, callId: 'of2' }), R.text('could not'));
    client.onRequest = () => ({ decision: 'decline' });
    const { result } = await client.request('thread/start', { cwd: sb.workspace, sandbox: 'read-only', approvalPolicy: 'on-failure' });
    await client.request('turn/start', { threadId: result.thread.id, input: [{ type: 'text', text: 'write it' }] });
    await client.waitFor((n) => n.method === 'turn/completed');
    expect(existsSync(target)).toBe(false);
    const item = client.notifications.find((n) => n.method === 'item/completed' && n.params.item.type === 'commandExecution').params.item;
    expect(item.status).toBe('failed');
    expect(item.reason).toMatch(/sandbox denied/);
    const out = server.requests[1]!.body.input.find((i: any) => i.type === 'function_call_output' && i.call_id === 'of2').output;
    expect(out).toMatch(/Read-only file system|Permission denied/);
    // …and that the user refused the rerun, not only the sandbox.
    expect(out).toContain('retry without sandbox rejected by user');
    expect(item.reason).toContain('retry without sandbox rejected by user');
    // The rollout keeps the denial with the item.
    const rollout = readdirSync(join(sb.home, 'sessions'), { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('.jsonl'))!;
    const saved = readFileSync(join(sb.home, 'sessions', rollout), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((l) => l.payload?.type === 'item_completed' && l.payload.item.type === 'commandExecution');
    expect(saved.payload.item).toMatchObject({ status: 'failed', reason: expect.stringMatching(/sandbox denied/) });
  });

  it('a declined command does not run and is reported as declined', async () => {
    const marker = join(sb.workspace, 'declined.txt');
    server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: `echo no > ${marker}`, sandbox_permissions: 'require_escalated' }, callId: 'esc2' }),
      R.text('ok'),
    );
    client.onRequest = () => ({ decision: 'decline' });
    const { result } = await client.request('thread/start', { cwd: sb.workspace, sandbox: 'read-only', approvalPolicy: 'on-request' });
    await client.request('turn/start', { threadId: result.thread.id, input: [{ type: 'text', text: 'go' }] });
    await client.waitFor((n) => n.method === 'turn/completed');
    expect(existsSync(marker)).toBe(false);
    const item = client.notifications.find((n) => n.method === 'item/completed' && n.params.item.type === 'commandExecution').params.item;
    expect(item.status).toBe('declined');
    const out = server.requests[1]!.body.input.find((i: any) => i.type === 'function_call_output').output;
    expect(out).toContain('rejected by user');
  });

  it('interrupts a running turn and keeps the rollout whole', async () => {
    server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: 'sleep 30', yield_time_ms: 30000 }, callId: 'slow' }));
    const { result } = await client.request('thread/start', { cwd: sb.workspace, sandbox: 'danger-full-access' });
    const threadId = result.thread.id;
    const { result: t } = await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'wait' }] });
    await client.waitFor((n) => n.method === 'item/started' && n.params.item.type === 'commandExecution');
    const t0 = Date.now();
    await client.request('turn/interrupt', { threadId, turnId: t.turn.id });
    const done = await client.waitFor((n) => n.method === 'turn/completed');
    expect(done.params.turn.status).toBe('interrupted');
    expect(Date.now() - t0).toBeLessThan(10_000);
    const list = await client.request('thread/list', {});
    expect(list.result.data.map((d: any) => d.id)).toContain(threadId);
    expect(list.result.data.find((d: any) => d.id === threadId).preview).toBe('wait');
  });

  it('resumes a thread by id and lists sessions made by exec', async () => {
    server.enqueue(R.text('remembered'));
    const { result } = await client.request('thread/start', { cwd: sb.workspace, sandbox: 'danger-full-access' });
    const id = result.thread.id;
    await client.request('turn/start', { threadId: id, input: [{ type: 'text', text: 'remember 7' }] });
    await client.waitFor((n) => n.method === 'turn/completed');
    client.close();

    const second = AppServerClient.spawn(sb);
    try {
      const resumed = await second.request('thread/resume', { threadId: id });
      expect(resumed.result.thread.id).toBe(id);
      expect(resumed.result.thread.turns).toHaveLength(1);
      expect(resumed.result.thread.turns[0].items.map((i: any) => i.type)).toEqual(['userMessage', 'agentMessage']);
      server.enqueue(R.text('it was 7'));
      await second.request('turn/start', { threadId: id, input: [{ type: 'text', text: 'what number?' }] });
      await second.waitFor((n) => n.method === 'turn/completed');
      const texts = JSON.stringify(server.requests[1]!.body.input);
      expect(texts).toContain('remember 7');
      expect(texts).toContain('remembered');
      const searched = await second.request('thread/list', { searchTerm: 'REMEMBER' });
      expect(searched.result.data.map((d: any) => d.id)).toEqual([id]);
    } finally {
      second.close();
    }
  });

  it('turn/start overrides of model, cwd and sandbox apply to that turn and the next', async () => {
    server.enqueue(R.text('one'), R.text('two'));
    const { result } = await client.request('thread/start', { cwd: sb.workspace, sandbox: 'read-only' });
    const threadId = result.thread.id;
    await client.request('turn/start', {
      threadId,
      input: [{ type: 'text', text: 'first' }],
      model: 'other-model',
      sandboxPolicy: { type: 'workspaceWrite', writableRoots: [], networkAccess: false, excludeTmpdirEnvVar: false, excludeSlashTmp: false },
    });
    await client.waitFor((n) => n.method === 'turn/completed');
    client.notifications.length = 0;
    await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'second' }] });
    await client.waitFor((n) => n.method === 'turn/completed');
    expect(server.requests[0]!.body.model).toBe('other-model');
    expect(server.requests[1]!.body.model).toBe('other-model');
    const text = JSON.stringify(server.requests[0]!.body.input);
    expect(text).toContain('<sandbox_mode>read-only</sandbox_mode>');
    expect(text).toContain('<sandbox_mode>workspace-write</sandbox_mode>');
  });

  it('reports a config error as a JSON-RPC error naming the file', async () => {
    writeFileSync(join(sb.home, 'config.toml'), 'model = [\n');
    const res = await client.request('thread/start', { cwd: sb.workspace });
    expect(res.error.message).toContain(join(sb.home, 'config.toml'));
  });
});
