// Thread control over the real `codex app-server`: read, rename, archive /
// unarchive, delete, fork, revert, compact and model/list, each with its
// errors, and the rollouts on disk checked after every step.
import { beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { responses as R } from './support/scriptedServer.js';
import { scriptedSuite } from './support/cli.js';
import { AppServerClient } from './support/appServerClient.js';

const t = scriptedSuite();
let client: AppServerClient;
beforeEach(async () => {
  client = AppServerClient.spawn(t.sb);
  await client.initialized;
  return () => client.close();
});

function records(path: string): any[] {
  return readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

async function ok(method: string, params: unknown): Promise<any> {
  const res = await client.request(method, params);
  expect(res.error, `${method}: ${JSON.stringify(res.error)}`).toBeUndefined();
  return res.result;
}

async function err(method: string, params: unknown): Promise<{ code: number; message: string }> {
  const res = await client.request(method, params);
  expect(res.error, `${method} should fail: ${JSON.stringify(res.result)}`).toBeDefined();
  return res.error;
}

/** A thread with one completed turn per prompt; answers are "re: <prompt>". */
async function threadWithTurns(prompts: string[]): Promise<{ id: string; path: string; turnIds: string[] }> {
  const started = await ok('thread/start', { cwd: t.sb.workspace, sandbox: 'read-only' });
  const id = started.thread.id;
  const turnIds: string[] = [];
  for (const prompt of prompts) {
    t.server.enqueue(R.message(`re: ${prompt}`));
    const turn = await ok('turn/start', { threadId: id, input: [{ type: 'text', text: prompt }] });
    const done = await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === turn.turn.id);
    expect(done.params.turn.status).toBe('completed');
    turnIds.push(turn.turn.id);
  }
  return { id, path: started.thread.path, turnIds };
}

const userTexts = (thread: any) => thread.turns.flatMap((turn: any) => turn.items.filter((i: any) => i.type === 'userMessage').map((i: any) => i.content[0].text));
const UNKNOWN = '019a0000-0000-7000-8000-000000000000';

describe('thread/read', () => {
  it('reads a loaded thread and a stored one, with or without turns', async () => {
    const { id, path } = await threadWithTurns(['one', 'two']);
    const live = await ok('thread/read', { threadId: id, includeTurns: true });
    expect(live.thread.id).toBe(id);
    expect(live.thread.path).toBe(path);
    expect(userTexts(live.thread)).toEqual(['one', 'two']);
    expect((await ok('thread/read', { threadId: id })).thread.turns).toEqual([]);

    // A second server that never loaded the thread reads it from its rollout.
    const other = AppServerClient.spawn(t.sb);
    try {
      await other.initialized;
      const stored = await other.request('thread/read', { threadId: id, includeTurns: true });
      expect(stored.result.thread.preview).toBe('one');
      expect(userTexts(stored.result.thread)).toEqual(['one', 'two']);
      expect(stored.result.thread.turns.every((turn: any) => turn.status === 'completed')).toBe(true);
    } finally {
      other.close();
    }
  });

  it('names an unknown thread id', async () => {
    const e = await err('thread/read', { threadId: UNKNOWN });
    expect(e.message).toBe(`no rollout found for thread id ${UNKNOWN}`);
  });
});

describe('thread/name/set', () => {
  it('stores the name in session_index.jsonl as Codex does, notifies, and lists it', async () => {
    const { id } = await threadWithTurns(['hello']);
    await ok('thread/name/set', { threadId: id, name: '  Fix the parser ' });
    const index = readFileSync(join(t.sb.home, 'session_index.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(index).toHaveLength(1);
    expect(index[0]).toMatchObject({ id, thread_name: 'Fix the parser' });
    expect(Number.isNaN(Date.parse(index[0].updated_at))).toBe(false);
    const note = await client.waitFor((n) => n.method === 'thread/name/updated');
    expect(note.params).toEqual({ threadId: id, threadName: 'Fix the parser' });
    await ok('thread/name/set', { threadId: id, name: 'Renamed' });
    const list = await ok('thread/list', {});
    expect(list.data.find((th: any) => th.id === id).name).toBe('Renamed');
    expect((await ok('thread/list', { searchTerm: 'renamed' })).data.map((th: any) => th.id)).toEqual([id]);
    expect((await ok('thread/read', { threadId: id })).thread.name).toBe('Renamed');
  });

  it('refuses an empty name and an unknown thread', async () => {
    const { id } = await threadWithTurns(['hello']);
    expect((await err('thread/name/set', { threadId: id, name: '   ' })).message).toBe('name: a thread name must not be empty');
    expect((await err('thread/name/set', { threadId: UNKNOWN, name: 'x' })).message).toContain(UNKNOWN);
    expect(existsSync(join(t.sb.home, 'session_index.jsonl'))).toBe(false);
  });
});

describe('thread/archive and thread/unarchive', () => {
  it('moves the rollout to archived_sessions/ (flat) and back to its dated folder, byte for byte', async () => {
    const { id, path } = await threadWithTurns(['keep me']);
    const before = readFileSync(path);
    await ok('thread/archive', { threadId: id });
    const archived = join(t.sb.home, 'archived_sessions', basename(path));
    expect(existsSync(path)).toBe(false);
    expect(readFileSync(archived)).toEqual(before);
    expect((await client.waitFor((n) => n.method === 'thread/archived')).params).toEqual({ threadId: id });
    expect((await ok('thread/list', {})).data.map((th: any) => th.id)).not.toContain(id);
    // Archived: readable, but not to be resumed, forked, reverted or archived again.
    expect((await ok('thread/read', { threadId: id })).thread.path).toBe(archived);
    expect((await err('thread/archive', { threadId: id })).message).toContain('already archived');
    expect((await err('thread/fork', { threadId: id })).message).toContain('is archived');
    expect((await err('thread/revert', { threadId: id, beforeTurnId: 'x' })).message).toContain('is archived');

    const un = await ok('thread/unarchive', { threadId: id });
    expect(un.thread.id).toBe(id);
    expect(un.thread.path).toBe(path);
    expect(readFileSync(path)).toEqual(before);
    expect(existsSync(archived)).toBe(false);
    expect((await client.waitFor((n) => n.method === 'thread/unarchived')).params).toEqual({ threadId: id });
    expect((await err('thread/unarchive', { threadId: id })).message).toContain('is not archived');
    expect((await err('thread/archive', { threadId: UNKNOWN })).message).toContain(UNKNOWN);
  });

  it('refuses to archive a thread with a running turn, and the rollout stays where it was', async () => {
    const started = await ok('thread/start', { cwd: t.sb.workspace, sandbox: 'danger-full-access' });
    t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: 'sleep 30', yield_time_ms: 30000 }, callId: 'slow' }));
    const turn = await ok('turn/start', { threadId: started.thread.id, input: [{ type: 'text', text: 'wait' }] });
    await client.waitFor((n) => n.method === 'item/started' && n.params.item.type === 'commandExecution');
    expect((await err('thread/archive', { threadId: started.thread.id })).message).toContain('has a turn in progress');
    expect((await err('thread/delete', { threadId: started.thread.id })).message).toContain('has a turn in progress');
    expect((await err('thread/compact/start', { threadId: started.thread.id })).message).toContain('has a turn in progress');
    expect((await err('thread/revert', { threadId: started.thread.id, beforeTurnId: turn.turn.id })).message).toContain('has a turn in progress');
    expect(existsSync(started.thread.path)).toBe(true);
    await ok('turn/interrupt', { threadId: started.thread.id, turnId: turn.turn.id });
  });
});

describe('thread/delete', () => {
  it('removes the rollout of a live or archived thread, and the thread from the list', async () => {
    const a = await threadWithTurns(['a']);
    const b = await threadWithTurns(['b']);
    await ok('thread/delete', { threadId: a.id });
    expect(existsSync(a.path)).toBe(false);
    expect((await client.waitFor((n) => n.method === 'thread/deleted')).params).toEqual({ threadId: a.id });
    await ok('thread/archive', { threadId: b.id });
    await ok('thread/delete', { threadId: b.id });
    expect(readdirSync(join(t.sb.home, 'archived_sessions'))).toEqual([]);
    expect((await ok('thread/list', {})).data).toEqual([]);
    expect((await err('thread/delete', { threadId: a.id })).message).toBe(`no rollout found for thread id ${a.id}`);
    // The deleted thread is no longer loaded: a turn on it is refused.
    expect((await err('turn/start', { threadId: a.id, input: [{ type: 'text', text: 'x' }] })).message).toContain(a.id);
  });
});
