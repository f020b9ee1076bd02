// `command/exec` with write / resize / terminate over the real `codex
// app-server` (stdio), with real PTYs and the real Linux sandbox helper:
// output streamed as command/exec/outputDelta before the answer, stdin
// written, `stty size` following a resize, terminate and a closed connection
// killing the process (and what it started), the sandbox enforced or the
// command refused, and Codex 0.169's errors for bad requests.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from './support/cli.js';
import { AppServerClient } from './support/appServerClient.js';
import { CODEX_REFERENCE_MISSING, codexReferenceBin } from './support/codexReference.js';

let sb: Sandbox;
let client: AppServerClient;
beforeEach(async () => {
  // No model is called here: the base URL is never used.
  sb = makeSandbox('http://127.0.0.1:9');
  client = AppServerClient.spawn(sb);
  await client.initialized;
});
afterEach(() => client.close());

const FULL = { type: 'dangerFullAccess' };
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Everything streamed so far for `processId`, decoded, per stream. */
function streamed(processId: string, stream = 'stdout'): string {
  return client.notifications
    .filter((n) => n.method === 'command/exec/outputDelta' && n.params.processId === processId && n.params.stream === stream)
    .map((n) => Buffer.from(n.params.deltaBase64, 'base64').toString('utf8'))
    .join('');
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function ok(method: string, params: unknown): Promise<any> {
  const res = await client.request(method, params);
  expect(res.error, `${method}: ${JSON.stringify(res.error)}`).toBeUndefined();
  return res.result;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('command/exec with a PTY', () => {
  it('streams output, takes stdin, and answers the exit code after the last delta', async () => {
    const done = client.request('command/exec', {
      command: ['sh', '-c', 'tty; stty size; read line; echo "got:$line"; exit 5'],
      processId: 'p1',
      tty: true,
      size: { rows: 30, cols: 100 },
      sandboxPolicy: FULL,
      cwd: sb.workspace,
    });
    await until('stty size', () => streamed('p1').includes('30 100'));
    expect(streamed('p1')).toMatch(/\/dev\/pts\/\d+/);
    await ok('command/exec/write', { processId: 'p1', deltaBase64: b64('hello\n') });
    const res = await done;
    expect(res.result).toEqual({ exitCode: 5, stdout: '', stderr: '' });
    // Every delta came before the answer, and the PTY echoed what was typed.
    expect(streamed('p1')).toContain('got:hello');
    const deltas = client.notifications.filter((n) => n.method === 'command/exec/outputDelta');
    expect(deltas.every((n) => n.params.stream === 'stdout' && n.params.capReached === false)).toBe(true);
    const answeredAt = client.messages.indexOf(res);
    expect(answeredAt).toBeGreaterThan(Math.max(...deltas.map((d) => client.messages.indexOf(d))));
  });

  it('a shell that exits: its id takes no more input, resize or terminate, and a new shell can take the id (as in the reference)', async () => {
    await shellThatExits();
    const bin = codexReferenceBin();
    if (!bin) throw new Error(CODEX_REFERENCE_MISSING);
    client.close();
    client = AppServerClient.spawn(sb, { bin });
    await client.initialized;
    await shellThatExits();
  });

  it('resizes the terminal: stty size reports the new size', async () => {
    const done = client.request('command/exec', {
      command: ['sh'],
      processId: 'sh1',
      tty: true,
      size: { rows: 24, cols: 80 },
      sandboxPolicy: FULL,
      disableTimeout: true,
    });
    await ok('command/exec/write', { processId: 'sh1', deltaBase64: b64('stty size\n') });
    await until('first size', () => streamed('sh1').includes('24 80'));
    await ok('command/exec/resize', { processId: 'sh1', size: { rows: 40, cols: 132 } });
    await ok('command/exec/write', { processId: 'sh1', deltaBase64: b64('stty size\n') });
    await until('new size', () => streamed('sh1').includes('40 132'));
    await ok('command/exec/write', { processId: 'sh1', deltaBase64: b64('exit 7\n') });
    expect((await done).result.exitCode).toBe(7);
    // The id is free again once the process has ended.
    const gone = await client.request('command/exec/resize', { processId: 'sh1', size: { rows: 10, cols: 10 } });
    expect(gone.error).toEqual({ code: -32600, message: 'no active command/exec for process id "sh1"' });
  });

  it('terminate kills the process and what it started', async () => {
    const done = client.request('command/exec', {
      command: ['sh', '-c', 'sleep 60 & echo "child=$!"; echo "pid=$$"; wait'],
      processId: 't1',
      tty: true,
      sandboxPolicy: FULL,
      disableTimeout: true,
    });
    await until('pids', () => /pid=\d+/.test(streamed('t1')) && /child=\d+/.test(streamed('t1')));
    const pid = Number(/pid=(\d+)/.exec(streamed('t1'))![1]);
    const child = Number(/child=(\d+)/.exec(streamed('t1'))![1]);
    expect(alive(pid) && alive(child)).toBe(true);
    expect(await ok('command/exec/terminate', { processId: 't1' })).toEqual({});
    const res = await done;
    expect(res.result.exitCode).not.toBe(0);
    await until('both dead', () => !alive(pid) && !alive(child), 3000);
  });

  it('a closed connection kills every running command', async () => {
    void client.request('command/exec', {
      command: ['sh', '-c', 'sleep 60 & echo "child=$!"; echo "pid=$$"; wait'],
      processId: 'c1',
      tty: true,
      sandboxPolicy: FULL,
      disableTimeout: true,
    });
    void client.request('command/exec', {
      command: ['sh', '-c', 'echo "pid=$$"; exec sleep 60'],
      processId: 'c2',
      streamStdoutStderr: true,
      sandboxPolicy: FULL,
      disableTimeout: true,
    });
    await until('pids', () => /child=\d+/.test(streamed('c1')) && /pid=\d+/.test(streamed('c1')) && /pid=\d+/.test(streamed('c2')));
    const pids = [/pid=(\d+)/.exec(streamed('c1'))![1], /child=(\d+)/.exec(streamed('c1'))![1], /pid=(\d+)/.exec(streamed('c2'))![1]].map(Number);
    expect(pids.every(alive)).toBe(true);
    const exited = new Promise((r) => client.proc.once('exit', r));
    client.close();
    await exited;
    await until('all dead', () => pids.every((p) => !alive(p)), 3000);
  });
});

describe('command/exec with pipes', () => {
  it('buffers stdout and stderr apart and answers the exit code', async () => {
    expect(await ok('command/exec', { command: ['sh', '-c', 'echo out; echo err >&2; exit 3'], sandboxPolicy: FULL })).toEqual({
      exitCode: 3,
      stdout: 'out\n',
      stderr: 'err\n',
    });
  });

  it('streams both streams and takes stdin until it is closed', async () => {
    const done = client.request('command/exec', {
      command: ['sh', '-c', 'echo a; echo b >&2; cat'],
      processId: 's1',
      streamStdin: true,
      streamStdoutStderr: true,
      sandboxPolicy: FULL,
    });
    await ok('command/exec/write', { processId: 's1', deltaBase64: b64('typed\n'), closeStdin: true });
    expect((await done).result).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    expect(streamed('s1')).toBe('a\ntyped\n');
    expect(streamed('s1', 'stderr')).toBe('b\n');
  });

  it('a command without streamed stdin reads end of file at once', async () => {
    expect(await ok('command/exec', { command: ['sh', '-c', 'cat; echo eof'], sandboxPolicy: FULL })).toEqual({ exitCode: 0, stdout: 'eof\n', stderr: '' });
  });

  it('cuts output at outputBytesCap, streamed (capReached) or buffered', async () => {
    expect((await ok('command/exec', { command: ['sh', '-c', 'printf 0123456789'], outputBytesCap: 4, sandboxPolicy: FULL })).stdout).toBe('0123');
    await ok('command/exec', {
      command: ['sh', '-c', 'printf 0123456789'],
      processId: 'cap',
      streamStdoutStderr: true,
      outputBytesCap: 4,
      sandboxPolicy: FULL,
    });
    const deltas = client.notifications.filter((n) => n.method === 'command/exec/outputDelta' && n.params.processId === 'cap');
    expect(streamed('cap')).toBe('0123');
    expect(deltas.at(-1).params.capReached).toBe(true);
  });

  it('times out with exit code 124', async () => {
    const started = Date.now();
    expect((await ok('command/exec', { command: ['sleep', '30'], timeoutMs: 300, sandboxPolicy: FULL })).exitCode).toBe(124);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('merges env overrides; null unsets a variable', async () => {
    const res = await ok('command/exec', { command: ['sh', '-c', 'echo "$FOO:${HOME-unset}"'], env: { FOO: 'bar', HOME: null }, sandboxPolicy: FULL });
    expect(res.stdout).toBe('bar:unset\n');
  });
});

describe('command/exec sandboxing', () => {
  it('enforces a readOnly policy asked for', async () => {
    const res = await ok('command/exec', { command: ['sh', '-c', 'echo x > made.txt'], cwd: sb.workspace, sandboxPolicy: { type: 'readOnly' } });
    expect(res.exitCode).not.toBe(0);
    expect(existsSync(join(sb.workspace, 'made.txt'))).toBe(false);
  });

  it('enforces workspaceWrite: the cwd is writable, a folder outside is not', async () => {
    const outside = realpathSync(mkdtempSync(join(process.env.HOME ?? tmpdir(), '.codex-cmdexec-outside-')));
    const res = await ok('command/exec', {
      command: ['sh', '-c', `echo x > made.txt; echo y > ${outside}/no.txt`],
      cwd: sb.workspace,
      sandboxPolicy: { type: 'workspaceWrite' },
    });
    expect(existsSync(join(sb.workspace, 'made.txt'))).toBe(true);
    expect(existsSync(join(outside, 'no.txt'))).toBe(false);
    expect(res.exitCode).not.toBe(0);
    rmSync(outside, { recursive: true, force: true });
  });

  it('without a policy, the configured one (read-only here) applies', async () => {
    const res = await ok('command/exec', { command: ['sh', '-c', 'echo x > made.txt'], cwd: sb.workspace });
    expect(res.exitCode).not.toBe(0);
    expect(existsSync(join(sb.workspace, 'made.txt'))).toBe(false);
  });

  it('a policy that cannot be enforced refuses the command: nothing runs', async () => {
    client.close();
    client = AppServerClient.spawn({ ...sb, env: { ...sb.env, CODEX_LINUX_SANDBOX_EXE: '/nonexistent/codex-linux-sandbox' } });
    await client.initialized;
    const res = await client.request('command/exec', {
      command: ['sh', '-c', 'echo x > made.txt'],
      cwd: sb.workspace,
      sandboxPolicy: { type: 'workspaceWrite' },
    });
    expect(res.error.code).toBe(-32603);
    expect(res.error.message).toMatch(/^failed to spawn command: .*sandbox helper/);
    expect(existsSync(join(sb.workspace, 'made.txt'))).toBe(false);
  });
});

/** Bad requests and the JSON-RPC error Codex 0.169 answers each with. */
const BAD_REQUESTS: [string, unknown, number, string][] = [
  ['command/exec', { command: [] }, -32600, 'command must not be empty'],
  ['command/exec', { command: ['echo'], tty: true }, -32600, 'command/exec tty or streaming requires a client-supplied processId'],
  ['command/exec', { command: ['echo'], size: { rows: 1, cols: 1 } }, -32602, 'command/exec size requires tty: true'],
  ['command/exec', { command: ['echo'], timeoutMs: 5, disableTimeout: true }, -32602, 'command/exec cannot set both timeoutMs and disableTimeout'],
  [
    'command/exec',
    { command: ['echo'], outputBytesCap: 5, disableOutputCap: true },
    -32602,
    'command/exec cannot set both outputBytesCap and disableOutputCap',
  ],
  ['command/exec/write', { processId: 'nope', deltaBase64: b64('x') }, -32600, 'no active command/exec for process id "nope"'],
  ['command/exec/write', { processId: 'nope' }, -32602, 'command/exec/write requires deltaBase64 or closeStdin'],
  ['command/exec/resize', { processId: 'nope', size: { rows: 0, cols: 1 } }, -32602, 'command/exec size rows and cols must be greater than 0'],
  ['command/exec/terminate', { processId: 'nope' }, -32600, 'no active command/exec for process id "nope"'],
];

async function expectBadRequestErrors(c: AppServerClient): Promise<void> {
  for (const [method, params, code, message] of BAD_REQUESTS) {
    const res = await c.request(method, params);
    expect(res.error, `${method} ${JSON.stringify(params)}`).toEqual({ code, message });
  }
}

describe('command/exec errors (Codex 0.169 codes and words)', () => {
  it('refuses bad requests', async () => {
    await expectBadRequestErrors(client);
    const missingCwd = await client.request('command/exec', { command: ['pwd'], cwd: '/nonexistent/dir', sandboxPolicy: FULL });
    expect(missingCwd.error).toEqual({ code: -32603, message: 'failed to spawn command: No such file or directory (os error 2)' });
  });

  it('the reference Codex answers the same bad requests with the same errors, and the same buffered result', async () => {
    const bin = codexReferenceBin();
    if (!bin) throw new Error(CODEX_REFERENCE_MISSING);
    const reference = AppServerClient.spawn(sb, { bin });
    try {
      await reference.initialized;
      await expectBadRequestErrors(reference);
      const params = { command: ['sh', '-c', 'echo out; echo err >&2; exit 3'], sandboxPolicy: FULL };
      expect((await reference.request('command/exec', params)).result).toEqual((await client.request('command/exec', params)).result);
    } finally {
      reference.close();
    }
  });

  it('refuses a duplicate live id and stdin writes a command did not ask for', async () => {
    const done = client.request('command/exec', { command: ['sleep', '30'], processId: 'd1', streamStdoutStderr: true, sandboxPolicy: FULL });
    const dup = await client.request('command/exec', { command: ['sleep', '30'], processId: 'd1', streamStdoutStderr: true, sandboxPolicy: FULL });
    expect(dup.error).toEqual({ code: -32600, message: 'duplicate active command/exec process id: "d1"' });
    const write = await client.request('command/exec/write', { processId: 'd1', deltaBase64: b64('x') });
    expect(write.error).toEqual({ code: -32600, message: 'stdin streaming is not enabled for this command/exec' });
    const resize = await client.request('command/exec/resize', { processId: 'd1', size: { rows: 5, cols: 5 } });
    expect(resize.error.code).toBe(-32600);
    const bad = await client.request('command/exec/write', { processId: 'd1', deltaBase64: 'not base64!' });
    expect(bad.error.code).toBe(-32602);
    await ok('command/exec/terminate', { processId: 'd1' });
    expect((await done).result.exitCode).toBe(137);
  });
});

/** A PTY shell exits; then its id is refused; then a new shell reuses the id. */
async function shellThatExits(): Promise<void> {
  const shell = { command: ['sh'], processId: 'sh1', tty: true, size: { rows: 24, cols: 80 }, sandboxPolicy: FULL, cwd: sb.workspace };
  const first = client.request('command/exec', shell);
  await ok('command/exec/write', { processId: 'sh1', deltaBase64: b64('exit 4\n') });
  expect((await first).result.exitCode).toBe(4);
  const gone = { code: -32600, message: 'no active command/exec for process id "sh1"' };
  expect((await client.request('command/exec/write', { processId: 'sh1', deltaBase64: b64('echo late\n') })).error).toEqual(gone);
  expect((await client.request('command/exec/resize', { processId: 'sh1', size: { rows: 10, cols: 10 } })).error).toEqual(gone);
  expect((await client.request('command/exec/terminate', { processId: 'sh1' })).error).toEqual(gone);
  const second = client.request('command/exec', shell);
  await ok('command/exec/write', { processId: 'sh1', deltaBase64: b64('echo "again-$((2*21))"; exit 0\n') });
  expect((await second).result.exitCode).toBe(0);
  expect(streamed('sh1')).toContain('again-42');
  expect(streamed('sh1')).not.toContain('late');
}
