import { describe, expect, it } from 'vitest';
import { SseParser, decodeResponsesEvent, parseTryAgainHint, mapResponsesUsage, type SseMessage } from './sse.js';
import { ModelError } from './types.js';

function parseAll(chunks: Array<string | Uint8Array>): SseMessage[] {
  const p = new SseParser();
  const out: SseMessage[] = [];
  for (const c of chunks) out.push(...p.push(c));
  out.push(...p.end());
  return out;
}

const msg = (data: unknown, event?: string): SseMessage => (event ? { event, data: JSON.stringify(data) } : { data: JSON.stringify(data) });

function decodeError(m: SseMessage): ModelError {
  try {
    decodeResponsesEvent(m);
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    return e as ModelError;
  }
  throw new Error('expected a ModelError');
}

describe('SseParser', () => {
  it('parses event and data lines', () => {
    expect(parseAll(['event: response.created\ndata: {"a":1}\n\n'])).toEqual([{ event: 'response.created', data: '{"a":1}' }]);
  });

  it('handles \\r\\n and lone \\r line endings', () => {
    expect(parseAll(['event: x\r\ndata: 1\r\n\r\nevent: y\rdata: 2\r\r'])).toEqual([
      { event: 'x', data: '1' },
      { event: 'y', data: '2' },
    ]);
  });

  it('joins multi-line data with \\n and keeps the value after a colon verbatim', () => {
    expect(parseAll(['data: line one\ndata:line two\ndata\ndata:  indented\n\n'])).toEqual([{ data: 'line one\nline two\n\n indented' }]);
  });

  it('ignores comments, unknown fields and blocks without data', () => {
    expect(parseAll([': keep-alive\n\nretry: 10\nfoo: bar\n\nevent: lonely\n\ndata: x\nid: 7\n\n'])).toEqual([{ data: 'x', id: '7' }]);
  });

  it('gives the same result however the stream is split, including \\r|\\n splits', () => {
    const text = 'event: a\r\ndata: {"t":"é😀"}\r\n\r\n: c\r\ndata: two\r\ndata: lines\r\n\r\nevent: b\ndata: 3\n\n';
    const whole = parseAll([text]);
    expect(whole).toEqual([{ event: 'a', data: '{"t":"é😀"}' }, { data: 'two\nlines' }, { event: 'b', data: '3' }]);
    const bytes = new TextEncoder().encode(text);
    // every single split point, on bytes (splits UTF-8 sequences) and on text
    for (let i = 0; i <= bytes.length; i++) {
      expect(parseAll([bytes.subarray(0, i), bytes.subarray(i)])).toEqual(whole);
    }
    for (let i = 0; i <= text.length; i++) expect(parseAll([text.slice(0, i), text.slice(i)])).toEqual(whole);
    // byte by byte
    expect(parseAll(Array.from(bytes, (b) => new Uint8Array([b])))).toEqual(whole);
  });

  it('does not treat a \\r\\n split across chunks as two line ends', () => {
    const p = new SseParser();
    expect(p.push('data: a\r')).toEqual([]);
    expect(p.push('\ndata: b\r')).toEqual([]);
    expect(p.push('\n\r\n')).toEqual([{ data: 'a\nb' }]);
  });

  it('at end of stream dispatches a complete message missing its blank line but drops a cut-off line', () => {
    expect(parseAll(['data: {"done":true}\n'])).toEqual([{ data: '{"done":true}' }]);
    expect(parseAll(['data: {"done":true}\r'])).toEqual([{ data: '{"done":true}' }]);
    expect(parseAll(['data: ok\n\ndata: {"half'])).toEqual([{ data: 'ok' }]);
    const p = new SseParser();
    p.push('data: x');
    expect(p.pending).toBe(true);
  });
});

describe('decodeResponsesEvent', () => {
  it('decodes the handled event types', () => {
    expect(decodeResponsesEvent(msg({ type: 'response.created', response: { id: 'r1' } }))).toEqual({ type: 'created' });
    const item = { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'hi' }] };
    expect(decodeResponsesEvent(msg({ type: 'response.output_item.added', item }))).toEqual({ type: 'output_item_added', item });
    expect(decodeResponsesEvent(msg({ type: 'response.output_item.done', item }))).toEqual({ type: 'output_item_done', item });
    expect(decodeResponsesEvent(msg({ type: 'response.output_text.delta', delta: 'h' }))).toEqual({ type: 'output_text_delta', delta: 'h' });
    expect(decodeResponsesEvent(msg({ type: 'response.reasoning_summary_text.delta', delta: 'r', summary_index: 2 }))).toEqual({
      type: 'reasoning_summary_delta',
      delta: 'r',
      summaryIndex: 2,
    });
    expect(decodeResponsesEvent(msg({ type: 'response.reasoning_summary_part.added', summary_index: 1 }))).toEqual({
      type: 'reasoning_summary_part_added',
      summaryIndex: 1,
    });
    expect(decodeResponsesEvent(msg({ type: 'response.reasoning_text.delta', delta: 'c', content_index: 3 }))).toEqual({
      type: 'reasoning_content_delta',
      delta: 'c',
      contentIndex: 3,
    });
  });

  it('maps usage of response.completed', () => {
    const ev = decodeResponsesEvent(
      msg({
        type: 'response.completed',
        response: {
          id: 'resp_9',
          usage: {
            input_tokens: 100,
            input_tokens_details: { cached_tokens: 40 },
            output_tokens: 30,
            output_tokens_details: { reasoning_tokens: 12 },
            total_tokens: 130,
          },
        },
      }),
    );
    expect(ev).toEqual({
      type: 'completed',
      responseId: 'resp_9',
      usage: { input_tokens: 100, cached_input_tokens: 40, output_tokens: 30, reasoning_output_tokens: 12, total_tokens: 130 },
    });
    expect(decodeResponsesEvent(msg({ type: 'response.completed', response: { id: 'r' } }))).toEqual({ type: 'completed', responseId: 'r' });
    expect(mapResponsesUsage({ input_tokens: 3, output_tokens: 4 })).toEqual({
      input_tokens: 3,
      cached_input_tokens: 0,
      output_tokens: 4,
      reasoning_output_tokens: 0,
      total_tokens: 7,
    });
  });

  it('ignores other event types and falls back to the event: name when data has no type', () => {
    expect(decodeResponsesEvent(msg({ type: 'response.in_progress' }))).toBeUndefined();
    expect(decodeResponsesEvent(msg({ type: 'response.content_part.added' }))).toBeUndefined();
    expect(decodeResponsesEvent(msg({ delta: 'x' }, 'response.output_text.delta'))).toEqual({ type: 'output_text_delta', delta: 'x' });
  });

  it('reports a non-JSON data line as a retryable malformed-event error with a snippet', () => {
    const err = decodeError({ event: 'response.output_text.delta', data: '{"type": oops' });
    expect(err.message).toBe('malformed SSE event "response.output_text.delta": {"type": oops');
    expect(err.retryable).toBe(true);
    expect(decodeError({ data: '[1,2]' }).message).toMatch(/^malformed SSE event: \[1,2\]/);
    expect(decodeError(msg({ type: 'response.output_item.done' })).message).toMatch(/missing item/);
  });

  it('maps response.failed codes to fatal and retryable errors', () => {
    const failed = (code: string, message: string): ModelError =>
      decodeError(msg({ type: 'response.failed', response: { id: 'r', error: { code, message } } }));
    for (const code of ['context_length_exceeded', 'insufficient_quota', 'usage_not_included']) {
      const e = failed(code, `boom ${code}`);
      expect(e.retryable).toBe(false);
      expect(e.code).toBe(code);
      expect(e.message).toBe(`boom ${code}`);
    }
    const rl = failed('rate_limit_exceeded', 'Rate limit reached for gpt-5.5. Please try again in 1.5s.');
    expect(rl).toMatchObject({ retryable: true, retryAfterMs: 1500, code: 'rate_limit_exceeded' });
    expect(failed('rate_limit_exceeded', 'Please try again in 250ms.').retryAfterMs).toBe(250);
    expect(failed('rate_limit_exceeded', 'slow down').retryAfterMs).toBeUndefined();
    const other = failed('server_error', 'The server had an error');
    expect(other).toMatchObject({ retryable: true, retryAfterMs: undefined, code: 'server_error', message: 'The server had an error' });
    const bare = decodeError(msg({ type: 'response.failed', response: {} }));
    expect(bare.retryable).toBe(true);
  });

  it('treats response.incomplete as a retryable error', () => {
    const e = decodeError(msg({ type: 'response.incomplete', response: { incomplete_details: { reason: 'max_output_tokens' } } }));
    expect(e.message).toContain('max_output_tokens');
    expect(e.retryable).toBe(true);
  });
});

describe('parseTryAgainHint', () => {
  it('reads seconds and milliseconds', () => {
    expect(parseTryAgainHint('Please try again in 2s')).toBe(2000);
    expect(parseTryAgainHint('please Try again in 0.75 seconds.')).toBe(750);
    expect(parseTryAgainHint('try again in 35ms')).toBe(35);
    expect(parseTryAgainHint('try again later')).toBeUndefined();
  });
});
