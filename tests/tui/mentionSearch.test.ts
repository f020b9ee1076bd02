// The TUI's @ mention search (TuiSession.searchFiles) over a real
// `codex app-server`: on a tree still being listed the server first sends the
// matches so far, then the complete ones; the picker must end on the complete
// ones, not stay on the first answer.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { makeSandbox } from '../support/cli.js';
import { AppServerClient } from '../support/appServerClient.js';
import { TuiSession } from '../../main/tui/session.js';

let client: AppServerClient | undefined;
afterEach(() => client?.close());

it('shows the complete matches after the matches so far of a tree still being listed', async () => {
  const repo = realpathSync(mkdtempSync(join(tmpdir(), 'codex-tui-mention-')));
  const git = (args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'gc.auto=0', ...args], { cwd: repo, stdio: 'ignore' });
  git(['init', '-q', '-b', 'main']);
  for (let d = 0; d < 60; d++) mkdirSync(join(repo, `dir${d}`));
  for (let i = 0; i < 30_000; i++) writeFileSync(join(repo, `dir${i % 60}`, `file${i}Name.txt`), '');
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'init']);

  const sb = makeSandbox('http://127.0.0.1:9', { git: false });
  const server = AppServerClient.spawn(sb);
  client = server;
  await server.initialized;
  const session = new TuiSession(repo);
  server.onMessage((msg) => {
    if (msg.method && msg.id === undefined) session.host.notify(msg.method, msg.params);
  });
  session.attach({
    handle: async (method, params) => {
      const r = await server.request(method, params);
      if (r.error) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.result;
    },
    shutdown: async () => undefined,
  });

  const answers: string[][] = [];
  session.searchFiles('file', repo, (paths) => answers.push(paths));
  const complete = (await server.request('fuzzyFileSearch', { query: 'file', roots: [repo] })).result.files.map((f: { path: string }) => f.path);
  await expect.poll(() => answers.at(-1), { timeout: 30_000 }).toEqual(complete);
  // The server showed matches so far first (on the old code the picker kept that first answer).
  const updates = server.notifications.filter((m) => m.method === 'fuzzyFileSearch/sessionUpdated' && m.params.query === 'file');
  expect(updates.length).toBeGreaterThan(1);
  expect(answers.length).toBe(updates.length);
  session.endFileSearch();
}, 90_000);
