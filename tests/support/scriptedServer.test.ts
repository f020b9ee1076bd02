import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transform } from 'esbuild';
import { chat as C, faults as F, remoteControl, responses as R, startScriptedServer, type ScriptedServer } from './scriptedServer.js';

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
});
afterEach(async () => {
  await server.close();
});

const post = (path: string, body: unknown = { model: 'm' }, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** Splits an SSE text into its blocks. */
const blocks = (text: string): string[] => text.split('\n\n').filter((b) => b !== '');

describe('scripted server', () => {
  it('listens on loopback and exposes a /v1 base URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.baseUrl).toBe(`${server.url}/v1`);
  });

  it('speaks the Responses SSE wire format', async () => {
    server.enqueue(R.text('hello there', { responseId: 'resp_x', usage: { input: 7, cached: 2, output: 3, reasoning: 1 } }));
    const res = await post('/v1/responses');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const parts = blocks(await res.text());
    for (const b of parts) expect(b).toMatch(/^event: (response\.[a-z_.]+)\ndata: \{"type":"\1"/);
    const types = parts.map((b) => /^event: (\S+)/.exec(b)![1]);
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(types).toContain('response.output_item.added');
    expect(types.filter((t) => t === 'response.output_text.delta')).toHaveLength(2);
    const completed = JSON.parse(parts.at(-1)!.split('\ndata: ')[1]!);
    expect(completed.response).toMatchObject({
      id: 'resp_x',
      usage: {
        input_tokens: 7,
        input_tokens_details: { cached_tokens: 2 },
        output_tokens: 3,
        output_tokens_details: { reasoning_tokens: 1 },
        total_tokens: 10,
      },
    });
    const seqs = parts.map((b) => JSON.parse(b.split('\ndata: ')[1]!).sequence_number);
    expect(seqs).toEqual(seqs.map((_, i) => i));
  });

  it('numbers output_index per part in a multi-item reply', async () => {
    server.enqueue(R.reply(R.reasoning(['a', 'b']), R.message('m'), R.functionCall({ name: 'f', arguments: {}, callId: 'c1' })));
    const datas = blocks(await (await post('/v1/responses')).text()).map((b) => JSON.parse(b.split('\ndata: ')[1]!));
    const done = datas.filter((d) => d.type === 'response.output_item.done');
    expect(done.map((d) => [d.output_index, d.item.type])).toEqual([
      [0, 'reasoning'],
      [1, 'message'],
      [2, 'function_call'],
    ]);
    expect(done[0].item.summary).toEqual([
      { type: 'summary_text', text: 'a' },
      { type: 'summary_text', text: 'b' },
    ]);
  });

  it('speaks the Chat Completions SSE wire format', async () => {
    server.enqueue(C.reply({ text: 'hi you', toolCalls: [{ name: 'f', arguments: { a: 1 }, id: 'call_1' }], usage: { prompt: 4, completion: 2 } }));
    const res = await post('/v1/chat/completions');
    const text = await res.text();
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const parts = blocks(text);
    for (const b of parts) expect(b).toMatch(/^data: /);
    const chunks = parts.slice(0, -1).map((b) => JSON.parse(b.slice(6)));
    expect(chunks.at(-1).usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 });
    expect(chunks.at(-2).choices[0].finish_reason).toBe('tool_calls');
    const args = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []).map((t: { function: { arguments: string } }) => t.function.arguments);
    expect(args.join('')).toBe('{"a":1}');
  });

  it('records method, path, query, lower-case headers and the parsed body', async () => {
    server.enqueue(R.text('a'), R.text('b'));
    await (await post('/v1/responses?api-version=2025-01-01', { model: 'x', input: [] }, { 'X-Custom': 'v' })).text();
    await (await fetch(`${server.url}/v1/responses`, { method: 'POST', body: 'not json' })).text();
    expect(server.requests).toHaveLength(2);
    const [a, b] = server.requests;
    expect(a).toMatchObject({
      index: 0,
      method: 'POST',
      url: '/v1/responses?api-version=2025-01-01',
      path: '/v1/responses',
      query: { 'api-version': '2025-01-01' },
      wire: 'responses',
      body: { model: 'x', input: [] },
    });
    expect(a!.headers['x-custom']).toBe('v');
    expect(b!.body).toBeUndefined();
    expect(b!.rawBody).toBe('not json');
  });

  it('answers 500 with an explanation when nothing is queued', async () => {
    const res = await post('/v1/responses');
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/no reply queued for request #0 \(POST \/v1\/responses\)/);
    expect(server.unexpected).toHaveLength(1);
  });

  it('serves replies in order, from functions, and fixed routes without consuming the queue', async () => {
    server.route('GET', '/v1/models', F.http(200, { data: [{ id: 'm1' }] }));
    server.enqueue(F.status(503, 'first'), (req) => R.text(`you sent ${req.body.model}`));
    expect(((await (await fetch(`${server.url}/v1/models`)).json()) as { data: { id: string }[] }).data[0]!.id).toBe('m1');
    expect(server.pending()).toBe(2);
    const r1 = await post('/v1/responses');
    expect(r1.status).toBe(503);
    expect(await r1.json()).toEqual({ error: { message: 'first', type: 'server_error', code: null, param: null } });
    expect(await (await post('/v1/responses', { model: 'zeta' })).text()).toContain('you sent zeta');
    expect(server.pending()).toBe(0);
  });

  it('sets Retry-After and retry-after-ms on status faults, and sends exact bodies with http()', async () => {
    server.enqueue(F.status(429, 'slow', { retryAfter: 2, retryAfterMs: 1500, code: 'rate_limit_exceeded' }), F.http(400, 'plain text'));
    const r1 = await post('/v1/responses');
    expect(r1.headers.get('retry-after')).toBe('2');
    expect(r1.headers.get('retry-after-ms')).toBe('1500');
    expect(((await r1.json()) as { error: unknown }).error).toMatchObject({ message: 'slow', code: 'rate_limit_exceeded', type: 'rate_limit_error' });
    const r2 = await post('/v1/responses');
    expect(r2.headers.get('content-type')).toBe('text/plain');
    expect(await r2.text()).toBe('plain text');
  });

  it('refuses a reply queued for the other wire', async () => {
    server.enqueue(C.text('x'));
    const res = await post('/v1/responses');
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/chat reply was queued/);
  });

  it('cut: sends N frames then breaks the connection', async () => {
    server.enqueue(F.cut(R.text('one two three'), 2));
    const res = await post('/v1/responses');
    await expect(res.text()).rejects.toThrow();
  });

  it('noCompleted: closes cleanly without response.completed', async () => {
    server.enqueue(F.noCompleted(R.text('x')), F.noCompleted(C.text('y')));
    const t1 = await (await post('/v1/responses')).text();
    expect(t1).toContain('response.output_item.done');
    expect(t1).not.toContain('response.completed');
    const t2 = await (await post('/v1/chat/completions')).text();
    expect(t2).not.toContain('[DONE]');
    expect(t2).toContain('finish_reason":"stop"');
  });

  it('idle and hang: keep the connection open and silent; close() still returns', async () => {
    server.enqueue(F.idle(R.text('x'), 1), F.hang());
    const res = await post('/v1/responses');
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^event: response.created/);
    const next = await Promise.race([reader.read().then(() => 'data'), new Promise((r) => setTimeout(() => r('silent'), 150))]);
    expect(next).toBe('silent');
    const ac = new AbortController();
    const hung = post('/v1/responses').catch(() => 'aborted');
    const timeout = new Promise((r) => setTimeout(() => r('no headers'), 150));
    expect(await Promise.race([hung, timeout])).toBe('no headers');
    ac.abort();
    await server.close();
    await expect(reader.read()).rejects.toThrow();
    expect(await hung).toBe('aborted');
  });

  it('malformed: inserts a data line that is not JSON', async () => {
    server.enqueue(F.malformed(R.text('x')));
    const parts = blocks(await (await post('/v1/responses')).text());
    expect(parts[1]).toBe('event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta": oops');
  });

  it('failed: response.created then response.failed with the error', async () => {
    server.enqueue(F.failed('context_length_exceeded', 'too long'));
    const parts = blocks(await (await post('/v1/responses')).text());
    expect(parts).toHaveLength(2);
    expect(JSON.parse(parts[1]!.split('\ndata: ')[1]!).response.error).toEqual({ code: 'context_length_exceeded', message: 'too long' });
  });

  it('drop: destroys the socket before any response', async () => {
    server.enqueue(F.drop());
    await expect(post('/v1/responses')).rejects.toThrow(/fetch failed/);
  });

  it('chunkSize and frameDelayMs shape the byte stream', async () => {
    const small = R.reply(R.message('héllo wörld', { id: 'msg_fixed', deltas: false }), { responseId: 'resp_fixed', usage: null });
    server.enqueue(small, { ...small, chunkSize: 5 }, { ...R.text('a b c'), frameDelayMs: 20 });
    const whole = await (await post('/v1/responses')).text();
    const res = await post('/v1/responses');
    const reader = res.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      chunks.push(r.value);
    }
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(whole);
    const t0 = Date.now();
    const frames = blocks(await (await post('/v1/responses')).text());
    expect(Date.now() - t0).toBeGreaterThanOrEqual(20 * (frames.length - 1) - 5);
  });

  it('does not mutate reusable parts', async () => {
    const part = R.message('same');
    const snapshot = JSON.stringify(part);
    server.enqueue(part, part, F.cut(part, 1));
    await (await post('/v1/responses')).text();
    await (await post('/v1/responses')).text();
    expect(JSON.stringify(part)).toBe(snapshot);
  });

  it('waitForRequests resolves when enough requests arrived and rejects on timeout', async () => {
    server.enqueue(R.text('x'));
    const waiting = server.waitForRequests(1, 2000);
    await (await post('/v1/responses')).text();
    expect(await waiting).toHaveLength(1);
    await expect(server.waitForRequests(3, 50)).rejects.toThrow(/expected 3 requests/);
  });

  it('can be scripted over HTTP (remoteControl) and reset', async () => {
    const remote = remoteControl(server.baseUrl);
    await remote.enqueue(R.message('remote hi'), F.status(500, 'nope'));
    expect(server.pending()).toBe(2);
    expect(await (await post('/v1/responses')).text()).toContain('remote hi');
    expect((await post('/v1/responses')).status).toBe(500);
    const recorded = await remote.requests();
    expect(recorded.map((r) => r.path)).toEqual(['/v1/responses', '/v1/responses']);
    await remote.reset();
    expect(server.requests).toHaveLength(0);
  });
});

describe('scripted server as its own process', () => {
  it('starts from a transpiled copy, prints its URLs and serves a preloaded script', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scripted-'));
    try {
      const source = readFileSync(new URL('./scriptedServer.ts', import.meta.url), 'utf8');
      const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'node20' });
      writeFileSync(join(dir, 'scriptedServer.mjs'), code);
      writeFileSync(join(dir, 'script.json'), JSON.stringify([R.text('from a file')]));
      const child = spawn(process.execPath, [join(dir, 'scriptedServer.mjs'), '--script', join(dir, 'script.json')], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      try {
        const line = await new Promise<string>((resolve, reject) => {
          createInterface({ input: child.stdout! }).once('line', resolve);
          child.once('exit', (c) => reject(new Error(`exited ${c}`)));
        });
        const info = JSON.parse(line) as { url: string; baseUrl: string; controlUrl: string };
        expect(info.baseUrl).toBe(`${info.url}/v1`);
        const t1 = await (await fetch(`${info.baseUrl}/responses`, { method: 'POST', body: '{}' })).text();
        expect(t1).toContain('from a file');
        await remoteControl(info.url).enqueue(C.text('chat from control'));
        const t2 = await (await fetch(`${info.baseUrl}/chat/completions`, { method: 'POST', body: '{"model":"q"}' })).text();
        expect(t2).toContain('"content":"chat "');
        const recorded = await remoteControl(info.url).requests();
        expect(recorded.map((r) => r.wire)).toEqual(['responses', 'chat']);
        expect(recorded[1]!.body).toEqual({ model: 'q' });
      } finally {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
