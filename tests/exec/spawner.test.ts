import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SandboxUnavailableError } from '../../main/core/sandbox/index.js';
import type { SandboxPolicy } from '../../main/core/sandbox/policy.js';
import {
  isLikelySandboxDenial,
  policyDisablesNetwork,
  spawnCommand,
  SpawnError,
  type OutputStream,
  type SpawnedProcess,
} from '../../main/core/exec/spawner.js';
import { liveProcessGroups } from '../../main/core/exec/processGroups.js';
import { FULL_ACCESS, isAlive, processesWithMarker, testEnv, waitFor } from '../support/processes.js';

const MARKER = `spawner-${process.pid}-${Date.now()}`;
const env = testEnv(MARKER);
const dir = mkdtempSync(join(tmpdir(), 'codex-spawner-'));
const started: SpawnedProcess[] = [];

function run(argv: string[], opts: { tty?: boolean; cols?: number; rows?: number; env?: Record<string, string>; policy?: SandboxPolicy } = {}) {
  const p = spawnCommand({
    argv,
    cwd: dir,
    env: opts.env ?? env,
    tty: opts.tty ?? false,
    sandboxPolicy: opts.policy ?? FULL_ACCESS,
    cols: opts.cols,
    rows: opts.rows,
  });
  started.push(p);
  return p;
}

async function collect(p: SpawnedProcess): Promise<{ text: string; streams: Set<OutputStream>; byStream: Record<string, string> }> {
  const parts: Buffer[] = [];
  const streams = new Set<OutputStream>();
  const byStream: Record<string, string> = {};
  p.onOutput((chunk, stream) => {
    parts.push(Buffer.from(chunk));
    streams.add(stream);
    byStream[stream] = (byStream[stream] ?? '') + chunk.toString();
  });
  await p.exited;
  return { text: Buffer.concat(parts).toString('utf8'), streams, byStream };
}

afterAll(async () => {
  for (const p of started) p.kill('SIGKILL');
  await Promise.all(started.map((p) => p.exited));
  expect(await waitFor(() => processesWithMarker(MARKER).length === 0)).toBe(true);
  rmSync(dir, { recursive: true, force: true });
});

describe('spawnCommand with pipes', () => {
  it('runs argv, reports stdout/stderr separately and the exit code', async () => {
    const p = run(['/bin/sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(p.pid).toBeGreaterThan(0);
    expect(p.sandboxType).toBe('none');
    expect(p.tty).toBe(false);
    const r = await collect(p);
    expect(r.byStream.stdout).toBe('out\n');
    expect(r.byStream.stderr).toBe('err\n');
    expect(await p.exited).toEqual({ exitCode: 3, signal: null });
    expect(p.exitStatus).toEqual({ exitCode: 3, signal: null });
  });

  it('passes cwd and env through unchanged', async () => {
    const r = await collect(run(['/bin/sh', '-c', 'pwd; echo "$FOO"; echo "${TERM-unset}"'], { env: { ...env, FOO: 'bar' } }));
    expect(r.text).toBe(`${dir}\nbar\nunset\n`);
  });

  it('does not set CODEX_SANDBOX_NETWORK_DISABLED with full access', async () => {
    const r = await collect(run(['/bin/sh', '-c', 'echo "[${CODEX_SANDBOX_NETWORK_DISABLED-}]"']));
    expect(r.text).toBe('[]\n');
  });

  it('writes to stdin and closes it', async () => {
    const p = run(['cat']);
    const out = collect(p);
    expect(p.write('hello ')).toBe(true);
    p.write(Buffer.from('world\n'));
    p.closeStdin();
    expect(p.write('late')).toBe(false);
    expect((await out).text).toBe('hello world\n');
    expect((await p.exited).exitCode).toBe(0);
  });

  it('reports a signal death by name', async () => {
    const p = run(['/bin/sh', '-c', 'kill -TERM $$']);
    expect(await p.exited).toEqual({ exitCode: null, signal: 'SIGTERM' });
  });

  it('kill() takes the whole process group', async () => {
    const pidFile = join(dir, 'pids');
    const p = run(['/bin/sh', '-c', `sleep 60 & echo $! > ${pidFile}; sleep 60 & echo $! >> ${pidFile}; wait`]);
    expect(await waitFor(() => existsSync(pidFile) && lineCount(pidFile) === 2)).toBe(true);
    const children = readPids(pidFile);
    expect(children.every(isAlive)).toBe(true);
    p.kill();
    expect((await p.exited).signal).toBe('SIGKILL');
    expect(await waitFor(() => children.every((c) => !isAlive(c)))).toBe(true);
  });

  it('settles exited soon after the leader exits even if a background child holds the pipes', async () => {
    const t0 = Date.now();
    const p = run(['/bin/sh', '-c', 'sleep 30 & echo hi']);
    const r = await collect(p);
    expect(r.text).toBe('hi\n');
    expect(Date.now() - t0).toBeLessThan(15000); // not the 30 s of the sleep (generous: CI may be loaded)
  });

  it('kills what a finished command left running in its group, and forgets the group', async () => {
    const pidFile = join(dir, 'leftover');
    const p = run(['/bin/sh', '-c', `sleep 60 > /dev/null 2>&1 & echo $! > ${pidFile}; echo done`]);
    expect((await collect(p)).text).toBe('done\n');
    const [child] = readPids(pidFile);
    expect(await waitFor(() => !isAlive(child!))).toBe(true);
    expect(liveProcessGroups()).not.toContain(p.pid);
  });

  it("registers a running command's group until it ends", async () => {
    const p = run(['/bin/sh', '-c', 'sleep 60']);
    expect(liveProcessGroups()).toContain(p.pid);
    p.kill();
    await p.exited;
    expect(liveProcessGroups()).not.toContain(p.pid);
  });

  it('replays output that arrived before the first subscriber', async () => {
    const p = run(['/bin/sh', '-c', 'echo early']);
    await new Promise((r) => setTimeout(r, 300));
    const r = await collect(p);
    expect(r.text).toBe('early\n');
  });

  it('pauseOutput blocks the writer instead of buffering; resumeOutput delivers every byte, even after an exit while paused', async () => {
    // 4 MiB in 64 KiB writes, then a marker file once the last write returned.
    const done = join(dir, `pause-done-${Date.now()}`);
    const p = run(['/bin/sh', '-c', `head -c 4194304 /dev/zero | tr '\\0' x; touch '${done}'`]);
    let received = 0;
    p.onOutput((chunk) => (received += chunk.length));
    p.pauseOutput();
    await new Promise((r) => setTimeout(r, 500));
    // Paused: at most a pipe's worth plus what was read before the pause arrived.
    expect(existsSync(done)).toBe(false);
    expect(received).toBeLessThan(1024 * 1024);
    p.resumeOutput();
    expect(await waitFor(() => existsSync(done), 5000)).toBe(true);
    p.pauseOutput(); // exits while paused: the drain waits for the reader
    await new Promise((r) => setTimeout(r, 300));
    p.resumeOutput();
    await p.exited;
    expect(received).toBe(4194304);
  });

  it('offers the output as an async queue that ends at exit', async () => {
    const p = run(['/bin/sh', '-c', 'echo a; sleep 0.3; echo b >&2']);
    const chunks: string[] = [];
    for await (const c of p.output()) chunks.push(`${c.stream}:${c.chunk.toString()}`);
    expect(chunks).toEqual(['stdout:a\n', 'stderr:b\n']);
  });

  it('throws SpawnError for a missing cwd or executable, running nothing', () => {
    expect(() => spawnCommand({ argv: ['/bin/true'], cwd: join(dir, 'nope'), env, tty: false, sandboxPolicy: FULL_ACCESS })).toThrow(
      /No such file or directory \(os error 2\)/,
    );
    try {
      spawnCommand({ argv: ['definitely-not-a-command-xyz'], cwd: dir, env, tty: false, sandboxPolicy: FULL_ACCESS });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SpawnError);
      expect((err as SpawnError).code).toBe('ENOENT');
    }
    expect(() => spawnCommand({ argv: [], cwd: dir, env, tty: false, sandboxPolicy: FULL_ACCESS })).toThrow(SpawnError);
  });
});

describe('spawnCommand with a PTY', () => {
  it('gives the command a terminal of the requested size', async () => {
    const p = run(['/bin/sh', '-c', 'test -t 0 && echo tty; stty size'], { tty: true, cols: 100, rows: 30 });
    expect(p.tty).toBe(true);
    const r = await collect(p);
    expect(r.streams).toEqual(new Set(['pty']));
    expect(r.text).toBe('tty\r\n30 100\r\n');
    expect((await p.exited).exitCode).toBe(0);
  });

  it('defaults to 80x24', async () => {
    const r = await collect(run(['/bin/sh', '-c', 'stty size'], { tty: true }));
    expect(r.text).toBe('24 80\r\n');
  });

  it('merges stderr and reports exit codes', async () => {
    const p = run(['/bin/sh', '-c', 'echo a; echo b >&2; exit 5'], { tty: true });
    const r = await collect(p);
    expect(r.text).toBe('a\r\nb\r\n');
    expect(await p.exited).toEqual({ exitCode: 5, signal: null });
  });

  it('takes keyboard input and ^D through closeStdin', async () => {
    const p = run(['/bin/sh', '-c', 'read line; echo "got:$line"; cat; echo end'], { tty: true });
    const out = collect(p);
    p.write('abc\n');
    await new Promise((r) => setTimeout(r, 200));
    p.closeStdin();
    const r = await out;
    expect(r.text).toContain('got:abc\r\n');
    expect(r.text.endsWith('end\r\n')).toBe(true);
  });

  it('kill() takes the whole group and reports the signal', async () => {
    const pidFile = join(dir, 'ptypids');
    const p = run(['/bin/sh', '-c', `sleep 60 & echo $! > ${pidFile}; wait`], { tty: true });
    expect(await waitFor(() => existsSync(pidFile) && lineCount(pidFile) === 1)).toBe(true);
    const [child] = readPids(pidFile);
    p.kill('SIGTERM');
    expect((await p.exited).signal).toBe('SIGTERM');
    expect(await waitFor(() => !isAlive(child!))).toBe(true);
  });

  it('kills what a finished command left running in its group', async () => {
    const pidFile = join(dir, 'ptyleftover');
    const p = run(['/bin/sh', '-c', `sleep 60 > /dev/null 2>&1 & echo $! > ${pidFile}; echo done`], { tty: true });
    await collect(p);
    const [child] = readPids(pidFile);
    expect(await waitFor(() => !isAlive(child!))).toBe(true);
  });

  it('keeps multi-byte characters intact as raw bytes', async () => {
    const r = await collect(run(['/bin/sh', '-c', "printf 'h\\303\\251llo\\n'"], { tty: true }));
    expect(r.text).toBe('héllo\r\n');
  });
});

describe('sandbox policies', () => {
  it('a policy the sandbox refuses means the command never runs', () => {
    const marker = join(dir, 'should-not-exist');
    const policies: SandboxPolicy[] = [
      { mode: 'read-only', networkAccess: false },
      { mode: 'workspace-write', writableRoots: [], networkAccess: false, excludeTmpdirEnvVar: false, excludeSlashTmp: false },
    ];
    for (const policy of policies) {
      for (const tty of [false, true]) {
        let threw: unknown;
        try {
          const p = spawnCommand({ argv: ['/bin/sh', '-c', `touch ${marker}`], cwd: dir, env, tty, sandboxPolicy: policy });
          started.push(p); // a real sandbox arrived: then it must have run sandboxed
        } catch (err) {
          threw = err;
        }
        if (threw !== undefined) {
          expect(threw).toBeInstanceOf(SandboxUnavailableError);
          expect(existsSync(marker)).toBe(false);
        }
      }
    }
  });

  it('sets CODEX_SANDBOX_NETWORK_DISABLED=1 under a network-less policy (once the sandbox can enforce it)', async (ctx) => {
    let p: SpawnedProcess;
    try {
      p = run(['/bin/sh', '-c', 'echo "[$CODEX_SANDBOX_NETWORK_DISABLED]"'], {
        policy: { mode: 'workspace-write', writableRoots: [], networkAccess: false, excludeTmpdirEnvVar: false, excludeSlashTmp: false },
      });
    } catch (err) {
      if (err instanceof SandboxUnavailableError) return ctx.skip();
      throw err;
    }
    expect((await collect(p)).text).toBe('[1]\n');
  });

  it('policyDisablesNetwork follows the policy', () => {
    expect(policyDisablesNetwork({ mode: 'danger-full-access' })).toBe(false);
    expect(policyDisablesNetwork({ mode: 'read-only', networkAccess: false })).toBe(true);
    const ww = { mode: 'workspace-write' as const, writableRoots: [], excludeTmpdirEnvVar: false, excludeSlashTmp: false };
    expect(policyDisablesNetwork({ ...ww, networkAccess: false })).toBe(true);
    expect(policyDisablesNetwork({ ...ww, networkAccess: true })).toBe(false);
  });
});

describe('isLikelySandboxDenial', () => {
  it('is never true unsandboxed or on success', () => {
    expect(isLikelySandboxDenial(1, 'Permission denied', 'none')).toBe(false);
    expect(isLikelySandboxDenial(0, 'Permission denied', 'linux-landlock')).toBe(false);
  });

  it.each([
    'touch: cannot touch /etc/x: Permission denied',
    'mkdir: Operation not permitted',
    'cp: Read-only file system',
    'killed by SECCOMP',
    'blocked by the sandbox',
    'Landlock refused',
    'error: failed to write file foo',
  ])('spots keyword in %j', (out) => {
    expect(isLikelySandboxDenial(1, out, 'linux-landlock')).toBe(true);
    expect(isLikelySandboxDenial(2, out, 'seatbelt')).toBe(true); // keywords win over quick-reject codes
  });

  it('quick-rejects 2, 126, 127 without keywords', () => {
    for (const code of [2, 126, 127]) expect(isLikelySandboxDenial(code, 'nope', 'linux-landlock')).toBe(false);
    expect(isLikelySandboxDenial(1, 'nope', 'linux-landlock')).toBe(false);
  });

  it('treats 128+SIGSYS as a seccomp kill on Linux sandboxes', () => {
    expect(isLikelySandboxDenial(128 + 31, '', 'linux-landlock')).toBe(process.platform === 'linux');
    expect(isLikelySandboxDenial(128 + 31, '', 'seatbelt')).toBe(false);
  });

  it('accepts several texts and a generic sandboxed type', () => {
    expect(isLikelySandboxDenial(1, ['fine', 'Operation not permitted'], 'sandboxed')).toBe(true);
    expect(isLikelySandboxDenial(null, 'nothing', 'sandboxed')).toBe(false);
  });
});

function readPids(file: string): number[] {
  return readFileSync(file, 'utf8').trim().split('\n').map(Number);
}
function lineCount(file: string): number {
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).length;
}
