// Bad input to every thread/* and turn/* method over the real `codex app-server`
// (issue 14): unknown and archived thread ids, turns that ended, forks and
// steers of a running turn. Each row names the exact answer (Codex 0.169's code
// and words where Codex has them, checked against the reference below), and the
// rollouts on disk are compared byte for byte before and after every refusal.
import { beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { responses as R } from '../support/scriptedServer.js';
import { scriptedSuite } from '../support/cli.js';
import { rolloutSnapshot } from './rolloutSnapshot.js';
import { AppServerClient } from '../support/appServerClient.js';
import { CODEX_REFERENCE_MISSING, codexReferenceBin } from '../support/codexReference.js';

const t = scriptedSuite();
const UNKNOWN = '019a0000-0000-7000-8000-000000000000';
const text = (s: string) => [{ type: 'text', text: s }];

type Answer = { code: number; message: string } | { result: Record<string, unknown> };
/** One request with the answer it must get; `codex`: the reference answers exactly the same. */
interface Row {
  method: string;
  params: Record<string, unknown>;
  answer: Answer;
  codex: boolean;
}

const errorOf = (code: number, message: string): Answer => ({ code, message });
const INVALID_REQUEST = -32600;

/** Every thread/turn method aimed at a thread id no rollout has. */
function unknownThreadRows(id: string): Row[] {
  const noRollout = errorOf(INVALID_REQUEST, `no rollout found for thread id ${id}`);
  const notFound = errorOf(INVALID_REQUEST, `thread not found: ${id}`);
  return [
    { method: 'thread/resume', params: { threadId: id }, answer: noRollout, codex: true },
    { method: 'thread/unsubscribe', params: { threadId: id }, answer: { result: { status: 'notLoaded' } }, codex: true },
    { method: 'turn/start', params: { threadId: id, input: text('x') }, answer: notFound, codex: true },
    { method: 'turn/steer', params: { threadId: id, input: text('x'), expectedTurnId: 'turn-x' }, answer: notFound, codex: true },
    { method: 'turn/interrupt', params: { threadId: id, turnId: 'turn-x' }, answer: notFound, codex: true },
    { method: 'thread/shellCommand', params: { threadId: id, command: 'echo hi' }, answer: notFound, codex: true },
    { method: 'thread/compact/start', params: { threadId: id }, answer: notFound, codex: true },
    { method: 'thread/name/set', params: { threadId: id, name: 'n' }, answer: noRollout, codex: true },
    { method: 'thread/archive', params: { threadId: id }, answer: noRollout, codex: true },
    { method: 'thread/unarchive', params: { threadId: id }, answer: errorOf(INVALID_REQUEST, `no archived rollout found for thread id ${id}`), codex: true },
    { method: 'thread/fork', params: { threadId: id }, answer: noRollout, codex: true },
    { method: 'thread/delete', params: { threadId: id }, answer: noRollout, codex: true },
    // Codex answers "thread not loaded: ID" (read) and "thread not found: ID" (revert) for a thread that does not
    // exist at all; ours reads and reverts stored threads too, so it says that no rollout has the id.
    { method: 'thread/read', params: { threadId: id, includeTurns: true }, answer: noRollout, codex: false },
    { method: 'thread/revert', params: { threadId: id, beforeTurnId: 'turn-x' }, answer: noRollout, codex: false },
  ];
}

/** Every thread/turn method given an id that is not a UUID: Codex 0.169 parses it first and names the parse error. */
function malformedThreadRows(): Row[] {
  const uuidError = 'invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1';
  const thread = errorOf(INVALID_REQUEST, `invalid thread id: ${uuidError}`);
  const session = errorOf(INVALID_REQUEST, `invalid session id: ${uuidError}`);
  const id = 'nope';
  return [
    { method: 'thread/resume', params: { threadId: id }, answer: session, codex: true },
    { method: 'thread/fork', params: { threadId: id }, answer: session, codex: true },
    { method: 'thread/archive', params: { threadId: id }, answer: session, codex: true },
    { method: 'thread/unarchive', params: { threadId: id }, answer: session, codex: true },
    { method: 'thread/unsubscribe', params: { threadId: id }, answer: thread, codex: true },
    { method: 'thread/read', params: { threadId: id, includeTurns: true }, answer: thread, codex: true },
    { method: 'thread/name/set', params: { threadId: id, name: 'n' }, answer: thread, codex: true },
    { method: 'thread/delete', params: { threadId: id }, answer: thread, codex: true },
    { method: 'thread/revert', params: { threadId: id, beforeTurnId: 'turn-x' }, answer: thread, codex: true },
    { method: 'thread/compact/start', params: { threadId: id }, answer: thread, codex: true },
    { method: 'thread/shellCommand', params: { threadId: id, command: 'echo hi' }, answer: thread, codex: true },
    { method: 'turn/start', params: { threadId: id, input: text('x') }, answer: thread, codex: true },
    { method: 'turn/steer', params: { threadId: id, input: text('x'), expectedTurnId: 'turn-x' }, answer: thread, codex: true },
    { method: 'turn/interrupt', params: { threadId: id, turnId: 'turn-x' }, answer: thread, codex: true },
    { method: 'review/start', params: { threadId: id, target: { type: 'uncommittedChanges' } }, answer: thread, codex: true },
    // The words of the UUID parser for each way an id can be malformed.
    {
      method: 'thread/unsubscribe',
      params: { threadId: '' },
      answer: errorOf(INVALID_REQUEST, 'invalid thread id: invalid length: expected length 32 for simple format, found 0'),
      codex: true,
    },
    {
      method: 'thread/unsubscribe',
      params: { threadId: '019a0000-0000-7000-8000-0000-0000000' },
      answer: errorOf(INVALID_REQUEST, 'invalid thread id: invalid group count: expected 5, found 6'),
      codex: true,
    },
    {
      method: 'thread/unsubscribe',
      params: { threadId: '{019a0000-0000-7000-8000-00000000000}' },
      answer: errorOf(INVALID_REQUEST, 'invalid thread id: invalid group length in group 4: expected 12, found 13'),
      codex: true,
    },
    {
      method: 'thread/unsubscribe',
      params: { threadId: '019a0000-0000-7000-8000-00000000000é' },
      answer: errorOf(
        INVALID_REQUEST,
        'invalid thread id: invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `é` at 36',
      ),
      codex: true,
    },
    // Other spellings of a valid UUID are the same (here unknown) thread.
    { method: 'thread/unsubscribe', params: { threadId: `{${UNKNOWN.toUpperCase()}}` }, answer: { result: { status: 'notLoaded' } }, codex: true },
    {
      method: 'turn/start',
      params: { threadId: `urn:uuid:${UNKNOWN}`, input: text('x') },
      answer: errorOf(INVALID_REQUEST, `thread not found: ${UNKNOWN}`),
      codex: true,
    },
  ];
}

/** Every thread/turn method aimed at an archived thread (unarchive and delete succeed on one: threadControl.test.ts). */
function archivedThreadRows(id: string, turnId: string): Row[] {
  const archived = errorOf(INVALID_REQUEST, `session ${id} is archived. Run \`codex unarchive ${id}\` to unarchive it first.`);
  const notFound = errorOf(INVALID_REQUEST, `thread not found: ${id}`);
  return [
    { method: 'thread/resume', params: { threadId: id }, answer: archived, codex: true },
    { method: 'thread/unsubscribe', params: { threadId: id }, answer: { result: { status: 'notLoaded' } }, codex: true },
    { method: 'turn/start', params: { threadId: id, input: text('x') }, answer: notFound, codex: true },
    { method: 'turn/steer', params: { threadId: id, input: text('x'), expectedTurnId: turnId }, answer: notFound, codex: true },
    { method: 'turn/interrupt', params: { threadId: id, turnId }, answer: notFound, codex: true },
    { method: 'thread/shellCommand', params: { threadId: id, command: 'echo hi' }, answer: notFound, codex: true },
    { method: 'thread/fork', params: { threadId: id }, answer: archived, codex: true },
    // Codex says "no rollout found" (rename, archive) or "thread not found" (compact) here: ours names what is wrong.
    { method: 'thread/name/set', params: { threadId: id, name: 'n' }, answer: archived, codex: false },
    { method: 'thread/revert', params: { threadId: id, beforeTurnId: turnId }, answer: archived, codex: false },
    { method: 'thread/compact/start', params: { threadId: id }, answer: errorOf(INVALID_REQUEST, `thread not loaded: ${id} (resume it first)`), codex: false },
  ];
}

/** Sends each row and checks its answer; with `onlyCodexRows`, the rows Codex answers the same way. */
async function expectAnswers(client: AppServerClient, rows: Row[], onlyCodexRows = false): Promise<void> {
  for (const row of rows.filter((r) => !onlyCodexRows || r.codex)) {
    const res = await client.request(row.method, row.params);
    const got: Answer = res.error ? { code: res.error.code, message: res.error.message } : { result: res.result };
    expect(got, `${row.method} ${JSON.stringify(row.params)}`).toEqual(row.answer);
  }
}

/** A thread with one completed turn, archived by the server that ran it. */
async function archivedThread(client: AppServerClient): Promise<{ id: string; turnId: string; archivedPath: string }> {
  const started = await client.request('thread/start', { cwd: t.sb.workspace, sandbox: 'read-only' });
  const id = started.result.thread.id;
  t.server.enqueue(R.message('done'));
  const turn = await client.request('turn/start', { threadId: id, input: text('hello') });
  await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === turn.result.turn.id, 60_000);
  expect((await client.request('thread/archive', { threadId: id })).result).toEqual({});
  const archivedDir = join(t.sb.home, 'archived_sessions');
  const archivedPath = join(
    archivedDir,
    readdirSync(archivedDir).find((f) => f.includes(id))!,
  );
  return { id, turnId: turn.result.turn.id, archivedPath };
}

let client: AppServerClient;
beforeEach(async () => {
  client = AppServerClient.spawn(t.sb);
  await client.initialized;
  return () => client.close();
});

describe('unknown thread ids', () => {
  it('every thread/turn method refuses with a clear error, and nothing is written under CODEX_HOME', async () => {
    await expectAnswers(client, unknownThreadRows(UNKNOWN));
    expect(rolloutSnapshot(t.sb.home).size).toBe(0);
  });
});

describe('thread ids that are not UUIDs', () => {
  it('every thread/turn method answers the UUID parse error; other spellings of a UUID name the same thread', async () => {
    await expectAnswers(client, malformedThreadRows());
    const started = await client.request('thread/start', { cwd: t.sb.workspace, sandbox: 'read-only' });
    const id: string = started.result.thread.id;
    const read = await client.request('thread/read', { threadId: id.toUpperCase().replaceAll('-', '') });
    expect(read.result.thread.id).toBe(id);
    expect((await client.request('thread/unsubscribe', { threadId: `{${id}}` })).result).toEqual({ status: 'unsubscribed' });
  });
});

describe('archived thread ids', () => {
  it('refused by the server that archived it and by a fresh one; thread/read still reads it; the rollout is untouched', async () => {
    const { id, turnId, archivedPath } = await archivedThread(client);
    const before = rolloutSnapshot(t.sb.home);
    expect([...before.keys()]).toEqual([archivedPath]);
    await expectAnswers(client, archivedThreadRows(id, turnId));
    const fresh = AppServerClient.spawn(t.sb);
    try {
      await fresh.initialized;
      await expectAnswers(fresh, archivedThreadRows(id, turnId));
      const read = await fresh.request('thread/read', { threadId: id, includeTurns: true });
      expect(read.result.thread.id).toBe(id);
      expect(read.result.thread.turns.map((turn: any) => turn.id)).toEqual([turnId]);
    } finally {
      fresh.close();
    }
    expect(rolloutSnapshot(t.sb.home)).toEqual(before);
  });
});

describe('a loaded thread whose turn has ended', () => {
  it('steer, interrupt, fork or revert at an unknown turn, and empty input are refused; the rollout is untouched; the thread still works', async () => {
    const started = await client.request('thread/start', { cwd: t.sb.workspace, sandbox: 'read-only' });
    const id = started.result.thread.id;
    t.server.enqueue(R.message('first answer'));
    const turn = await client.request('turn/start', { threadId: id, input: text('first') });
    const turnId = turn.result.turn.id;
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === turnId, 60_000);
    const before = rolloutSnapshot(t.sb.home);
    await expectAnswers(client, endedTurnRows(id, turnId, started.result.thread.path));
    expect(rolloutSnapshot(t.sb.home)).toEqual(before);
    expect(t.server.requests).toHaveLength(1);
    // Still usable: the next turn runs, and the model sees nothing of the refused input.
    t.server.enqueue(R.message('second answer'));
    const next = await client.request('turn/start', { threadId: id, input: text('second') });
    const done = await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === next.result.turn.id, 60_000);
    expect(done.params.turn.status).toBe('completed');
    expect(JSON.stringify(t.server.requests[1]!.body.input)).not.toContain('steered late');
  });
});

function endedTurnRows(id: string, turnId: string, path: string): Row[] {
  return [
    {
      method: 'turn/steer',
      params: { threadId: id, input: text('steered late'), expectedTurnId: turnId },
      answer: errorOf(INVALID_REQUEST, 'no active turn to steer'),
      codex: true,
    },
    { method: 'turn/interrupt', params: { threadId: id, turnId }, answer: errorOf(INVALID_REQUEST, 'no active turn to interrupt'), codex: true },
    { method: 'turn/interrupt', params: { threadId: id, turnId: 'turn-x' }, answer: errorOf(INVALID_REQUEST, 'no active turn to interrupt'), codex: true },
    { method: 'thread/fork', params: { threadId: id, lastTurnId: 'turn-x' }, answer: errorOf(INVALID_REQUEST, 'turn not found: turn-x'), codex: true },
    { method: 'thread/revert', params: { threadId: id, beforeTurnId: 'turn-x' }, answer: errorOf(INVALID_REQUEST, 'turn not found: turn-x'), codex: true },
    { method: 'thread/shellCommand', params: { threadId: id, command: '   ' }, answer: errorOf(INVALID_REQUEST, 'command must not be empty'), codex: true },
    { method: 'thread/name/set', params: { threadId: id, name: '  ' }, answer: errorOf(INVALID_REQUEST, 'thread name must not be empty'), codex: true },
    // Codex answers "already has an active writer" here; ours says what the request got wrong.
    { method: 'thread/unarchive', params: { threadId: id }, answer: errorOf(INVALID_REQUEST, `thread ${id} is not archived (${path})`), codex: false },
  ];
}

describe('a thread with a running turn', () => {
  it('fork copies only the completed turns and cannot fork through the running one; archive, revert, compact refuse; the parent rollout only grows', async () => {
    const started = await client.request('thread/start', { cwd: t.sb.workspace, sandbox: 'read-only' });
    const id = started.result.thread.id;
    const path: string = started.result.thread.path;
    t.server.enqueue(R.message('first answer'));
    const first = await client.request('turn/start', { threadId: id, input: text('first') });
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === first.result.turn.id, 60_000);
    t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: 'sleep 30', yield_time_ms: 30000 }, callId: 'slow' }));
    const running = await client.request('turn/start', { threadId: id, input: text('still running') });
    const runningId = running.result.turn.id;
    await client.waitFor((n) => n.method === 'item/started' && n.params.item.type === 'commandExecution');
    const before = readFileSync(path, 'latin1');
    await expectAnswers(client, runningTurnRows(id, first.result.turn.id, runningId));
    // Codex 0.169 archives a thread under its running turn; ours refuses until the turn ends, so no rollout moves while written.
    expect((await client.request('thread/archive', { threadId: id })).error.message).toContain('turn in progress');
    expect((await client.request('thread/revert', { threadId: id, beforeTurnId: first.result.turn.id })).error.message).toContain('has a turn in progress');
    expect((await client.request('thread/delete', { threadId: id })).error.message).toContain('turn in progress');
    const fork = await client.request('thread/fork', { threadId: id });
    const forkRecords = readFileSync(fork.result.thread.path, 'utf8');
    expect(forkRecords).toContain('first answer');
    expect(forkRecords).not.toContain('still running');
    // The refusals moved nothing: the parent is where it was and has only grown (the running turn writes on).
    const after = readFileSync(path, 'latin1');
    expect(after.startsWith(before)).toBe(true);
    expect(existsSync(join(t.sb.home, 'archived_sessions'))).toBe(false);
    await client.request('turn/interrupt', { threadId: id, turnId: runningId });
    const done = await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === runningId);
    expect(done.params.turn.status).toBe('interrupted');
    for (const line of readFileSync(path, 'utf8').trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  }, 60_000);
});

/** Requests a running turn refuses; Codex 0.169 compacts a running thread, so that row is ours alone. */
function runningTurnRows(id: string, finishedId: string, runningId: string): Row[] {
  return [
    {
      method: 'thread/fork',
      params: { threadId: id, lastTurnId: runningId },
      answer: errorOf(INVALID_REQUEST, `lastTurnId '${runningId}' identifies an in-progress turn`),
      codex: true,
    },
    {
      method: 'turn/interrupt',
      params: { threadId: id, turnId: 'turn-x' },
      answer: errorOf(INVALID_REQUEST, `expected active turn id turn-x but found ${runningId}`),
      codex: true,
    },
    {
      method: 'turn/steer',
      params: { threadId: id, input: text('x'), expectedTurnId: finishedId },
      answer: errorOf(INVALID_REQUEST, `expected active turn id \`${finishedId}\` but found \`${runningId}\``),
      codex: true,
    },
    {
      method: 'thread/compact/start',
      params: { threadId: id },
      answer: errorOf(INVALID_REQUEST, `thread ${id} has a turn in progress; compact it when the turn has ended`),
      codex: false,
    },
  ];
}

describe('the same bad input to the reference Codex 0.169', () => {
  it('answers every row marked codex with the same code and message', async () => {
    const bin = codexReferenceBin();
    if (!bin) throw new Error(CODEX_REFERENCE_MISSING);
    client.close();
    const ref = AppServerClient.spawn(t.sb, { bin });
    try {
      await ref.initialized;
      await expectAnswers(ref, unknownThreadRows(UNKNOWN), true);
      await expectAnswers(ref, malformedThreadRows(), true);
      const { id, turnId } = await archivedThread(ref);
      await expectAnswers(ref, archivedThreadRows(id, turnId), true);
      const started = await ref.request('thread/start', { cwd: t.sb.workspace, sandbox: 'read-only' });
      t.server.enqueue(R.message('first answer'));
      const turn = await ref.request('turn/start', { threadId: started.result.thread.id, input: text('first') });
      await ref.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === turn.result.turn.id, 60_000);
      await expectAnswers(ref, endedTurnRows(started.result.thread.id, turn.result.turn.id, started.result.thread.path), true);
      t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: 'sleep 30', yield_time_ms: 30000 }, callId: 'slow' }));
      const running = await ref.request('turn/start', { threadId: started.result.thread.id, input: text('still running') });
      await ref.waitFor((n) => n.method === 'item/started' && n.params.item.type === 'commandExecution', 30_000);
      await expectAnswers(ref, runningTurnRows(started.result.thread.id, turn.result.turn.id, running.result.turn.id), true);
      await ref.request('turn/interrupt', { threadId: started.result.thread.id, turnId: running.result.turn.id });
    } finally {
      ref.close();
    }
  }, 90_000);
});

/** Malformed and other-spelled ids of every shape the UUID parser tells apart (lengths, groups, prefixes, multibyte characters). */
const ID_SHAPES = [
  '',
  'a',
  'abcdefgh',
  '019a0000000070008000000000000000',
  '019A0000000070008000000000000000a',
  '019a000000007000800000000000000g',
  '019A0000-0000-7000-8000-000000000000',
  'urn:uuid:019a0000-0000-7000-8000-000000000000',
  'urn:uuid:019a0000000070008000000000000000',
  'urn:uuid:nope',
  '{019a0000-0000-7000-8000-000000000000}',
  '{019a0000-0000-7000-8000-000000000000',
  '{}',
  '019a0000-0000-7000-8000-00000000000',
  '019a0000-0000-7000-8000-0000000000000',
  '019a00000-000-7000-8000-000000000000',
  '019a0000-0000-7000-8000000000000000',
  '019a0000-0000-7000-8000-0000000000-0',
  '----',
  '019a0000+0000-7000-8000-000000000000',
  ' 019a0000-0000-7000-8000-000000000000',
  'é',
  '019a0000-0000-7000-8000-00000000000é',
  '0000000000000000000000000000000000000000000000',
];

describe('thread ids of every shape, ours and the reference Codex 0.169', () => {
  it('thread/unsubscribe and turn/start answer each the same way', async () => {
    const bin = codexReferenceBin();
    if (!bin) throw new Error(CODEX_REFERENCE_MISSING);
    const ref = AppServerClient.spawn(t.sb, { bin });
    try {
      await ref.initialized;
      for (const threadId of ID_SHAPES) {
        for (const [method, params] of [
          ['thread/unsubscribe', { threadId }],
          ['turn/start', { threadId, input: text('x') }],
        ] as const) {
          const [ours, theirs] = await Promise.all([client.request(method, params), ref.request(method, params)]);
          expect({ threadId, method, answer: ours.error ?? ours.result }).toEqual({ threadId, method, answer: theirs.error ?? theirs.result });
        }
      }
    } finally {
      ref.close();
    }
  }, 60_000);
});
