// `review/draftCommitMessage` (ours) over the real `codex app-server` on real
// git repositories: the staged diff (or, with nothing staged, every
// uncommitted change) goes to the model in one request without tools, its
// answer comes back as the message, and a repository with nothing to describe
// is refused before any request.
import { beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { responses as R } from '../support/scriptedServer.js';
import { scriptedSuite } from '../support/cli.js';
import { AppServerClient } from '../support/appServerClient.js';
import { makeRepo, sh } from '../support/gitRepo.js';

const t = scriptedSuite();
let client: AppServerClient;
let repo: string;
beforeEach(async () => {
  repo = makeRepo().repo;
  client = AppServerClient.spawn(t.sb);
  await client.initialized;
  return () => client.close();
});

async function thread(cwd = repo): Promise<string> {
  const res = await client.request('thread/start', { cwd, sandbox: 'read-only' });
  expect(res.error).toBeUndefined();
  return res.result.thread.id;
}

const requestText = (body: any) => body.input.map((i: any) => (i.content ?? []).map((c: any) => c.text ?? '').join('')).join('\n');

describe('review/draftCommitMessage', () => {
  it('drafts from the staged diff only: one request, no tools; a fenced answer comes back as the bare message', async () => {
    fs.writeFileSync(path.join(repo, 'src', 'b.txt'), 'bee staged\n');
    sh(repo, ['add', 'src/b.txt']);
    fs.appendFileSync(path.join(repo, 'a.txt'), 'four: not staged\n');
    const id = await thread();
    t.server.enqueue(R.message('```\nRename the bee\n\nThe bee is now staged.\n```'));

    const res = await client.request('review/draftCommitMessage', { threadId: id });

    expect(res.error).toBeUndefined();
    expect(res.result).toEqual({ message: 'Rename the bee\n\nThe bee is now staged.', source: 'staged' });
    expect(t.server.requests).toHaveLength(1);
    const body = t.server.requests[0]!.body;
    expect(body.tools ?? []).toEqual([]);
    expect(body.model).toBe('gpt-5.5');
    const text = requestText(body);
    expect(text).toContain('+bee staged');
    expect(text).toContain('subject line of at most 72 characters');
    expect(text).not.toContain('four: not staged');
    // Nothing changed on disk or in the index.
    expect(sh(repo, ['diff', '--cached', '--name-only'])).toBe('src/b.txt');
    // Not part of the thread's conversation: its next turn does not carry the draft request.
    t.server.enqueue(R.message('ok'));
    const turn = await client.request('turn/start', { threadId: id, input: [{ type: 'text', text: 'hi' }] });
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === turn.result.turn.id);
    expect(JSON.stringify(t.server.requests.at(-1)!.body.input)).not.toContain('+bee staged');
  });

  it('with nothing staged, describes every uncommitted change, untracked files included', async () => {
    fs.appendFileSync(path.join(repo, 'a.txt'), 'four: unstaged\n');
    fs.writeFileSync(path.join(repo, 'fresh.txt'), 'untracked body\n');
    const id = await thread();
    t.server.enqueue(R.message('Add fresh.txt and a fourth line\n'));

    const res = await client.request('review/draftCommitMessage', { threadId: id });

    expect(res.result).toEqual({ message: 'Add fresh.txt and a fourth line', source: 'uncommitted' });
    const text = requestText(t.server.requests[0]!.body);
    expect(text).toContain('+four: unstaged');
    expect(text).toContain('+untracked body');
    expect(text).toContain('nothing is staged yet');
  });

  it('a clean repository or a folder outside git is refused with the reason, before any request', async () => {
    const id = await thread();
    const clean = await client.request('review/draftCommitMessage', { threadId: id });
    expect(clean.error).toMatchObject({ code: -32600, message: `nothing to describe in ${fs.realpathSync(repo)}: no staged or uncommitted changes` });

    const outside = fs.mkdtempSync(path.join(path.dirname(repo), 'plain-'));
    const plain = await client.request('review/draftCommitMessage', { threadId: await thread(outside) });
    expect(plain.error.code).toBe(-32602);
    expect(plain.error.message).toContain(`threadId: ${outside} is not inside a git repository`);
    expect((await client.request('review/draftCommitMessage', { threadId: 'nope' })).error.message).toBe('thread not found: nope');
    expect(t.server.requests).toHaveLength(0);
  });
});
