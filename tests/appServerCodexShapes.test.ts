// What a Codex 0.169 front end reads from our `codex app-server` beyond the
// schema's shapes (which tests/protocolConformance.test.ts checks): the values
// in those fields mean what Codex means by them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startScriptedServer, responses as R, type ScriptedServer } from './support/scriptedServer.js';
import { makeSandbox, type Sandbox } from './support/cli.js';
import { AppServerClient } from './support/appServerClient.js';

let server: ScriptedServer;
let sb: Sandbox;
let client: AppServerClient;

beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  server.reset();
  sb = makeSandbox(server.baseUrl);
  client = AppServerClient.spawn(sb);
  await client.initialized;
  return () => client.close();
});

/** Starts a thread and runs one turn answering `text`, so it is on disk and listed. */
async function threadWithOneTurn(params: Record<string, unknown> = {}): Promise<string> {
  const started = await client.request('thread/start', { cwd: sb.workspace, ...params });
  const threadId: string = started.result.thread.id;
  server.enqueue(R.message('ok'));
  await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'hi' }] });
  await client.waitFor((n) => n.method === 'turn/completed' && n.params.threadId === threadId);
  return threadId;
}

describe('app-server thread state as Codex reports it', () => {
  it('status: idle while loaded, notLoaded once unsubscribed; unsubscribe says what it did', async () => {
    const started = await client.request('thread/start', { cwd: sb.workspace });
    expect(started.result.thread).toMatchObject({ status: { type: 'idle' }, sessionId: started.result.thread.id, projectId: null });
    const threadId = await threadWithOneTurn();
    const listed = await client.request('thread/list', {});
    expect(listed.result.data.find((t: any) => t.id === threadId).status).toEqual({ type: 'idle' });

    expect((await client.request('thread/unsubscribe', { threadId })).result).toEqual({ status: 'unsubscribed' });
    const after = await client.request('thread/list', {});
    expect(after.result.data.find((t: any) => t.id === threadId).status).toEqual({ type: 'notLoaded' });
    expect((await client.request('thread/unsubscribe', { threadId })).result).toEqual({ status: 'notLoaded' });
  });

  it('source: recorded in Codex core words ("vscode" for the app-server), reported in v2 words; our older rollouts still read', async () => {
    const threadId = await threadWithOneTurn();
    const listed = await client.request('thread/list', {});
    const ours = listed.result.data.find((t: any) => t.id === threadId);
    expect(ours.source).toBe('vscode');
    const meta = JSON.parse(readFileSync(ours.path, 'utf8').split('\n')[0]!);
    expect(meta.payload.source).toBe('vscode');

    // Rollouts written before, with our own names, and one by Codex's MCP server.
    const old = { 'app-server': 'vscode', desktop: { custom: 'desktop' }, mcp: 'appServer', '{"subagent":"review"}': 'unknown' } as const;
    const dir = join(sb.home, 'sessions', '2026', '01', '02');
    mkdirSync(dir, { recursive: true });
    Object.keys(old).forEach((source, i) => {
      const id = `01900000-0000-7000-8000-00000000000${i}`;
      const recorded = source.startsWith('{') ? JSON.parse(source) : source;
      const line = {
        timestamp: '2026-01-02T10:00:00.000Z',
        type: 'session_meta',
        payload: {
          id,
          timestamp: '2026-01-02T10:00:00.000Z',
          cwd: sb.workspace,
          originator: 'x',
          cli_version: '0.1.0',
          source: recorded,
          model_provider: 'mock',
        },
      };
      writeFileSync(join(dir, `rollout-2026-01-02T10-00-0${i}-${id}.jsonl`), `${JSON.stringify(line)}\n`);
    });
    const all = (await client.request('thread/list', {})).result.data;
    Object.entries(old).forEach(([, wire], i) => {
      expect(all.find((t: any) => t.id === `01900000-0000-7000-8000-00000000000${i}`).source).toEqual(wire);
    });
  });

  it('thread/list: cwd filters by one directory or any of several', async () => {
    const other = join(sb.workspace, 'other');
    mkdirSync(other);
    const here = await threadWithOneTurn();
    const there = await threadWithOneTurn({ cwd: other });
    const ids = async (cwd: unknown) => (await client.request('thread/list', { cwd })).result.data.map((t: any) => t.id).sort();
    expect(await ids(other)).toEqual([there]);
    expect(await ids([sb.workspace])).toEqual([here]);
    expect(await ids([sb.workspace, other])).toEqual([here, there].sort());
    expect(await ids([join(sb.workspace, 'nowhere')])).toEqual([]);
  });

  it('turn/start: an effort name the model advertises goes to the model as is, and stays for the next turn', async () => {
    const { result } = await client.request('thread/start', { cwd: sb.workspace });
    const threadId = result.thread.id;
    server.enqueue(R.message('one'), R.message('two'));
    for (const effort of ['ultra', undefined]) {
      await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'hi' }], ...(effort ? { effort } : {}) });
      await client.waitFor(
        (n) =>
          n.method === 'turn/completed' &&
          n.params.threadId === threadId &&
          client.notifications.filter((m) => m.method === 'turn/completed').length === (effort ? 1 : 2),
      );
    }
    expect(server.requests.map((r) => r.body.reasoning?.effort)).toEqual(['ultra', 'ultra']);
    const empty = await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'hi' }], effort: '' });
    expect(empty.error.message).toMatch(/effort/);
  });

  it("turn/start: the userMessage item carries the client's message id and text spans; the model gets the text alone", async () => {
    const { result } = await client.request('thread/start', { cwd: sb.workspace });
    const threadId = result.thread.id;
    server.enqueue(R.message('done'));
    const spans = [{ byteRange: { start: 4, end: 12 }, placeholder: '@main.ts' }];
    await client.request('turn/start', {
      threadId,
      clientUserMessageId: 'client-msg-1',
      input: [{ type: 'text', text: 'fix @main.ts', text_elements: spans }],
    });
    await client.waitFor((n) => n.method === 'turn/completed');
    const user = (await client.waitFor((n) => n.method === 'item/completed' && n.params.item.type === 'userMessage')).params.item;
    expect(user).toMatchObject({ clientId: 'client-msg-1', content: [{ type: 'text', text: 'fix @main.ts', text_elements: spans }] });
    expect((await client.waitFor((n) => n.method === 'item/started' && n.params.item.type === 'userMessage')).params.item.clientId).toBe('client-msg-1');
    const sent = JSON.stringify(server.requests[0]!.body.input);
    expect(sent).toContain('fix @main.ts');
    expect(sent).not.toContain('text_elements');
    expect(sent).not.toContain('client-msg-1');

    // Resumed from the rollout, the item still says whose it was.
    client.close();
    client = AppServerClient.spawn(sb);
    await client.initialized;
    const resumed = await client.request('thread/resume', { threadId });
    expect(resumed.result.thread.turns[0].items[0]).toMatchObject({ type: 'userMessage', clientId: 'client-msg-1' });
  });

  it('commandActions: a command item says what it reads; items of older rollouts get them on resume', async () => {
    writeFileSync(join(sb.workspace, 'notes.md'), 'hello\n');
    const { result } = await client.request('thread/start', { cwd: sb.workspace, sandbox: 'read-only', approvalPolicy: 'never' });
    server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: 'cat notes.md' }, callId: 'c1' }), R.message('read it'));
    await client.request('turn/start', { threadId: result.thread.id, input: [{ type: 'text', text: 'read' }] });
    await client.waitFor((n) => n.method === 'turn/completed');
    const started = await client.waitFor((n) => n.method === 'item/started' && n.params.item.type === 'commandExecution');
    expect(started.params.item.commandActions).toEqual([{ type: 'read', command: 'cat notes.md', name: 'notes.md', path: join(sb.workspace, 'notes.md') }]);

    const id = '01900000-0000-7000-8000-0000000000aa';
    const dir = join(sb.home, 'sessions', '2026', '01', '03');
    mkdirSync(dir, { recursive: true });
    const at = '2026-01-03T10:00:00.000Z';
    const item = {
      type: 'commandExecution',
      id: 'old',
      command: "/bin/bash -lc 'ls src'",
      cwd: sb.workspace,
      processId: null,
      status: 'completed',
      aggregatedOutput: '',
      exitCode: 0,
      durationMs: 5,
    };
    const lines = [
      {
        timestamp: at,
        type: 'session_meta',
        payload: { id, timestamp: at, cwd: sb.workspace, originator: 'x', cli_version: '0.1.0', source: 'app-server', model_provider: 'mock' },
      },
      { timestamp: at, type: 'event_msg', payload: { type: 'task_started', turn_id: 'u1', started_at: 1 } },
      { timestamp: at, type: 'event_msg', payload: { type: 'item_completed', thread_id: id, turn_id: 'u1', item } },
      { timestamp: at, type: 'event_msg', payload: { type: 'task_complete', turn_id: 'u1', last_agent_message: null } },
    ];
    writeFileSync(join(dir, `rollout-2026-01-03T10-00-00-${id}.jsonl`), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const resumed = await client.request('thread/resume', { threadId: id });
    expect(resumed.result.thread.turns[0].items[0].commandActions).toEqual([{ type: 'listFiles', command: 'ls src', path: 'src' }]);
  });

  it('approvalPolicy: granular is echoed and refuses, unasked, the command prompts it disables; on-failure is answered as on-request', async () => {
    const granular = { granular: { sandbox_approval: false, rules: true, mcp_elicitations: true } };
    const started = await client.request('thread/start', { cwd: sb.workspace, sandbox: 'read-only', approvalPolicy: granular });
    expect(started.result.approvalPolicy).toEqual({ granular: { ...granular.granular, skill_approval: false, request_permissions: false } });
    const marker = join(sb.workspace, 'escalated.txt');
    server.enqueue(
      R.functionCall({
        name: 'exec_command',
        arguments: { cmd: `touch ${marker}`, sandbox_permissions: 'require_escalated', justification: 'write' },
        callId: 'esc',
      }),
      R.message('refused'),
    );
    await client.request('turn/start', { threadId: started.result.thread.id, input: [{ type: 'text', text: 'go' }] });
    await client.waitFor((n) => n.method === 'turn/completed');
    expect(client.notifications.filter((n) => n.method.endsWith('requestApproval'))).toEqual([]);
    expect(existsSync(marker)).toBe(false);
    expect(JSON.stringify(server.requests[1]!.body.input)).toContain('sandbox_approval = false');

    // A turn may switch to granular too; an invalid granular object names the field.
    server.enqueue(R.message('ok'));
    const turn = await client.request('turn/start', {
      threadId: started.result.thread.id,
      input: [{ type: 'text', text: 'x' }],
      approvalPolicy: { granular: { ...granular.granular, sandbox_approval: true } },
    });
    expect(turn.result.turn.status).toBe('inProgress');
    const bad = await client.request('turn/start', {
      threadId: started.result.thread.id,
      input: [{ type: 'text', text: 'x' }],
      approvalPolicy: { granular: { rules: true } },
    });
    expect(bad.error.message).toContain('approvalPolicy');

    const legacy = await client.request('thread/start', { cwd: sb.workspace, approvalPolicy: 'on-failure', ephemeral: true });
    expect(legacy.result.approvalPolicy).toBe('on-request');
  });

  it('status: active while a turn runs, flagged waitingOnApproval while an approval awaits the client', async () => {
    const { result } = await client.request('thread/start', { cwd: sb.workspace, sandbox: 'read-only', approvalPolicy: 'on-request' });
    const threadId = result.thread.id;
    server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: 'true', sandbox_permissions: 'require_escalated', justification: 'x' }, callId: 'esc' }),
      R.message('done'),
    );
    client.rawAnswer = () => []; // leave the approval unanswered for now
    await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'go' }] });
    const asked = await client.waitFor((n) => n.method === 'item/commandExecution/requestApproval');
    const status = async () => (await client.request('thread/list', {})).result.data.find((t: any) => t.id === threadId).status;
    expect(await status()).toEqual({ type: 'active', activeFlags: ['waitingOnApproval'] });
    client.send(JSON.stringify({ id: asked.id, result: { decision: 'decline' } }));
    await client.waitFor((n) => n.method === 'turn/completed');
    expect(await status()).toEqual({ type: 'idle' });
  });
});
