// Thread control over the real `codex app-server`: read, rename, archive /
// unarchive, delete, fork, revert, compact and model/list, each with its
// errors, and the rollouts on disk checked after every step.
import { beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { responses as R } from './support/scriptedServer.js';
import { scriptedSuite } from './support/cli.js';
import { AppServerClient } from './support/appServerClient.js';
import { CODEX_REFERENCE_MISSING, codexReferenceBin } from './support/codexReference.js';

const t = scriptedSuite();
let client: AppServerClient;
beforeEach(async () => {
  client = AppServerClient.spawn(t.sb);
  await client.initialized;
  return () => client.close();
});

function records(path: string): any[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
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

const userTexts = (thread: any) =>
  thread.turns.flatMap((turn: any) => turn.items.filter((i: any) => i.type === 'userMessage').map((i: any) => i.content[0].text));
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
    const index = readFileSync(join(t.sb.home, 'session_index.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
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
    // A server resuming it shows the name too.
    const other = AppServerClient.spawn(t.sb);
    try {
      await other.initialized;
      expect((await other.request('thread/resume', { threadId: id })).result.thread.name).toBe('Renamed');
    } finally {
      other.close();
    }
  });

  it('refuses an empty name and an unknown thread', async () => {
    const { id } = await threadWithTurns(['hello']);
    expect((await err('thread/name/set', { threadId: id, name: '   ' })).message).toBe('thread name must not be empty');
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
    expect((await ok('thread/list', { archived: true })).data.map((th: any) => th.path)).toEqual([archived]);
    // Archived: readable, but not to be resumed, forked, reverted or archived again.
    expect((await ok('thread/read', { threadId: id })).thread.path).toBe(archived);
    expect((await err('thread/archive', { threadId: id })).message).toContain('already archived');
    const archivedMessage = `session ${id} is archived. Run \`codex unarchive ${id}\` to unarchive it first.`;
    for (const [method, params] of [
      ['thread/resume', { threadId: id }],
      ['thread/fork', { threadId: id }],
      ['thread/revert', { threadId: id, beforeTurnId: 'x' }],
      ['thread/name/set', { threadId: id, name: 'x' }],
    ] as const) {
      const e = await err(method, params);
      expect(e, method).toEqual({ code: -32600, message: archivedMessage });
    }
    expect((await err('turn/start', { threadId: id, input: [{ type: 'text', text: 'x' }] })).message).toBe(`thread not found: ${id}`);

    const un = await ok('thread/unarchive', { threadId: id });
    expect(un.thread.id).toBe(id);
    expect(un.thread.path).toBe(path);
    expect(readFileSync(path)).toEqual(before);
    expect(existsSync(archived)).toBe(false);
    expect((await client.waitFor((n) => n.method === 'thread/unarchived')).params).toEqual({ threadId: id });
    expect((await err('thread/unarchive', { threadId: id })).message).toContain('is not archived');
    expect((await ok('thread/list', { archived: true })).data).toEqual([]);
    expect((await ok('thread/list', {})).data.map((th: any) => th.id)).toEqual([id]);
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
    await ok('thread/name/set', { threadId: a.id, name: 'first' });
    await ok('thread/name/set', { threadId: b.id, name: 'second' });
    await ok('thread/delete', { threadId: a.id });
    expect(existsSync(a.path)).toBe(false);
    // Its name goes too (as in Codex); the other thread's stays.
    expect(
      readFileSync(join(t.sb.home, 'session_index.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual([b.id]);
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

/** Texts of the user messages the model received in a recorded request. */
const sentUserTexts = (req: { body: any }) =>
  req.body.input
    .filter((i: any) => i.type === 'message' && i.role === 'user')
    .map((i: any) => i.content.map((c: any) => c.text).join(''))
    .filter((text: string) => !text.startsWith('<'));

describe('thread/fork', () => {
  it('copies the whole history into a new rollout with forked_from_id; the parent is untouched', async () => {
    const src = await threadWithTurns(['one', 'two']);
    await ok('thread/name/set', { threadId: src.id, name: 'Parent' });
    const parentBefore = readFileSync(src.path);
    const fork = await ok('thread/fork', { threadId: src.id });
    const f = fork.thread;
    expect(f.id).not.toBe(src.id);
    expect(f.forkedFromId).toBe(src.id);
    expect(f.name).toBe('Parent');
    expect(userTexts(f)).toEqual(['one', 'two']);
    expect(f.path).toMatch(new RegExp(`/sessions/\\d{4}/\\d{2}/\\d{2}/rollout-[\\dT-]+-${f.id}\\.jsonl$`));
    expect(readFileSync(src.path)).toEqual(parentBefore);
    const [meta, ...rest] = records(f.path);
    expect(meta.type).toBe('session_meta');
    expect(meta.payload).toMatchObject({ id: f.id, forked_from_id: src.id, cwd: t.sb.workspace });
    const parentRest = records(src.path).slice(1);
    expect(rest.map((r) => ({ ...r, ordinal: undefined }))).toEqual(parentRest.map((r) => ({ ...r, ordinal: undefined })));
    expect([meta, ...rest].map((r) => r.ordinal)).toEqual([...Array(rest.length + 1).keys()]);
    expect((await client.waitFor((n) => n.method === 'thread/started' && n.params.thread.id === f.id)).params.thread.forkedFromId).toBe(src.id);

    // The fork goes on with the copied history; the parent does not see its turn.
    t.server.enqueue(R.message('forked answer'));
    const turn = await ok('turn/start', { threadId: f.id, input: [{ type: 'text', text: 'three' }] });
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === turn.turn.id);
    expect(sentUserTexts(t.server.requests.at(-1)!)).toEqual(['one', 'two', 'three']);
    expect(readFileSync(src.path)).toEqual(parentBefore);
    // Deleting the parent leaves the fork whole (it holds a copy, not a reference).
    await ok('thread/delete', { threadId: src.id });
    expect(userTexts((await ok('thread/read', { threadId: f.id, includeTurns: true })).thread)).toEqual(['one', 'two', 'three']);
  });

  it('forks through a chosen earlier turn', async () => {
    const src = await threadWithTurns(['one', 'two', 'three']);
    const fork = await ok('thread/fork', { threadId: src.id, lastTurnId: src.turnIds[0], excludeTurns: true });
    expect(fork.thread.turns).toEqual([]);
    const read = await ok('thread/read', { threadId: fork.thread.id, includeTurns: true });
    expect(userTexts(read.thread)).toEqual(['one']);
    t.server.enqueue(R.message('ok'));
    const turn = await ok('turn/start', { threadId: fork.thread.id, input: [{ type: 'text', text: 'instead' }] });
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === turn.turn.id);
    const input = t.server.requests.at(-1)!.body.input;
    expect(sentUserTexts({ body: { input } })).toEqual(['one', 'instead']);
    expect(JSON.stringify(input)).toContain('re: one');
    expect(JSON.stringify(input)).not.toContain('re: two');
  });

  it('from a thread with a running turn: forks through the last completed turn; the running turn cannot be chosen', async () => {
    const src = await threadWithTurns(['done']);
    t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: 'sleep 30', yield_time_ms: 30000 }, callId: 'slow' }));
    const running = await ok('turn/start', { threadId: src.id, input: [{ type: 'text', text: 'still running' }] });
    await client.waitFor((n) => n.method === 'item/started' && n.params.item.type === 'commandExecution');
    const e = await err('thread/fork', { threadId: src.id, lastTurnId: running.turn.id });
    expect(e.message).toBe(`lastTurnId '${running.turn.id}' identifies an in-progress turn`);
    const fork = await ok('thread/fork', { threadId: src.id });
    expect(userTexts(fork.thread)).toEqual(['done']);
    expect(JSON.stringify(records(fork.thread.path))).not.toContain('still running');
    expect((await err('thread/fork', { threadId: src.id, lastTurnId: 'no-such-turn' })).message).toBe('turn not found: no-such-turn');
    expect((await err('thread/fork', { threadId: UNKNOWN })).message).toBe(`no rollout found for thread id ${UNKNOWN}`);
    await ok('turn/interrupt', { threadId: src.id, turnId: running.turn.id });
  });
});

describe('thread/revert', () => {
  it('drops a turn and every later one: the rollout becomes its own prefix, and the model no longer sees them', async () => {
    const src = await threadWithTurns(['one', 'two', 'three']);
    const before = readFileSync(src.path, 'utf8');
    const res = await ok('thread/revert', { threadId: src.id, beforeTurnId: src.turnIds[1] });
    expect(res).toMatchObject({ thread: { id: src.id, turns: [] }, turnsBackwardsCursor: null, itemsBackwardsCursor: null });
    const after = readFileSync(src.path, 'utf8');
    expect(before.startsWith(after)).toBe(true);
    expect(after).toContain('"one"');
    expect(after).not.toContain('"two"');
    expect((await client.waitFor((n) => n.method === 'thread/reverted')).params).toEqual({ threadId: src.id });
    expect(userTexts((await ok('thread/read', { threadId: src.id, includeTurns: true })).thread)).toEqual(['one']);
    // The thread stays loaded with its settings and goes on from the kept history.
    t.server.enqueue(R.message('again'));
    const turn = await ok('turn/start', { threadId: src.id, input: [{ type: 'text', text: 'edited two' }] });
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === turn.turn.id);
    expect(sentUserTexts(t.server.requests.at(-1)!)).toEqual(['one', 'edited two']);
    expect(JSON.stringify(t.server.requests.at(-1)!.body.input)).not.toContain('re: two');
    expect(records(src.path).find((r) => r.type === 'turn_context' && r.payload.turn_id === turn.turn.id).payload.sandbox_policy).toEqual({
      type: 'readOnly',
      networkAccess: false,
    });
  });

  it('a revert whose new file cannot be written leaves the old rollout whole and the thread loaded', async () => {
    const src = await threadWithTurns(['one', 'two']);
    const before = readFileSync(src.path);
    // The server's temporary file name is taken by a directory, so writing it fails.
    mkdirSync(join(src.path, '..', `.${basename(src.path)}.${client.proc.pid}.tmp`));
    const e = await err('thread/revert', { threadId: src.id, beforeTurnId: src.turnIds[1] });
    expect(e.message).toContain('EISDIR');
    expect(readFileSync(src.path)).toEqual(before);
    expect(userTexts((await ok('thread/read', { threadId: src.id, includeTurns: true })).thread)).toEqual(['one', 'two']);
    t.server.enqueue(R.message('still here'));
    const turn = await ok('turn/start', { threadId: src.id, input: [{ type: 'text', text: 'three' }] });
    expect((await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === turn.turn.id)).params.turn.status).toBe('completed');
    expect(sentUserTexts(t.server.requests.at(-1)!)).toEqual(['one', 'two', 'three']);
  });

  it('reverts a stored thread no server has loaded, and refuses unknown turns without touching the file', async () => {
    const src = await threadWithTurns(['one', 'two']);
    const other = AppServerClient.spawn(t.sb);
    try {
      await other.initialized;
      const before = readFileSync(src.path);
      const bad = await other.request('thread/revert', { threadId: src.id, beforeTurnId: 'nope' });
      expect(bad.error.message).toBe('turn not found: nope');
      expect(readFileSync(src.path)).toEqual(before);
      const res = await other.request('thread/revert', { threadId: src.id, beforeTurnId: src.turnIds[0] });
      expect(res.result.thread.id).toBe(src.id);
      expect(records(src.path).map((r) => r.type)).toEqual(['session_meta']);
      expect(readdirSync(join(src.path, '..')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      other.close();
    }
    expect((await err('thread/revert', { threadId: UNKNOWN, beforeTurnId: 'x' })).message).toBe(`no rollout found for thread id ${UNKNOWN}`);
  });
});

describe('thread/compact/start', () => {
  it('compacts now, as a turn with a contextCompaction item; later turns get the summary instead of the history', async () => {
    const src = await threadWithTurns(['one', 'two']);
    t.server.enqueue(R.message('SUMMARY OF WORK'));
    expect(await ok('thread/compact/start', { threadId: src.id })).toEqual({});
    const done = await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.items.some((i: any) => i.type === 'contextCompaction'));
    expect(done.params.turn.status).toBe('completed');
    const compacted = records(src.path).filter((r) => r.type === 'compacted');
    expect(compacted).toHaveLength(1);
    expect(compacted[0].payload.message).toBe('SUMMARY OF WORK');
    t.server.enqueue(R.message('after'));
    const turn = await ok('turn/start', { threadId: src.id, input: [{ type: 'text', text: 'next' }] });
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === turn.turn.id);
    const input = JSON.stringify(t.server.requests.at(-1)!.body.input);
    expect(input).toContain('SUMMARY OF WORK');
    expect(input).not.toContain('re: one');
  });

  it('needs a loaded, known thread', async () => {
    const src = await threadWithTurns(['one']);
    const other = AppServerClient.spawn(t.sb);
    try {
      await other.initialized;
      expect((await other.request('thread/compact/start', { threadId: src.id })).error.message).toBe(`thread not loaded: ${src.id} (resume it first)`);
      expect((await other.request('thread/compact/start', { threadId: UNKNOWN })).error.message).toBe(`thread not found: ${UNKNOWN}`);
    } finally {
      other.close();
    }
  });
});

describe('model/list', () => {
  it('lists the catalog with the configured model as default, hides hidden models unless asked, and pages', async () => {
    const all = await ok('model/list', {});
    expect(all.nextCursor).toBeNull();
    expect(all.data.filter((m: any) => m.isDefault).map((m: any) => m.id)).toEqual(['gpt-5.5']);
    expect(all.data.some((m: any) => m.hidden)).toBe(false);
    const withHidden = await ok('model/list', { includeHidden: true });
    expect(withHidden.data.length).toBeGreaterThan(all.data.length);
    const page1 = await ok('model/list', { limit: 3 });
    const page2 = await ok('model/list', { limit: 3, cursor: page1.nextCursor });
    expect([...page1.data, ...page2.data].map((m: any) => m.id)).toEqual(all.data.slice(0, 6).map((m: any) => m.id));
    expect((await err('model/list', { cursor: 'bogus' })).message).toBe('cursor: not a cursor from this list: bogus');
    for (const m of all.data)
      for (const e of m.supportedReasoningEfforts) expect(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).toContain(e.reasoningEffort);
  });

  it("puts a custom provider's configured model first, as the default", async () => {
    const file = join(t.sb.home, 'config.toml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('model = "gpt-5.5"', 'model = "my-local-model"'));
    const other = AppServerClient.spawn(t.sb);
    try {
      await other.initialized;
      const res = await other.request('model/list', {});
      expect(res.result.data[0]).toMatchObject({ id: 'my-local-model', model: 'my-local-model', isDefault: true, hidden: false });
      expect(res.result.data.filter((m: any) => m.isDefault)).toHaveLength(1);
    } finally {
      other.close();
    }
  });
});

describe('interoperability with Codex 0.169', () => {
  it('Codex reads a fork and a name written by ours: forkedFromId, name, and the copied history it sends to the model', async () => {
    const bin = codexReferenceBin();
    if (!bin) throw new Error(CODEX_REFERENCE_MISSING);
    const src = await threadWithTurns(['first', 'second']);
    await ok('thread/name/set', { threadId: src.id, name: 'Ours' });
    const fork = await ok('thread/fork', { threadId: src.id, lastTurnId: src.turnIds[0] });
    client.close();
    const ref = AppServerClient.spawn(t.sb, { bin });
    try {
      await ref.initialized;
      const read = await ref.request('thread/read', { threadId: fork.thread.id, includeTurns: true });
      expect(read.result.thread).toMatchObject({ id: fork.thread.id, forkedFromId: src.id, name: 'Ours', preview: 'first' });
      expect(read.result.thread.turns).toHaveLength(1);
      await ref.request('thread/resume', { threadId: fork.thread.id });
      t.server.enqueue(R.message('from codex'));
      await ref.request('turn/start', { threadId: fork.thread.id, input: [{ type: 'text', text: 'third' }] });
      await ref.waitFor((n) => n.method === 'turn/completed', 60_000);
      const sent = JSON.stringify(t.server.requests.at(-1)!.body.input);
      expect(sent).toContain('re: first');
      expect(sent).not.toContain('re: second');
    } finally {
      ref.close();
    }
  }, 90_000);

  it("ours reads Codex's paginated forks and reverts (history_base, revert segments): list, read, resume and fork them", async () => {
    const bin = codexReferenceBin();
    if (!bin) throw new Error(CODEX_REFERENCE_MISSING);
    const ref = AppServerClient.spawn(t.sb, { bin });
    let original: string;
    let codexFork: string;
    try {
      await ref.initialized;
      original = (await ref.request('thread/start', { cwd: t.sb.workspace })).result.thread.id;
      const turnIds: string[] = [];
      for (const prompt of ['first', 'second']) {
        t.server.enqueue(R.message(`re: ${prompt}`));
        const turn = await ref.request('turn/start', { threadId: original, input: [{ type: 'text', text: prompt }] });
        turnIds.push(turn.result.turn.id);
        await ref.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === turn.result.turn.id, 60_000);
      }
      codexFork = (await ref.request('thread/fork', { threadId: original, lastTurnId: turnIds[0] })).result.thread.id;
      expect((await ref.request('thread/revert', { threadId: original, beforeTurnId: turnIds[1] })).error).toBeUndefined();
    } finally {
      ref.close();
    }
    // Codex wrote the fork as a reference into the original, and the revert as a second file of the original.
    const files = readdirSync(join(t.sb.home, 'sessions'), { recursive: true, encoding: 'utf8' }).filter((f) => basename(f).startsWith('rollout-'));
    expect(files.filter((f) => f.includes(`${original}_`))).toHaveLength(1);
    const forkMeta = JSON.parse(
      readFileSync(
        join(
          t.sb.home,
          'sessions',
          files.find((f) => f.endsWith(`${codexFork}.jsonl`))!,
        ),
        'utf8',
      ).split('\n')[0]!,
    ).payload;
    expect(forkMeta.history_base.thread_id).toBe(original);

    const list = await ok('thread/list', {});
    expect(list.data.map((th: any) => th.id).sort()).toEqual([original, codexFork].sort());
    const turnsOf = async (id: string) => (await ok('thread/read', { threadId: id, includeTurns: true })).thread.turns.map((turn: any) => turn.id);
    expect(await turnsOf(codexFork)).toEqual(await turnsOf(original));
    expect(await turnsOf(original)).toHaveLength(1);
    // Codex's own item records (UserMessage, AgentMessage) read as items.
    const forkRead = (await ok('thread/read', { threadId: codexFork, includeTurns: true })).thread;
    expect(userTexts(forkRead)).toEqual(['first']);
    expect(forkRead.turns[0].items.filter((i: any) => i.type === 'agentMessage').map((i: any) => i.text)).toEqual(['re: first']);

    await ok('thread/resume', { threadId: codexFork });
    t.server.enqueue(R.message('ours on the codex fork'));
    const turn = await ok('turn/start', { threadId: codexFork, input: [{ type: 'text', text: 'third' }] });
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === turn.turn.id);
    const sent = JSON.stringify(t.server.requests.at(-1)!.body.input);
    expect(sent).toContain('re: first');
    expect(sent).not.toContain('re: second');

    // Our fork of Codex's fork holds the whole history itself.
    const ours = await ok('thread/fork', { threadId: codexFork });
    const copied = records(ours.thread.path);
    expect(copied[0].payload.history_base).toBeUndefined();
    expect(copied[0].payload.forked_from_id).toBe(codexFork);
    expect(JSON.stringify(copied)).toContain('re: first');

    // Archive, unarchive and delete take all of the reverted thread's files along, so no older one stands in for it.
    await ok('thread/archive', { threadId: original });
    expect((await ok('thread/list', {})).data.map((th: any) => th.id)).not.toContain(original);
    expect(readdirSync(join(t.sb.home, 'archived_sessions')).filter((f) => f.includes(original))).toHaveLength(2);
    await ok('thread/unarchive', { threadId: original });
    expect(await turnsOf(original)).toHaveLength(1);
    await ok('thread/delete', { threadId: original });
    expect((await ok('thread/list', {})).data.map((th: any) => th.id)).not.toContain(original);
    expect(readdirSync(t.sb.home, { recursive: true, encoding: 'utf8' }).filter((f) => basename(f).startsWith('rollout-') && f.includes(original))).toEqual([]);
  }, 120_000);
});
