import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { faults as F, responses as R, startScriptedServer, type ScriptedServer } from '../../../tests/support/scriptedServer.js';
import { collectEvents, streamError, testPrompt, testProvider } from '../../../tests/support/modelFixtures.js';
import type { ModelProviderInfo } from '../config/types.js';
import { backoffDelayMs, parseRetryAfter } from './http.js';
import { createModelClient } from './index.js';
import { buildResponsesBody, createResponsesClient, type ResponsesClientOptions } from './responsesClient.js';
import { ModelError, type Prompt, type ResponseEvent, type RetryNotice } from './types.js';

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
});
afterEach(async () => {
  await server.close();
});

function client(provider: Partial<ModelProviderInfo> = {}, opts: Partial<ResponsesClientOptions> = {}) {
  return createResponsesClient({
    provider: testProvider(server.baseUrl, provider),
    apiKey: 'sk-test',
    model: 'gpt-5.5',
    version: '0.169.0',
    contextWindow: 272_000,
    backoffBaseMs: 5,
    env: {},
    ...opts,
  });
}

function run(c = client(), prompt: Prompt = testPrompt(), onRetry?: (n: RetryNotice) => void, signal = new AbortController().signal) {
  return c.stream(prompt, { signal, ...(onRetry ? { onRetry } : {}) });
}

const texts = (events: ResponseEvent[]): string => events.flatMap((e) => (e.type === 'output_text_delta' ? [e.delta] : [])).join('');
const doneItems = (events: ResponseEvent[]) => events.flatMap((e) => (e.type === 'output_item_done' ? [e.item] : []));

describe('responses client: streaming', () => {
  it('streams a plain answer: created, item added, text deltas, item done, completed with usage', async () => {
    server.enqueue(R.text('Hello there, friend.', { responseId: 'resp_1', usage: { input: 120, cached: 100, output: 9, reasoning: 4 } }));
    const events = await collectEvents(run());
    expect(events.map((e) => e.type)).toEqual([
      'created',
      'output_item_added',
      'output_text_delta',
      'output_text_delta',
      'output_text_delta',
      'output_item_done',
      'completed',
    ]);
    expect(texts(events)).toBe('Hello there, friend.');
    expect(doneItems(events)[0]).toMatchObject({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello there, friend.' }] });
    expect(events.at(-1)).toEqual({
      type: 'completed',
      responseId: 'resp_1',
      usage: { input_tokens: 120, cached_input_tokens: 100, output_tokens: 9, reasoning_output_tokens: 4, total_tokens: 129 },
    });
    expect(server.requests).toHaveLength(1);
  });

  it('yields text deltas as they arrive, before the stream ends', async () => {
    // Frames 250 ms apart: even on a loaded machine the first delta must be seen
    // at least one gap before the last one (streamed, not buffered to the end).
    server.enqueue({ ...R.reply(R.message('one two three four'), { usage: null }), frameDelayMs: 250 });
    const seen: Array<{ delta: string; at: number }> = [];
    const t0 = Date.now();
    for await (const ev of run()) if (ev.type === 'output_text_delta') seen.push({ delta: ev.delta, at: Date.now() - t0 });
    expect(seen.map((s) => s.delta)).toEqual(['one ', 'two ', 'three ', 'four']);
    expect(seen.at(-1)!.at - seen[0]!.at).toBeGreaterThanOrEqual(240);
  });

  it('parses a stream delivered in tiny chunks (split lines and UTF-8 sequences)', async () => {
    server.enqueue({ ...R.text('héllo wörld 😀 ✓'), chunkSize: 3 });
    const events = await collectEvents(run());
    expect(texts(events)).toBe('héllo wörld 😀 ✓');
    expect(events.at(-1)!.type).toBe('completed');
  });

  it('decodes a function call (with namespace)', async () => {
    server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: 'ls -la' }, callId: 'call_ls' }),
      R.functionCall({ name: 'search', arguments: '{"q":"x"}', callId: 'call_ns', namespace: 'mcp__docs' }),
    );
    const first = doneItems(await collectEvents(run()));
    expect(first).toEqual([expect.objectContaining({ type: 'function_call', name: 'exec_command', arguments: '{"cmd":"ls -la"}', call_id: 'call_ls' })]);
    const second = doneItems(await collectEvents(run()));
    expect(second[0]).toMatchObject({ type: 'function_call', name: 'search', namespace: 'mcp__docs', arguments: '{"q":"x"}', call_id: 'call_ns' });
  });

  it('decodes a custom tool call (apply_patch)', async () => {
    const patch = '*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch\n';
    server.enqueue(R.customToolCall({ input: patch, callId: 'call_patch' }));
    const items = doneItems(await collectEvents(run()));
    expect(items).toEqual([expect.objectContaining({ type: 'custom_tool_call', name: 'apply_patch', input: patch, call_id: 'call_patch' })]);
  });

  it('decodes reasoning: summary parts, summary deltas, raw reasoning deltas and the encrypted item', async () => {
    server.enqueue(R.reply(R.reasoning(['Plan the work', 'Check files'], { id: 'rs_1', content: 'raw thoughts' }), R.message('ok')));
    const events = await collectEvents(run());
    const parts = events.filter((e) => e.type === 'reasoning_summary_part_added');
    expect(parts).toEqual([
      { type: 'reasoning_summary_part_added', summaryIndex: 0 },
      { type: 'reasoning_summary_part_added', summaryIndex: 1 },
    ]);
    const summary = events.flatMap((e) => (e.type === 'reasoning_summary_delta' ? [[e.summaryIndex, e.delta] as const] : []));
    expect(
      summary
        .filter(([i]) => i === 0)
        .map(([, d]) => d)
        .join(''),
    ).toBe('Plan the work');
    expect(
      summary
        .filter(([i]) => i === 1)
        .map(([, d]) => d)
        .join(''),
    ).toBe('Check files');
    const raw = events.flatMap((e) => (e.type === 'reasoning_content_delta' ? [e.delta] : [])).join('');
    expect(raw).toBe('raw thoughts');
    expect(doneItems(events)[0]).toEqual({
      id: 'rs_1',
      type: 'reasoning',
      summary: [
        { type: 'summary_text', text: 'Plan the work' },
        { type: 'summary_text', text: 'Check files' },
      ],
      encrypted_content: 'enc_rs_1',
      content: [{ type: 'reasoning_text', text: 'raw thoughts' }],
    });
  });

  it('ends the iteration at response.completed even if the server keeps the connection open', async () => {
    server.enqueue({ ...R.text('done'), end: 'idle' });
    const t0 = Date.now();
    const events = await collectEvents(run(client({ streamIdleTimeoutMs: 30_000 })));
    expect(events.at(-1)!.type).toBe('completed');
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('is lazy: no request until iterated', async () => {
    server.enqueue(R.text('x'));
    const stream = run();
    await new Promise((r) => setTimeout(r, 30));
    expect(server.requests).toHaveLength(0);
    await collectEvents(stream);
    expect(server.requests).toHaveLength(1);
  });
});

describe('responses client: request shape', () => {
  const prompt = testPrompt({
    input: [
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'You are Codex.' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'say hi' }] },
    ],
    tools: [
      { type: 'function', name: 'exec_command', description: 'Run', strict: false, parameters: { type: 'object', properties: {} } },
      { type: 'custom', name: 'apply_patch', description: 'Patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } },
    ],
    reasoning: { effort: 'medium' },
    verbosity: 'low',
    promptCacheKey: '01a20f1e-0e71-7590-8b3a-e4cda6b60e11',
    clientMetadata: { thread_id: '01a20f1e-0e71-7590-8b3a-e4cda6b60e11' },
  });

  it('sends the body and headers Codex 0.169 sends', async () => {
    server.enqueue(R.text('hi'));
    await collectEvents(run(client(), prompt));
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1/responses');
    // Key order of the captured gpt-5.5 request (instructions left out when empty).
    expect(Object.keys(req.body)).toEqual([
      'model',
      'stream',
      'input',
      'tools',
      'tool_choice',
      'parallel_tool_calls',
      'reasoning',
      'store',
      'include',
      'prompt_cache_key',
      'text',
      'client_metadata',
    ]);
    expect(req.body).toEqual({
      model: 'gpt-5.5',
      stream: true,
      input: prompt.input,
      tools: prompt.tools,
      tool_choice: 'auto',
      parallel_tool_calls: true,
      reasoning: { effort: 'medium' },
      store: false,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: '01a20f1e-0e71-7590-8b3a-e4cda6b60e11',
      text: { verbosity: 'low' },
      client_metadata: { thread_id: '01a20f1e-0e71-7590-8b3a-e4cda6b60e11' },
    });
    const h = req.headers;
    expect(h).toMatchObject({
      accept: 'text/event-stream',
      'content-type': 'application/json',
      authorization: 'Bearer sk-test',
      originator: 'codex_exec',
      'session-id': '01a20f1e-0e71-7590-8b3a-e4cda6b60e11',
      'thread-id': '01a20f1e-0e71-7590-8b3a-e4cda6b60e11',
      'x-client-request-id': '01a20f1e-0e71-7590-8b3a-e4cda6b60e11',
    });
    expect(h['user-agent']).toMatch(/^codex_exec\/0\.169\.0 \([^;()]+; [a-z0-9_]+\) \S+ \(codex_exec; 0\.169\.0\)$/);
  });

  it('sends instructions when non-empty, omits reasoning/text when unset, and the output schema as text.format', async () => {
    server.enqueue(R.text('{}'), R.text('{}'));
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
    await collectEvents(run(client(), testPrompt({ instructions: 'Base prompt', parallelToolCalls: false })));
    await collectEvents(run(client(), testPrompt({ outputSchema: schema, verbosity: 'low' })));
    const [a, b] = server.requests;
    expect(a!.body.instructions).toBe('Base prompt');
    expect(a!.body.parallel_tool_calls).toBe(false);
    expect(a!.body.tools).toEqual([]);
    expect('reasoning' in a!.body).toBe(false);
    expect('text' in a!.body).toBe(false);
    expect('instructions' in b!.body).toBe(false);
    expect(b!.body.text).toEqual({ verbosity: 'low', format: { type: 'json_schema', strict: true, schema, name: 'codex_output_schema' } });
  });

  it('leaves out authorization without a key and uses a configured originator', async () => {
    server.enqueue(R.text('x'), R.text('y'));
    await collectEvents(run(client({}, { apiKey: undefined, originator: 'codex_desktop', version: '1.2.3' })));
    await collectEvents(run(client({}, { env: { CODEX_INTERNAL_ORIGINATOR_OVERRIDE: 'codex_sdk_ts' } })));
    const [a, b] = server.requests;
    expect(a!.headers.authorization).toBeUndefined();
    expect(a!.headers.originator).toBe('codex_desktop');
    expect(a!.headers['user-agent']).toMatch(/^codex_desktop\/1\.2\.3 \(/);
    expect(b!.headers.originator).toBe('codex_sdk_ts');
  });

  it('sends http_headers, env_http_headers (only set and non-empty variables) and per-prompt headers', async () => {
    server.enqueue(R.text('x'));
    const c = client(
      { httpHeaders: { 'X-Static': 's1' }, envHttpHeaders: { 'X-From-Env': 'MY_HDR', 'X-Empty': 'EMPTY_HDR', 'X-Unset': 'UNSET_HDR' } },
      { env: { MY_HDR: 'hv', EMPTY_HDR: '' } },
    );
    await collectEvents(run(c, testPrompt({ extraHeaders: { 'x-codex-window-id': 'w:0' } })));
    const h = server.requests[0]!.headers;
    expect(h['x-static']).toBe('s1');
    expect(h['x-from-env']).toBe('hv');
    expect(h['x-codex-window-id']).toBe('w:0');
    expect('x-empty' in h).toBe(false);
    expect('x-unset' in h).toBe(false);
  });

  it('reads env_http_headers from process.env by default', async () => {
    server.enqueue(R.text('x'));
    process.env.CODEX_TEST_ENV_HDR = 'from-process';
    try {
      const c = createResponsesClient({
        provider: testProvider(server.baseUrl, { envHttpHeaders: { 'X-Proc': 'CODEX_TEST_ENV_HDR' } }),
        model: 'm',
        version: '0.0.1',
        contextWindow: 1000,
      });
      await collectEvents(c.stream(testPrompt(), { signal: new AbortController().signal }));
    } finally {
      delete process.env.CODEX_TEST_ENV_HDR;
    }
    expect(server.requests[0]!.headers['x-proc']).toBe('from-process');
  });

  it('appends query_params and tolerates a trailing slash in base_url', async () => {
    server.enqueue(R.text('x'));
    await collectEvents(run(client({ baseUrl: `${server.baseUrl}/`, queryParams: { 'api-version': '2025-04-01-preview', foo: 'a b' } })));
    const req = server.requests[0]!;
    expect(req.path).toBe('/v1/responses');
    expect(req.query).toEqual({ 'api-version': '2025-04-01-preview', foo: 'a b' });
  });

  it('keeps store:true for Azure endpoints', () => {
    const p = testPrompt();
    expect(buildResponsesBody('m', p, { id: 'az', name: 'Azure', baseUrl: 'https://x.openai.azure.com/openai' }).store).toBe(true);
    expect(buildResponsesBody('m', p, { id: 'openai', name: 'OpenAI', baseUrl: 'https://api.openai.com/v1' }).store).toBe(false);
  });

  it('exposes streamMaxRetries and contextWindow, and createModelClient picks the Responses wire', async () => {
    const c = client({ streamMaxRetries: 7 });
    expect(c.streamMaxRetries).toBe(7);
    expect(c.contextWindow).toBe(272_000);
    server.enqueue(R.text('via factory'));
    const f = createModelClient(testProvider(server.baseUrl), { model: 'm', version: '1.0.0', contextWindow: 5 });
    expect(texts(await collectEvents(f.stream(testPrompt(), { signal: new AbortController().signal })))).toBe('via factory');
    expect(server.requests[0]!.path).toBe('/v1/responses');
  });
});

describe('responses client: HTTP retries', () => {
  it('retries a 429 after the Retry-After seconds', async () => {
    server.enqueue(F.status(429, 'Rate limited', { retryAfter: 1 }), R.text('after wait'));
    const notices: RetryNotice[] = [];
    const events = await collectEvents(run(client({ requestMaxRetries: 2 }), testPrompt(), (n) => notices.push(n)));
    expect(texts(events)).toBe('after wait');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.receivedAt - server.requests[0]!.receivedAt).toBeGreaterThanOrEqual(950);
    expect(notices).toEqual([{ attempt: 1, max: 2, reason: 'HTTP 429: Rate limited', delayMs: 1000 }]);
  });

  it('honours retry-after-ms and a "try again in" hint on 429', async () => {
    server.enqueue(F.status(429, 'slow down', { retryAfterMs: 120 }), F.status(429, 'Rate limit reached. Please try again in 80ms.'), R.text('ok'));
    const notices: RetryNotice[] = [];
    await collectEvents(run(client({ requestMaxRetries: 3 }), testPrompt(), (n) => notices.push(n)));
    expect(notices.map((n) => n.delayMs)).toEqual([120, 80]);
    expect(server.requests[1]!.receivedAt - server.requests[0]!.receivedAt).toBeGreaterThanOrEqual(110);
  });

  it('retries a 429 without Retry-After using exponential backoff', async () => {
    server.enqueue(F.status(429, 'busy'), F.status(429, 'busy'), R.text('ok'));
    const notices: RetryNotice[] = [];
    await collectEvents(run(client({ requestMaxRetries: 4 }, { backoffBaseMs: 40 }), testPrompt(), (n) => notices.push(n)));
    expect(notices.map((n) => n.attempt)).toEqual([1, 2]);
    expect(notices[0]!.delayMs).toBeGreaterThanOrEqual(36);
    expect(notices[0]!.delayMs).toBeLessThanOrEqual(44);
    expect(notices[1]!.delayMs).toBeGreaterThanOrEqual(72);
    expect(notices[1]!.delayMs).toBeLessThanOrEqual(88);
    expect(server.requests[2]!.receivedAt - server.requests[1]!.receivedAt).toBeGreaterThanOrEqual(70);
  });

  it('retries 5xx until requestMaxRetries runs out, then fails with the server message', async () => {
    for (let i = 0; i < 4; i++) server.enqueue(F.status(500, `upstream exploded #${i}`));
    const notices: RetryNotice[] = [];
    const err = await streamError(run(client({ requestMaxRetries: 3 }), testPrompt(), (n) => notices.push(n)));
    expect(err).toBeInstanceOf(ModelError);
    expect(err.message).toBe(`unexpected status 500 Internal Server Error: upstream exploded #3, url: ${server.baseUrl}/responses`);
    expect(err).toMatchObject({ retryable: true, status: 500 });
    expect(server.requests).toHaveLength(4); // requestMaxRetries + 1
    expect(notices.map((n) => [n.attempt, n.max])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(notices[0]!.reason).toBe('HTTP 500: upstream exploded #0');
  });

  it('shows a plain-text 5xx body, or the status line for an empty one', async () => {
    server.enqueue(F.http(502, 'Bad gateway from proxy'), F.http(503));
    const e1 = await streamError(run(client({ requestMaxRetries: 0 })));
    expect(e1.message).toBe(`unexpected status 502 Bad Gateway: Bad gateway from proxy, url: ${server.baseUrl}/responses`);
    const e2 = await streamError(run(client({ requestMaxRetries: 0 })));
    expect(e2.message).toBe(`unexpected status 503 Service Unavailable, url: ${server.baseUrl}/responses`);
  });

  it('does not retry a 400 and reports the server message and status', async () => {
    server.enqueue(F.status(400, "Unsupported parameter: 'foo'.", { code: 'unsupported_parameter' }), R.text('never'));
    const notices: RetryNotice[] = [];
    const err = await streamError(run(client({ requestMaxRetries: 4 }), testPrompt(), (n) => notices.push(n)));
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({
      message: `unexpected status 400 Bad Request: Unsupported parameter: 'foo'., url: ${server.baseUrl}/responses`,
      retryable: false,
      status: 400,
      code: 'unsupported_parameter',
    });
    expect(server.requests).toHaveLength(1);
    expect(notices).toEqual([]);
    expect(server.pending()).toBe(1);
  });

  it('does not retry 401/404 and reads text bodies', async () => {
    server.enqueue(F.http(401, 'Invalid API key'), F.http(404, { message: 'no such model' }));
    expect(await streamError(run())).toMatchObject({
      message: `unexpected status 401 Unauthorized: Invalid API key, url: ${server.baseUrl}/responses`,
      status: 401,
      retryable: false,
    });
    expect(await streamError(run())).toMatchObject({
      message: `unexpected status 404 Not Found: no such model, url: ${server.baseUrl}/responses`,
      status: 404,
      retryable: false,
    });
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a 429 that reports insufficient_quota', async () => {
    server.enqueue(F.status(429, 'You exceeded your current quota', { code: 'insufficient_quota' }));
    const err = await streamError(run(client({ requestMaxRetries: 3 })));
    expect(err).toMatchObject({ retryable: false, code: 'insufficient_quota', status: 429 });
    expect(server.requests).toHaveLength(1);
  });

  it('a 429 that outlasts the retries stays retryable for the turn loop', async () => {
    server.enqueue(F.status(429, 'busy', { retryAfterMs: 10 }), F.status(429, 'busy', { retryAfterMs: 10 }));
    const err = await streamError(run(client({ requestMaxRetries: 1 })));
    expect(err).toMatchObject({
      message: `unexpected status 429 Too Many Requests: busy, url: ${server.baseUrl}/responses`,
      retryable: true,
      status: 429,
      retryAfterMs: 10,
    });
  });

  it('retries connection errors', async () => {
    server.enqueue(F.drop(), R.text('second try'));
    const notices: RetryNotice[] = [];
    const events = await collectEvents(run(client({ requestMaxRetries: 2 }), testPrompt(), (n) => notices.push(n)));
    expect(texts(events)).toBe('second try');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.reason).toMatch(/^connection error: /);
  });

  it('fails with a connection error naming the URL and the base_url key once the retries are spent (the turn loop does not retry it again)', async () => {
    const dead = await startScriptedServer();
    const url = dead.baseUrl;
    await dead.close();
    const notices: RetryNotice[] = [];
    const err = await streamError(run(client({ baseUrl: url, requestMaxRetries: 2 }), testPrompt(), (n) => notices.push(n)));
    expect(err).toBeInstanceOf(ModelError);
    expect(err.message).toMatch(/^connection error: .*ECONNREFUSED/);
    expect(err.message).toContain(`url: ${url}/responses`);
    expect(err.message).toContain('model_providers.');
    expect(err.message).toContain('after 3 attempts; check model_providers.');
    expect((err as ModelError).retryable).toBe(false);
    expect(notices).toHaveLength(2);
  });

  it.each([
    ['a port fetch refuses', 'http://127.0.0.1:6000/v1', 'bad port'],
    ['a scheme that is not http(s)', 'ftp://127.0.0.1:2121/v1', 'use http:// or https://'],
  ])('does not retry %s, and names the key to fix', async (_what, baseUrl, why) => {
    const notices: RetryNotice[] = [];
    const err = await streamError(run(client({ baseUrl, requestMaxRetries: 3 }), testPrompt(), (n) => notices.push(n)));
    expect(err).toBeInstanceOf(ModelError);
    expect(err.message).toContain(why);
    expect(err.message).toContain(`${baseUrl}/responses`);
    expect(err.message).toMatch(/model_providers\.[^.]+\.base_url/);
    expect((err as ModelError).retryable).toBe(false);
    expect(notices).toEqual([]);
  });

  it('a base_url that is no URL is a clear error naming its key', async () => {
    const err = await streamError(run(client({ baseUrl: 'not a url' })));
    expect(err.message).toMatch(/^model_providers\.[^.]+\.base_url = "not a url" is not a valid URL/);
    expect((err as ModelError).retryable).toBe(false);
  });
});

describe('responses client: stream failures', () => {
  it('a cut stream fails retryably after yielding what arrived', async () => {
    server.enqueue(F.cut(R.text('partial answer here'), 4));
    const err = await streamError(run());
    expect(err).toBeInstanceOf(ModelError);
    expect(err.message).toMatch(/^stream closed before response\.completed/);
    expect((err as ModelError).retryable).toBe(true);
    expect(err.events.map((e) => e.type)).toEqual(['created', 'output_item_added', 'output_text_delta']);
    expect(server.requests).toHaveLength(1); // stream-level retry is the turn loop's job
  });

  it('a stream that ends without response.completed fails retryably', async () => {
    server.enqueue(F.noCompleted(R.text('almost')));
    const err = await streamError(run());
    expect(err).toBeInstanceOf(ModelError);
    expect(err.message).toBe('stream closed before response.completed');
    expect((err as ModelError).retryable).toBe(true);
    expect(doneItems(err.events)).toHaveLength(1);
  });

  it('an idle stream fails after stream_idle_timeout_ms', async () => {
    server.enqueue(F.idle(R.text('x'), 2));
    const t0 = Date.now();
    const err = await streamError(run(client({ streamIdleTimeoutMs: 150 })));
    const elapsed = Date.now() - t0;
    expect(err).toBeInstanceOf(ModelError);
    expect(err.message).toBe('idle timeout waiting for SSE');
    expect((err as ModelError).retryable).toBe(true);
    expect(err.events.map((e) => e.type)).toEqual(['created', 'output_item_added']);
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(5000);
  });

  it('a server that never sends headers also hits the idle timeout (no HTTP retry)', async () => {
    server.enqueue(F.hang(), R.text('unused'));
    const err = await streamError(run(client({ streamIdleTimeoutMs: 150, requestMaxRetries: 3 })));
    expect(err.message).toBe('idle timeout waiting for SSE');
    expect(server.requests).toHaveLength(1);
  });

  it('a malformed SSE data line is a retryable error naming the payload, not a hang', async () => {
    server.enqueue({ ...F.malformed(R.text('x')), end: 'idle' });
    const t0 = Date.now();
    const err = await streamError(run(client({ streamIdleTimeoutMs: 30_000 })));
    expect(err).toBeInstanceOf(ModelError);
    expect(err.message).toBe('malformed SSE event "response.output_text.delta": {"type":"response.output_text.delta","delta": oops');
    expect((err as ModelError).retryable).toBe(true);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it.each([
    ['context_length_exceeded', 'Your input exceeds the context window of this model.', false, undefined],
    ['insufficient_quota', 'You exceeded your current quota.', false, undefined],
    ['usage_not_included', 'Upgrade to Plus to continue.', false, undefined],
    ['rate_limit_exceeded', 'Rate limit reached for gpt-5.5. Please try again in 2.5s.', true, 2500],
    ['server_error', 'An error occurred while processing your request.', true, undefined],
  ])('response.failed %s → retryable=%s', async (code, message, retryable, retryAfterMs) => {
    server.enqueue(F.failed(code, message));
    const err = await streamError(run());
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toMatchObject({ message, code, retryable, retryAfterMs });
    expect(err.events.map((e) => e.type)).toEqual(['created']);
  });
});

describe('responses client: cancellation', () => {
  it('an abort mid-stream rejects promptly with the abort reason', async () => {
    server.enqueue(F.idle(R.text('x'), 2));
    const ac = new AbortController();
    const events: ResponseEvent[] = [];
    const t0 = Date.now();
    const p = (async () => {
      for await (const ev of run(client({ streamIdleTimeoutMs: 30_000 }), testPrompt(), undefined, ac.signal)) {
        events.push(ev);
        if (events.length === 2) setTimeout(() => ac.abort(), 20);
      }
    })();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(events).toHaveLength(2);
  });

  it('an abort during the retry backoff rejects promptly without another request', async () => {
    server.enqueue(F.status(429, 'wait', { retryAfter: 30 }), R.text('never'));
    const ac = new AbortController();
    const t0 = Date.now();
    const p = collectEvents(run(client({ requestMaxRetries: 2 }), testPrompt(), () => setTimeout(() => ac.abort(new Error('user cancelled')), 20), ac.signal));
    await expect(p).rejects.toThrow('user cancelled');
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(server.requests).toHaveLength(1);
  });

  it('an abort while waiting for headers rejects promptly', async () => {
    server.enqueue(F.hang());
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const t0 = Date.now();
    await expect(collectEvents(run(client({ streamIdleTimeoutMs: 30_000 }), testPrompt(), undefined, ac.signal))).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('an already-aborted signal sends nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(collectEvents(run(client(), testPrompt(), undefined, ac.signal))).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requests).toHaveLength(0);
  });

  it('breaking out of the iteration releases the connection', async () => {
    server.enqueue(F.idle(R.text('x'), 2), R.text('next'));
    for await (const ev of run(client({ streamIdleTimeoutMs: 30_000 }))) {
      if (ev.type === 'created') break;
    }
    expect(texts(await collectEvents(run()))).toBe('next');
  });
});

describe('backoff helpers', () => {
  it('backoffDelayMs doubles from 200 ms with ±10 % jitter', () => {
    expect(backoffDelayMs(1, 200, () => 0.5)).toBe(200);
    expect(backoffDelayMs(2, 200, () => 0.5)).toBe(400);
    expect(backoffDelayMs(3, 200, () => 0.5)).toBe(800);
    expect(backoffDelayMs(4, 200, () => 0.5)).toBe(1600);
    expect(backoffDelayMs(1, 200, () => 0)).toBe(180);
    expect(backoffDelayMs(1, 200, () => 0.999999)).toBe(220);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelayMs(2);
      expect(d).toBeGreaterThanOrEqual(360);
      expect(d).toBeLessThanOrEqual(440);
    }
  });

  it('parseRetryAfter reads seconds, HTTP-dates and retry-after-ms', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }), now)).toBe(7000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }), now)).toBe(0);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
  });

  it('honours an HTTP-date Retry-After end to end', async () => {
    const at = new Date(Date.now() + 2000).toUTCString();
    server.enqueue(F.status(503, 'maintenance', { retryAfter: at }), R.text('back'));
    const notices: RetryNotice[] = [];
    // Spare retries: on a slow machine the kept-alive socket can be reset under the retry, which is retried too.
    await collectEvents(run(client({ requestMaxRetries: 3 }), testPrompt(), (n) => notices.push(n)));
    expect(notices[0]!.delayMs).toBeGreaterThan(500);
    expect(notices[0]!.delayMs).toBeLessThanOrEqual(2000);
  });
});
