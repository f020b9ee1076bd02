import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SandboxUnavailableError } from '../../main/core/sandbox/index.js';
import { FULL_ACCESS, isAlive, processesWithMarker, testEnv, waitFor } from '../support/processes.js';
import {
  formatExecOutput,
  UnifiedExecError,
  UnifiedExecManager,
  type ExecCommandArgs,
  type ExecContext,
  type UnifiedExecResult,
} from '../../main/core/exec/unifiedExec.js';

const MARKER = `unified-${process.pid}-${Date.now()}`;
const dir = mkdtempSync(join(tmpdir(), 'codex-uexec-'));
const home = join(dir, 'home');
mkdirSync(home);
mkdirSync(join(dir, 'sub'));
const env = testEnv(MARKER, { HOME: home, TERM: 'xterm-256color', LANG: 'en_US.UTF-8', COLORTERM: 'truecolor' });
const managers: UnifiedExecManager[] = [];

function manager(opts?: ConstructorParameters<typeof UnifiedExecManager>[0]) {
  const m = new UnifiedExecManager(opts);
  managers.push(m);
  return m;
}
const ctx = (extra: Partial<ExecContext> = {}): ExecContext => ({ cwd: dir, env, sandboxPolicy: FULL_ACCESS, ...extra });
// Non-login by default: keeps tests independent of the machine's profile scripts.
const exec = (m: UnifiedExecManager, args: ExecCommandArgs, c: Partial<ExecContext> = {}) => m.execCommand({ login: false, ...args }, ctx(c));

const HEADER = /^Chunk ID: [0-9a-f]{6}\nWall time: \d+\.\d{4} seconds\n/;

/** outputText without the two lines that vary between runs. */
function stable(r: UnifiedExecResult): string {
  expect(r.outputText).toMatch(HEADER);
  return r.outputText.replace(HEADER, '');
}

async function pollUntilExit(m: UnifiedExecManager, id: number): Promise<UnifiedExecResult[]> {
  const replies: UnifiedExecResult[] = [];
  for (let i = 0; i < 20; i++) {
    const r = await m.writeStdin({ session_id: id, chars: '', yield_time_ms: 5000 });
    replies.push(r);
    if (r.exitCode !== undefined) return replies;
  }
  throw new Error('process did not exit');
}

afterAll(async () => {
  await Promise.all(managers.map((m) => m.terminateAll()));
  expect(await waitFor(() => processesWithMarker(MARKER).length === 0)).toBe(true);
  rmSync(dir, { recursive: true, force: true });
});

describe('exec_command output format', () => {
  it('matches Codex for a finished command', async () => {
    const m = manager();
    const r = await exec(m, { cmd: 'echo hi; seq 1 3' });
    expect(stable(r)).toBe('Process exited with code 0\nOriginal token count: 3\nOutput:\nhi\n1\n2\n3\n');
    expect(r.exitCode).toBe(0);
    expect(r.sessionId).toBeUndefined();
    expect(r.output).toBe('hi\n1\n2\n3\n');
    expect(r.aggregatedOutput).toBe('hi\n1\n2\n3\n');
    expect(r.originalTokenCount).toBe(3);
    expect(r.command).toEqual(['/bin/bash', '-c', 'echo hi; seq 1 3']);
    expect(r.cwd).toBe(dir);
    expect(r.sandboxType).toBe('none');
    expect(r.sandboxDenied).toBe(false);
    expect(r.outputText).toBe(formatExecOutput({ ...r, body: r.output }));
    expect(r.outputText.split('\n')[1]).toBe(`Wall time: ${r.wallTimeSeconds.toFixed(4)} seconds`);
  });

  it('merges stderr and reports the exit code; empty output; no newline added', async () => {
    const m = manager();
    expect(stable(await exec(m, { cmd: 'echo err >&2; sleep 0.3; echo out; exit 7' }) /* two pipes: order is only kept across a pause */)).toBe(
      'Process exited with code 7\nOriginal token count: 2\nOutput:\nerr\nout\n',
    );
    expect(stable(await exec(m, { cmd: 'true' }))).toBe('Process exited with code 0\nOriginal token count: 0\nOutput:\n');
    expect(stable(await exec(m, { cmd: "printf 'abc'" }))).toBe('Process exited with code 0\nOriginal token count: 1\nOutput:\nabc');
  });

  it('decodes invalid UTF-8 lossily but counts raw bytes', async () => {
    const r = await exec(manager(), { cmd: "printf '\\377\\376 ok\\n'" });
    expect(stable(r)).toBe('Process exited with code 0\nOriginal token count: 2\nOutput:\n\ufffd\ufffd ok\n');
  });

  it('reports a signal death as 128+n', async () => {
    const r = await exec(manager(), { cmd: 'kill -TERM $$' });
    expect(r.exitCode).toBe(143);
    expect(stable(r)).toBe('Process exited with code 143\nOriginal token count: 0\nOutput:\n');
  });

  it('truncates like Codex (seq 1 1000, max_output_tokens 50)', async () => {
    const r = await exec(manager(), { cmd: 'seq 1 1000', max_output_tokens: 50 });
    expect(stable(r)).toBe(
      'Process exited with code 0\nOriginal token count: 974\nOutput:\nWarning: truncated output (original token count: 974)\nTotal output lines: 1000\n\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n21\n22\n23\n24\n25\n26\n27\n28\n29\n30\n31\n32\n33\n34\n35\n36\n3\u2026924 tokens truncated\u202676\n977\n978\n979\n980\n981\n982\n983\n984\n985\n986\n987\n988\n989\n990\n991\n992\n993\n994\n995\n996\n997\n998\n999\n1000\n',
    );
    expect(r.aggregatedOutput.length).toBe(3893); // the item keeps everything
  });

  it('caps max_output_tokens at the policy (10000)', async () => {
    const r = await exec(manager(), { cmd: 'seq 1 20000', max_output_tokens: 50000 });
    expect(r.outputText).toContain(
      'Original token count: 27224\nOutput:\nWarning: truncated output (original token count: 27224)\nTotal output lines: 20000\n\n1\n2\n',
    );
    expect(r.outputText).toContain('…17224 tokens truncated…');
    const small = await exec(manager({ maxOutputTokensCap: 100 }), { cmd: 'seq 1 20000', max_output_tokens: 50000 });
    expect(small.outputText).toContain('…27124 tokens truncated…');
  });

  it('uses the 1 MiB capture for huge output (seq 1 200000)', async () => {
    const r = await exec(manager(), { cmd: 'seq 1 200000', yield_time_ms: 30000 });
    expect(r.exitCode).toBe(0);
    const body = stable(r);
    expect(
      body.startsWith(
        'Process exited with code 0\nOriginal token count: 322224\nOutput:\nWarning: truncated output (original token count: 322224)\n... 240319 bytes omitted ...\n\n1\n2\n3\n',
      ),
    ).toBe(true);
    expect(body).toContain('…252152 tokens truncated…');
    expect(body.endsWith('199999\n200000\n')).toBe(true);
    expect(Buffer.byteLength(r.aggregatedOutput)).toBe(1048606);
  });
});

describe('exec_command arguments', () => {
  it('runs a login shell by default and a plain one with login:false', async () => {
    const m = manager();
    const login = await m.execCommand({ cmd: 'shopt -q login_shell && echo login || echo plain' }, ctx());
    expect(login.command).toEqual(['/bin/bash', '-lc', 'shopt -q login_shell && echo login || echo plain']);
    expect(login.output).toBe('login\n');
    const plain = await exec(m, { cmd: 'shopt -q login_shell && echo login || echo plain' });
    expect(plain.output).toBe('plain\n');
  });

  it('resolves workdir against the turn cwd', async () => {
    const m = manager();
    expect((await exec(m, { cmd: 'pwd', workdir: 'sub' })).output).toBe(`${join(dir, 'sub')}\n`);
    expect((await exec(m, { cmd: 'pwd', workdir: home })).output).toBe(`${home}\n`);
  });

  it("answers a missing workdir with Codex's CreateProcess error, running nothing", async () => {
    await expect(exec(manager(), { cmd: 'pwd', workdir: '/nonexistent/dir' })).rejects.toThrow(
      new UnifiedExecError(
        'exec_command failed: CreateProcess { message: "Rejected(\\"Failed to create unified exec process: No such file or directory (os error 2)\\")" }',
      ),
    );
  });

  it('uses the requested shell, falling back to the default one when it does not exist', async () => {
    const m = manager();
    const sh = await exec(m, { cmd: 'echo $0', shell: '/bin/sh' });
    expect(sh.command[0]).toBe('/bin/sh');
    expect(sh.output).toBe('/bin/sh\n');
    const fallback = await exec(m, { cmd: 'echo ok', shell: '/no/such/shell' });
    expect(fallback.command[0]).toBe('/bin/bash');
    expect(fallback.output).toBe('ok\n');
  });

  it("sets Codex's environment for pipes and PTYs alike", async () => {
    const m = manager();
    const probe = 'echo "$TERM|$NO_COLOR|$LANG|$LC_CTYPE|$LC_ALL|$COLORTERM|$PAGER|$GIT_PAGER|$GH_PAGER|$CODEX_CI|$CODEX_EXEC_TEST_MARKER"';
    const expected = `dumb|1|C.UTF-8|C.UTF-8|C.UTF-8||cat|cat|cat|1|${MARKER}`;
    expect((await exec(m, { cmd: probe })).output).toBe(`${expected}\n`);
    expect((await exec(m, { cmd: probe, tty: true })).output).toBe(`${expected}\r\n`);
  });

  it('rejects a call without cmd', async () => {
    await expect(manager().execCommand({} as ExecCommandArgs, ctx())).rejects.toThrow('failed to parse function arguments: missing field `cmd`');
  });

  it('gives pipe commands no stdin (cat ends at once)', async () => {
    const r = await exec(manager(), { cmd: 'cat; echo after', yield_time_ms: 5000 });
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe('after\n');
  });

  it('runs tty commands in an 80x24 terminal', async () => {
    const r = await exec(manager(), { cmd: 'test -t 0 && stty size', tty: true });
    expect(stable(r)).toBe('Process exited with code 0\nOriginal token count: 2\nOutput:\n24 80\r\n');
    expect(r.tty).toBe(true);
  });

  it('streams output deltas while waiting', async () => {
    const deltas: string[] = [];
    const r = await exec(manager(), { cmd: 'echo one; sleep 0.2; echo two' }, { onOutputDelta: (d) => deltas.push(d) });
    expect(deltas.join('')).toBe('one\ntwo\n');
    expect(r.output).toBe('one\ntwo\n');
  });
});

describe('sessions and write_stdin', () => {
  it('keeps a running command as a session and reports its exit on a later poll', async () => {
    const m = manager();
    const first = await exec(m, { cmd: 'echo out1; sleep 1; echo done', yield_time_ms: 250 });
    expect(first.exitCode).toBeUndefined();
    const id = first.sessionId!;
    expect(Number.isInteger(id)).toBe(true);
    expect(id).toBeGreaterThanOrEqual(1000);
    expect(id).toBeLessThan(100000);
    expect(first.wallTimeSeconds).toBeGreaterThanOrEqual(0.25);
    expect(stable(first)).toMatch(new RegExp(`^Process running with session ID ${id}\nOriginal token count: (0|2)\nOutput:\n(out1\n)?$`));
    expect(m.sessionIds()).toEqual([id]);

    // An empty poll asking for 100 ms is clamped to >= 5 s, and ends early at exit.
    const t0 = Date.now();
    const replies = await pollUntilExit(m, id);
    expect(Date.now() - t0).toBeLessThan(4900);
    const last = replies.at(-1)!;
    expect(last.exitCode).toBe(0);
    expect(replies.map((r) => r.output).join('')).toMatch(/done\n$/);
    expect(last.aggregatedOutput).toBe('out1\ndone\n');
    expect(stable(last)).toMatch(/^Process exited with code 0\nOriginal token count: \d+\nOutput:\n/);
    expect(m.sessionIds()).toEqual([]);

    await expect(m.writeStdin({ session_id: id, chars: '' })).rejects.toThrow(new UnifiedExecError(`write_stdin failed: Unknown process id ${id}`));
  });

  it("answers an unknown session id with Codex's text", async () => {
    await expect(manager().writeStdin({ session_id: 999999, chars: 'x' })).rejects.toThrow('write_stdin failed: Unknown process id 999999');
  });

  it('refuses to write to a pipe session but still polls it', async () => {
    const m = manager();
    const r = await exec(m, { cmd: 'sleep 0.8; echo late', yield_time_ms: 250 });
    const id = r.sessionId!;
    await expect(m.writeStdin({ session_id: id, chars: 'hi\n' })).rejects.toThrow(
      'write_stdin failed: stdin is closed for this session; rerun exec_command with tty=true to keep stdin open',
    );
    const replies = await pollUntilExit(m, id);
    expect(replies.at(-1)!.aggregatedOutput).toBe('late\n');
  });

  it('drives an interactive shell in a PTY', async () => {
    const m = manager();
    const start = await exec(m, { cmd: 'bash --norc --noprofile', tty: true, yield_time_ms: 500 });
    const id = start.sessionId!;
    expect(id).toBeDefined();
    let seen = '';
    for (let i = 0; i < 5 && !seen.includes('hello 42 world'); i++) {
      const r = await m.writeStdin({ session_id: id, chars: i === 0 ? 'echo "hello $((6*7)) world"\n' : '', yield_time_ms: 5000 });
      seen += r.output;
      expect(r.sessionId).toBe(id);
    }
    expect(seen).toContain('hello 42 world\r\n');
    const write = await m.writeStdin({ session_id: id, chars: 'exit 3\n', yield_time_ms: 1000 });
    const replies = write.exitCode === undefined ? await pollUntilExit(m, id) : [write];
    expect(replies.at(-1)!.exitCode).toBe(3);
    expect(stable(replies.at(-1)!)).toMatch(/^Process exited with code 3\n/);
  }, 90_000);

  it('waits at least 250 ms after a write', async () => {
    const m = manager();
    const start = await exec(m, { cmd: 'cat', tty: true, yield_time_ms: 250 });
    const t0 = performance.now();
    const r = await m.writeStdin({ session_id: start.sessionId!, chars: 'x', yield_time_ms: 1 });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(240);
    expect(r.sessionId).toBe(start.sessionId);
    expect(await m.terminate(start.sessionId!)).toBe(true);
    expect(await m.terminate(start.sessionId!)).toBe(false);
  });

  it('clamps the exec yield to at least 250 ms', async () => {
    const r = await exec(manager(), { cmd: 'sleep 5', yield_time_ms: 1 });
    expect(r.sessionId).toBeDefined();
    expect(r.wallTimeSeconds).toBeGreaterThanOrEqual(0.24);
  });
});

describe('lifecycle', () => {
  it('kills the process group when the signal aborts', async () => {
    const m = manager();
    const pidFile = join(dir, 'abort-pids');
    const ac = new AbortController();
    const running = exec(m, { cmd: `sleep 60 & echo $! > ${pidFile}; echo $$ >> ${pidFile}; wait`, yield_time_ms: 30000 }, { signal: ac.signal });
    expect(await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim().split('\n').length === 2, 10000)).toBe(true);
    const pids = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
    ac.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(await waitFor(() => pids.every((p) => !isAlive(p)))).toBe(true);
    expect(m.liveCount).toBe(0);
  });

  it('does not start anything when the signal is already aborted', async () => {
    const file = join(dir, 'aborted-before');
    await expect(exec(manager(), { cmd: `touch ${file}` }, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(existsSync(file)).toBe(false);
  });

  it('terminateAll kills every session', async () => {
    const m = manager();
    const a = await exec(m, { cmd: 'echo $$; sleep 60', yield_time_ms: 300 });
    const b = await exec(m, { cmd: 'echo $$; sleep 60', tty: true, yield_time_ms: 300 });
    expect(m.liveCount).toBe(2);
    const pids = [a, b].map((r) => Number.parseInt(r.aggregatedOutput, 10)).filter((n) => n > 0);
    await m.terminateAll();
    expect(m.sessionIds()).toEqual([]);
    expect(m.liveCount).toBe(0);
    expect(await waitFor(() => pids.every((p) => !isAlive(p)))).toBe(true);
  });

  it('refuses new commands beyond the live-session cap with a clear error', async () => {
    const m = manager({ maxLiveSessions: 2 });
    const a = await exec(m, { cmd: 'sleep 60', yield_time_ms: 250 });
    await exec(m, { cmd: 'sleep 60', yield_time_ms: 250 });
    await expect(exec(m, { cmd: 'echo hi' })).rejects.toThrow(/^exec_command failed: too many running sessions \(limit 2\)/);
    await m.terminate(a.sessionId!);
    expect((await exec(m, { cmd: 'echo hi' })).output).toBe('hi\n');
  });

  it('drops finished-but-unread sessions, oldest first, when they reach the cap', async () => {
    const m = manager({ maxLiveSessions: 2 });
    const a = await exec(m, { cmd: 'sleep 0.5', yield_time_ms: 250 });
    const b = await exec(m, { cmd: 'sleep 0.5', yield_time_ms: 250 });
    expect(await waitFor(() => m.liveCount === 0)).toBe(true);
    expect(m.sessionIds().sort()).toEqual([a.sessionId, b.sessionId].sort());
    expect((await exec(m, { cmd: 'echo ok' })).output).toBe('ok\n');
    expect(m.sessionIds()).toEqual([b.sessionId]);
    await expect(m.writeStdin({ session_id: a.sessionId!, chars: '' })).rejects.toThrow(`Unknown process id ${a.sessionId}`);
    expect((await m.writeStdin({ session_id: b.sessionId!, chars: '' })).exitCode).toBe(0);
  });

  it('falls back to defaults for non-finite numbers', async () => {
    const r = await exec(manager(), { cmd: 'seq 1 3', yield_time_ms: Number.NaN, max_output_tokens: Number.NaN });
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe('1\n2\n3\n');
  });

  it('a read-only policy never lets the command write: refused outright, or denied by the sandbox', async () => {
    const file = join(dir, 'refused');
    let result: UnifiedExecResult | undefined;
    try {
      result = await manager().execCommand(
        { cmd: `touch ${file}`, login: false },
        { cwd: dir, env, sandboxPolicy: { mode: 'read-only', networkAccess: false } },
      );
    } catch (err) {
      // No sandbox available here: the command must not have run at all.
      expect(err).toBeInstanceOf(SandboxUnavailableError);
    }
    if (result) {
      expect(result.sandboxType).not.toBe('none');
      expect(result.exitCode).not.toBe(0);
      expect(result.sandboxDenied).toBe(true);
    }
    expect(existsSync(file)).toBe(false);
  });

  it('tells a sandboxed command that the network is off (when a sandbox is available)', async (t) => {
    let r: UnifiedExecResult;
    try {
      r = await manager().execCommand(
        { cmd: 'echo "[$CODEX_SANDBOX_NETWORK_DISABLED]"', login: false },
        {
          cwd: dir,
          env,
          sandboxPolicy: { mode: 'workspace-write', writableRoots: [], networkAccess: false, excludeTmpdirEnvVar: false, excludeSlashTmp: false },
        },
      );
    } catch (err) {
      if (err instanceof SandboxUnavailableError) return t.skip();
      throw err;
    }
    expect(r.output).toBe('[1]\n');
    expect(r.sandboxDenied).toBe(false);
  });
});
