// turn/steer over a real `codex app-server`: input added to a running turn
// reaches the model with the turn's next request, is recorded in the rollout as
// a user message, and is refused as Codex refuses it when no turn (or another
// one) is running.
import { beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { responses as R } from './support/scriptedServer.js';
import { scriptedSuite } from './support/cli.js';
import { AppServerClient } from './support/appServerClient.js';

const t = scriptedSuite();
let client: AppServerClient;

beforeEach(() => {
  client = AppServerClient.spawn(t.sb);
  return () => client.close();
});

const textOf = (item: any): string => (Array.isArray(item?.content) ? item.content.map((c: any) => c.text ?? '').join('') : '');

/** A command that runs until the test creates `go` in the workspace. */
const WAIT_FOR_GO = { cmd: 'while [ ! -f go ]; do sleep 0.05; done; echo released', yield_time_ms: 20000 };

async function startThread(): Promise<string> {
  const started = await client.request('thread/start', { cwd: t.sb.workspace, sandbox: 'danger-full-access', approvalPolicy: 'never' });
  return started.result.thread.id;
}

describe('turn/start while a turn runs', () => {
  it('joins the running turn as Codex 0.169 does: same turn answered, the text in its next request, one turn completed', async () => {
    await client.initialized;
    t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: WAIT_FOR_GO, callId: 'wait' }), R.text('both seen'), R.text('never asked'));
    const threadId = await startThread();
    const first = await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'first' }] });
    await client.waitFor((n) => n.method === 'item/started' && n.params.item.type === 'commandExecution');
    const second = await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'second thought' }] });
    expect(second.result.turn.id).toBe(first.result.turn.id);
    writeFileSync(join(t.sb.workspace, 'go'), '');
    const done = await client.waitFor((n) => n.method === 'turn/completed');
    expect(done.params.turn.id).toBe(first.result.turn.id);
    expect(t.server.requests).toHaveLength(2);
    expect(JSON.stringify(t.server.requests[1]!.body.input)).toContain('second thought');
    expect(client.notifications.filter((n) => n.method === 'turn/started')).toHaveLength(1);
  });
});

describe('turn/steer', () => {
  it('puts the steered text in the next model request, after the tool output, and records it as a user message', async () => {
    t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: WAIT_FOR_GO, callId: 'wait1' }), R.message('Done, and I saw your note.'));
    const threadId = await startThread();
    const turn = await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'start the job' }] });
    const turnId = turn.result.turn.id;
    await client.waitFor((n) => n.method === 'item/started' && n.params.item.type === 'commandExecution');

    const steer = await client.request('turn/steer', {
      threadId,
      expectedTurnId: turnId,
      input: [{ type: 'text', text: 'also update the README' }],
      clientUserMessageId: 'steer-1',
    });
    expect(steer.error).toBeUndefined();
    expect(steer.result).toEqual({ turnId });
    writeFileSync(join(t.sb.workspace, 'go'), '');

    const done = await client.waitFor((n) => n.method === 'turn/completed');
    expect(done.params.turn.status).toBe('completed');
    expect(t.server.requests).toHaveLength(2);
    // The first request knew nothing of it; the second carries it after the command's output.
    expect(JSON.stringify(t.server.requests[0]!.body.input)).not.toContain('also update the README');
    const input = t.server.requests[1]!.body.input;
    const outputAt = input.findIndex((i: any) => i.type === 'function_call_output' && i.call_id === 'wait1');
    expect(outputAt).toBeGreaterThan(-1);
    expect(input[outputAt + 1]).toMatchObject({ type: 'message', role: 'user' });
    expect(textOf(input[outputAt + 1])).toBe('also update the README');

    // The client sees it as a userMessage item of the same turn, with its clientId.
    const userItems = client.notifications.filter((n) => n.method === 'item/completed' && n.params.item.type === 'userMessage');
    expect(userItems.map((n) => [n.params.turnId, n.params.item.content[0].text, n.params.item.clientId ?? null])).toEqual([
      [turnId, 'start the job', null],
      [turnId, 'also update the README', 'steer-1'],
    ]);

    // The rollout has it as Codex writes a user prompt: response item, user_message event, item.
    const path = (await client.request('thread/read', { threadId })).result.thread.path;
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.some((l) => l.type === 'response_item' && l.payload.role === 'user' && textOf(l.payload) === 'also update the README')).toBe(true);
    expect(lines.some((l) => l.type === 'event_msg' && l.payload.type === 'user_message' && l.payload.message === 'also update the README')).toBe(true);

    // A resumed thread sends it to the model again, in its place.
    client.close();
    client = AppServerClient.spawn(t.sb);
    t.server.enqueue(R.message('Resumed.'));
    await client.request('thread/resume', { threadId });
    await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'next' }] });
    await client.waitFor((n) => n.method === 'turn/completed');
    const resumedTexts = t.server.requests[2]!.body.input.filter((i: any) => i.role === 'user').map(textOf);
    expect(resumedTexts.indexOf('also update the README')).toBeGreaterThan(resumedTexts.indexOf('start the job'));
    expect(resumedTexts.at(-1)).toBe('next');
  }, 60_000);

  it('keeps the turn going for steered input that arrives while the model writes its final answer', async () => {
    // The first answer streams slowly, so the steer lands before it ends.
    t.server.enqueue({ ...R.reply(R.message('Working on it, slowly and at length.')), frameDelayMs: 150 }, R.message('Now with your addition.'));
    const threadId = await startThread();
    const turn = await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'write something' }] });
    await client.waitFor((n) => n.method === 'item/agentMessage/delta');
    const steer = await client.request('turn/steer', { threadId, expectedTurnId: turn.result.turn.id, input: [{ type: 'text', text: 'and mention tests' }] });
    expect(steer.result).toEqual({ turnId: turn.result.turn.id });
    const done = await client.waitFor((n) => n.method === 'turn/completed');
    expect(done.params.turn.status).toBe('completed');
    expect(t.server.requests).toHaveLength(2);
    expect(textOf(t.server.requests[1]!.body.input.at(-1))).toBe('and mention tests');
    const answers = client.notifications.filter((n) => n.method === 'item/completed' && n.params.item.type === 'agentMessage').map((n) => n.params.item.text);
    expect(answers).toEqual(['Working on it, slowly and at length.', 'Now with your addition.']);
  }, 60_000);

  it('refuses as Codex does: no running turn, another turn id, empty input, unknown thread', async () => {
    const threadId = await startThread();
    const idle = await client.request('turn/steer', { threadId, expectedTurnId: 'turn-x', input: [{ type: 'text', text: 'hi' }] });
    expect(idle.error).toMatchObject({ code: -32600, message: 'no active turn to steer' });

    t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: WAIT_FOR_GO, callId: 'wait2' }), R.message('Done.'));
    const turn = await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'go' }] });
    const turnId = turn.result.turn.id;
    await client.waitFor((n) => n.method === 'item/started' && n.params.item.type === 'commandExecution');
    const wrong = await client.request('turn/steer', { threadId, expectedTurnId: 'not-this-one', input: [{ type: 'text', text: 'hi' }] });
    expect(wrong.error).toMatchObject({ code: -32600, message: `expected active turn id \`not-this-one\` but found \`${turnId}\`` });
    const empty = await client.request('turn/steer', { threadId, expectedTurnId: turnId, input: [] });
    expect(empty.error).toMatchObject({ code: -32600, message: 'input must not be empty' });
    const unknown = await client.request('turn/steer', {
      threadId: '019a0000-0000-7000-8000-000000000000',
      expectedTurnId: turnId,
      input: [{ type: 'text', text: 'hi' }],
    });
    expect(unknown.error.message).toBe('thread not found: 019a0000-0000-7000-8000-000000000000');
    writeFileSync(join(t.sb.workspace, 'go'), '');
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === turnId);
    // None of the refused steers reached the model.
    expect(JSON.stringify(t.server.requests.map((r) => r.body.input))).not.toContain('"hi"');
    const late = await client.request('turn/steer', { threadId, expectedTurnId: turnId, input: [{ type: 'text', text: 'too late' }] });
    expect(late.error).toMatchObject({ code: -32600, message: 'no active turn to steer' });
  }, 60_000);

  it('keeps input steered into a turn that is then interrupted: the next turn sends it to the model', async () => {
    t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: 'sleep 30', yield_time_ms: 30000 }, callId: 'slow' }));
    const threadId = await startThread();
    const turn = await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'wait' }] });
    await client.waitFor((n) => n.method === 'item/started' && n.params.item.type === 'commandExecution');
    await client.request('turn/steer', { threadId, expectedTurnId: turn.result.turn.id, input: [{ type: 'text', text: 'remember this' }] });
    await client.request('turn/interrupt', { threadId, turnId: turn.result.turn.id });
    const done = await client.waitFor((n) => n.method === 'turn/completed');
    expect(done.params.turn.status).toBe('interrupted');
    expect(done.params.turn.items.filter((i: any) => i.type === 'userMessage').map((i: any) => i.content[0].text)).toEqual(['wait', 'remember this']);
    t.server.enqueue(R.message('Noted.'));
    await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'and now?' }] });
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id !== turn.result.turn.id);
    const texts = t.server.requests[1]!.body.input.filter((i: any) => i.role === 'user').map(textOf);
    expect(texts).toContain('remember this');
    expect(texts.at(-1)).toBe('and now?');
  }, 60_000);
});
