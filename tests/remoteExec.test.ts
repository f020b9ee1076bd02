// The agent running its commands on an exec-server (CODEX_EXEC_SERVER_URL and
// environments.toml): real `codex exec` and `codex exec-server` processes on
// loopback, with the scripted model server.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { responses as R } from './support/scriptedServer.js';
import { CODEX_BIN, outputOf, runCodex, scriptedSuite } from './support/cli.js';
import { AppServerClient } from './support/appServerClient.js';

const t = scriptedSuite();
const servers: ChildProcess[] = [];

afterEach(() => {
  for (const s of servers.splice(0)) s.kill('SIGKILL');
});

/** Starts `codex exec-server` and resolves with its pid and bound URL. */
function startExecServer(listen = 'ws://127.0.0.1:0', wrapper: string[] = []): Promise<{ child: ChildProcess; url: string; pid: number }> {
  const argv = [...wrapper, process.execPath, CODEX_BIN, 'exec-server', '--listen', listen];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (ws:\/\/\S+)\n/.exec(out);
      if (m) resolve({ child, url: m[1]!, pid: child.pid! });
    });
    child.on('exit', (code) => reject(new Error(`exec-server exited (${code}) before listening: ${err}`)));
  });
}

/** Relays TCP to `port`; counts accepted connections and can cut them all. */
async function startRelay(port: number) {
  const sockets = new Set<Socket>();
  let connections = 0;
  const relay = createServer((client) => {
    connections++;
    const upstream = connect(port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  return {
    port: (relay.address() as { port: number }).port,
    get connections() {
      return connections;
    },
    dropAll: () => {
      for (const s of sockets) s.destroy();
    },
    close: () => relay.close(),
  };
}

// Commands here pass yield_time_ms 30000: the next step needs them finished, and a
// loaded CI machine can take longer than the default 10 s to start a login shell.

// Prints the pid chain from the command's shell up to init: proves which process started it.
const ANCESTORS = 'p=$$; while [ "$p" -gt 1 ]; do echo "pid:$p"; p=$(cut -d" " -f4 /proc/$p/stat); done';

function ancestorsIn(output: string): number[] {
  return [...output.matchAll(/pid:(\d+)/g)].map((m) => Number(m[1]));
}

// Generous limits: each test starts several Node processes, slow on a loaded CI machine.
describe('commands on an exec-server', { timeout: 120_000 }, () => {
  it('CODEX_EXEC_SERVER_URL runs exec_command in the exec-server, not in codex exec', async () => {
    const server = await startExecServer();
    t.server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: `${ANCESTORS}; echo remote-ok`, yield_time_ms: 30000 }, callId: 'c1' }),
      R.text('done'),
    );
    // Full access: a sandboxed command runs in its own PID namespace and cannot see its ancestors.
    const run = await runCodex(['exec', '--json', '--skip-git-repo-check', '-s', 'danger-full-access', 'go'], {
      cwd: t.sb.workspace,
      env: { ...t.sb.env, CODEX_EXEC_SERVER_URL: server.url },
      timeoutMs: 90_000,
    });
    expect(run.code, run.stderr).toBe(0);
    const out = outputOf(t.server.requests[1]!, 'c1') as string;
    expect(out).toContain('Process exited with code 0');
    expect(out).toContain('remote-ok');
    const chain = ancestorsIn(out);
    expect(chain).toContain(server.pid);
    const item = run.events.find((e) => e.type === 'item.completed' && e.item.type === 'command_execution')?.item;
    expect(item.status).toBe('completed');
    expect(item.aggregated_output).toContain('remote-ok');
  });

  it('the server enforces the thread sandbox: a workspace-write command cannot write outside the workspace', async () => {
    const server = await startExecServer();
    const outside = join(t.sb.home, 'outside.txt');
    t.server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: `echo x > ${outside}; echo in > inside.txt`, yield_time_ms: 30000 }, callId: 'c1' }),
      R.text('done'),
    );
    const noTmp = ['-c', 'sandbox_workspace_write.exclude_slash_tmp=true', '-c', 'sandbox_workspace_write.exclude_tmpdir_env_var=true'];
    const run = await runCodex(['exec', '--json', '--skip-git-repo-check', '-s', 'workspace-write', ...noTmp, 'go'], {
      cwd: t.sb.workspace,
      env: { ...t.sb.env, CODEX_EXEC_SERVER_URL: server.url },
      timeoutMs: 90_000,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(outside)).toBe(false);
    expect(existsSync(join(t.sb.workspace, 'inside.txt'))).toBe(true);
    expect(outputOf(t.server.requests[1]!, 'c1')).toMatch(/Permission denied|Read-only file system/);
  });

  it('apply_patch on an exec-server environment edits the files there through fs/*, not the local ones', async () => {
    // The server runs in its own mount namespace with a fresh tmpfs over the workspace:
    // same path, different files, so only writes that really go through the server land there.
    const server = await startExecServer('ws://127.0.0.1:0', [
      'unshare',
      '-m',
      '--propagation',
      'private',
      'sh',
      '-c',
      `mount -t tmpfs none "${t.sb.workspace}" && exec "$0" "$@"`,
    ]);
    writeFileSync(join(t.sb.workspace, 'notes.txt'), 'local copy\n');
    const patch = ['*** Begin Patch', '*** Update File: notes.txt', '@@', ' one', '-two', '+TWO', '*** Add File: sub/new.txt', '+fresh', '*** End Patch'].join(
      '\n',
    );
    t.server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: "printf 'one\\ntwo\\n' > notes.txt", yield_time_ms: 30000 }, callId: 'c1' }),
      R.customToolCall({ name: 'apply_patch', input: patch, callId: 'p1' }),
      R.functionCall({ name: 'exec_command', arguments: { cmd: 'cat notes.txt sub/new.txt', yield_time_ms: 30000 }, callId: 'c2' }),
      R.text('done'),
    );
    const run = await runCodex(['exec', '--json', '--skip-git-repo-check', '-s', 'workspace-write', 'go'], {
      cwd: t.sb.workspace,
      env: { ...t.sb.env, CODEX_EXEC_SERVER_URL: server.url },
      timeoutMs: 90_000,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(outputOf(t.server.requests[2]!, 'p1')).toContain('Success. Updated the following files:');
    expect(outputOf(t.server.requests[3]!, 'c2')).toContain('one\nTWO\nfresh\n');
    expect(readFileSync(join(t.sb.workspace, 'notes.txt'), 'utf8')).toBe('local copy\n');
    expect(existsSync(join(t.sb.workspace, 'sub'))).toBe(false);
    const change = run.events.find((e) => e.type === 'item.completed' && e.item.type === 'file_change')?.item;
    expect(change.status).toBe('completed');
  });

  it('a patch outside the roots approved for the session is written by the exec-server the second time without asking again', async () => {
    const server = await startExecServer();
    const outside = join(t.sb.home, '..', 'outside-notes.txt');
    const add = `*** Begin Patch\n*** Add File: ${outside}\n+one\n*** End Patch`;
    const update = `*** Begin Patch\n*** Update File: ${outside}\n@@\n-one\n+two\n*** End Patch`;
    t.server.enqueue(
      R.customToolCall({ name: 'apply_patch', input: add, callId: 'p1' }),
      R.customToolCall({ name: 'apply_patch', input: update, callId: 'p2' }),
      R.text('done'),
    );
    const client = AppServerClient.spawn({ ...t.sb, env: { ...t.sb.env, CODEX_EXEC_SERVER_URL: server.url } });
    client.onRequest = (msg) => (msg.method === 'item/fileChange/requestApproval' ? { decision: 'acceptForSession' } : { decision: 'decline' });
    try {
      await client.initialized;
      const noTmp = { sandbox_workspace_write: { exclude_slash_tmp: true, exclude_tmpdir_env_var: true } };
      const { result } = await client.request('thread/start', { cwd: t.sb.workspace, sandbox: 'workspace-write', approvalPolicy: 'on-request', config: noTmp });
      await client.request('turn/start', { threadId: result.thread.id, input: [{ type: 'text', text: 'go' }] });
      await client.waitFor((n) => n.method === 'turn/completed');
      expect(client.notifications.filter((n) => n.method === 'item/fileChange/requestApproval')).toHaveLength(1);
      expect(outputOf(t.server.requests[2]!, 'p2')).toContain('Success. Updated the following files:');
      expect(readFileSync(outside, 'utf8')).toBe('two\n');
    } finally {
      client.close();
    }
  });

  it('environments.toml picks the default environment; a stdio environment (program/args) works too', async () => {
    writeFileSync(
      join(t.sb.home, 'environments.toml'),
      `default = "box"\n\n[[environments]]\nid = "box"\nprogram = "${process.execPath}"\nargs = ["${CODEX_BIN}", "exec-server", "--listen", "stdio"]\n`,
    );
    t.server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: `${ANCESTORS}; echo stdio-ok`, yield_time_ms: 30000 }, callId: 'c1' }),
      R.text('done'),
    );
    const run = await runCodex(['exec', '--json', '--skip-git-repo-check', '-s', 'danger-full-access', 'go'], {
      cwd: t.sb.workspace,
      env: t.sb.env,
      timeoutMs: 90_000,
    });
    expect(run.code, run.stderr).toBe(0);
    const out = outputOf(t.server.requests[1]!, 'c1') as string;
    expect(out).toContain('stdio-ok');
    // codex exec → exec-server (stdio child) → shell: the shell's parent is not codex exec itself.
    const chain = ancestorsIn(out);
    expect(chain.length).toBeGreaterThan(2);
  });

  it('a bad environments.toml is a clear error naming the file and key, and nothing runs', async () => {
    writeFileSync(join(t.sb.home, 'environments.toml'), `default = "nowhere"\n`);
    t.server.enqueue(R.text('unused'));
    const run = await runCodex(['exec', '--json', '--skip-git-repo-check', 'go'], { cwd: t.sb.workspace, env: t.sb.env, timeoutMs: 90_000 });
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain(`${join(t.sb.home, 'environments.toml')}: default: unknown environment "nowhere"`);
    expect(t.server.requests.length).toBe(0);
  });

  it('a dropped connection fails the running command loudly; the next command reconnects with a fresh session', async () => {
    const server = await startExecServer();
    // A TCP relay in front of the server: dropping its sockets cuts the connection while the server lives on.
    const proxy = await startRelay(Number(new URL(server.url).port));
    const marker = join(t.sb.workspace, 'started');
    t.server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: `touch ${marker}; sleep 20; echo never`, yield_time_ms: 20000 }, callId: 'c1' }),
      R.functionCall({ name: 'exec_command', arguments: { cmd: `${ANCESTORS}; echo second-ok`, yield_time_ms: 30000 }, callId: 'c2' }),
      R.text('done'),
    );
    const running = runCodex(['exec', '--json', '--skip-git-repo-check', '-s', 'danger-full-access', 'go'], {
      cwd: t.sb.workspace,
      env: { ...t.sb.env, CODEX_EXEC_SERVER_URL: `ws://127.0.0.1:${proxy.port}` },
      timeoutMs: 90_000,
    });
    const deadline = Date.now() + 60_000;
    while (!existsSync(marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(marker)).toBe(true);
    expect(proxy.connections).toBe(1);
    proxy.dropAll();
    const run = await running;
    proxy.close();
    expect(run.code, run.stderr).toBe(0);
    expect(outputOf(t.server.requests[1]!, 'c1')).toMatch(/exec-server environment "remote" disconnected: exec-server connection closed/);
    const out = outputOf(t.server.requests[2]!, 'c2') as string;
    expect(out).toContain('second-ok');
    expect(ancestorsIn(out)).toContain(server.pid);
    expect(proxy.connections).toBe(2);
    const items = run.events.filter((e) => e.type === 'item.completed' && e.item.type === 'command_execution').map((e) => e.item.status);
    expect(items).toEqual(['failed', 'completed']);
  });
});
