// End to end: commands die with their session (issue 11 §2). The real CLI runs
// commands that write a heartbeat file every 50 ms; whatever ends the session
// (a signal, SIGKILL, the end of the turn, the client leaving), the heartbeats
// must stop and the processes be gone.
//
// The `setsid` cases cover a child that left the command's process group: only
// the Linux sandbox helper's PID namespace (sandboxed) or subreaper (full
// access) and its parent-death signal reach it.
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { responses as R } from './support/scriptedServer.js';
import { CODEX_BIN, scriptedSuite } from './support/cli.js';
import { AppServerClient } from './support/appServerClient.js';
import { processesWithMarker, waitFor } from './support/processes.js';

const t = scriptedSuite();
/** How soon after the trigger every heartbeat must have stopped. */
const STOP_BOUND_MS = 3000;

let marker = '';
const running: ChildProcess[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  // Whatever a failed test left behind: found by this test's marker, killed by pid.
  for (const pid of processesWithMarker(marker)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* ended meanwhile */
    }
  }
});

const loop = (file: string) => `while :; do date >> ${file}; sleep 0.05; done`;

function size(file: string): number {
  try {
    return statSync(join(t.sb.workspace, file)).size;
  } catch {
    return 0;
  }
}

/** Resolves true once none of `files` grows for 400 ms, within `boundMs`. */
async function heartbeatsStop(files: string[], boundMs = STOP_BOUND_MS): Promise<boolean> {
  const end = Date.now() + boundMs;
  let before = files.map(size);
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 400));
    const now = files.map(size);
    if (now.every((s, i) => s === before[i])) return true;
    before = now;
  }
  return false;
}

async function beating(files: string[]): Promise<boolean> {
  if (!(await waitFor(() => files.every((f) => size(f) > 0), 20_000))) return false;
  // Still growing: each file gains a line (every 50 ms unloaded; allow a busy machine seconds).
  const before = files.map(size);
  return waitFor(() => files.every((f, i) => size(f) > before[i]!), 5000);
}

/** `codex exec` in the workspace with the default sandbox of these tests. */
function startExec(cmd: string, sandbox = 'workspace-write'): ChildProcess {
  marker = `lifecycle-${process.pid}-${Date.now()}`;
  t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd, yield_time_ms: 30_000 }, callId: 'c1' }), R.text('done'));
  const child = spawn(process.execPath, [CODEX_BIN, 'exec', '--skip-git-repo-check', '-s', sandbox, 'go'], {
    cwd: t.sb.workspace,
    env: { ...t.sb.env, CODEX_EXEC_TEST_MARKER: marker },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
}

describe.skipIf(process.platform !== 'linux')('codex exec dies with its commands', () => {
  // The command beats itself and through a background child in its group.
  const inGroup = `(${loop('hb.bg')}) & ${loop('hb.cmd')}`;

  for (const [signal, expected] of [
    ['SIGTERM', { code: null, signal: 'SIGTERM' }],
    ['SIGHUP', { code: null, signal: 'SIGHUP' }],
    ['SIGINT', { code: 1, signal: null }], // Ctrl-C interrupts the turn; exec then exits 1 (Codex 0.169)
  ] as const) {
    it(`${signal}: the command and its background child stop, the CLI ends like Codex`, async () => {
      const cli = startExec(inGroup);
      expect(await beating(['hb.cmd', 'hb.bg'])).toBe(true);
      cli.kill(signal);
      expect(await exited(cli)).toEqual(expected);
      expect(await heartbeatsStop(['hb.cmd', 'hb.bg'])).toBe(true);
      expect(processesWithMarker(marker)).toEqual([]);
    });
  }

  it('SIGKILL: the watchdog takes the command group along', async () => {
    const cli = startExec(inGroup);
    expect(await beating(['hb.cmd', 'hb.bg'])).toBe(true);
    cli.kill('SIGKILL');
    await exited(cli);
    expect(await heartbeatsStop(['hb.cmd', 'hb.bg'])).toBe(true);
    expect(await waitFor(() => processesWithMarker(marker).length === 0, 2000)).toBe(true);
  });

  // A setsid child is outside the group: the helper's namespace or subreaper reaches it.
  for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGKILL'] as const) {
    for (const sandbox of ['workspace-write', 'danger-full-access']) {
      it(`${signal} (${sandbox}): a setsid child stops too`, async () => {
        const cli = startExec(`setsid sh -c '${loop('hb.setsid')}' & ${loop('hb.cmd')}`, sandbox);
        expect(await beating(['hb.cmd', 'hb.setsid'])).toBe(true);
        cli.kill(signal);
        await exited(cli);
        expect(await heartbeatsStop(['hb.cmd', 'hb.setsid'])).toBe(true);
        expect(await waitFor(() => processesWithMarker(marker).length === 0, 2000)).toBe(true);
      });
    }
  }
});

describe.skipIf(process.platform !== 'linux')('the end of a command or session ends its processes (app-server)', () => {
  async function startThread(): Promise<{ client: AppServerClient; threadId: string }> {
    marker = `lifecycle-${process.pid}-${Date.now()}`;
    const client = new AppServerClient(
      spawn(process.execPath, [CODEX_BIN, 'app-server'], { cwd: t.sb.workspace, env: { ...t.sb.env, CODEX_EXEC_TEST_MARKER: marker }, stdio: 'pipe' }),
    );
    running.push(client.proc);
    await client.request('initialize', { clientInfo: { name: 'lifecycle-test', version: '1' } });
    const started = await client.request('thread/start', { cwd: t.sb.workspace, sandbox: 'workspace-write', approvalPolicy: 'never' });
    return { client, threadId: started.result.thread.id };
  }

  async function turn(client: AppServerClient, threadId: string, n: number): Promise<any> {
    await client.request('turn/start', { threadId, input: [{ type: 'text', text: `turn ${n}` }] });
    return (await client.waitFor((m) => m.method === 'turn/completed' && client.notifications.filter((x) => x.method === 'turn/completed').length >= n)).params
      .turn;
  }

  /** Processes carrying the marker, other than the app-server itself. */
  const commandsOf = (client: AppServerClient) => processesWithMarker(marker).filter((p) => p !== client.proc.pid);

  it('a finished command leaves no background child running after the turn', async () => {
    const { client, threadId } = await startThread();
    t.server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: `(${loop('hb.left')}) > /dev/null 2>&1 & sleep 0.3; echo started` }, callId: 'c1' }),
      R.text('done'),
    );
    expect((await turn(client, threadId, 1)).status).toBe('completed');
    expect(size('hb.left')).toBeGreaterThan(0);
    expect(await heartbeatsStop(['hb.left'], 1000)).toBe(true); // stopped already when the turn ended
    expect(commandsOf(client)).toEqual([]);
  });

  it('a finished command leaves no setsid child running after the turn', async () => {
    const { client, threadId } = await startThread();
    t.server.enqueue(
      R.functionCall({
        name: 'exec_command',
        arguments: { cmd: `setsid sh -c '${loop('hb.left')}' > /dev/null 2>&1 & sleep 0.3; echo started` },
        callId: 'c1',
      }),
      R.text('done'),
    );
    expect((await turn(client, threadId, 1)).status).toBe('completed');
    expect(await heartbeatsStop(['hb.left'], 1000)).toBe(true);
    expect(commandsOf(client)).toEqual([]);
  });

  it('a session handed to the model outlives its turn and an interrupted one, and ends with the thread (as Codex 0.169)', async () => {
    const { client, threadId } = await startThread();
    t.server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: loop('hb.session'), yield_time_ms: 500 }, callId: 'c1' }),
      R.text('left running'),
    );
    expect((await turn(client, threadId, 1)).status).toBe('completed');
    expect(await beating(['hb.session'])).toBe(true);

    t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: loop('hb.inflight'), yield_time_ms: 30_000 }, callId: 'c2' }));
    const t2 = await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'turn 2' }] });
    expect(await beating(['hb.inflight'])).toBe(true);
    await client.request('turn/interrupt', { threadId, turnId: t2.result.turn.id });
    await client.waitFor((m) => m.method === 'turn/completed' && m.params.turn.status === 'interrupted');
    expect(await heartbeatsStop(['hb.inflight'])).toBe(true); // the interrupted call's command
    expect(await beating(['hb.session'])).toBe(true); // the earlier session lives on

    await client.request('thread/unsubscribe', { threadId });
    expect(await heartbeatsStop(['hb.session'])).toBe(true);
    expect(commandsOf(client)).toEqual([]);
  });

  it('closing stdin ends every session: commands stop, the server exits 0', async () => {
    const { client, threadId } = await startThread();
    t.server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: `(${loop('hb.bg')}) & ${loop('hb.cmd')}`, yield_time_ms: 500 }, callId: 'c1' }),
      R.text('left running'),
    );
    expect((await turn(client, threadId, 1)).status).toBe('completed');
    expect(await beating(['hb.cmd', 'hb.bg'])).toBe(true);
    client.close();
    expect(await exited(client.proc)).toEqual({ code: 0, signal: null });
    expect(await heartbeatsStop(['hb.cmd', 'hb.bg'])).toBe(true);
    expect(processesWithMarker(marker)).toEqual([]);
  });

  it('SIGTERM ends every session; the server exits 0 as Codex 0.169 does', async () => {
    const { client, threadId } = await startThread();
    t.server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: `(${loop('hb.bg')}) & ${loop('hb.cmd')}`, yield_time_ms: 500 }, callId: 'c1' }),
      R.text('left running'),
    );
    expect((await turn(client, threadId, 1)).status).toBe('completed');
    expect(await beating(['hb.cmd', 'hb.bg'])).toBe(true);
    client.proc.kill('SIGTERM');
    expect(await exited(client.proc)).toEqual({ code: 0, signal: null });
    expect(await heartbeatsStop(['hb.cmd', 'hb.bg'])).toBe(true);
    expect(processesWithMarker(marker)).toEqual([]);
  });
});
