// Approvals fail closed over `codex app-server`: the real CLI over stdio, the
// scripted model asking for an escalated command (or a patch) that would write
// OUTSIDE the workspace, and the client answering with every malformed shape.
// Only an explicit accept may write the marker; the disk says what ran.
import { beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { responses as R } from './support/scriptedServer.js';
import { outputOf, scriptedSuite } from './support/cli.js';
import { AppServerClient } from './support/appServerClient.js';

const t = scriptedSuite();
let client: AppServerClient;
let marker: string;

beforeEach(() => {
  // Beside the workspace, not in it: only an unsandboxed command can write here.
  marker = join(dirname(t.sb.workspace), 'outside-marker.txt');
  client = AppServerClient.spawn(t.sb);
  return () => client.close();
});

const COMMAND = 'item/commandExecution/requestApproval';
const PATCH = 'item/fileChange/requestApproval';

const result = (value: unknown) => (msg: any) => [JSON.stringify({ id: msg.id, result: value })];

/** Malformed answers: none of them is a well-formed approval in Codex 0.169's schema. */
const MALFORMED: [string, (msg: any) => string[]][] = [
  ['{"decision":"denied"} (legacy no)', result({ decision: 'denied' })],
  ['{"decision":"approved"} (legacy yes)', result({ decision: 'approved' })],
  ['{}', result({})],
  ['{"decision":"no"}', result({ decision: 'no' })],
  ['the bare string "decline"', result('decline')],
  ['the bare string "accept"', result('accept')],
  ['null', result(null)],
  ['[]', result([])],
  ['{"decision":1}', result({ decision: 1 })],
  ['{"decision":true}', result({ decision: true })],
  ['{"decision":["accept"]}', result({ decision: ['accept'] })],
  ['an execpolicy amendment that was never offered', result({ decision: { acceptWithExecpolicyAmendment: { execpolicy_amendment: ['echo'] } } })],
  ['an error reply', (msg) => [JSON.stringify({ id: msg.id, error: { code: -32000, message: 'client broke' } })]],
  ['a reply with neither result nor error', (msg) => [JSON.stringify({ id: msg.id })]],
];

async function startTurn(approvalPolicy = 'on-request'): Promise<{ threadId: string; turnId: string }> {
  await client.initialized;
  const { result: started } = await client.request('thread/start', { cwd: t.sb.workspace, sandbox: 'workspace-write', approvalPolicy });
  const { result: turn } = await client.request('turn/start', { threadId: started.thread.id, input: [{ type: 'text', text: 'go' }] });
  return { threadId: started.thread.id, turnId: turn.turn.id };
}

function enqueueEscalated(callId: string): void {
  t.server.enqueue(
    R.functionCall({
      name: 'exec_command',
      arguments: { cmd: `echo ran >> ${marker}`, sandbox_permissions: 'require_escalated', justification: 'write outside' },
      callId,
    }),
    R.text('done'),
  );
}

function enqueueOutsidePatch(callId: string): void {
  const patch = `*** Begin Patch\n*** Add File: ${marker}\n+ran\n*** End Patch`;
  t.server.enqueue(R.customToolCall({ name: 'apply_patch', input: patch, callId }), R.text('done'));
}

const completedItem = (type: string) => client.notifications.find((n) => n.method === 'item/completed' && n.params.item.type === type)?.params.item;
const warnings = () => client.notifications.filter((n) => n.method === 'thread/warning').map((n) => n.params.message as string);

describe('codex app-server: a command approval that is not clearly given is a decline', () => {
  it.each(MALFORMED)('%s: the escalated command does not run', async (_name, answer) => {
    client.rawAnswer = answer;
    enqueueEscalated('esc');
    const { threadId } = await startTurn();
    const done = await client.waitFor((n) => n.method === 'turn/completed');
    expect(done.params.turn.status).toBe('completed');
    const asked = client.notifications.filter((n) => n.method === COMMAND);
    expect(asked).toHaveLength(1);
    expect(existsSync(marker)).toBe(false);
    expect(completedItem('commandExecution')).toMatchObject({ status: 'declined' });
    // The model is told it was declined.
    expect(JSON.stringify(outputOf(t.server.requests[1]!, 'esc'))).toContain('rejected by user');
    // Logged, naming the method, and announced resolved.
    expect(warnings().some((w) => w.includes(COMMAND) && w.includes('declined'))).toBe(true);
    expect(client.notifications.find((n) => n.method === 'serverRequest/resolved')?.params).toEqual({ threadId, requestId: asked[0].id });
  });

  it('a well-formed accept runs it (with fields Codex ignores): the marker can be written', async () => {
    client.rawAnswer = result({ decision: 'accept', note: 'unknown fields are ignored, as in Codex' });
    enqueueEscalated('ok');
    await startTurn();
    await client.waitFor((n) => n.method === 'turn/completed');
    expect(readFileSync(marker, 'utf8')).toBe('ran\n');
    expect(warnings()).toEqual([]);
  });

  it('cancel declines the command and interrupts the turn, as in Codex', async () => {
    client.rawAnswer = result({ decision: 'cancel' });
    enqueueEscalated('cancelled');
    await startTurn();
    const done = await client.waitFor((n) => n.method === 'turn/completed');
    expect(done.params.turn.status).toBe('interrupted');
    expect(existsSync(marker)).toBe(false);
    expect(completedItem('commandExecution')).toMatchObject({ status: 'declined' });
    // The turn stopped: the model was not asked to go on after the refusal.
    expect(t.server.requests).toHaveLength(1);
  });

  it('a second answer to the same request is ignored: decline then accept runs nothing', async () => {
    client.rawAnswer = (msg) => [...result({ decision: 'decline' })(msg), ...result({ decision: 'accept' })(msg)];
    enqueueEscalated('dup');
    await startTurn();
    await client.waitFor((n) => n.method === 'turn/completed');
    await client.request('thread/list', {}); // the duplicate has been read
    expect(existsSync(marker)).toBe(false);
    expect(completedItem('commandExecution')).toMatchObject({ status: 'declined' });
  });

  it('a second accept does not run the command twice', async () => {
    client.rawAnswer = (msg) => [...result({ decision: 'accept' })(msg), ...result({ decision: 'accept' })(msg)];
    enqueueEscalated('twice');
    await startTurn();
    await client.waitFor((n) => n.method === 'turn/completed');
    await client.request('thread/list', {});
    await sleep(300);
    expect(readFileSync(marker, 'utf8')).toBe('ran\n');
    expect(client.notifications.filter((n) => n.method === 'item/completed' && n.params.item.type === 'commandExecution')).toHaveLength(1);
  });

  it('an accept for an unknown id approves nothing', async () => {
    client.rawAnswer = (msg) => [
      JSON.stringify({ id: 'srv-999', result: { decision: 'accept' } }),
      JSON.stringify({ id: 4242, result: { decision: 'accept' } }),
      ...result({ decision: 'decline' })(msg),
    ];
    enqueueEscalated('unknown');
    await startTurn();
    await client.waitFor((n) => n.method === 'turn/completed');
    expect(existsSync(marker)).toBe(false);
    expect(completedItem('commandExecution')).toMatchObject({ status: 'declined' });
  });

  it('an accept after the turn was interrupted runs nothing', async () => {
    client.rawAnswer = () => []; // no answer while the turn runs
    enqueueEscalated('late');
    const { threadId, turnId } = await startTurn();
    const asked = await client.waitFor((n) => n.method === COMMAND);
    // The interrupt must not wait for the unanswered approval.
    const interrupted = await Promise.race([client.request('turn/interrupt', { threadId, turnId }), sleep(10_000).then(() => 'hung')]);
    expect(interrupted).not.toBe('hung');
    const done = await client.waitFor((n) => n.method === 'turn/completed');
    expect(done.params.turn.status).toBe('interrupted');
    client.send(JSON.stringify({ id: asked.id, result: { decision: 'accept' } }));
    await client.request('thread/list', {});
    await sleep(500);
    expect(existsSync(marker)).toBe(false);
    expect(client.notifications.find((n) => n.method === 'serverRequest/resolved')?.params).toEqual({ threadId, requestId: asked.id });
  });
});

describe('codex app-server: a patch approval that is not clearly given is a decline', () => {
  it.each(MALFORMED.filter(([name]) => !name.includes('execpolicy')))('%s: the patch outside the roots is not applied', async (_name, answer) => {
    client.rawAnswer = answer;
    enqueueOutsidePatch('p1');
    await startTurn();
    await client.waitFor((n) => n.method === 'turn/completed');
    expect(client.notifications.filter((n) => n.method === PATCH)).toHaveLength(1);
    expect(existsSync(marker)).toBe(false);
    expect(completedItem('fileChange')).toMatchObject({ status: 'declined' });
    expect(JSON.stringify(outputOf(t.server.requests[1]!, 'p1'))).toContain('rejected by user');
    expect(warnings().some((w) => w.includes(PATCH))).toBe(true);
  });

  it('an accept writes it (control)', async () => {
    client.rawAnswer = result({ decision: 'accept' });
    enqueueOutsidePatch('p2');
    await startTurn();
    await client.waitFor((n) => n.method === 'turn/completed');
    expect(readFileSync(marker, 'utf8')).toBe('ran\n');
  });

  it('an accept after the turn was interrupted writes nothing', async () => {
    client.rawAnswer = () => [];
    enqueueOutsidePatch('p3');
    const { threadId, turnId } = await startTurn();
    const asked = await client.waitFor((n) => n.method === PATCH);
    const interrupted = await Promise.race([client.request('turn/interrupt', { threadId, turnId }), sleep(10_000).then(() => 'hung')]);
    expect(interrupted).not.toBe('hung');
    await client.waitFor((n) => n.method === 'turn/completed');
    client.send(JSON.stringify({ id: asked.id, result: { decision: 'accept' } }));
    await client.request('thread/list', {});
    await sleep(500);
    expect(existsSync(marker)).toBe(false);
  });
});
