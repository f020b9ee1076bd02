// `fuzzyFileSearch` over the real `codex app-server`, on a real git
// repository with ignored and untracked files and on a plain folder with a
// .gitignore: what is offered (tracked and untracked files, their folders,
// never ignored ones or .git), Codex's result shape and order, match
// positions, and cancellation by token.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { makeSandbox, type Sandbox } from './support/cli.js';
import { AppServerClient } from './support/appServerClient.js';
import { sh } from './support/gitRepo.js';
import { CODEX_REFERENCE_MISSING, codexReferenceBin } from './support/codexReference.js';

let sb: Sandbox;
let client: AppServerClient;
beforeEach(async () => {
  sb = makeSandbox('http://127.0.0.1:9', { git: false });
  client = AppServerClient.spawn(sb);
  await client.initialized;
});
afterEach(() => client.close());

function write(root: string, files: string[]): void {
  for (const f of files) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), 'x\n');
  }
}

function gitRepo(): string {
  const repo = realpathSync(mkdtempSync(join(tmpdir(), 'codex-ffs-')));
  sh(repo, ['init', '-q', '-b', 'main']);
  write(repo, ['src/main.ts', 'src/util/mainHelper.ts', 'docs/MAIN.md', 'README.md', '.gitignore']);
  writeFileSync(join(repo, '.gitignore'), 'ignored/\n*.log\n');
  sh(repo, ['add', '-A']);
  sh(repo, ['commit', '-q', '-m', 'init']);
  // Not committed: offered (untracked); ignored by .gitignore: never offered.
  write(repo, ['untracked_main.txt', 'ignored/main.ts', 'debug-main.log']);
  return repo;
}

async function search(params: unknown): Promise<any[]> {
  const res = await client.request('fuzzyFileSearch', params);
  expect(res.error, JSON.stringify(res.error)).toBeUndefined();
  return res.result.files;
}

describe('fuzzyFileSearch', () => {
  it('offers tracked and untracked files of a git repo, never ignored ones or .git, ranked as Codex does', async () => {
    const repo = gitRepo();
    const files = await search({ query: 'main', roots: [repo] });
    expect(files.map((f) => f.path)).toEqual(['docs/MAIN.md', 'src/main.ts', 'src/util/mainHelper.ts', 'untracked_main.txt']);
    expect(files[1]).toEqual({ root: repo, path: 'src/main.ts', match_type: 'file', file_name: 'main.ts', score: expect.any(Number), indices: [4, 5, 6, 7] });
    expect(files[0].indices).toEqual([5, 6, 7, 8]);
    // Best score first, ties by path.
    for (let i = 1; i < files.length; i++)
      expect(files[i - 1].score > files[i].score || (files[i - 1].score === files[i].score && files[i - 1].path < files[i].path)).toBe(true);
    // Nothing from .git (git's own files) even for a query that would match them.
    expect((await search({ query: 'HEAD', roots: [repo] })).map((f) => f.path)).not.toContainEqual(expect.stringContaining('.git/'));
  });

  it('offers folders as directory matches, a folder named like the query first', async () => {
    const repo = gitRepo();
    const files = await search({ query: 'src', roots: [repo] });
    expect(files[0]).toMatchObject({ path: 'src', match_type: 'directory', file_name: 'src', indices: [0, 1, 2] });
    expect(files.map((f) => f.path)).toContain('src/util');
    expect(files.find((f) => f.path === 'src/util').match_type).toBe('directory');
  });

  it('honours .gitignore in a folder that is not a git repository', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'codex-ffs-plain-')));
    write(root, ['app/main.py', 'node_modules/pkg/main.js', 'out/main.js', 'app/.gitignore', 'app/gen/main.txt']);
    writeFileSync(join(root, '.gitignore'), 'node_modules/\nout\n');
    writeFileSync(join(root, 'app', '.gitignore'), 'gen/\n');
    const files = await search({ query: 'main', roots: [root] });
    expect(files.map((f) => f.path)).toEqual(['app/main.py']);
  });

  it('searches several roots; an empty query, no roots or a missing root give no files', async () => {
    const a = gitRepo();
    const b = realpathSync(mkdtempSync(join(tmpdir(), 'codex-ffs-b-')));
    write(b, ['lib/main.rs']);
    const files = await search({ query: 'main.', roots: [a, b] });
    expect(new Set(files.map((f) => f.root))).toEqual(new Set([a, b]));
    expect(files.find((f) => f.root === b).path).toBe('lib/main.rs');
    expect(await search({ query: '', roots: [a] })).toEqual([]);
    expect(await search({ query: 'main', roots: [] })).toEqual([]);
    expect(await search({ query: 'main', roots: ['/nonexistent/root'] })).toEqual([]);
  });

  it('a later search with the same cancellation token cancels the running one, which answers no files', async () => {
    const repo = gitRepo();
    // Both requests in one write: the first is still listing when the second arrives.
    const first = new Promise<any>((resolve) => resolveWhen(1001, resolve));
    const second = new Promise<any>((resolve) => resolveWhen(1002, resolve));
    client.send(
      [
        JSON.stringify({ id: 1001, method: 'fuzzyFileSearch', params: { query: 'main', roots: [repo], cancellationToken: 'tok' } }),
        JSON.stringify({ id: 1002, method: 'fuzzyFileSearch', params: { query: 'readme', roots: [repo], cancellationToken: 'tok' } }),
      ].join('\n'),
    );
    expect((await first).result).toEqual({ files: [] });
    expect((await second).result.files.map((f: any) => f.path)).toEqual(['README.md']);
    // A search under another token is not touched.
    expect((await search({ query: 'readme', roots: [repo], cancellationToken: 'other' })).length).toBe(1);
  });

  it('offers what the reference Codex offers, in the same order with the same positions (its .git/ entries aside)', async () => {
    const bin = codexReferenceBin();
    if (!bin) throw new Error(CODEX_REFERENCE_MISSING);
    const repo = gitRepo();
    const reference = AppServerClient.spawn(sb, { bin });
    try {
      await reference.initialized;
      for (const query of ['main', 'src', 'util/main', 'readme', 'm', 'u', 's', 'mh', 'dm', 'ts', 'md', 'a', 'sm', 'doc', 'srcmain', 'mainhelper', 'uma']) {
        const theirs = (await reference.request('fuzzyFileSearch', { query, roots: [repo] })).result.files.filter((f: any) => !f.path.startsWith('.git/'));
        const ours = await search({ query, roots: [repo] });
        const view = (files: any[]) => files.map((f) => ({ path: f.path, match_type: f.match_type, file_name: f.file_name, indices: f.indices, root: f.root }));
        expect(view(ours), query).toEqual(view(theirs));
      }
    } finally {
      reference.close();
    }
  });

  it('a file created after a search shows up in a later one (the listing is made again in the background)', async () => {
    const repo = gitRepo();
    expect(await search({ query: 'brandnew', roots: [repo] })).toEqual([]);
    write(repo, ['lib/brandnew.ts']);
    await expect
      .poll(async () => (await search({ query: 'brandnew', roots: [repo] })).map((f) => f.path), { timeout: 15_000, interval: 500 })
      .toEqual(['lib/brandnew.ts']);
  });

  it('refuses malformed params with the field named', async () => {
    const res = await client.request('fuzzyFileSearch', { query: 'x' });
    expect(res.error.code).toBe(-32602);
    expect(res.error.message).toContain('roots');
  });
});

function resolveWhen(id: number, resolve: (msg: any) => void): void {
  const timer = setInterval(() => {
    const msg = client.responses.find((r) => r.id === id);
    if (msg) {
      clearInterval(timer);
      resolve(msg);
    }
  }, 10);
}
