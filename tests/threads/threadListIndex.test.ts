// thread/list at scale: summaries come from CODEX_HOME/cache/thread-list.jsonl
// while each rollout is unchanged, and from the rollout again once it changes
// (appended by another program, replaced, removed); day directories are read
// again only when their mtime moves; cursors stay put while new sessions are
// written. Real `codex app-server` (and the reference Codex writing into the
// same CODEX_HOME), rollouts written as Codex lays them out.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { spawnSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { afterEach, beforeAll, afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../support/scriptedServer.js';
import { makeSandbox, type Sandbox } from '../support/cli.js';
import { AppServerClient } from '../support/appServerClient.js';
import { CODEX_REFERENCE_MISSING, codexReferenceBin } from '../support/codexReference.js';
import { runReferenceCodex } from '../support/referenceCli.js';
import { responses as R } from '../support/scriptedServer.js';

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
  sb = makeSandbox(server.baseUrl);
  client = AppServerClient.spawn(sb);
});
afterEach(() => client.close());

/** A session as Codex writes it, created `n` minutes past 10:00 on 2026-03-`day` (4 unless told). */
function writeSession(n: number, opts: { cwd?: string; prompt?: string | null; day?: number } = {}): { id: string; path: string } {
  const id = `0190a6a4-0000-7000-8000-${String(n).padStart(12, '0')}`;
  const day = String(opts.day ?? 4).padStart(2, '0');
  const at = `2026-03-${day}T10:${String(n).padStart(2, '0')}:00`;
  const dir = join(sb.home, 'sessions', '2026', '03', day);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `rollout-${at.replace(/:/g, '-')}-${id}.jsonl`);
  const lines = [
    {
      timestamp: `${at}.000Z`,
      type: 'session_meta',
      payload: {
        id,
        timestamp: `${at}.000Z`,
        cwd: opts.cwd ?? sb.workspace,
        originator: 'codex_cli_rs',
        cli_version: '0.169.0',
        source: 'cli',
        model_provider: 'openai',
      },
    },
    ...(opts.prompt === null ? [] : [userMessage(`${at}.500Z`, opts.prompt ?? `task ${n}`)]),
  ];
  writeFileSync(path, lines.map((l) => JSON.stringify(l) + '\n').join(''));
  return { id, path };
}

/** Everything the server wrote to stderr so far (its log). */
function stderrOf(c: AppServerClient): () => string {
  let text = '';
  c.proc.stderr.on('data', (d: Buffer) => (text += d.toString()));
  return () => text;
}

function userMessage(timestamp: string, message: string) {
  return { timestamp, type: 'event_msg', payload: { type: 'user_message', message } };
}

/** Backdates every day directory, so the server trusts its listing of them until their mtime moves. */
function settleDayDirs(): void {
  const root = join(sb.home, 'sessions', '2026', '03');
  const past = new Date(Date.now() - 3_600_000);
  for (const day of existsSync(root) ? readdirSync(root) : []) utimesSync(join(root, day), past, past);
}

async function list(params: Record<string, unknown> = {}): Promise<{ data: any[]; nextCursor: string | null }> {
  await client.initialized;
  const r = await client.request('thread/list', params);
  if (r.error) throw new Error(r.error.message);
  return r.result;
}

const indexFile = () => join(sb.home, 'cache', 'thread-list.jsonl');

/** The index's file lines by rollout path, once the server wrote a whole index with `count` of them (it writes in the background). */
async function indexEntries(count: number): Promise<Map<string, any[]>> {
  for (let waited = 0; ; waited += 50) {
    const entries = readIndex();
    if (entries?.size === count) return entries;
    if (waited > 15_000) throw new Error(`index never held ${count} entries: ${existsSync(indexFile()) ? readFileSync(indexFile(), 'utf8') : 'no file'}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function readIndex(): Map<string, any[]> | undefined {
  if (!existsSync(indexFile())) return undefined;
  const lines = readFileSync(indexFile(), 'utf8').trimEnd().split('\n');
  if (!lines.at(-1)?.startsWith('{"end":')) return undefined;
  const out = new Map<string, any[]>();
  let dir = '';
  for (const line of lines.slice(1, -1)) {
    const v = JSON.parse(line);
    if (Array.isArray(v)) out.set(join(dir, v[2]), v);
    else dir = v.dir;
  }
  return out;
}

/** Ends the server (stdin closed: it writes its index as it shuts down) and waits for it to exit. */
async function stopServer(): Promise<void> {
  const exited = once(client.proc, 'exit');
  client.close();
  await exited;
}

describe('thread/list over the summary index', () => {
  it('pages with cursors that stay put while new sessions are written', async () => {
    for (let n = 1; n <= 5; n++) writeSession(n);
    const page1 = await list({ limit: 2 });
    expect(page1.data.map((t) => t.preview)).toEqual(['task 5', 'task 4']);
    writeSession(6);
    writeSession(7);
    const page2 = await list({ limit: 2, cursor: page1.nextCursor });
    expect(page2.data.map((t) => t.preview)).toEqual(['task 3', 'task 2']);
    const page3 = await list({ limit: 2, cursor: page2.nextCursor });
    expect(page3.data.map((t) => t.preview)).toEqual(['task 1']);
    expect(page3.nextCursor).toBeNull();
    expect((await list({ limit: 2 })).data.map((t) => t.preview)).toEqual(['task 7', 'task 6']);
    expect((await client.request('thread/list', { cursor: '17' })).error.message).toBe('cursor: not a cursor from this list: 17');
  });

  it('keeps summaries in CODEX_HOME/cache and reads a rollout again once it changed', async () => {
    const a = writeSession(1, { cwd: join(sb.workspace, 'a') });
    writeSession(2, { cwd: join(sb.workspace, 'b') });
    expect((await list({ cwd: join(sb.workspace, 'c') })).data).toEqual([]);
    const index = await indexEntries(2);
    expect(index.get(a.path)![7]).toBe(join(sb.workspace, 'a')); // the cwd

    // Another program resumes session 1 in folder c (appends a turn there): the next list sees it.
    appendFileSync(
      a.path,
      JSON.stringify({ timestamp: '2026-03-04T11:00:00.000Z', type: 'turn_context', payload: { cwd: join(sb.workspace, 'c'), model: 'gpt-5.5' } }) + '\n',
    );
    expect((await list({ cwd: join(sb.workspace, 'c') })).data.map((t) => t.id)).toEqual([a.id]);

    // A rewrite of the same size through a rename (as a revert writes it) is read again too.
    const text = readFileSync(a.path, 'utf8');
    writeFileSync(`${a.path}.tmp`, text.replace('task 1', 'TASK 1'));
    renameSync(`${a.path}.tmp`, a.path);
    expect((await list({ searchTerm: 'TASK 1' })).data.map((t) => t.id)).toEqual([a.id]);
  });

  it('drops the entries of removed rollouts and rebuilds a corrupt index', async () => {
    const a = writeSession(1);
    const b = writeSession(2);
    await list();
    rmSync(b.path);
    expect((await list()).data.map((t) => t.id)).toEqual([a.id]);
    expect([...(await indexEntries(1)).keys()]).toEqual([a.path]);

    await stopServer();
    writeFileSync(indexFile(), '{"format":1,"entries":{"x":{"ino":"bad"}');
    client = AppServerClient.spawn(sb);
    const log = stderrOf(client);
    expect((await list()).data.map((t) => t.preview)).toEqual(['task 1']);
    expect((await indexEntries(1)).get(a.path)![14]).toBe('task 1'); // the preview
    expect(log()).toContain(`thread list index ${indexFile()} is not format 4; rebuilding it from the rollouts`);
  });

  it('sees sessions written after the index, by another program', async () => {
    writeSession(1);
    await list();
    await indexEntries(1);
    writeSession(2, { prompt: 'written by Codex' });
    expect((await list({ searchTerm: 'by codex' })).data.map((t) => t.preview)).toEqual(['written by Codex']);
  });

  it('sees a session added in an old, already listed day directory, and one removed from it', async () => {
    writeSession(1, { day: 1 });
    const b = writeSession(2, { day: 1 });
    writeSession(3, { day: 4 });
    settleDayDirs();
    expect((await list()).data.map((t) => t.preview)).toEqual(['task 3', 'task 2', 'task 1']);
    expect((await list()).data.map((t) => t.preview)).toEqual(['task 3', 'task 2', 'task 1']);
    writeSession(4, { day: 1, prompt: 'late arrival' });
    expect((await list()).data.map((t) => t.preview)).toEqual(['task 3', 'late arrival', 'task 2', 'task 1']);
    settleDayDirs();
    await list();
    rmSync(b.path);
    expect((await list()).data.map((t) => t.preview)).toEqual(['task 3', 'late arrival', 'task 1']);
    expect((await list({ searchTerm: 'task 2' })).data).toEqual([]);
  });

  it('shows what another process appends to a listed session: its first message, a later folder, a name', async () => {
    const a = writeSession(1, { prompt: null });
    writeSession(2);
    settleDayDirs();
    // Listed twice: the second listing takes every summary from the index.
    await list();
    expect((await list()).data.map((t) => [t.id, t.preview])).toEqual([
      [writeSession(2).id, 'task 2'],
      [a.id, ''],
    ]);
    appendFileSync(a.path, JSON.stringify(userMessage('2026-03-04T10:30:00.000Z', 'written later by another process')) + '\n');
    expect((await list({ searchTerm: 'LATER by another' })).data.map((t) => t.id)).toEqual([a.id]);
    const elsewhere = join(sb.workspace, 'elsewhere');
    appendFileSync(
      a.path,
      JSON.stringify({ timestamp: '2026-03-04T11:00:00.000Z', type: 'turn_context', payload: { cwd: elsewhere, model: 'gpt-5.5' } }) + '\n',
    );
    const [moved] = (await list({ cwd: elsewhere })).data;
    expect(moved.id).toBe(a.id);
    expect(moved.updatedAt).toBe(Date.parse('2026-03-04T11:00:00.000Z') / 1000);
    // Codex names a thread by appending to CODEX_HOME/session_index.jsonl.
    appendFileSync(
      join(sb.home, 'session_index.jsonl'),
      JSON.stringify({ id: a.id, thread_name: 'Zebra refactor', updated_at: '2026-03-04T11:01:00Z' }) + '\n',
    );
    const [named] = (await list({ searchTerm: 'zebra' })).data;
    expect([named.id, named.name]).toEqual([a.id, 'Zebra refactor']);
    // A rewrite through a rename (as a revert writes one) after the summary was trusted.
    writeFileSync(`${a.path}.tmp`, readFileSync(a.path, 'utf8').replace('written later by another process', 'rewritten'));
    renameSync(`${a.path}.tmp`, a.path);
    expect((await list({ searchTerm: 'rewritten' })).data.map((t) => t.id)).toEqual([a.id]);
  });

  it('drops an archived session from the live list and brings it back on unarchive', async () => {
    const a = writeSession(1);
    writeSession(2);
    settleDayDirs();
    await list();
    expect((await client.request('thread/archive', { threadId: a.id })).error).toBeUndefined();
    expect((await list()).data.map((t) => t.preview)).toEqual(['task 2']);
    expect((await list({ archived: true })).data.map((t) => t.preview)).toEqual(['task 1']);
    expect((await client.request('thread/unarchive', { threadId: a.id })).error).toBeUndefined();
    expect((await list()).data.map((t) => t.preview)).toEqual(['task 2', 'task 1']);
    expect((await list({ archived: true })).data).toEqual([]);
  });

  it('rebuilds an index cut short (a crash mid-write of an older version, a full disk)', async () => {
    writeSession(1);
    writeSession(2);
    await list();
    await indexEntries(2);
    await stopServer();
    const text = readFileSync(indexFile(), 'utf8');
    writeFileSync(indexFile(), text.slice(0, Math.floor(text.length / 2)));
    client = AppServerClient.spawn(sb);
    const log = stderrOf(client);
    expect((await list()).data.map((t) => t.preview)).toEqual(['task 2', 'task 1']);
    expect((await indexEntries(2)).size).toBe(2);
    expect(log()).toMatch(/thread list index .*thread-list\.jsonl is cut short \(in block 1\); rebuilding it from the rollouts/);
  });

  it('keeps cursors stable while sessions are added and the session a cursor names is removed', async () => {
    const made = [1, 2, 3, 4, 5, 6].map((n) => writeSession(n));
    settleDayDirs();
    const page1 = await list({ limit: 2 });
    expect(page1.data.map((t) => t.preview)).toEqual(['task 6', 'task 5']);
    writeSession(7);
    rmSync(made[3]!.path); // task 4, which the cursor names
    const page2 = await list({ limit: 2, cursor: page1.nextCursor });
    expect(page2.data.map((t) => t.preview)).toEqual(['task 3', 'task 2']);
  });
});

describe.skipIf(!REFERENCE)(`thread/list sees what Codex 0.169 writes (${REFERENCE ?? CODEX_REFERENCE_MISSING})`, () => {
  it("lists a session Codex starts and, on a fresh server's first listing, the turn Codex appended when it resumed it", async () => {
    writeSession(1);
    await list();
    await list();
    server.enqueue(R.message('first answer'));
    const first = await runReferenceCodex(REFERENCE!, ['exec', '--json', '--skip-git-repo-check', 'started by codex'], { cwd: sb.workspace, env: sb.env });
    expect(first.code, first.stderr).toBe(0);
    const started = first.events.find((e) => e.type === 'thread.started')?.thread_id;
    expect((await list()).data.map((t) => [t.id, t.preview])).toEqual([
      [started, 'started by codex'],
      [writeSession(1).id, 'task 1'],
    ]);
    const before = (await list()).data[0].updatedAt;
    // The resume happens while no server runs: the next one starts from the index this one wrote.
    await indexEntries(2);
    const exited = once(client.proc, 'exit');
    client.close();
    await exited;
    await new Promise((r) => setTimeout(r, 1100)); // updatedAt counts seconds
    const elsewhere = join(sb.workspace, 'elsewhere');
    mkdirSync(elsewhere);
    server.enqueue(R.message('second answer'));
    const resumed = await runReferenceCodex(REFERENCE!, ['exec', '--json', '--skip-git-repo-check', 'resume', started, 'more from codex'], {
      cwd: elsewhere,
      env: sb.env,
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    client = AppServerClient.spawn(sb);
    const after = (await list()).data.find((t) => t.id === started);
    expect(after.preview).toBe('started by codex');
    expect(after.updatedAt).toBeGreaterThan(before);
  }, 120_000);
});

describe("a fresh server's first listing over the index an earlier server wrote", () => {
  /** Stops the server once it wrote a whole index of `count` rollouts, and starts a fresh one on the same CODEX_HOME. */
  async function restartAfterIndex(count: number): Promise<void> {
    await indexEntries(count);
    await restart();
  }

  async function restart(): Promise<void> {
    await stopServer();
    client = AppServerClient.spawn(sb);
  }

  /** Rewrites one rollout's line in the index (as if its summary said otherwise), keeping the file whole. */
  function editIndexLine(path: string, edit: (line: any[]) => void): void {
    const out: string[] = [];
    let block: { dir: any; lines: string[] } | undefined;
    const flush = () => {
      if (!block) return;
      const body = block.lines.map((l) => l + '\n').join('');
      out.push(JSON.stringify({ ...block.dir, bytes: Buffer.byteLength(body) }) + '\n' + body);
      block = undefined;
    };
    for (const line of readFileSync(indexFile(), 'utf8').trimEnd().split('\n')) {
      const v = JSON.parse(line);
      if (Array.isArray(v)) {
        if (join(block!.dir.dir, v[2]) === path) edit(v);
        block!.lines.push(JSON.stringify(v));
        continue;
      }
      flush();
      if (v.dir) block = { dir: v, lines: [] };
      else out.push(line + '\n');
    }
    writeFileSync(indexFile(), out.join(''));
  }

  it('takes unchanged rollouts from the index and shows what another process appended since', async () => {
    const a = writeSession(1, { prompt: null });
    const b = writeSession(2);
    const c = writeSession(3);
    settleDayDirs();
    expect((await list()).data.map((t) => t.preview)).toEqual(['task 3', 'task 2', '']);
    await indexEntries(3);
    await stopServer();
    // An unchanged rollout is listed from its index line (proof the index is used), the others from their files.
    editIndexLine(b.path, (line) => (line[14] = 'as the index says'));
    appendFileSync(a.path, JSON.stringify(userMessage('2026-03-04T10:30:00.000Z', 'appended after the index')) + '\n');
    const elsewhere = join(sb.workspace, 'elsewhere');
    appendFileSync(
      c.path,
      JSON.stringify({ timestamp: '2026-03-04T11:00:00.000Z', type: 'turn_context', payload: { cwd: elsewhere, model: 'gpt-5.5' } }) + '\n',
    );

    // Each request is the first of a fresh server over the index as the first server left it.
    const stale = readFileSync(indexFile(), 'utf8');
    const firstCall = async (params: Record<string, unknown>) => {
      writeFileSync(indexFile(), stale);
      client = AppServerClient.spawn(sb);
      const r = await list(params);
      await stopServer();
      return r.data;
    };
    const first = await firstCall({});
    expect(first.map((t) => t.preview)).toEqual(['task 3', 'as the index says', 'appended after the index']);
    expect(first[0].updatedAt).toBe(Date.parse('2026-03-04T11:00:00.000Z') / 1000);
    expect(first[2].updatedAt).toBe(Date.parse('2026-03-04T10:30:00.000Z') / 1000);
    expect((await firstCall({ cwd: elsewhere })).map((t) => t.id)).toEqual([c.id]);
    expect((await firstCall({ searchTerm: 'APPENDED after' })).map((t) => t.id)).toEqual([a.id]);
    expect((await firstCall({ searchTerm: 'index says' })).map((t) => t.id)).toEqual([b.id]);
    client = AppServerClient.spawn(sb);
  });

  it('sees on its first listing rollouts added to, removed from, archived out of and rewritten in an old day directory', async () => {
    const s1 = writeSession(1, { day: 1 });
    const s2 = writeSession(2, { day: 1 });
    const s3 = writeSession(3, { day: 1 });
    writeSession(4, { day: 4 });
    settleDayDirs();
    await list();
    await restartAfterIndex(4);
    await list({ searchTerm: 'task' }); // the fresh server takes the index as it is, and leaves it so
    await stopServer();
    const indexBefore = readFileSync(indexFile(), 'utf8');

    writeSession(5, { day: 1, prompt: 'late arrival' });
    rmSync(s2.path);
    mkdirSync(join(sb.home, 'archived_sessions'));
    renameSync(s3.path, join(sb.home, 'archived_sessions', basename(s3.path)));
    // Codex rewrites a rollout through a rename (as a revert does): same path, another first message.
    writeFileSync(`${s1.path}.tmp`, readFileSync(s1.path, 'utf8').replace('task 1', 'renamed over'));
    renameSync(`${s1.path}.tmp`, s1.path);

    client = AppServerClient.spawn(sb);
    expect((await list({ searchTerm: 'renamed over' })).data.map((t) => t.id)).toEqual([s1.id]);
    await stopServer();
    writeFileSync(indexFile(), indexBefore); // again as it was before the changes
    client = AppServerClient.spawn(sb);
    expect((await list({ searchTerm: 'task 1' })).data).toEqual([]);
    await restart();
    expect((await list()).data.map((t) => t.preview)).toEqual(['task 4', 'late arrival', 'renamed over']);
    await restart();
    expect((await list({ archived: true })).data.map((t) => t.preview)).toEqual(['task 3']);
  });

  it('searches first messages outside ASCII as a rollout read would, from index lines alone', async () => {
    const a = writeSession(1, { prompt: 'Ünïcode İstanbul trip' });
    writeSession(2);
    settleDayDirs();
    await list();
    await restartAfterIndex(2);
    // 'İ' lowercases to 'i' and a combining dot: an ASCII term finds it, as in the rollout's own text.
    expect((await list({ searchTerm: 'CODE I' })).data.map((t) => t.id)).toEqual([a.id]);
    await restart();
    expect((await list({ searchTerm: 'ünïcode' })).data.map((t) => t.id)).toEqual([a.id]);
  });

  it('passes over rollouts its index shows in other folders only until one of them is appended to', async () => {
    const a = writeSession(1);
    writeSession(2);
    settleDayDirs();
    await list();
    await restartAfterIndex(2);
    const there = join(sb.workspace, 'there');
    expect((await list({ cwd: there })).data).toEqual([]);
    appendFileSync(a.path, JSON.stringify({ timestamp: '2026-03-04T11:00:00.000Z', type: 'turn_context', payload: { cwd: there, model: 'gpt-5.5' } }) + '\n');
    expect((await list({ cwd: there })).data.map((t) => t.id)).toEqual([a.id]);
    // Read again and trusted once more: from now on its summary, not its line in the index file, decides.
    expect((await list({ cwd: there })).data.map((t) => t.id)).toEqual([a.id]);
  });

  it('answers a folder filter and a search on its first listing exactly as a rebuild from the rollouts does', async () => {
    const [alpha, beta, gamma] = ['alpha', 'beta', 'gamma'].map((f) => join(sb.workspace, f));
    const s1 = writeSession(1, { day: 1, cwd: alpha, prompt: 'Fix the "quoted" bug' });
    const s2 = writeSession(2, { day: 1, cwd: beta, prompt: 'path C:\\Users\\Zoë' });
    const s3 = writeSession(3, { day: 1, cwd: alpha, prompt: 'Ünïcode İstanbul TASK' });
    const s4 = writeSession(4, { day: 2, cwd: beta, prompt: 'task four' });
    const s5 = writeSession(5, { day: 2, cwd: alpha, prompt: 'task five' });
    const s6 = writeSession(6, { day: 2, cwd: beta, prompt: 'plain' });
    const s9 = writeSession(9, { day: 3, cwd: alpha, prompt: 'Tabs\tand "quotes"' });
    const s10 = writeSession(10, { day: 3, cwd: beta, prompt: 'task ten' });
    const s7 = writeSession(7, { day: 4, cwd: alpha, prompt: 'task seven' });
    // An older segment of thread 7 (as Codex writes one on revert), with words the newest has not.
    const segment = writeSession(11, { day: 2, cwd: alpha, prompt: 'segment words' });
    const segmentText = readFileSync(segment.path, 'utf8').replaceAll(segment.id, s7.id);
    rmSync(segment.path);
    writeFileSync(segment.path.replace(`${segment.id}.jsonl`, `${s7.id}_${segment.id}.jsonl`), segmentText);
    settleDayDirs();
    await list();
    await indexEntries(10);
    await stopServer();

    // What other processes do while no server runs: appends (a later folder) in a day directory
    // that is otherwise unchanged and in one that changed, a session added to an old day, one
    // archived, a name given.
    const turnIn = (cwd: string) => JSON.stringify({ timestamp: '2026-03-05T11:00:00.000Z', type: 'turn_context', payload: { cwd, model: 'gpt-5.5' } }) + '\n';
    appendFileSync(s10.path, turnIn(gamma));
    appendFileSync(s1.path, turnIn(beta));
    const s8 = writeSession(8, { day: 1, cwd: alpha, prompt: 'late "quoted" arrival' });
    mkdirSync(join(sb.home, 'archived_sessions'));
    renameSync(s5.path, join(sb.home, 'archived_sessions', basename(s5.path)));
    appendFileSync(
      join(sb.home, 'session_index.jsonl'),
      JSON.stringify({ id: s9.id, thread_name: 'Zebra stripes', updated_at: '2026-03-05T11:01:00Z' }) + '\n',
    );

    const queries: [Record<string, unknown>, { id: string }[]][] = [
      [{ cwd: alpha }, [s7, s9, s8, s3, s1]],
      [{ cwd: beta }, [s10, s6, s4, s2, s1]],
      [{ cwd: gamma }, [s10]],
      [{ searchTerm: '"QUOTED"' }, [s8, s1]],
      [{ searchTerm: 'tabs\tAND "q' }, [s9]],
      [{ searchTerm: 'c:\\USERS\\ZOË' }, [s2]],
      [{ searchTerm: 'ÜNÏCODE' }, [s3]],
      [{ searchTerm: 'zebra' }, [s9]],
      [{ searchTerm: 'task', cwd: alpha }, [s7, s3]],
      [{ searchTerm: 'TASK', limit: 2 }, [s7, s10]],
      [{ searchTerm: 'segment words' }, []], // the thread's newest file stands for it
    ];
    const answer = (r: { data: any[]; nextCursor: string | null }) => ({
      rows: r.data.map((t) => [t.id, t.preview, t.cwd, t.name]),
      nextCursor: r.nextCursor,
    });
    const stale = readFileSync(indexFile(), 'utf8');
    rmSync(indexFile());
    client = AppServerClient.spawn(sb);
    const rebuilt = [];
    for (const [params] of queries) rebuilt.push(answer(await list(params)));
    await stopServer();
    for (const [n, [params, expected]] of queries.entries()) {
      // Each the first listing of a fresh server over the index as the first server left it.
      writeFileSync(indexFile(), stale);
      client = AppServerClient.spawn(sb);
      const fresh = answer(await list(params));
      await stopServer();
      expect(fresh, JSON.stringify(params)).toEqual(rebuilt[n]);
      expect(
        fresh.rows.map((r) => r[0]),
        JSON.stringify(params),
      ).toEqual(expected.map((s) => s.id));
    }
    // Appended once the server checked the index: its directory's watch tells the listing to look at it.
    writeFileSync(indexFile(), stale);
    client = AppServerClient.spawn(sb);
    await client.initialized;
    const delta = join(sb.workspace, 'delta');
    appendFileSync(s7.path, turnIn(delta));
    expect((await list({ cwd: delta })).data.map((t) => t.id)).toEqual([s7.id]);
  }, 120_000);

  describe('the check of the index the server process starts before its modules load', () => {
    /**
     * Starts a server whose early check waits, once its stats are done, until
     * the test opens its gate (CODEX_TEST_ROLLOUT_CHECK_GATE); resolves once it waits.
     */
    async function startHeldAtGate(): Promise<{ open: () => void }> {
      const gate = join(sb.home, 'check-gate');
      sb.env.CODEX_TEST_ROLLOUT_CHECK_GATE = gate;
      try {
        client = AppServerClient.spawn(sb);
      } finally {
        delete sb.env.CODEX_TEST_ROLLOUT_CHECK_GATE;
      }
      for (let waited = 0; !existsSync(`${gate}.statted`); waited += 20) {
        if (waited > 30_000) throw new Error('the early check never finished its stats');
        await new Promise((r) => setTimeout(r, 20));
      }
      return { open: () => writeFileSync(gate, '') };
    }

    /** Two sessions (folders alpha and beta) in an old day, and the index an earlier server wrote of them, with no server running. */
    async function twoIndexedSessions() {
      const [alpha, beta, gamma] = ['alpha', 'beta', 'gamma'].map((f) => join(sb.workspace, f));
      const s1 = writeSession(1, { day: 1, cwd: alpha });
      const s2 = writeSession(2, { day: 1, cwd: beta });
      settleDayDirs();
      await list();
      await indexEntries(2);
      await stopServer();
      return { alpha, beta, gamma, s1, s2 };
    }

    const turnIn = (cwd: string) => JSON.stringify({ timestamp: '2026-03-05T11:00:00.000Z', type: 'turn_context', payload: { cwd, model: 'gpt-5.5' } }) + '\n';

    it("sees a turn appended in another folder after the check's stats, before its answer was taken", async () => {
      const { gamma, s1 } = await twoIndexedSessions();
      const held = await startHeldAtGate();
      // The stat of s1 matched its line; then another process appends a turn in gamma to it.
      appendFileSync(s1.path, turnIn(gamma));
      held.open();
      expect((await list({ cwd: gamma })).data.map((t) => t.id)).toEqual([s1.id]);
      expect((await list({ cwd: gamma })).data.map((t) => t.id)).toEqual([s1.id]);
    });

    it('answers a first page without waiting for the check, and a folder filter once it is over, exactly', async () => {
      const { beta, gamma, s1, s2 } = await twoIndexedSessions();
      appendFileSync(s1.path, turnIn(beta)); // before the server starts: the check's stat sees it
      const held = await startHeldAtGate();
      expect((await list()).data.map((t) => t.id)).toEqual([s2.id, s1.id]);
      let answered = false;
      const filtered = client.request('thread/list', { cwd: beta }).then((r) => ((answered = true), r));
      await new Promise((r) => setTimeout(r, 300));
      expect(answered).toBe(false);
      held.open();
      const r = await filtered;
      expect(r.result.data.map((t: any) => t.id)).toEqual([s2.id, s1.id]);
      expect((await list({ cwd: gamma })).data).toEqual([]);
    });

    it('gives up on a check that does not answer: the first folder filter stats the files itself, and no later call waits', async () => {
      const { alpha, beta, gamma, s1, s2 } = await twoIndexedSessions();
      await startHeldAtGate(); // never opened: the helper is stuck
      appendFileSync(s2.path, turnIn(gamma));
      expect((await list({ cwd: gamma })).data.map((t) => t.id)).toEqual([s2.id]);
      // Each call used to wait the 2 s again for the helper.
      for (const [cwd, id] of [
        [alpha, s1.id],
        [beta, s2.id],
      ]) {
        const started = performance.now();
        expect((await list({ cwd })).data.map((t) => t.id)).toEqual([id]);
        expect(performance.now() - started).toBeLessThan(1500);
      }
    });

    it('answers from the rollouts when the index file is too big to read whole, and goes on', async () => {
      const { alpha, s1 } = await twoIndexedSessions();
      writeFileSync(indexFile(), '{"format":4}\n');
      // Sparse: over the 2 GiB a read takes, without the disk space.
      expect(spawnSync('truncate', ['-s', '2200M', indexFile()]).status).toBe(0);
      client = AppServerClient.spawn(sb);
      expect((await list({ cwd: alpha })).data.map((t) => t.id)).toEqual([s1.id]);
      expect((await list()).data).toHaveLength(2);
    });

    it('lists from the rollouts when the index it would check is corrupt', async () => {
      const { alpha, beta, s1, s2 } = await twoIndexedSessions();
      appendFileSync(s2.path, turnIn(alpha));
      writeFileSync(indexFile(), readFileSync(indexFile(), 'utf8').replace('{"end":2}', '{"end":3}'));
      client = AppServerClient.spawn(sb);
      expect((await list({ cwd: alpha })).data.map((t) => t.id)).toEqual([s2.id, s1.id]);
      expect((await list({ cwd: beta })).data.map((t) => t.id)).toEqual([s2.id]);
    });
  });

  it('keeps a cursor from the last server valid while new sessions are written', async () => {
    for (let n = 1; n <= 5; n++) writeSession(n);
    settleDayDirs();
    const page1 = await list({ limit: 2 });
    await restartAfterIndex(5);
    writeSession(6);
    writeSession(7, { day: 5 });
    expect((await list({ limit: 2, cursor: page1.nextCursor })).data.map((t) => t.preview)).toEqual(['task 3', 'task 2']);
    expect((await list({ limit: 3 })).data.map((t) => t.preview)).toEqual(['task 7', 'task 6', 'task 5']);
  });
});
