// `codex exec-server` as a real program: the command module bundled with
// esbuild (as the CLI build does) and run with node, over real loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesWithMarker, testEnv, waitFor } from '../exec/testSupport.js';
import { ExecServerClient, ExecServerDisconnectedError } from './client.js';
import { LazyExecServerClient } from './lazyClient.js';
import { RawPeer } from './testSupport.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '../../..');
// Inside the repo so the external native module (node-pty) resolves from node_modules.
const outDir = join(here, '.cli-test-build');
const bundle = join(outDir, 'exec-server.mjs');
const cwd = process.cwd();
const children: ChildProcess[] = [];

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(here, 'fixtures/cliEntry.ts')],
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

  const mainTs = readFileSync(join(repo, 'main/cli/main.ts'), 'utf8');
  const distCli = join(repo, 'dist/cli.js');
  const wired = mainTs.includes('exec-server') && existsSync(distCli) && readFileSync(distCli, 'utf8').includes('exec-server');
  it.skipIf(!wired)('`node bin/codex.js exec-server` (skipped until main/cli/main.ts dispatches exec-server and dist is rebuilt)', async () => {
    const s = await startCli(['exec-server', '--listen', 'ws://127.0.0.1:0'], {}, [process.execPath, join(repo, 'bin/codex.js')]);
    const c = await ExecServerClient.connectWebSocket(s.url);
    const h = await c.startProcess({ argv: ['echo', 'via-bin'], cwd, env: testEnv('cli-bin') });
    expect((await h.collect()).stdout).toBe('via-bin\n');
    c.close();
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
  });
});
