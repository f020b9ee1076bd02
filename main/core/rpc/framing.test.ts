import { describe, expect, it } from 'vitest';
import { createServer, connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { LineChannel } from './framing.js';
import { WebSocketChannel } from './websocketChannel.js';

/** A connected pair of loopback TCP sockets. */
async function socketPair(): Promise<{ a: Socket; b: Socket; close: () => void }> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const accepted = once(server, 'connection');
  const a = connect(address.port, '127.0.0.1');
  await once(a, 'connect');
  const [b] = (await accepted) as [Socket];
  return { a, b, close: () => (a.destroy(), b.destroy(), server.close()) };
}

function collect(channel: LineChannel | WebSocketChannel): string[] {
  const got: string[] = [];
  channel.onMessage((t) => got.push(t));
  return got;
}

describe('LineChannel', () => {
  it('splits lines on bytes: a character cut between chunks arrives whole; CRLF and blank lines', async () => {
    const input = new PassThrough();
    const ch = new LineChannel(input, new PassThrough());
    const got = collect(ch);
    const text = Buffer.from('{"a":"é"}\r\n\n  \n{"b":1}\n{"c"');
    const cut = text.indexOf(0xa9); // second byte of é
    input.write(text.subarray(0, cut));
    input.write(text.subarray(cut));
    input.write(':2}\n');
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual(['{"a":"é"}', '{"b":1}', '{"c":2}']);
  });

  it('delivers a last line that has no newline when the input ends', async () => {
    const input = new PassThrough();
    const ch = new LineChannel(input, new PassThrough());
    const got = collect(ch);
    const reason = new Promise<string>((r) => ch.onClose(r));
    input.end('{"a":1}\n{"b":2}');
    expect(await reason).toBe('input ended');
    expect(got).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('drops a line past the limit up to its newline, reports it, and reads on', async () => {
    const input = new PassThrough();
    const overlong: number[] = [];
    const ch = new LineChannel(input, new PassThrough(), { maxLineBytes: 16, onOverlongLine: (n) => overlong.push(n) });
    const got = collect(ch);
    input.write('x'.repeat(10));
    input.write('y'.repeat(10)); // past 16 without a newline: dropped now
    input.write('z'.repeat(30) + '\nshort\n' + 'w'.repeat(17) + '\nok\n');
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual(['short', 'ok']);
    expect(overlong).toEqual([20, 17]);
    expect(ch.closed).toBe(false);
  });

  it('writes one line per message over a real socket and says when the peer closed', async () => {
    const { a, b, close } = await socketPair();
    try {
      const ours = new LineChannel(a, a);
      const theirs = new LineChannel(b, b);
      const got = collect(theirs);
      ours.send('{"id":1}');
      ours.send(Buffer.from('{"id":2}'));
      await new Promise<void>((r) => theirs.onMessage(() => got.length === 2 && r()));
      expect(got).toEqual(['{"id":1}', '{"id":2}']);
      const reason = new Promise<string>((r) => theirs.onClose(r));
      ours.close();
      expect(await reason).toMatch(/input (ended|closed)/);
      // Late listeners hear it at once; sends after close are dropped, not thrown.
      const late = await new Promise<string>((r) => ours.onClose(r));
      expect(late).toBe('closed by this side');
      expect(() => ours.send('{}')).not.toThrow();
    } finally {
      close();
    }
  });

  it('is congested while the peer does not read, and drains when it does', async () => {
    const { a, b, close } = await socketPair();
    try {
      b.pause();
      const ch = new LineChannel(new PassThrough(), a);
      const line = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 64 && !ch.congested(); i++) ch.send(line);
      for (let i = 0; i < 64; i++) ch.send(line); // well past the high-water mark
      expect(ch.congested()).toBe(true);
      const drained = new Promise<void>((r) => ch.onceDrained(r));
      b.resume();
      await drained;
      expect(ch.congested()).toBe(false);
    } finally {
      close();
    }
  });
});

describe('WebSocketChannel', () => {
  it('carries one message per text frame, reports binary frames, and closes with a reason', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(wss, 'listening');
    const address = wss.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    try {
      const serverSide = new Promise<WebSocketChannel>((resolve) => {
        wss.on('connection', (ws) => {
          let binary = 0;
          const ch = new WebSocketChannel(ws, { onBinaryFrame: () => ch.send(`binary ${++binary}`) });
          ch.onMessage((t) => ch.send(`echo ${t}`));
          resolve(ch);
        });
      });
      const ws = new WebSocket(`ws://127.0.0.1:${address.port}`);
      await once(ws, 'open');
      const client = new WebSocketChannel(ws);
      const got = collect(client);
      client.send('{"a":1}');
      ws.send(Buffer.from([1, 2]), { binary: true });
      await new Promise<void>((r) => client.onMessage(() => got.length === 2 && r()));
      expect(got).toEqual(['echo {"a":1}', 'binary 1']);
      const server = await serverSide;
      const reason = new Promise<string>((r) => server.onClose(r));
      client.close();
      expect(await reason).toMatch(/^websocket closed with code \d+$/);
      expect(client.closed).toBe(true);
    } finally {
      wss.close();
    }
  });
});
