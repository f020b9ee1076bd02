// The hosted web_search tool through the real CLI and app-server against the
// scripted model server: Codex's default ("cached"), `web_search = "live"` /
// "disabled" and the deprecated features switch, off for a Chat Completions
// provider; the model's `web_search_call` output items become webSearch thread
// items with Codex's query text (exec --json and app-server), and go back to the
// model with the rest of the history.
import { describe, expect, it } from 'vitest';
import { execJson, makeSandbox, runCodex, scriptedSuite } from '../support/cli.js';
import { chat, responses as R } from '../support/scriptedServer.js';
import { AppServerClient } from '../support/appServerClient.js';

const t = scriptedSuite();
const webSearchTool = (body: any) => body.tools.filter((x: any) => x.type === 'web_search');

describe('web search', () => {
  it('is offered as Codex does: cached by default, live or off by config, live with the deprecated feature (and its notice)', async () => {
    const cases: [string[], unknown[]][] = [
      [[], [{ type: 'web_search', external_web_access: false, search_content_types: ['text', 'image'] }]],
      [['-c', 'web_search="live"'], [{ type: 'web_search', external_web_access: true, search_content_types: ['text', 'image'] }]],
      [['-c', 'web_search="disabled"'], []],
      [['-c', 'features.web_search_request=true'], [{ type: 'web_search', external_web_access: true, search_content_types: ['text', 'image'] }]],
    ];
    let featureRun = '';
    for (const [i, [flags, expected]] of cases.entries()) {
      t.server.enqueue(R.text('ok'));
      const run = await execJson(t.sb, 'hi', flags);
      if (flags.includes('features.web_search_request=true')) featureRun = run.stdout + run.stderr;
      expect(run.code, run.stderr).toBe(0);
      const body = t.server.requests[i]!.body;
      expect(webSearchTool(body), flags.join(' ')).toEqual(expected);
      // Last in the list, after the function tools, as Codex sends it.
      if (expected.length) expect(body.tools.at(-1).type).toBe('web_search');
    }
    expect(featureRun).toContain('`[features].web_search_request` is deprecated because web search is enabled by default.');
  });

  it('a bad web_search value is an error naming the key and the choices', async () => {
    const run = await execJson(t.sb, 'hi', ['-c', 'web_search="sometimes"']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('web_search');
    expect(run.stderr).toMatch(/live.*cached.*disabled/);
    expect(t.server.requests).toHaveLength(0);
  });

  it('is off for a Chat Completions provider, which has no hosted tools', async () => {
    const sb = makeSandbox(t.server.baseUrl, { wireApi: 'chat' });
    t.server.enqueue(chat.text('ok'));
    const run = await runCodex(['exec', '--skip-git-repo-check', 'hi'], { cwd: sb.workspace, env: sb.env });
    expect(run.code, run.stderr).toBe(0);
    const req = t.server.requests[0]!;
    expect(JSON.stringify(req.body.tools ?? [])).not.toContain('web_search');
  });

  it("web_search_call items become webSearch items with Codex's query text, and go back to the model in the history", async () => {
    t.server.enqueue(
      R.reply(
        R.webSearchCall({ type: 'search', query: 'codex skills format' }, { id: 'ws_1' }),
        R.webSearchCall({ type: 'open_page', url: 'https://example.com/docs' }, { id: 'ws_2' }),
        R.webSearchCall({ type: 'find_in_page', url: 'https://example.com/docs', pattern: 'SKILL.md' }, { id: 'ws_3' }),
        R.webSearchCall({ type: 'search', queries: ['first query', 'second'] }, { id: 'ws_4' }),
        R.message('found it'),
      ),
    );
    const run = await execJson(t.sb, 'look it up', ['-c', 'web_search="live"']);
    expect(run.code, run.stderr).toBe(0);
    const searches = run.events.filter((e) => e.type === 'item.completed' && e.item.type === 'web_search').map((e) => e.item);
    expect(searches.map((s) => s.query)).toEqual([
      'codex skills format',
      'https://example.com/docs',
      "'SKILL.md' in https://example.com/docs",
      'first query ...',
    ]);
    expect(searches[1].action).toEqual({ type: 'open_page', url: 'https://example.com/docs' });
    expect(run.events.filter((e) => e.type === 'item.started' && e.item.type === 'web_search')).toHaveLength(4);

    // Over app-server: item/started then item/completed webSearch, and the next request carries the calls.
    const client = AppServerClient.spawn(t.sb);
    try {
      await client.initialized;
      t.server.enqueue(R.reply(R.webSearchCall({ type: 'search', query: 'weather paris' }, { id: 'ws_9' }), R.message('sunny')), R.text('again'));
      const started = (await client.request('thread/start', { config: { web_search: 'live' } })).result;
      const threadId = started.thread.id;
      await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'weather?' }] });
      const done = await client.waitFor((n: any) => n.method === 'item/completed' && n.params.item.type === 'webSearch');
      expect(done.params.item).toEqual({
        type: 'webSearch',
        id: 'ws_9',
        query: 'weather paris',
        action: { type: 'search', query: 'weather paris', queries: null },
      });
      await client.waitFor((n: any) => n.method === 'turn/completed');
      const second = (await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'and tomorrow?' }] })).result.turn.id;
      await client.waitFor((n: any) => n.method === 'turn/completed' && n.params.turn.id === second);
      const last = t.server.requests.at(-1)!.body;
      expect(last.input.some((i: any) => i.type === 'web_search_call' && i.id === 'ws_9')).toBe(true);
      expect(webSearchTool(last)[0].external_web_access).toBe(true);
    } finally {
      client.close();
    }
  });
});
