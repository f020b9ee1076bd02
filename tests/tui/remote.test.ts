// `codex --remote ws://HOST:PORT` (Codex's flags): the TUI drives a real
// `codex app-server --listen ws://…` instead of the core in process; the model
// is asked by that server. With --ws-auth on the server, the TUI sends the
// token named by --remote-auth-token-env, and a wrong one is a clear error.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { responses as R } from '../support/scriptedServer.js';
import { CODEX_BIN } from '../support/cli.js';
import { READY, quit, send, tuiHarness } from './tuiHarness.js';

const h = tuiHarness();
const servers: ChildProcess[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.kill('SIGKILL');
});

function startAppServer(extra: string[] = []): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [CODEX_BIN, 'app-server', '--listen', 'ws://127.0.0.1:0', ...extra], {
    cwd: h.sb.workspace,
    env: h.sb.env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  servers.push(proc);
  return new Promise((resolve, reject) => {
    let err = '';
    proc.stderr!.on('data', (d) => {
      err += d;
      const m = /listening on (ws:\/\/\S+)\n/.exec(err);
      if (m) resolve({ url: m[1]!, proc });
    });
    proc.on('exit', (code) => reject(new Error(`app-server exited (${code}): ${err}`)));
  });
}

describe('codex --remote', () => {
  it('runs a turn through a remote app-server over a websocket', async () => {
    const { url } = await startAppServer();
    h.server.enqueue(R.text('answered remotely'));
    // The TUI's own CODEX_HOME is empty (no provider, no key): only the server can answer.
    const localHome = mkdtempSync(join(tmpdir(), 'codex-tui-local-'));
    const t = h.start(['--remote', url], { env: { CODEX_HOME: localHome } });
    await t.waitFor(READY, 60_000);
    await send(t, 'hello over there', 'answered remotely');
    expect(h.server.requests).toHaveLength(1);
    expect(JSON.stringify(h.server.requests[0]!.body.input)).toContain('hello over there');
    expect(await quit(t)).toBe(0);
    // The session was recorded where the server runs, not here.
    expect(existsSync(join(localHome, 'sessions'))).toBe(false);
    expect(readdirSync(join(h.sb.home, 'sessions'), { recursive: true }).some((f) => String(f).endsWith('.jsonl'))).toBe(true);
  });

  it("sends the server's capability token from --remote-auth-token-env; a wrong one is named as refused", async () => {
    const tokenFile = join(h.sb.home, 'ws-token');
    writeFileSync(tokenFile, 'remote-secret\n');
    const { url } = await startAppServer(['--ws-auth', 'capability-token', '--ws-token-file', tokenFile]);
    h.server.enqueue(R.text('token accepted'));
    const ok = h.start(['--remote', url, '--remote-auth-token-env', 'MY_TOKEN'], { env: { MY_TOKEN: 'remote-secret' } });
    await ok.waitFor(READY, 60_000);
    await send(ok, 'with the token', 'token accepted');
    expect(await quit(ok)).toBe(0);

    const refused = h.start(['--remote', url, '--remote-auth-token-env', 'MY_TOKEN'], { env: { MY_TOKEN: 'wrong' } });
    expect(await refused.exited).toBe(1);
    expect(refused.output).toContain('the server answered HTTP 401');
  });
});
