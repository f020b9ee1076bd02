// thread/list at scale: summaries come from CODEX_HOME/cache/thread-list.json
// while each rollout is unchanged, and from the rollout again once it changes
// (appended by another program, replaced, removed); cursors stay put while new
// sessions are written. Real `codex app-server`, rollouts written as Codex
// lays them out.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../support/scriptedServer.js';
import { makeSandbox, type Sandbox } from '../support/cli.js';
import { AppServerClient } from '../support/appServerClient.js';

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

/** A session as Codex writes it, created `minute` minutes past 10:00 on 2026-03-04. */
function writeSession(n: number, opts: { cwd?: string; prompt?: string } = {}): { id: string; path: string } {
  const id = `0190a6a4-0000-7000-8000-${String(n).padStart(12, '0')}`;
  const at = `2026-03-04T10:${String(n).padStart(2, '0')}:00`;
  const dir = join(sb.home, 'sessions', '2026', '03', '04');
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
    { timestamp: `${at}.500Z`, type: 'event_msg', payload: { type: 'user_message', message: opts.prompt ?? `task ${n}` } },
  ];
  writeFileSync(path, lines.map((l) => JSON.stringify(l) + '\n').join(''));
  return { id, path };
}

async function list(params: Record<string, unknown> = {}): Promise<{ data: any[]; nextCursor: string | null }> {
  await client.initialized;
  const r = await client.request('thread/list', params);
  if (r.error) throw new Error(r.error.message);
  return r.result;
}

const indexFile = () => join(sb.home, 'cache', 'thread-list.json');

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
    const index = JSON.parse(readFileSync(indexFile(), 'utf8'));
    expect(Object.keys(index.entries).sort()).toHaveLength(2);
    expect(index.entries[a.path].summary.cwd).toBe(join(sb.workspace, 'a'));

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
    expect(Object.keys(JSON.parse(readFileSync(indexFile(), 'utf8')).entries)).toEqual([a.path]);

    client.close();
    writeFileSync(indexFile(), '{"format":1,"entries":{"x":{"ino":"bad"}');
    client = AppServerClient.spawn(sb);
    expect((await list()).data.map((t) => t.preview)).toEqual(['task 1']);
    expect(JSON.parse(readFileSync(indexFile(), 'utf8')).entries[a.path].summary.preview).toBe('task 1');
  });

  it('sees sessions written after the index, by another program', async () => {
    writeSession(1);
    await list();
    expect(existsSync(indexFile())).toBe(true);
    writeSession(2, { prompt: 'written by Codex' });
    expect((await list({ searchTerm: 'by codex' })).data.map((t) => t.preview)).toEqual(['written by Codex']);
  });
});
