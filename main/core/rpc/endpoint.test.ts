import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { LineChannel } from './framing.js';
import { RpcCancelledError, RpcEndpoint, RpcRequestError, RpcTimeoutError, type RpcEndpointOptions } from './endpoint.js';
import { RpcError } from '../server/rpcError.js';

/** Two endpoints joined by real streams: what `ours` writes, `theirs` reads, and back. */
function pair(ours: RpcEndpointOptions = {}, theirs: RpcEndpointOptions = {}) {
  const aToB = new PassThrough();
  const bToA = new PassThrough();
  const a = new RpcEndpoint(new LineChannel(bToA, aToB), ours);
  const b = new RpcEndpoint(new LineChannel(aToB, bToA), theirs);
  return { a, b, aToB, bToA };
}

/** The next line a raw peer reads from `stream`, parsed. */
function nextLine(stream: PassThrough): Promise<unknown> {
  return new Promise((resolve) => {
    let buf = '';
    const onData = (c: Buffer) => {
      buf += c.toString();
      const nl = buf.indexOf('\n');
      if (nl === -1) return;
      stream.off('data', onData);
      resolve(JSON.parse(buf.slice(0, nl)));
    };
    stream.on('data', onData);
  });
}

describe('RpcEndpoint: incoming', () => {
  it('answers parse errors and invalid envelopes without a handler seeing them', async () => {
    const seen: string[] = [];
    const input = new PassThrough();
    const output = new PassThrough();
    new RpcEndpoint(new LineChannel(input, output), { onRequest: (m) => (seen.push(m), 'ok') });
    const cases: [string, unknown][] = [
      ['{not json', { id: null, error: { code: -32700, message: expect.stringMatching(/^parse error: /) } }],
      ['[1,2]', { id: null, error: { code: -32600, message: 'invalid request: expected a JSON object' } }],
      ['{"id":1.5,"method":"x"}', { id: null, error: { code: -32600, message: 'invalid request: id must be a string or an integer, not 1.5' } }],
      ['{"id":7,"method":3}', { id: 7, error: { code: -32600, message: 'invalid request: method must be a string' } }],
      ['{"id":"q"}', { id: 'q', error: { code: -32600, message: expect.stringMatching(/neither a request/) } }],
    ];
    for (const [line, answer] of cases) {
      const reply = nextLine(output);
      input.write(line + '\n');
      expect(await reply).toEqual(answer);
    }
    // A reply to an unparsable line of ours (id null, no method) needs no answer.
    input.write('{"id":null,"error":{"code":-32700,"message":"x"}}\n{"method":"note"}\n');
    const reply = nextLine(output);
    input.write('{"id":"last","method":"m"}\n');
    expect(await reply).toEqual({ id: 'last', result: 'ok' });
    expect(seen).toEqual(['m']);
  });

  it('answers with the handler result, its RpcError (code, message, data), or -32603', async () => {
    const { a } = pair(
      {},
      {
        onRequest: (method, params) => {
          if (method === 'echo') return params;
          if (method === 'refuse') throw new RpcError(-32602, 'bad cwd', { field: 'cwd' });
          throw new Error('boom');
        },
      },
    );
    expect(await a.request('echo', { x: 1 }, (r) => r)).toEqual({ x: 1 });
    await expect(a.request('refuse', {}, (r) => r)).rejects.toMatchObject({
      name: 'RpcRequestError',
      error: { code: -32602, message: 'bad cwd', data: { field: 'cwd' } },
    });
    const err = await a.request('crash', {}, (r) => r).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcRequestError);
    expect(err).toMatchObject({ method: 'crash', error: { code: -32603, message: 'boom' } });
  });
});

describe('RpcEndpoint: initialize gate', () => {
  it('serves nothing guarded before the handshake, the handshake once, and again after a failed one', async () => {
    let failNext = true;
    const { a } = pair(
      {},
      {
        onRequest: (method) => {
          if (method === 'hello' && failNext) {
            failNext = false;
            throw new RpcError(-32602, 'bad hello');
          }
          return method;
        },
        gate: {
          method: 'hello',
          notInitialized: (m) => new RpcError(-32600, `${m} before hello`),
          alreadyInitialized: () => new RpcError(-32600, 'hello again'),
          guards: (m) => m !== 'ping',
        },
      },
    );
    const ask = (m: string) => a.request(m, {}, (r) => r).catch((e: RpcRequestError) => e.error);
    expect(await ask('work')).toEqual({ code: -32600, message: 'work before hello' });
    expect(await ask('ping')).toBe('ping');
    expect(await ask('hello')).toEqual({ code: -32602, message: 'bad hello' });
    expect(await ask('work')).toEqual({ code: -32600, message: 'work before hello' });
    const [first, second] = await Promise.all([ask('hello'), ask('hello')]);
    expect(first).toBe('hello');
    expect(second).toEqual({ code: -32600, message: 'hello again' });
    expect(await ask('work')).toBe('work');
  });
});

describe('RpcEndpoint: outgoing', () => {
  it('numbers ids, or prefixes them, and checks results through the parser', async () => {
    const ids: unknown[] = [];
    const { a } = pair({ idPrefix: 'srv-' }, { onRequest: (_m, params, id) => (ids.push(id), params) });
    const parse = (r: unknown) => {
      if (typeof r !== 'number') throw new Error(`expected a number, got ${JSON.stringify(r)}`);
      return r;
    };
    expect(await a.request('n', 3, parse)).toBe(3);
    await expect(a.request('n', 'three', parse)).rejects.toThrow('expected a number, got "three"');
    expect(ids).toEqual(['srv-1', 'srv-2']);
  });

  it('times out, and the late answer is then a stray', async () => {
    let answerLate: (() => void) | undefined;
    const strays: unknown[] = [];
    const { a } = pair({ onUnmatchedResponse: (id) => strays.push(id) }, { onRequest: () => new Promise((r) => (answerLate = () => r('late'))) });
    const err = await a.request('slow', {}, (r) => r, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcTimeoutError);
    expect(err).toMatchObject({ message: 'slow timed out after 50 ms' });
    answerLate?.();
    await new Promise((r) => setTimeout(r, 20));
    expect(strays).toEqual([1]);
  });

  it('is cancelled by its AbortSignal, before or while waiting', async () => {
    const { a, b } = pair({}, { onRequest: () => new Promise(() => {}) });
    const ctl = new AbortController();
    const waiting = a.request('hang', {}, (r) => r, { signal: ctl.signal, id: 41 });
    expect(a.isOutstanding(41)).toBe(true);
    ctl.abort();
    await expect(waiting).rejects.toBeInstanceOf(RpcCancelledError);
    expect(a.isOutstanding(41)).toBe(false);
    await expect(a.request('hang', {}, (r) => r, { signal: ctl.signal })).rejects.toBeInstanceOf(RpcCancelledError);
    b.close();
  });

  it('fails every outstanding request when the channel closes, and every later one at once', async () => {
    const { a, b } = pair({ closedError: (reason) => new Error(`gone: ${reason}`) }, { onRequest: () => new Promise(() => {}) });
    const one = a.request('x', {}, (r) => r);
    const two = a.request('y', {}, (r) => r);
    await new Promise((r) => setImmediate(r));
    b.close(); // the peer ends its output: our input ends
    await expect(one).rejects.toThrow(/^gone: input (ended|closed)$/);
    await expect(two).rejects.toThrow(/^gone: /);
    await expect(a.request('z', {}, (r) => r)).rejects.toThrow(/^gone: /);
    expect(a.closedError?.message).toMatch(/^gone: /);
  });

  it('takes a bare id as an empty answer only when that id is awaited', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const answers: unknown[] = [];
    const ep = new RpcEndpoint(new LineChannel(input, output), {
      isAwaited: (id) => id === 'srv-1',
      onUnmatchedResponse: (id, reply) => answers.push({ id, reply }),
    });
    const mine = ep.request('ask', {}, (r) => {
      if (r === undefined) throw new Error('no result');
      return r;
    });
    const firstLine = await nextLine(output);
    expect(firstLine).toEqual({ id: 1, method: 'ask', params: {} });
    input.write('{"id":1}\n{"id":"srv-1"}\n');
    await expect(mine).rejects.toThrow('no result');
    expect(answers).toEqual([{ id: 'srv-1', reply: { result: undefined } }]);
    const refusal = nextLine(output);
    input.write('{"id":"srv-2"}\n');
    expect(await refusal).toEqual({ id: 'srv-2', error: { code: -32600, message: expect.stringMatching(/neither a request/) } });
  });

  it('hands responses nobody waits for to onUnmatchedResponse', async () => {
    const stray: unknown[] = [];
    const input = new PassThrough();
    new RpcEndpoint(new LineChannel(input, new PassThrough()), { onUnmatchedResponse: (id, reply) => stray.push({ id, reply }) });
    input.write('{"id":"srv-9","result":{"decision":"accept"}}\n{"id":3,"error":{"code":1,"message":"no"}}\n');
    await new Promise((r) => setImmediate(r));
    expect(stray).toEqual([
      { id: 'srv-9', reply: { result: { decision: 'accept' } } },
      { id: 3, reply: { error: { code: 1, message: 'no' } } },
    ]);
  });
});
