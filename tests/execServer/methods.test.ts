// The exec-server's method table at work on both ends: the server refuses
// params that do not match it, naming the field; the client refuses results
// and notifications that do not match it, instead of passing them on.
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { testEnv } from '../support/processes.js';
import { ExecServerClient, streamTransport } from '../../main/core/execServer/client.js';
import { ExecServerProtocolError, execServerRequests, parseExecServerParams } from '../../main/core/execServer/methods.js';
import { RawPeer, startServer, type Running } from '../support/execServerPeers.js';

const cwd = process.cwd();
const running: Running[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
});

describe('the server validates params through the table', () => {
  it('refuses mistyped fields it used to coerce, naming them, with -32602; nothing runs', async () => {
    const r = await startServer();
    running.push(r);
    const peer = await RawPeer.open(r.url);
    try {
      expect((await peer.call('initialize', {})).error).toEqual({ code: -32602, message: 'invalid params: "clientName" must be a string' });
      expect((await peer.call('initialize', [])).error).toMatchObject({ code: -32602, message: expect.stringMatching(/^invalid params: .*expected object/) });
      await peer.call('initialize', { clientName: 'raw' });
      const start = (p: object) => peer.call('process/start', { processId: 'p', argv: ['true'], cwd, env: {}, ...p });
      // These were read as `=== true` before: a string "yes" silently meant false.
      expect((await start({ tty: 'yes' })).error).toEqual({ code: -32602, message: 'invalid params: "tty" must be a boolean' });
      expect((await start({ pipeStdin: 1 })).error).toEqual({ code: -32602, message: 'invalid params: "pipeStdin" must be a boolean' });
      expect((await start({ envPolicy: { ignoreDefaultExcludes: 'no' } })).error).toMatchObject({
        code: -32602,
        message: expect.stringContaining('"envPolicy.ignoreDefaultExcludes" must be a boolean'),
      });
      // Every bad field is named at once.
      expect((await start({ processId: '', env: { A: 1 } })).error.message).toBe(
        'invalid params: "processId" must be a non-empty string; "env.A" must be a string',
      );
      expect((await peer.call('process/read', { processId: 'p', waitMs: -1 })).error.message).toBe('invalid params: "waitMs" must be a non-negative number');
      expect((await peer.call('process/signal', { processId: 'p', signal: 'hup' })).error.message).toBe(
        'invalid params: "signal" must be one of interrupt, terminate, kill',
      );
      expect(peer.notifications).toEqual([]);
      // A good request on the same connection still works.
      expect((await start({})).result).toEqual({ processId: 'p', sandboxType: 'none' });
    } finally {
      peer.close();
    }
  });

  it('accepts what Codex 0.169’s client sends for process/start, ignoring fields it does not apply', () => {
    const params = parseExecServerParams('process/start', {
      processId: 'codex-1',
      argv: ['bash', '-lc', 'echo hi'],
      cwd: 'file:///work',
      env: { PATH: '/usr/bin' },
      envPolicy: { inherit: 'all', ignoreDefaultExcludes: false, exclude: [], set: {}, includeOnly: [] },
      tty: false,
      pipeStdin: false,
      arg0: null,
      sandbox: null,
      enforceManagedNetwork: false,
    });
    expect(params).toEqual({
      processId: 'codex-1',
      argv: ['bash', '-lc', 'echo hi'],
      cwd: 'file:///work',
      env: { PATH: '/usr/bin' },
      envPolicy: { inherit: 'all', ignoreDefaultExcludes: false, exclude: [], set: {}, includeOnly: [] },
      tty: false,
      pipeStdin: false,
      arg0: null,
      sandbox: null,
    });
    expect(() => parseExecServerParams('process/write', { processId: 'p' })).toThrow(ExecServerProtocolError);
  });

  it('checks both shapes of `sandbox` field by field, naming the path into it', async () => {
    const r = await startServer();
    running.push(r);
    const peer = await RawPeer.open(r.url);
    try {
      await peer.call('initialize', { clientName: 'raw' });
      const write = (sandbox: unknown) => peer.call('fs/writeFile', { path: `${cwd}/never-written`, dataBase64: '', sandbox });
      const managed = (entries: unknown) => ({ permissions: { type: 'managed', file_system: { type: 'restricted', entries }, network: 'restricted' } });
      expect((await write(managed([{ path: { type: 'special', value: { kind: 'root' } }, access: 'sometimes' }]))).error).toEqual({
        code: -32602,
        message: 'invalid params: "sandbox.permissions.file_system.entries.0.access" must be read, write or deny',
      });
      expect((await write(managed([{ path: { type: 'elsewhere' }, access: 'write' }]))).error.message).toBe(
        'invalid params: "sandbox.permissions.file_system.entries.0.path.type" must be path, glob_pattern or special',
      );
      expect((await write({ permissions: 'all' })).error.message).toBe('invalid params: "sandbox.permissions" must be an object');
      expect((await write({ mode: 'workspace-write', networkAccess: 'yes' })).error.message).toBe('invalid params: "sandbox.networkAccess" must be a boolean');
      expect((await write('read-only')).error.message).toBe('invalid params: "sandbox" must be an object');
    } finally {
      peer.close();
    }
  });

  it('dispatches every method of the table to a handler, and only those', async () => {
    const r = await startServer();
    running.push(r);
    const peer = await RawPeer.open(r.url);
    try {
      await peer.call('initialize', { clientName: 'raw' });
      for (const method of Object.keys(execServerRequests).filter((m) => m !== 'initialize')) {
        // Empty params: refused by the table (-32602) or served, never "method not found".
        const reply = await peer.call(method, {});
        expect(reply.error?.code, method).not.toBe(-32601);
        if (reply.error) expect(reply.error.code, `${method}: ${reply.error.message}`).toBe(-32602);
      }
      expect((await peer.call('fs/open', { path: '/tmp' })).error).toEqual({ code: -32601, message: 'method not found: fs/open' });
    } finally {
      peer.close();
    }
  });
});

/** A scripted exec-server on a stream pair: answers each request with what `answer` returns. */
function scriptedPeer(answer: (method: string, id: number, params: any) => object | undefined) {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const rl = createInterface({ input: toServer });
  rl.on('line', (line) => {
    const msg = JSON.parse(line);
    if (typeof msg.id !== 'number') return;
    const reply = answer(msg.method, msg.id, msg.params);
    if (reply) toClient.write(JSON.stringify({ id: msg.id, ...reply }) + '\n');
  });
  return { transport: streamTransport(toClient, toServer), send: (msg: object) => toClient.write(JSON.stringify(msg) + '\n') };
}

const goodInit = { result: { sessionId: 's-1', environmentInfo: { shell: { name: 'sh', path: '/bin/sh' } } } };

describe('the client checks what the server answers', () => {
  it('refuses an initialize result without a sessionId, naming the field', async () => {
    const { transport } = scriptedPeer(() => ({ result: { environmentInfo: { shell: { name: 'sh', path: '/bin/sh' } } } }));
    const err = await ExecServerClient.overTransport(transport).catch((e) => e);
    expect(err).toBeInstanceOf(ExecServerProtocolError);
    expect(err.message).toBe('exec-server sent an invalid initialize result: "sessionId" Invalid input: expected string, received undefined');
  });

  it('refuses a process/start result with a sandboxType Codex does not define', async () => {
    const { transport } = scriptedPeer((method) => (method === 'initialize' ? goodInit : { result: { processId: 'p', sandboxType: 'jail' } }));
    const client = await ExecServerClient.overTransport(transport);
    try {
      const err = await client.startProcess({ processId: 'p', argv: ['true'], cwd }).catch((e) => e);
      expect(err).toBeInstanceOf(ExecServerProtocolError);
      expect(err.message).toMatch(/^exec-server sent an invalid process\/start result: "sandboxType" Invalid option/);
    } finally {
      client.close();
    }
  });

  it('passes typed results through and drops notifications that do not match the table', async () => {
    const peer = scriptedPeer((method) => {
      if (method === 'initialize') return goodInit;
      if (method === 'process/start') return { result: { processId: 'p', sandboxType: 'linuxSeccomp' } };
      // The dropped seqs leave a gap the client asks about once the process closes.
      if (method === 'process/read') return { result: { chunks: [], nextSeq: 6, exited: true, exitCode: 0, closed: true, failure: null } };
      return undefined;
    });
    const client = await ExecServerClient.overTransport(peer.transport);
    try {
      const h = await client.startProcess({ processId: 'p', argv: ['true'], cwd, env: testEnv('es-methods') });
      expect(h.sandboxType).toBe('linux-landlock');
      peer.send({ method: 'process/output', params: { processId: 'p', seq: 1, stream: 'stdout', chunk: Buffer.from('kept\n').toString('base64') } });
      // A stream Codex does not define, and a seq that is not a number: dropped.
      peer.send({ method: 'process/output', params: { processId: 'p', seq: 2, stream: 'video', chunk: 'AA==' } });
      peer.send({ method: 'process/output', params: { processId: 'p', seq: '3', stream: 'stdout', chunk: 'AA==' } });
      peer.send({ method: 'process/exited', params: { processId: 'p', seq: 4, exitCode: 0 } });
      peer.send({ method: 'process/closed', params: { processId: 'p', seq: 5 } });
      expect(await h.collect()).toEqual({ stdout: 'kept\n', stderr: '', pty: '', exitCode: 0 });
    } finally {
      client.close();
    }
  });
});

// Codex 0.169's exec-server sends a process's stdout and stderr from separate tasks, so
// `process/output` seqs arrive out of order (seen under load: seq 2 stdout before seq 1
// stderr), and `process/closed` can overtake the last output. No chunk may be lost.
describe('the client with process notifications out of order', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const out = (seq: number, stream: string, text: string) => ({ method: 'process/output', params: { processId: 'p', seq, stream, chunk: b64(text) } });
  const exited = (seq: number, exitCode: number) => ({ method: 'process/exited', params: { processId: 'p', seq, exitCode } });
  const closed = (seq: number) => ({ method: 'process/closed', params: { processId: 'p', seq } });

  /** Starts process `p` on a peer whose process/read answers from `retained`; returns the handle, the peer and the reads it got. */
  async function started(retained: { seq: number; stream: string; text: string }[] = []) {
    const reads: { afterSeq?: number }[] = [];
    const peer = scriptedPeer((method, _id, params) => {
      if (method === 'initialize') return goodInit;
      if (method === 'process/start') return { result: { processId: 'p', sandboxType: 'none' } };
      if (method !== 'process/read') return undefined;
      reads.push(params);
      const chunks = retained.filter((c) => c.seq > (params.afterSeq ?? 0)).map((c) => ({ seq: c.seq, stream: c.stream, chunk: b64(c.text) }));
      return { result: { chunks, nextSeq: 9, exited: false, exitCode: null, closed: false, failure: null } };
    });
    const client = await ExecServerClient.overTransport(peer.transport);
    cleanups.push(() => client.close());
    const h = await client.startProcess({ processId: 'p', argv: ['sh'], cwd });
    return { h, peer, reads };
  }
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('keeps a stderr chunk whose seq is lower than stdout output that arrived first', async () => {
    const { h, peer, reads } = await started();
    for (const n of [out(2, 'stdout', 'out\n'), out(1, 'stderr', 'err\n'), exited(3, 3), closed(4)]) peer.send(n);
    expect(await h.collect()).toEqual({ stdout: 'out\n', stderr: 'err\n', pty: '', exitCode: 3 });
    expect(reads).toEqual([]); // nothing was missing, so nothing was read back
  });

  it('drops a replayed seq instead of doubling its output', async () => {
    const { h, peer } = await started();
    for (const n of [out(1, 'stdout', 'once\n'), out(1, 'stdout', 'once\n'), exited(2, 0), closed(3)]) peer.send(n);
    expect((await h.collect()).stdout).toBe('once\n');
  });

  it('reads back output that process/closed overtook, in seq order, before the stream ends', async () => {
    const retained = [
      { seq: 1, stream: 'stdout', text: 'one\n' },
      { seq: 2, stream: 'stdout', text: 'two\n' },
      { seq: 3, stream: 'stderr', text: 'late err\n' },
    ];
    const { h, peer, reads } = await started(retained);
    for (const n of [out(2, 'stdout', 'two\n'), exited(4, 3), closed(5)]) peer.send(n);
    expect(await h.collect()).toEqual({ stdout: 'one\ntwo\n', stderr: 'late err\n', pty: '', exitCode: 3 });
    expect(reads).toEqual([expect.objectContaining({ afterSeq: 0 })]);
  });

  it('reads back output lost mid-stream while the process still runs, so the stream goes on in order', async () => {
    const retained = ['a\n', 'b\n', 'c\n'].map((text, i) => ({ seq: i + 1, stream: 'stdout', text }));
    const { h, peer, reads } = await started(retained);
    peer.send(out(1, 'stdout', 'a\n'));
    peer.send(out(3, 'stdout', 'c\n')); // seq 2 never arrives as a notification
    const it = h[Symbol.asyncIterator]();
    const first3 = [(await it.next()).value, (await it.next()).value, (await it.next()).value].map((e) => e.chunk.toString());
    expect(first3).toEqual(['a\n', 'b\n', 'c\n']); // delivered before the process ends
    expect(reads).toEqual([expect.objectContaining({ afterSeq: 1 })]);
    for (const n of [exited(4, 0), closed(5)]) peer.send(n);
    expect((await it.next()).done).toBe(true);
  });

  it('keeps a gap open for a notification that arrives after a read-back found nothing, mid-stream and after process/closed', async () => {
    const { h, peer, reads } = await started(); // process/read returns no chunks (the server no longer holds them)
    peer.send(out(2, 'stdout', 'two\n'));
    await expect.poll(() => reads.length, { timeout: 5_000 }).toBeGreaterThan(0); // the read-back came and went
    peer.send(out(1, 'stdout', 'one\n')); // late, but not lost
    for (const n of [out(4, 'stdout', 'four\n'), exited(5, 0), closed(6)]) peer.send(n);
    await new Promise((r) => setTimeout(r, 600)); // seq 3 is still on its way after process/closed
    peer.send(out(3, 'stdout', 'three\n'));
    expect(await h.collect()).toEqual({ stdout: 'one\ntwo\nthree\nfour\n', stderr: '', pty: '', exitCode: 0 });
  });

  it('ends the stream with what arrived when the server cannot give a gap back', async () => {
    const { h, peer } = await started(); // process/read returns no chunks
    for (const n of [out(2, 'stdout', 'kept\n'), exited(3, 0), closed(4)]) peer.send(n);
    expect(await h.collect()).toEqual({ stdout: 'kept\n', stderr: '', pty: '', exitCode: 0 });
  });
});
