// The `@` pickers' search (shared/pickerFileSearch.ts, used by the TUI and the
// renderer) over a real `codex app-server`: it searches through a session
// (matches arrive as sessionUpdated notifications), answers only the latest
// query, stops the session on close; against the reference Codex without its
// experimental API (which refuses sessions) it falls back to one-shot
// fuzzyFileSearch with the same matches.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from './support/cli.js';
import { AppServerClient } from './support/appServerClient.js';
import { CODEX_REFERENCE_MISSING, codexReferenceBin } from './support/codexReference.js';
import { PickerFileSearch, type FileMatch, type SearchRequest } from '../shared/pickerFileSearch.js';

let sb: Sandbox;
let client: AppServerClient;
beforeEach(async () => {
  sb = makeSandbox('http://127.0.0.1:9', { git: false });
  client = AppServerClient.spawn(sb);
  await client.initialized;
});
afterEach(() => client.close());

function folder(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'codex-picker-')));
  for (let i = 0; i < 30; i++) {
    mkdirSync(join(root, `pkg${i % 3}`), { recursive: true });
    writeFileSync(join(root, `pkg${i % 3}`, `module${i}Handler.ts`), 'x\n');
  }
  writeFileSync(join(root, 'README.md'), 'x\n');
  return root;
}

/** The picker's request function over a client: JSON-RPC errors reject with their code, as the TUI's and renderer's do. */
function requester(c: AppServerClient): SearchRequest {
  return async (method, params) => {
    const r = await c.request(method, params);
    if (r.error) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.result;
  };
}

/** A picker whose answers are recorded; `next(query)` resolves with the next answer for that query. */
function picker(c: AppServerClient, sessionId: string, root: string) {
  const answers: { query: string; files: FileMatch[] }[] = [];
  const search = new PickerFileSearch(requester(c), sessionId, [root], (query, files) => answers.push({ query, files }));
  // The client's notifications are handed to the picker as they arrive, as the TUI and renderer do.
  let fed = 0;
  const feed = () => {
    for (; fed < c.notifications.length; fed++) if (c.notifications[fed].id === undefined) search.notified(c.notifications[fed]);
  };
  /** A session's query may first be answered with the matches so far (the tree still being listed): its answer is the last one before its sessionCompleted. */
  const completed = (from: number) =>
    c.notifications.slice(from).some((n) => n.method === 'fuzzyFileSearch/sessionCompleted' && n.params.sessionId === sessionId);
  const bySession = (from: number) =>
    c.notifications.slice(from).some((n) => n.method === 'fuzzyFileSearch/sessionUpdated' && n.params.sessionId === sessionId);
  const next = async (query: string): Promise<FileMatch[]> => {
    const seen = answers.length;
    const notified = c.notifications.length;
    search.search(query);
    for (let waited = 0; waited < 20_000; waited += 20) {
      feed();
      const mine = answers.slice(seen).filter((x) => x.query === query);
      if (mine.length > 0 && (!bySession(notified) || completed(notified))) return mine.at(-1)!.files;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no answer for ${query}`);
  };
  return { search, answers, next };
}

const oneShot = async (c: AppServerClient, query: string, root: string) => (await c.request('fuzzyFileSearch', { query, roots: [root] })).result.files;

describe('the @ pickers’ file search', () => {
  it('searches through a session, answers the latest query only, and stops the session on close', async () => {
    const root = folder();
    const p = picker(client, 'picker-a', root);
    expect(await p.next('')).toEqual([]);
    for (const query of ['m', 'mod', 'module1', 'readme']) {
      const files = await p.next(query);
      expect(files.length, query).toBeGreaterThan(0);
      expect(files, query).toEqual(await oneShot(client, query, root));
    }
    // The matches came as the session's notifications, not as one-shot answers.
    const updated = client.notifications.filter((n) => n.method === 'fuzzyFileSearch/sessionUpdated' && n.params.sessionId === 'picker-a');
    expect(updated.map((n) => n.params.query)).toEqual(expect.arrayContaining(['m', 'mod', 'module1', 'readme']));

    // Fast typing: only the last query is answered.
    const before = p.answers.length;
    p.search.search('module2');
    const last = await p.next('module29');
    expect(last.map((f) => f.path)).toEqual(['pkg2/module29Handler.ts']);
    expect(p.answers.slice(before).every((a) => a.query === 'module29')).toBe(true);

    p.search.close();
    // Stopped: the server no longer knows the session.
    for (let i = 0; i < 100; i++) {
      const r = await client.request('fuzzyFileSearch/sessionUpdate', { sessionId: 'picker-a', query: 'm' });
      if (r.error) return expect(r.error.message).toContain('picker-a');
      await new Promise((res) => setTimeout(res, 20));
    }
    throw new Error('the session was not stopped');
  });

  const REFERENCE = codexReferenceBin();
  it.skipIf(!REFERENCE)(
    `falls back to one-shot fuzzyFileSearch where the server refuses sessions (Codex 0.169 without experimentalApi) ${REFERENCE ?? CODEX_REFERENCE_MISSING}`,
    async () => {
      const root = folder();
      const reference = AppServerClient.spawn(sb, { bin: REFERENCE! });
      try {
        await reference.initialized;
        const refused = await reference.request('fuzzyFileSearch/sessionStart', { sessionId: 'probe', roots: [root] });
        expect(refused.error?.code).toBe(-32600);
        const p = picker(reference, 'picker-b', root);
        for (const query of ['module1', 'readme']) {
          const files = await p.next(query);
          expect(files.length, query).toBeGreaterThan(0);
          expect(files, query).toEqual(await oneShot(reference, query, root));
        }
        expect(reference.notifications.some((n) => n.method === 'fuzzyFileSearch/sessionUpdated')).toBe(false);
      } finally {
        reference.close();
      }
    },
    60_000,
  );
});
