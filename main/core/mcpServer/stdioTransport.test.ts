import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { LineStdioServerTransport } from './stdioTransport.js';

async function started() {
  const input = new PassThrough();
  const output = new PassThrough();
  const t = new LineStdioServerTransport(input, output);
  const messages: JSONRPCMessage[] = [];
  const errors: string[] = [];
  t.onmessage = (m) => messages.push(m);
  t.onerror = (e) => errors.push(e.message);
  await t.start();
  const written: unknown[] = [];
  output.on('data', (c: Buffer) =>
    written.push(
      ...c
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    ),
  );
  return { t, input, messages, errors, written };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('LineStdioServerTransport', () => {
  it('keeps a character that arrives cut between two chunks whole', async () => {
    const { input, messages } = await started();
    const line = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'codex', arguments: { prompt: 'café' } } }) + '\n');
    const cut = line.indexOf(Buffer.from('é')) + 1;
    input.write(line.subarray(0, cut));
    input.write(line.subarray(cut));
    await tick();
    expect(messages).toEqual([{ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'codex', arguments: { prompt: 'café' } } }]);
  });

  it('answers a line past 10 MiB once with -32600 and reads the next line', async () => {
    const { input, messages, written } = await started();
    input.write('x'.repeat(6 * 1024 * 1024));
    input.write('x'.repeat(6 * 1024 * 1024));
    input.write('x\n' + JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');
    await tick();
    expect(written).toEqual([{ jsonrpc: '2.0', id: null, error: { code: -32600, message: `Invalid Request: a line longer than ${10 * 1024 * 1024} bytes` } }]);
    expect(messages).toEqual([{ jsonrpc: '2.0', method: 'notifications/initialized' }]);
  });
});
