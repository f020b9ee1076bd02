// Interoperability with the reference Codex 0.169 exec-server protocol, both ways:
//  (a) our ExecServerClient drives Codex's `codex exec-server`;
//  (b) Codex's `codex exec` (CODEX_EXEC_SERVER_URL) runs its exec_command and
//      apply_patch on OUR `codex exec-server` (bin/codex.js, needs a built dist/).
// Skipped when no reference binary is installed (see tests/support/codexReference.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { ExecServerClient, ExecServerRpcError } from '../main/core/execServer/client.js';
import { CODEX_BIN, makeSandbox, outputOf } from './support/cli.js';
import { CODEX_REFERENCE_MISSING, codexReferenceBin } from './support/codexReference.js';
import { responses as R, startScriptedServer, type ScriptedServer } from './support/scriptedServer.js';
import { runReferenceCodex } from './support/referenceCli.js';

/** A folder no workspace-write sandbox lets commands write: not under /tmp, $TMPDIR or a test workspace. */
function outsideWritableRoots(): string {
  const temps = ['/tmp', tmpdir()].map((d) => realpathSync(d));
  const within = (dir: string) => temps.some((t) => dir === t || dir.startsWith(`${t}/`));
  const dir = ['/var/tmp', homedir(), process.cwd()].map((d) => (existsSync(d) ? realpathSync(d) : d)).find((d) => existsSync(d) && !within(d));
  if (!dir) throw new Error('no folder outside /tmp to write the outside marker in');
  return dir;
}

const REFERENCE = codexReferenceBin();

function tempDir(prefix: string): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

/** Spawns an exec-server and resolves with the ws:// URL it prints (Codex prints the bare URL, ours "listening on URL"). */
function startExecServer(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`exec-server did not print its URL in time\nstdout: ${out}\nstderr: ${err}`)), 60_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    };
    child.stdout!.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = /(ws:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (d) => (err += d));
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`exec-server exited (${code}) before listening\nstderr: ${err}`)));
  });
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/** A websocket relay that records every JSON message in both directions (test-side, in front of the server under test). */
async function recordingRelay(target: string): Promise<{ url: string; messages: { dir: 'client' | 'server'; msg: any }[]; close(): Promise<void> }> {
  const messages: { dir: 'client' | 'server'; msg: any }[] = [];
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (down) => {
    const up = new WebSocket(target);
    const queued: string[] = [];
    up.on('open', () => queued.splice(0).forEach((t) => up.send(t)));
    down.on('message', (d) => {
      const text = d.toString();
      messages.push({ dir: 'client', msg: JSON.parse(text) });
      if (up.readyState === WebSocket.OPEN) up.send(text);
      else queued.push(text);
    });
    up.on('message', (d) => {
      const text = d.toString();
      messages.push({ dir: 'server', msg: JSON.parse(text) });
      down.send(text);
    });
    down.on('close', () => up.close());
    up.on('close', () => down.close());
    up.on('error', () => down.terminate());
  });
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    messages,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
}

describe.skipIf(!REFERENCE)(`exec-server interop with Codex 0.169 (${REFERENCE ?? CODEX_REFERENCE_MISSING})`, () => {
  describe('our client drives Codex’s `codex exec-server`', () => {
    let server: ChildProcess | undefined;
    let client: ExecServerClient;
    let dir: string;

    beforeAll(async () => {
      dir = tempDir('es-interop-a-');
      const home = join(dir, 'home');
      mkdirSync(home);
      const started = await startExecServer(REFERENCE!, ['exec-server', '--listen', 'ws://127.0.0.1:0'], {
        PATH: process.env.PATH,
        HOME: home,
        CODEX_HOME: home,
      });
      server = started.child;
      client = await ExecServerClient.connectWebSocket(started.url, { clientName: 'codex-desktop-interop' });
    }, 90_000);

    afterAll(async () => {
      client?.close();
      await stop(server);
    });

    it('initializes a session and reports Codex’s environment', () => {
      expect(client.sessionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(client.environmentInfo).toMatchObject({ executorVersion: '0.169.0', platformOs: process.platform });
    });

    it('starts a process, streams stdout/stderr and reports the exit code', async () => {
      const h = await client.startProcess({ argv: ['sh', '-c', 'pwd; echo out; echo err >&2; exit 3'], cwd: dir, env: { PATH: process.env.PATH! } });
      const r = await h.collect();
      expect(r.stdout).toBe(`${dir}\nout\n`);
      expect(r.stderr).toBe('err\n');
      expect(r.exitCode).toBe(3);
    });

    it('writes stdin to a process started with pipeStdin', async () => {
      const h = await client.startProcess({ argv: ['head', '-n', '1'], cwd: dir, env: { PATH: process.env.PATH! }, pipeStdin: true });
      expect(await h.write('hello over the wire\nignored\n')).toBe('accepted');
      const r = await h.collect();
      expect(r.stdout).toBe('hello over the wire\n');
      expect(r.exitCode).toBe(0);
    });

    it('round-trips fs/writeFile and fs/readFile (binary content) and the other fs calls', async () => {
      const bytes = randomBytes(70_000);
      const file = join(dir, 'sub', 'blob.bin');
      await client.createDirectory(join(dir, 'sub'));
      await client.writeFile(file, bytes);
      expect(Buffer.compare(await client.readFile(file), bytes)).toBe(0);
      expect(Buffer.compare(readFileSync(file), bytes)).toBe(0);

      const meta = await client.getMetadata(file);
      expect(meta).toMatchObject({ isFile: true, isDirectory: false, isSymlink: false, size: bytes.length });
      symlinkSync(file, join(dir, 'sub', 'link'));
      expect(await client.canonicalize(join(dir, 'sub', 'link'))).toBe(file);
      expect((await client.getMetadata(join(dir, 'sub', 'link'))).isSymlink).toBe(true);
      const names = (await client.readDirectory(join(dir, 'sub'))).map((e) => e.fileName).sort();
      expect(names).toEqual(['blob.bin', 'link']);

      await client.copy(file, join(dir, 'copy.bin'));
      expect(Buffer.compare(readFileSync(join(dir, 'copy.bin')), bytes)).toBe(0);
      await client.copy(join(dir, 'sub'), join(dir, 'sub2'), { recursive: true });
      expect(readFileSync(join(dir, 'sub2', 'blob.bin')).length).toBe(bytes.length);
      await client.remove(join(dir, 'sub2'));
      await expect(client.getMetadata(join(dir, 'sub2'))).rejects.toMatchObject({ code: -32004 });
    });

    it('reports a missing file with Codex’s not-found code', async () => {
      const err = await client.readFile(join(dir, 'missing.txt')).catch((e) => e);
      expect(err).toBeInstanceOf(ExecServerRpcError);
      expect(err.code).toBe(-32004);
      expect(err.message).toMatch(/No such file or directory/);
    });
  });

  describe('Codex’s `codex exec` runs its tools on our `codex exec-server`', () => {
    let model: ScriptedServer;
    let ours: ChildProcess | undefined;
    let relay: Awaited<ReturnType<typeof recordingRelay>>;
    const marker = `only-in-our-exec-server-${randomUUID()}`;

    beforeAll(async () => {
      model = await startScriptedServer();
      const serverHome = tempDir('es-interop-home-');
      // The marker lives only in our server's environment; Codex's client asks
      // the server to inherit its environment (envPolicy), so a command that
      // prints it ran in our server's process tree.
      const started = await startExecServer(process.execPath, [CODEX_BIN, 'exec-server', '--listen', 'ws://127.0.0.1:0'], {
        PATH: process.env.PATH,
        HOME: serverHome,
        SHELL: '/bin/bash',
        ES_INTEROP_MARKER: marker,
      });
      ours = started.child;
      relay = await recordingRelay(started.url);
    }, 90_000);

    afterAll(async () => {
      await relay?.close();
      await stop(ours);
      await model?.close();
    });

    it('exec_command runs in our server’s process tree and apply_patch writes through our fs/*', async () => {
      const sb = makeSandbox(model.baseUrl);
      writeFileSync(join(sb.workspace, 'existing.txt'), 'old line\n');
      // Outside the workspace and /tmp: read-only under Codex's workspace-write sandbox.
      // (Not in the checkout: CI may clone it under /tmp, which that sandbox lets commands write.)
      const outside = join(outsideWritableRoots(), `.es-interop-outside-${randomUUID()}`);
      const patch =
        '*** Begin Patch\n*** Add File: hello.txt\n+hello from a remote patch\n*** Update File: existing.txt\n@@\n-old line\n+new line\n*** End Patch\n';
      model.enqueue(
        R.functionCall({
          name: 'exec_command',
          arguments: { cmd: `echo "marker=$ES_INTEROP_MARKER"; pwd; (touch '${outside}' 2>/dev/null && echo outside=written) || echo outside=denied` },
          callId: 'call_exec',
        }),
        R.customToolCall({ name: 'apply_patch', input: patch, callId: 'call_patch' }),
        R.message('done'),
      );
      // With Codex's sandbox (workspace-write so apply_patch may write the workspace; never the bypass).
      const run = await runReferenceCodex(REFERENCE!, ['exec', '--json', '--skip-git-repo-check', '--sandbox', 'workspace-write', 'run it remotely'], {
        cwd: sb.workspace,
        env: { ...sb.env, CODEX_EXEC_SERVER_URL: relay.url },
      });
      expect(run.code, run.stderr).toBe(0);

      // The command ran on our exec-server: it saw that server's environment (its
      // ancestry is hidden by the sandbox's PID namespace).
      const cmd = run.events.find((e) => e.type === 'item.completed' && e.item.type === 'command_execution')?.item;
      expect(cmd, run.stdout).toBeDefined();
      expect(cmd.exit_code).toBe(0);
      expect(cmd.aggregated_output).toContain(`marker=${marker}`);
      expect(cmd.aggregated_output).toContain(sb.workspace);
      expect(outputOf(model.requests[1]!, 'call_exec')).toContain(`marker=${marker}`);

      const fromCodex = relay.messages.filter((m) => m.dir === 'client').map((m) => m.msg);
      const start = fromCodex.find((m) => m.method === 'process/start');
      expect(start.params).toMatchObject({ cwd: `file://${sb.workspace}`, tty: false });
      // Codex's own sandbox was on: it sent a policy, and our answer uses its sandboxType names.
      expect(start.params.sandbox?.permissions?.file_system?.type).toBe('restricted');
      const started = relay.messages.find((m) => m.dir === 'server' && m.msg.id === start.id)?.msg;
      expect(started.result.sandboxType).toBe('linuxSeccomp');
      // …and enforced: a write outside the workspace and /tmp was refused.
      expect(cmd.aggregated_output).toContain('outside=denied');
      expect(existsSync(outside)).toBe(false);
      expect(relay.messages.some((m) => m.dir === 'server' && m.msg.method === 'process/exited' && m.msg.params.exitCode === 0)).toBe(true);

      // The patch: Codex read and wrote the files through our server's fs/* methods.
      const writes = fromCodex.filter((m) => m.method === 'fs/writeFile');
      expect(writes.map((w) => w.params.path).sort()).toEqual([`file://${sb.workspace}/existing.txt`, `file://${sb.workspace}/hello.txt`]);
      for (const w of writes) {
        const reply = relay.messages.find((m) => m.dir === 'server' && m.msg.id === w.id)?.msg;
        expect(reply).toEqual({ id: w.id, result: {} });
      }
      expect(fromCodex.some((m) => m.method === 'fs/readFile' && m.params.path === `file://${sb.workspace}/existing.txt`)).toBe(true);
      expect(readFileSync(join(sb.workspace, 'hello.txt'), 'utf8')).toBe('hello from a remote patch\n');
      expect(readFileSync(join(sb.workspace, 'existing.txt'), 'utf8')).toBe('new line\n');
      const change = run.events.find((e) => e.type === 'item.completed' && e.item.type === 'file_change')?.item;
      expect(change?.status).toBe('completed');
    }, 120_000);
  });
});
