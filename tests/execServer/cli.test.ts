// `codex exec-server` as a real program: the command module bundled with
// esbuild (as the CLI build does) and run with node, over real loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { processesWithMarker, testEnv, waitFor } from '../support/processes.js';
import { ExecServerClient, ExecServerDisconnectedError } from '../../main/core/execServer/client.js';
import { LazyExecServerClient } from '../../main/core/execServer/lazyClient.js';
import { RawPeer } from '../support/execServerPeers.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '../..');
// Inside the repo so the external native module (node-pty) resolves from node_modules.
const outDir = join(here, '.cli-test-build');
const bundle = join(outDir, 'exec-server.mjs');
const cwd = process.cwd();
const children: ChildProcess[] = [];

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(repo, 'tests/support/execServerCliEntry.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['@lydell/node-pty', 'electron', 'bufferutil', 'utf-8-validate'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'error',
  });
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(outDir, { recursive: true, force: true });
});

/** Resident set of a process, from /proc (Linux). */
function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]) * 1024;
}

interface Started {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function startCli(args: string[], env: Record<string, string> = {}, cmd: string[] = [process.execPath, bundle]): Promise<Started> {
  const child = spawn(cmd[0]!, [...cmd.slice(1), ...args], { cwd: repo, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (ws:\/\/\S+)\n/.exec(out);
      if (m) resolve({ child, url: m[1]!, stderr: () => err, exit });
    });
    void exit.then((code) => reject(new Error(`exec-server exited (${code}) before listening: ${err}`)));
  });
}

describe('codex exec-server (bundled command)', () => {
  it('prints the bound URL for port 0, serves processes, exits 0 on SIGTERM', async () => {
    const s = await startCli(['--listen', 'ws://127.0.0.1:0']);
    expect(s.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(s.url).not.toMatch(/:0$/);
    const c = await ExecServerClient.connectWebSocket(s.url);
    const h = await c.startProcess({ argv: ['sh', '-c', 'echo from-cli; exit 4'], cwd, env: testEnv('cli-ws') });
    const r = await h.collect();
    expect(r).toMatchObject({ stdout: 'from-cli\n', exitCode: 4 });
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
    await waitFor(() => c.isDisconnected);
    await expect(c.request('environment/info', {})).rejects.toBeInstanceOf(ExecServerDisconnectedError);
  });

  it('refuses a non-loopback listen address without a token, and enforces the token with one', async () => {
    const child = spawn(process.execPath, [bundle, '--listen', 'ws://0.0.0.0:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(2);
    expect(err).toMatch(/non-loopback address 0\.0\.0\.0 requires a token/);

    const s = await startCli(['--listen', 'ws://0.0.0.0:0', '--token-env', 'ES_TEST_TOKEN'], { ES_TEST_TOKEN: 'tok-123' });
    const port = new URL(s.url).port;
    await expect(RawPeer.open(`ws://127.0.0.1:${port}`)).rejects.toThrow('HTTP 401');
    await expect(ExecServerClient.connectWebSocket(`ws://127.0.0.1:${port}`, { token: 'wrong' })).rejects.toThrow(/401/);
    const c = await ExecServerClient.connectWebSocket(`ws://127.0.0.1:${port}`, { token: 'tok-123' });
    expect(c.sessionId).toBeTruthy();
    c.close();
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
  });

  it('reads the token from --token-file', async () => {
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, 'token');
    writeFileSync(file, 'file-token\n');
    const s = await startCli(['--listen', 'ws://127.0.0.1:0', '--token-file', file]);
    await expect(RawPeer.open(s.url)).rejects.toThrow('HTTP 401');
    const ok = await RawPeer.open(`${s.url}/?token=file-token`);
    ok.close();
    s.child.kill('SIGTERM');
    await s.exit;
  });

  it('accepts Codex’s --ws-auth capability-token with --ws-token-file or --ws-token-sha256', async () => {
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, 'codex-token');
    writeFileSync(file, 'codex-style-token\n');
    const digest = createHash('sha256').update('codex-style-token').digest('hex');
    for (const flags of [
      ['--ws-token-file', file],
      ['--ws-token-sha256', digest],
    ]) {
      const s = await startCli(['--listen', 'ws://127.0.0.1:0', '--ws-auth', 'capability-token', ...flags]);
      await expect(RawPeer.open(s.url)).rejects.toThrow('HTTP 401');
      await expect(RawPeer.open(s.url, { authorization: 'Bearer wrong' })).rejects.toThrow('HTTP 401');
      const c = await ExecServerClient.connectWebSocket(s.url, { token: 'codex-style-token' });
      const h = await c.startProcess({ argv: ['echo', 'authorized'], cwd, env: testEnv('cli-ws-auth') });
      expect((await h.collect()).stdout).toBe('authorized\n');
      c.close();
      s.child.kill('SIGTERM');
      expect(await s.exit).toBe(0);
    }
  });

  it('rejects inconsistent Codex auth flags with usage errors', async () => {
    const run = async (args: string[]) => {
      const child = spawn(process.execPath, [bundle, '--listen', 'ws://127.0.0.1:0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise((r) => child.once('exit', r));
      return { code, err };
    };
    const digest = 'a'.repeat(64);
    expect(await run(['--ws-auth', 'capability-token'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--ws-token-file` or `--ws-token-sha256` is required/),
    });
    expect(await run(['--ws-token-sha256', digest])).toMatchObject({ code: 2, err: expect.stringMatching(/require `--ws-auth capability-token`/) });
    expect(await run(['--ws-auth', 'capability-token', '--ws-token-sha256', 'xyz'])).toMatchObject({ code: 2, err: expect.stringMatching(/64-character hex/) });
    expect(await run(['--ws-auth', 'capability-token', '--ws-token-sha256', digest, '--ws-token-file', '/x'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/mutually exclusive/),
    });
    expect(await run(['--ws-auth', 'capability-token', '--ws-token-sha256', digest, '--token-env', 'X'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--ws-auth' cannot be used with '--token-env'/),
    });
    expect(await run(['--ws-auth', 'signed-bearer-token'])).toMatchObject({ code: 2, err: expect.stringMatching(/signed-bearer-token is not supported/) });
  });

  it('stops a process while its client does not read: server RSS stays bounded, and all output arrives in order after resuming', async () => {
    const s = await startCli(['--listen', 'ws://127.0.0.1:0']);
    const total = 200_000_000;
    const line = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\n';
    const ws = new WebSocket(s.url);
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    let received = 0;
    let nextSeq = 1;
    let orderError = '';
    let exitCode: number | null | undefined;
    const closed = new Promise<void>((resolve) =>
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString());
        if (m.method === 'process/output') {
          if (m.params.seq !== nextSeq && !orderError) orderError = `seq ${m.params.seq} after ${nextSeq - 1}`;
          nextSeq = m.params.seq + 1;
          const chunk = Buffer.from(m.params.chunk, 'base64').toString('latin1');
          // The output is `line` repeated: each byte is known from its offset.
          for (let i = 0; i < chunk.length && !orderError; i += 4093) {
            if (chunk[i] !== line[(received + i) % line.length]) orderError = `wrong byte at offset ${received + i}`;
          }
          received += chunk.length;
        } else if (m.method === 'process/exited') {
          nextSeq = m.params.seq + 1;
          exitCode = m.params.exitCode;
        } else if (m.method === 'process/closed') resolve();
      }),
    );
    ws.send(JSON.stringify({ id: 1, method: 'initialize', params: { clientName: 'slow-reader' } }));
    await new Promise((r) => setTimeout(r, 200));
    const rssBefore = rssBytes(s.child.pid!);
    ws.send(
      JSON.stringify({
        id: 2,
        method: 'process/start',
        params: {
          processId: 'big',
          argv: ['sh', '-c', `yes ${line.trim()} | head -c ${total}`],
          cwd,
          env: testEnv('cli-slow-reader'),
          tty: false,
          pipeStdin: false,
        },
      }),
    );
    await new Promise((r) => setTimeout(r, 50));
    ws.pause(); // stop reading the socket: the server's queue to us fills
    let peak = rssBefore;
    for (let t = 0; t < 40; t++) {
      await new Promise((r) => setTimeout(r, 100));
      peak = Math.max(peak, rssBytes(s.child.pid!));
    }
    expect(received).toBeLessThan(total / 2);
    // Unbounded buffering held the whole stream (650 MB for 200 MB); paused, the server holds a few MB.
    expect(peak - rssBefore).toBeLessThan(80 * 1024 * 1024);
    ws.resume();
    await closed;
    expect(orderError).toBe('');
    expect(received).toBe(total);
    expect(exitCode).toBe(0);
    ws.close();
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
  }, 60_000);

  it('a stdio source is one-shot: after the program dies get() returns the same dead client', async () => {
    const lazy = new LazyExecServerClient({ kind: 'stdio', program: process.execPath, args: [bundle, '--listen', 'stdio'], cwd: repo });
    const c = await lazy.get();
    expect(c.transportKind).toBe('stdio');
    const h = await c.startProcess({ argv: ['echo', 'over-stdio'], cwd, env: testEnv('cli-stdio') });
    expect((await h.collect()).stdout).toBe('over-stdio\n');
    // The server program is an ancestor of this process (the Linux helper's
    // monitor and supervisor sit in between): kill it from inside.
    const marker = `cli-stdio-${process.pid}-${Date.now()}`;
    const sleeper = await c.startProcess({ argv: ['sleep', '30'], cwd, env: testEnv(marker) });
    // ([-] keeps the pattern from matching this script, which the helper's own command line holds.)
    const killServer = `p=$PPID; while [ "$p" -gt 1 ] && ! tr '\\0' ' ' </proc/$p/cmdline | grep -q '[-]-listen stdio'; do p=$(cut -d' ' -f4 /proc/$p/stat); done; kill -9 $p`;
    void c.startProcess({ argv: ['sh', '-c', killServer], cwd, env: testEnv('cli-stdio') }).catch(() => {});
    await expect(sleeper.exited).rejects.toBeInstanceOf(ExecServerDisconnectedError);
    expect(c.isDisconnected).toBe(true);
    const again = await lazy.get();
    expect(again).toBe(c);
    await expect(again.startProcess({ argv: ['true'], cwd })).rejects.toThrow('exec-server connection closed');
    expect(lazy.connectAttempts).toBe(1);
    // The server died by SIGKILL, so nothing reaped its children: clean up.
    for (const pid of processesWithMarker(marker)) process.kill(pid, 'SIGKILL');
  });

  // Through the real entry point (the built dist, as every CLI test): never skipped.
  it('`node bin/codex.js exec-server`', async () => {
    const s = await startCli(['exec-server', '--listen', 'ws://127.0.0.1:0'], {}, [process.execPath, join(repo, 'bin/codex.js')]);
    const c = await ExecServerClient.connectWebSocket(s.url);
    const h = await c.startProcess({ argv: ['echo', 'via-bin'], cwd, env: testEnv('cli-bin') });
    expect((await h.collect()).stdout).toBe('via-bin\n');
    c.close();
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
  });
});
