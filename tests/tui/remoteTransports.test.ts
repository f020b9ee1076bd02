// The other transports of Codex 0.169: `codex app-server --listen unix://PATH`
// with `codex --remote unix://PATH` (the same websocket over a Unix domain
// socket, mode 0600), and `--remote wss://` through a real TLS terminator with
// a self-signed certificate trusted via NODE_EXTRA_CA_CERTS. Addresses Codex
// does not take are refused in its words.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { responses as R } from '../support/scriptedServer.js';
import { CODEX_BIN, runCodex } from '../support/cli.js';
import { READY, quit, send, tuiHarness } from './tuiHarness.js';

const h = tuiHarness();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function startAppServer(listen: string, extra: string[] = []): Promise<{ address: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [CODEX_BIN, 'app-server', '--listen', listen, ...extra], {
    cwd: h.sb.workspace,
    env: h.sb.env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  cleanups.push(() => proc.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    let err = '';
    proc.stderr!.on('data', (d) => {
      err += d;
      const m = /listening on (\S+)\n/.exec(err);
      if (m) resolve({ address: m[1]!, proc });
    });
    proc.on('exit', (code) => reject(new Error(`app-server exited (${code}): ${err}`)));
  });
}

describe('unix:// and wss://', () => {
  it('a turn through `app-server --listen unix://PATH`; the socket is the owner’s only; a stale one is replaced', async () => {
    const sock = join(mkdtempSync(join(tmpdir(), 'codex-uds-')), 'app.sock');
    const first = await startAppServer(`unix://${sock}`);
    expect(first.address).toBe(`unix://${sock}`);
    const st = lstatSync(sock);
    expect(st.isSocket()).toBe(true);
    expect(st.mode & 0o777).toBe(0o600);
    // Killed outright, it leaves its socket file: the next server takes the path over.
    first.proc.kill('SIGKILL');
    await new Promise((r) => first.proc.once('exit', r));
    expect(existsSync(sock)).toBe(true);
    await startAppServer(`unix://${sock}`);

    h.server.enqueue(R.text('answered over the socket'));
    const localHome = mkdtempSync(join(tmpdir(), 'codex-tui-local-'));
    const t = h.start(['--remote', `unix://${sock}`], { env: { CODEX_HOME: localHome } });
    await t.waitFor(READY, 60_000);
    await send(t, 'hello through a unix socket', 'answered over the socket');
    expect(JSON.stringify(h.server.requests[0]!.body.input)).toContain('hello through a unix socket');
    expect(await quit(t)).toBe(0);
    // The prompt history is the TUI's own, as Codex's: saved here, not where the server runs.
    expect(readFileSync(join(localHome, 'history.jsonl'), 'utf8')).toContain('"text":"hello through a unix socket"');
    expect(existsSync(join(h.sb.home, 'history.jsonl'))).toBe(false);

    // And its own [history] decides: "none" here writes nothing, whatever the server's config says.
    const privateHome = mkdtempSync(join(tmpdir(), 'codex-tui-local-'));
    writeFileSync(join(privateHome, 'config.toml'), '[history]\npersistence = "none"\n');
    h.server.enqueue(R.text('not kept'));
    const quiet = h.start(['--remote', `unix://${sock}`], { env: { CODEX_HOME: privateHome } });
    await quiet.waitFor(READY, 60_000);
    await send(quiet, 'a private remote prompt', 'not kept');
    expect(await quit(quiet)).toBe(0);
    expect(existsSync(join(privateHome, 'history.jsonl'))).toBe(false);
  });

  it('unix:// alone is the control socket in CODEX_HOME, as Codex places it', async () => {
    const { address } = await startAppServer('unix://');
    const dir = join(h.sb.home, 'app-server-control');
    expect(address).toBe(`unix://${join(dir, 'app-server-control.sock')}`);
    expect(lstatSync(dir).mode & 0o777).toBe(0o700);
    h.server.enqueue(R.text('found the control socket'));
    const t = h.start(['--remote', 'unix://']);
    await t.waitFor(READY, 60_000);
    await send(t, 'hello control socket', 'found the control socket');
    expect(await quit(t)).toBe(0);
  });

  it('a second server on a live socket is refused, and so is a path too long for a socket', async () => {
    const sock = join(mkdtempSync(join(tmpdir(), 'codex-uds-')), 'app.sock');
    await startAppServer(`unix://${sock}`);
    const r = await runCodex(['app-server', '--listen', `unix://${sock}`], { cwd: h.sb.workspace, env: h.sb.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot listen on ${sock}: another server is listening there`);
    const long = join(mkdtempSync(join(tmpdir(), 'codex-uds-')), 'x'.repeat(120) + '.sock');
    const tooLong = await runCodex(['app-server', '--listen', `unix://${long}`], { cwd: h.sb.workspace, env: h.sb.env });
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr).toContain(`cannot listen on ${long}: a Unix socket path can be at most 107 bytes`);
  });

  it('--remote wss:// with a token, through TLS with a self-signed certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codex-tls-'));
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'tls-secret\n');
    const { address } = await startAppServer('ws://127.0.0.1:0', ['--ws-auth', 'capability-token', '--ws-token-file', tokenFile]);
    const upstream = new URL(address);
    // A TLS terminator in front of the app-server: what the TUI sends arrives decrypted, byte for byte.
    const open = new Set<Socket>();
    const terminator = tls.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (clear) => {
      const back = connect(Number(upstream.port), upstream.hostname);
      open.add(back);
      clear.pipe(back).pipe(clear);
      clear.on('error', () => back.destroy());
      back.on('error', () => clear.destroy());
    });
    await new Promise<void>((r) => terminator.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => {
      for (const s of open) s.destroy();
      terminator.close();
    });
    const port = (terminator.address() as { port: number }).port;

    h.server.enqueue(R.text('answered over tls'));
    const t = h.start(['--remote', `wss://localhost:${port}`, '--remote-auth-token-env', 'TLS_TOKEN'], {
      env: { TLS_TOKEN: 'tls-secret', NODE_EXTRA_CA_CERTS: cert },
    });
    await t.waitFor(READY, 60_000);
    await send(t, 'hello over tls', 'answered over tls');
    expect(await quit(t)).toBe(0);

    // Without the certificate trusted, the connection is refused, not downgraded.
    const untrusted = h.start(['--remote', `wss://localhost:${port}`, '--remote-auth-token-env', 'TLS_TOKEN'], { env: { TLS_TOKEN: 'tls-secret' } });
    expect(await untrusted.exited).toBe(1);
    expect(untrusted.output).toContain(`cannot connect to wss://localhost:${port}`);
  });

  it('addresses Codex does not take are refused in its words', async () => {
    const opts = { cwd: h.sb.workspace, env: h.sb.env };
    const badRemote = h.start(['--remote', 'http://127.0.0.1:1']);
    expect(await badRemote.exited).toBe(1);
    expect(badRemote.output).toContain(
      'invalid remote address `http://127.0.0.1:1`; expected `ws://host:port`, `wss://host:port`, `unix://`, or `unix://PATH`',
    );
    const tokenOverUnix = h.start(['--remote', 'unix:///tmp/none.sock', '--remote-auth-token-env', 'X'], { env: { X: 'y' } });
    expect(await tokenOverUnix.exited).toBe(1);
    expect(tokenOverUnix.output).toContain('`--remote-auth-token-env` requires a `wss://` or loopback `ws://` remote.');
    const tokenOffLoopback = h.start(['--remote', 'ws://192.0.2.1:9', '--remote-auth-token-env', 'X'], { env: { X: 'y' } });
    expect(await tokenOffLoopback.exited).toBe(1);
    expect(tokenOffLoopback.output).toContain('`--remote-auth-token-env` requires a `wss://` or loopback `ws://` remote.');
    const listen = await runCodex(['app-server', '--listen', 'tcp://127.0.0.1:1'], opts);
    expect(listen.code).toBe(2);
    expect(listen.stderr).toContain(
      "invalid value 'tcp://127.0.0.1:1' for '--listen <URL>': unsupported --listen URL `tcp://127.0.0.1:1`; expected `stdio://`, `unix://`, `unix://PATH`, `ws://IP:PORT`, or `off`",
    );
  });
});
