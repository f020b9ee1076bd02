// Codex 0.169's `@` search sessions over the real `codex app-server`:
// fuzzyFileSearch/sessionStart, sessionUpdate (answered at once, matches
// following as fuzzyFileSearch/sessionUpdated then sessionCompleted),
// sessionStop; each keystroke's matches equal a one-shot fuzzyFileSearch of
// the same query; errors as Codex words them; the same notifications as the
// reference Codex sends.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { makeSandbox, type Sandbox } from './support/cli.js';
import { AppServerClient } from './support/appServerClient.js';
import { sh } from './support/gitRepo.js';
import { CODEX_REFERENCE_MISSING, codexReferenceBin } from './support/codexReference.js';

const REFERENCE = codexReferenceBin();
let sb: Sandbox;
let client: AppServerClient;
beforeEach(async () => {
  sb = makeSandbox('http://127.0.0.1:9', { git: false });
  client = AppServerClient.spawn(sb);
  await client.initialized;
});
afterEach(() => client.close());

function gitRepo(): string {
  const repo = realpathSync(mkdtempSync(join(tmpdir(), 'codex-ffs-session-')));
  sh(repo, ['init', '-q', '-b', 'main']);
  for (let i = 0; i < 300; i++) {
    const f = join(repo, `pkg${i % 7}`, i % 2 ? 'src' : 'test', `module${i}Handler.ts`);
    mkdirSync(dirname(f), { recursive: true });
    writeFileSync(f, 'x\n');
  }
  writeFileSync(join(repo, 'README.md'), 'x\n');
  sh(repo, ['add', '-A']);
  sh(repo, ['commit', '-q', '-m', 'init']);
  return repo;
}

/** Sends one keystroke's query and waits for its matches (the sessionUpdated for it, then sessionCompleted). */
async function typed(c: AppServerClient, sessionId: string, query: string): Promise<any[]> {
  const seen = c.notifications.length;
  const res = await c.request('fuzzyFileSearch/sessionUpdate', { sessionId, query });
  expect(res.error).toBeUndefined();
  expect(res.result).toEqual({});
  const isNew = (m: any) => c.notifications.indexOf(m) >= seen && m.params?.sessionId === sessionId;
  await c.waitFor((m) => isNew(m) && m.method === 'fuzzyFileSearch/sessionUpdated' && m.params.query === query);
  await c.waitFor((m) => isNew(m) && m.method === 'fuzzyFileSearch/sessionCompleted');
  // Codex 0.169 can send one more sessionUpdated after sessionCompleted: the answer is the
  // last one for this query once the session has been quiet for a moment.
  for (let count = -1; count !== c.notifications.length;) {
    count = c.notifications.length;
    await new Promise((r) => setTimeout(r, 300));
  }
  const updates = c.notifications.filter((m: any) => isNew(m) && m.method === 'fuzzyFileSearch/sessionUpdated' && m.params.query === query);
  return updates.at(-1).params.files;
}

describe('fuzzyFileSearch sessions', () => {
  it("answers each keystroke with what a one-shot search of that query answers, as Codex's notifications", async () => {
    const repo = gitRepo();
    expect((await client.request('fuzzyFileSearch/sessionStart', { sessionId: 'picker-1', roots: [repo] })).result).toEqual({});
    for (const query of ['m', 'mo', 'mod', 'module4', 'module42', 'module42h', 'module4', 'readme']) {
      const files = await typed(client, 'picker-1', query);
      const oneShot = (await client.request('fuzzyFileSearch', { query, roots: [repo] })).result.files;
      expect(files, query).toEqual(oneShot);
      expect(files.length, query).toBeGreaterThan(0);
    }
    expect((await typed(client, 'picker-1', 'module42h')).map((f: any) => f.file_name)[0]).toBe('module42Handler.ts');
    expect(await typed(client, 'picker-1', '')).toEqual([]);
    expect((await client.request('fuzzyFileSearch/sessionStop', { sessionId: 'picker-1' })).result).toEqual({});
    const after = await client.request('fuzzyFileSearch/sessionUpdate', { sessionId: 'picker-1', query: 'm' });
    expect(after.error).toMatchObject({ code: -32600, message: 'fuzzy file search session not found: picker-1' });
  });

  it('lets the latest of fast keystrokes win, and refuses an empty session id', async () => {
    const repo = gitRepo();
    await client.request('fuzzyFileSearch/sessionStart', { sessionId: 's', roots: [repo] });
    const queries = ['m', 'mo', 'mod', 'modu', 'modul', 'module', 'module2', 'module29'];
    await Promise.all(queries.map((query) => client.request('fuzzyFileSearch/sessionUpdate', { sessionId: 's', query })));
    const firstOfLast = await client.waitFor((m) => m.method === 'fuzzyFileSearch/sessionUpdated' && m.params.query === 'module29');
    // On a tree still being listed the first of them may be the matches so far: the round ends with sessionCompleted.
    await client.waitFor((m) => m.method === 'fuzzyFileSearch/sessionCompleted' && client.notifications.indexOf(m) > client.notifications.indexOf(firstOfLast));
    await new Promise((r) => setTimeout(r, 300));
    const updates = client.notifications.filter((m) => m.method === 'fuzzyFileSearch/sessionUpdated');
    expect(updates.at(-1).params.query).toBe('module29');
    expect(updates.at(-1).params.files.map((f: any) => f.file_name)).toContain('module29Handler.ts');
    expect(updates.at(-1).params.files).toEqual((await client.request('fuzzyFileSearch', { query: 'module29', roots: [repo] })).result.files);
    const bad = await client.request('fuzzyFileSearch/sessionStart', { sessionId: '', roots: [repo] });
    expect(bad.error).toMatchObject({ code: -32600, message: 'sessionId must not be empty' });
  });
});

describe('fuzzyFileSearch sessions on a tree whose searches take several chunks', () => {
  it("never sends a superseded query's matches after a newer one's, and the last query's are complete", async () => {
    // 30,000 files: each search of the session yields to the event loop between chunks, where a newer keystroke can get in.
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'codex-ffs-big-')));
    for (let d = 0; d < 60; d++) mkdirSync(join(root, `dir${d}`));
    for (let i = 0; i < 30_000; i++) writeFileSync(join(root, `dir${i % 60}`, `file${i}Name.txt`), '');
    await client.request('fuzzyFileSearch/sessionStart', { sessionId: 'big', roots: [root] });
    // The listing is in, and the session's last matches are few: a query typed on from them is
    // searched among them in one chunk, while the stale keystrokes before it scan the whole tree.
    await typed(client, 'big', 'file2999');
    const seen = client.notifications.length;
    // Typed on, cut back and changed, each keystroke sent before the last one's matches could be in.
    const keys = ['f', 'fi', 'fil', 'file', 'file1', 'file', 'fn', 'd', 'di', 'dir1/f', 'dir1/file12', 'file29999'];
    client.send(
      keys.map((query, i) => JSON.stringify({ id: 5000 + i, method: 'fuzzyFileSearch/sessionUpdate', params: { sessionId: 'big', query } })).join('\n'),
    );
    const last = keys.at(-1)!;
    await client.waitFor((m) => client.notifications.indexOf(m) >= seen && m.method === 'fuzzyFileSearch/sessionUpdated' && m.params.query === last, 30_000);
    await client.waitFor((m) => client.notifications.indexOf(m) >= seen && m.method === 'fuzzyFileSearch/sessionCompleted', 30_000);
    await new Promise((r) => setTimeout(r, 500));
    const updates = client.notifications.slice(seen).filter((m) => m.method === 'fuzzyFileSearch/sessionUpdated');
    // Each keystroke's matches, if sent at all, come before every later keystroke's; the last keystroke's come last.
    const order = updates.map((m) => keys.lastIndexOf(m.params.query));
    expect(
      order.every((k, i) => k >= 0 && (i === 0 || k > order[i - 1]!)),
      JSON.stringify(updates.map((m) => m.params.query)),
    ).toBe(true);
    expect(updates.at(-1).params.query).toBe(last);
    expect(updates.at(-1).params.files).toEqual((await client.request('fuzzyFileSearch', { query: last, roots: [root] })).result.files);
    expect(updates.at(-1).params.files[0]).toMatchObject({ path: 'dir59/file29999Name.txt' });
  }, 90_000);
});

describe('a fuzzyFileSearch session opened on a big tree not yet listed', () => {
  it('shows the matches so far while the tree is listed, then the complete ones, then sessionCompleted', async () => {
    // 30,000 files in a git repository: git's listing comes in many pieces, each searched as it arrives.
    const repo = realpathSync(mkdtempSync(join(tmpdir(), 'codex-ffs-cold-')));
    sh(repo, ['init', '-q', '-b', 'main']);
    for (let d = 0; d < 60; d++) mkdirSync(join(repo, `dir${d}`));
    for (let i = 0; i < 30_000; i++) writeFileSync(join(repo, `dir${i % 60}`, `file${i}Name.txt`), '');
    sh(repo, ['add', '-A']);
    sh(repo, ['commit', '-q', '-m', 'init']);
    const seen = client.notifications.length;
    await client.request('fuzzyFileSearch/sessionStart', { sessionId: 'cold', roots: [repo] });
    await client.request('fuzzyFileSearch/sessionUpdate', { sessionId: 'cold', query: 'file' });
    await client.waitFor((m) => client.notifications.indexOf(m) >= seen && m.method === 'fuzzyFileSearch/sessionCompleted', 30_000);
    await new Promise((r) => setTimeout(r, 300));
    const mine = client.notifications.slice(seen).filter((m) => m.params?.sessionId === 'cold');
    const updates = mine.filter((m) => m.method === 'fuzzyFileSearch/sessionUpdated');
    // At least one look at the matches so far, then the complete ones; sessionCompleted closes the round.
    expect(updates.length).toBeGreaterThan(1);
    expect(mine.at(-1).method).toBe('fuzzyFileSearch/sessionCompleted');
    expect(mine.filter((m) => m.method === 'fuzzyFileSearch/sessionCompleted')).toHaveLength(1);
    for (const u of updates) {
      expect(u.params.query).toBe('file');
      expect(u.params.files.length).toBeGreaterThan(0);
    }
    const oneShot = (await client.request('fuzzyFileSearch', { query: 'file', roots: [repo] })).result.files;
    expect(updates.at(-1).params.files).toEqual(oneShot);
    // Each match shown early is a real file, scored as the complete search scores it wherever it makes the list.
    const final = new Map(oneShot.map((f: any) => [f.path, f]));
    for (const u of updates.slice(0, -1))
      for (const f of u.params.files) {
        expect(f.path).toMatch(/^dir\d+(\/file\d+Name\.txt)?$/);
        if (final.has(f.path)) expect(f).toEqual(final.get(f.path));
      }
    // The next keystroke, on the complete listing, answers once.
    const before = client.notifications.length;
    expect(await typed(client, 'cold', 'file2999')).toEqual((await client.request('fuzzyFileSearch', { query: 'file2999', roots: [repo] })).result.files);
    expect(client.notifications.slice(before).filter((m) => m.method === 'fuzzyFileSearch/sessionUpdated')).toHaveLength(1);
  }, 90_000);
});

describe.skipIf(!REFERENCE)(`fuzzyFileSearch sessions against Codex 0.169 (${REFERENCE ?? CODEX_REFERENCE_MISSING})`, () => {
  it('sends the same sessionUpdated matches and a sessionCompleted for the same keystrokes', async () => {
    const repo = gitRepo();
    const reference = AppServerClient.spawn(sb, { bin: REFERENCE!, initialize: false });
    try {
      const init = await reference.request('initialize', { clientInfo: { name: 'test', version: '1' }, capabilities: { experimentalApi: true } });
      expect(init.error).toBeUndefined();
      for (const c of [reference, client]) await c.request('fuzzyFileSearch/sessionStart', { sessionId: 'p', roots: [repo] });
      // Queries with fewer than 50 matches: among more equal scores, which 50 Codex keeps depends on its parallel walk's order.
      for (const query of ['module12h', 'module29', 'readme', 'pkg3test']) {
        const theirs = (await typed(reference, 'p', query)).filter((f: any) => !f.path.startsWith('.git/'));
        expect(theirs.length, query).toBeLessThan(50);
        const ours = await typed(client, 'p', query);
        const view = (files: any[]) => files.map((f) => ({ path: f.path, match_type: f.match_type, file_name: f.file_name, indices: f.indices, root: f.root }));
        expect(view(ours), query).toEqual(view(theirs));
      }
      const unknown = await reference.request('fuzzyFileSearch/sessionUpdate', { sessionId: 'nope', query: 'm' });
      const ourUnknown = await client.request('fuzzyFileSearch/sessionUpdate', { sessionId: 'nope', query: 'm' });
      expect(ourUnknown.error).toEqual(unknown.error);
    } finally {
      reference.close();
    }
  }, 60_000);
});
