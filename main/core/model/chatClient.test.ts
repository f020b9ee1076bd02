import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chat as C, faults as F, startScriptedServer, type ScriptedServer } from '../../../tests/support/scriptedServer.js';
import { collectEvents, streamError, testPrompt, testProvider } from '../../../tests/support/modelFixtures.js';
import type { ModelProviderInfo } from '../config/types.js';
import { ChatStreamDecoder, createChatClient, toChatMessages, type ChatClientOptions } from './chatClient.js';
import { createModelClient } from './index.js';
import { ModelError, type Prompt, type ResponseEvent, type RetryNotice, type ToolSpec } from './types.js';

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
});
afterEach(async () => {
  await server.close();
});

function client(provider: Partial<ModelProviderInfo> = {}, opts: Partial<ChatClientOptions> = {}) {
  return createChatClient({
    provider: testProvider(server.baseUrl, { wireApi: 'chat', ...provider }),
    apiKey: 'sk-chat',
    model: 'qwen3',
    version: '0.169.0',
    contextWindow: 32_000,
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

const tools: ToolSpec[] = [
  {
    type: 'function',
    name: 'exec_command',
    description: 'Runs a command.',
    strict: false,
    parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] },
  },
  { type: 'custom', name: 'apply_patch', description: 'Edit files with a patch.', format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } },
  {
    type: 'namespace',
    name: 'mcp__docs',
    tools: [{ type: 'function', name: 'search', description: 'Search docs.', strict: false, parameters: { type: 'object', properties: {} } }],
  },
];

describe('chat client', () => {
  it('streams text and maps usage; POSTs /chat/completions with the chat body', async () => {
    server.enqueue(C.reply({ text: 'Hello from chat', usage: { prompt: 50, completion: 7, cached: 20, reasoning: 2 }, id: 'chatcmpl-1' }));
    const events = await collectEvents(run(client({ queryParams: { 'api-version': 'v9' } }), testPrompt({ instructions: 'Be brief.', tools })));
    expect(events.map((e) => e.type)).toEqual([
      'created',
      'output_item_added',
      'output_text_delta',
      'output_text_delta',
      'output_text_delta',
      'output_item_done',
      'completed',
    ]);
    expect(texts(events)).toBe('Hello from chat');
    expect(doneItems(events)).toEqual([{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello from chat' }] }]);
    expect(events.at(-1)).toEqual({
      type: 'completed',
      responseId: 'chatcmpl-1',
      usage: { input_tokens: 50, cached_input_tokens: 20, output_tokens: 7, reasoning_output_tokens: 2, total_tokens: 57 },
    });
    const req = server.requests[0]!;
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.query).toEqual({ 'api-version': 'v9' });
    expect(req.headers).toMatchObject({ authorization: 'Bearer sk-chat', accept: 'text/event-stream', originator: 'codex_exec', 'session-id': 'thread-0001' });
    expect(req.body).toEqual({
      model: 'qwen3',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'say hi' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      tools: [
        {
          type: 'function',
          function: { name: 'exec_command', description: 'Runs a command.', parameters: tools[0]!.type === 'function' ? tools[0]!.parameters : {} },
        },
        {
          type: 'function',
          function: {
            name: 'apply_patch',
            description: 'Edit files with a patch.',
            parameters: {
              type: 'object',
              properties: { input: { type: 'string', description: 'Raw input for the apply_patch tool, in its own format.' } },
              required: ['input'],
              additionalProperties: false,
            },
          },
        },
        { type: 'function', function: { name: 'mcp__docs__search', description: 'Search docs.', parameters: { type: 'object', properties: {} } } },
      ],
    });
  });

  it('converts history: developer→system, tool calls→assistant tool_calls, outputs→tool, reasoning dropped', () => {
    const messages = toChatMessages(
      testPrompt({
        input: [
          { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'dev rules' }] },
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'fix it' }] },
          { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'thinking' }], encrypted_content: 'enc' },
          { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Looking.' }] },
          { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"ls"}', call_id: 'c1' },
          { type: 'function_call', name: 'search', namespace: 'mcp__docs', arguments: '{}', call_id: 'c2' },
          { type: 'function_call_output', call_id: 'c1', output: 'a.txt' },
          { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: 'found' }] },
          { type: 'custom_tool_call', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch', call_id: 'c3' },
          { type: 'custom_tool_call_output', call_id: 'c3', output: 'Success.' },
          {
            type: 'message',
            role: 'user',
            content: [
              { type: 'input_text', text: 'see' },
              { type: 'input_image', image_url: 'data:image/png;base64,AAA' },
            ],
          },
        ],
      }),
    );
    expect(messages).toEqual([
      { role: 'system', content: 'dev rules' },
      { role: 'user', content: 'fix it' },
      {
        role: 'assistant',
        content: 'Looking.',
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"ls"}' } },
          { id: 'c2', type: 'function', function: { name: 'mcp__docs__search', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'a.txt' },
      { role: 'tool', tool_call_id: 'c2', content: 'found' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c3', type: 'function', function: { name: 'apply_patch', arguments: JSON.stringify({ input: '*** Begin Patch\n*** End Patch' }) } }],
      },
      { role: 'tool', tool_call_id: 'c3', content: 'Success.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'see' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAA' } },
        ],
      },
    ]);
  });

  it('assembles streamed tool calls (argument fragments by index) into function_call and custom_tool_call items', async () => {
    const patch = '*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch\n';
    server.enqueue(
      C.reply({
        text: 'Running.',
        toolCalls: [
          { name: 'exec_command', arguments: { cmd: 'ls -la', workdir: '/tmp' }, id: 'call_a' },
          { name: 'apply_patch', arguments: { input: patch }, id: 'call_b' },
          { name: 'mcp__docs__search', arguments: { q: 'sse' }, id: 'call_c' },
        ],
        argumentChunks: 4,
        usage: { prompt: 11, completion: 22 },
      }),
    );
    const events = await collectEvents(run(client(), testPrompt({ tools })));
    expect(doneItems(events)).toEqual([
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Running.' }] },
      { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"ls -la","workdir":"/tmp"}', call_id: 'call_a' },
      { type: 'custom_tool_call', name: 'apply_patch', input: patch, call_id: 'call_b' },
      { type: 'function_call', name: 'search', namespace: 'mcp__docs', arguments: '{"q":"sse"}', call_id: 'call_c' },
    ]);
    const completed = events.at(-1)!;
    expect(completed).toMatchObject({ type: 'completed', usage: { input_tokens: 11, output_tokens: 22, total_tokens: 33 } });
  });

  it('handles interleaved tool-call fragments and a name repeated in every fragment', () => {
    const d = new ChatStreamDecoder();
    const chunk = (delta: unknown, finish: string | null = null) => ({ id: 'x', choices: [{ index: 0, delta, finish_reason: finish }] });
    const evs = [
      ...d.chunk(chunk({ tool_calls: [{ index: 1, id: 'b', function: { name: 'g', arguments: '{"y"' } }] })),
      ...d.chunk(chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: '{"x":' } }] })),
      ...d.chunk(
        chunk({
          tool_calls: [
            { index: 0, function: { name: 'f', arguments: '1}' } },
            { index: 1, function: { arguments: ':2}' } },
          ],
        }),
      ),
      ...d.chunk(chunk({}, 'tool_calls')),
      ...d.done(),
    ];
    expect(doneItems(evs)).toEqual([
      { type: 'function_call', name: 'f', arguments: '{"x":1}', call_id: 'a' },
      { type: 'function_call', name: 'g', arguments: '{"y":2}', call_id: 'b' },
    ]);
  });

  it.each(['string', 'text', 'content'] as const)('reads delta.reasoning given as %s', async (as) => {
    server.enqueue(C.reply({ reasoning: 'think hard', reasoningAs: as, text: 'answer' }));
    const events = await collectEvents(run());
    expect(events.flatMap((e) => (e.type === 'reasoning_content_delta' ? [e.delta] : [])).join('')).toBe('think hard');
    expect(doneItems(events)[0]).toMatchObject({ type: 'reasoning', content: [{ type: 'reasoning_text', text: 'think hard' }] });
    expect(texts(events)).toBe('answer');
  });

  it('completes when the stream ends after finish_reason without [DONE]', async () => {
    server.enqueue(C.reply({ text: 'no done', noDone: true }));
    const events = await collectEvents(run());
    expect(events.at(-1)).toMatchObject({ type: 'completed', usage: { input_tokens: 10 } });
  });

  it('fails retryably when the stream ends before finish_reason and [DONE]', async () => {
    server.enqueue(F.cut(C.text('one two three'), 3), { ...C.text('one two'), frames: C.text('one two').frames.slice(0, 2) });
    const cut = await streamError(run());
    expect(cut.message).toMatch(/^stream closed before response\.completed/);
    const ended = await streamError(run());
    expect(ended).toBeInstanceOf(ModelError);
    expect(ended.message).toBe('stream closed before response.completed');
    expect((ended as ModelError).retryable).toBe(true);
  });

  it('reports a malformed chunk', async () => {
    server.enqueue(F.malformed(C.text('x'), 1, '{"choices": [nope'));
    const err = await streamError(run());
    expect(err).toBeInstanceOf(ModelError);
    expect(err.message).toBe('malformed SSE event: {"choices": [nope');
    expect((err as ModelError).retryable).toBe(true);
  });

  it('times out an idle stream', async () => {
    server.enqueue(F.idle(C.text('x'), 1));
    const err = await streamError(run(client({ streamIdleTimeoutMs: 120 })));
    expect(err.message).toBe('idle timeout waiting for SSE');
  });

  it('retries 429 honouring Retry-After, retries 5xx, does not retry 400', async () => {
    server.enqueue(F.status(429, 'slow', { retryAfterMs: 60 }), F.status(500, 'oops'), C.text('finally'));
    const notices: RetryNotice[] = [];
    const events = await collectEvents(run(client({ requestMaxRetries: 3 }), testPrompt(), (n) => notices.push(n)));
    expect(texts(events)).toBe('finally');
    expect(notices.map((n) => [n.attempt, n.reason])).toEqual([
      [1, 'HTTP 429: slow'],
      [2, 'HTTP 500: oops'],
    ]);
    expect(notices[0]!.delayMs).toBe(60);
    expect(server.requests[1]!.receivedAt - server.requests[0]!.receivedAt).toBeGreaterThanOrEqual(55);

    server.enqueue(F.status(400, 'bad messages'));
    expect(await streamError(run(client({ requestMaxRetries: 3 })))).toMatchObject({
      message: `unexpected status 400 Bad Request: bad messages, url: ${server.baseUrl}/chat/completions`,
      retryable: false,
      status: 400,
    });
    expect(server.requests).toHaveLength(4);

    server.enqueue(F.status(502, 'gateway'), F.status(502, 'gateway again'));
    expect(await streamError(run(client({ requestMaxRetries: 1 })))).toMatchObject({
      message: `unexpected status 502 Bad Gateway: gateway again, url: ${server.baseUrl}/chat/completions`,
      retryable: true,
      status: 502,
    });
  });

  it('surfaces an error object sent inside the stream', async () => {
    server.enqueue({ kind: 'stream', wire: 'chat', frames: [{ data: { error: { message: 'model overloaded', code: 'overloaded' } } }] });
    expect(await streamError(run())).toMatchObject({ message: 'model overloaded', code: 'overloaded', retryable: true });
  });

  it('createModelClient picks the chat wire from the provider', async () => {
    server.enqueue(C.text('chat via factory'));
    const c = createModelClient(testProvider(server.baseUrl, { wireApi: 'chat' }), { model: 'llama', version: '1.0.0', contextWindow: 8192, env: {} });
    expect(c.contextWindow).toBe(8192);
    const events = await collectEvents(c.stream(testPrompt(), { signal: new AbortController().signal }));
    expect(texts(events)).toBe('chat via factory');
    expect(server.requests[0]!.path).toBe('/v1/chat/completions');
  });

  it('sends the output schema as response_format', async () => {
    server.enqueue(C.text('{"a":"b"}'));
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
    await collectEvents(run(client(), testPrompt({ outputSchema: schema })));
    expect(server.requests[0]!.body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'codex_output_schema', strict: true, schema } });
    expect('tools' in server.requests[0]!.body).toBe(false);
  });
});
