// `codex exec-server`: runs processes for a remote Codex over JSON-RPC
// (websocket, or stdio for `ssh host codex exec-server --listen stdio`).
import type { Readable, Writable } from 'node:stream';
import { ExecServer, serveStdio } from '../core/execServer/server.js';
import type { UpgradeAuth } from '../core/execServer/upgradeAuth.js';
import { codexWsAuth, parseListenUrl, readTokenFile, WS_AUTH_SPECS } from './wsListenFlags.js';
import { isLoopbackHost, listenWebSocket } from '../core/execServer/websocketTransport.js';
import { flag, formatHelp, parseArgs, str, UsageError, type OptionSpec } from './args.js';
import { VERSION } from '../core/version.js';

export const EXEC_SERVER_SPECS: OptionSpec[] = [
  { long: 'listen', value: true, help: 'ws://IP:PORT (default ws://127.0.0.1:0) or stdio' },
  ...WS_AUTH_SPECS,
  { long: 'token-file', value: true, help: 'File holding the bearer token clients must present (required off loopback)' },
  { long: 'token-env', value: true, help: 'Environment variable holding the bearer token' },
  { long: 'session-ttl-ms', value: true, hidden: true },
  { long: 'help', short: 'h', help: 'Print help' },
];

export interface ExecServerCommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin: Readable;
  stdoutStream: Writable;
  env: NodeJS.ProcessEnv;
  /** Stops the server (defaults to SIGINT/SIGTERM). */
  stop?: Promise<void>;
}

function defaultIo(): ExecServerCommandIo {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdin: process.stdin,
    stdoutStream: process.stdout,
    env: process.env,
  };
}

/** Our flags (--token-file / --token-env) or Codex's (--ws-auth …), not both. */
function readAuth(p: ReturnType<typeof parseArgs>, env: NodeJS.ProcessEnv): UpgradeAuth | undefined {
  const file = str(p, 'token-file');
  const envName = str(p, 'token-env');
  if (file && envName) throw new UsageError("the argument '--token-file' cannot be used with '--token-env'");
  const codex = codexWsAuth(p, 'this exec-server');
  if (codex && (file || envName)) throw new UsageError(`the argument '--ws-auth' cannot be used with '${file ? '--token-file' : '--token-env'}'`);
  if (codex) return codex;
  if (file) return { token: readTokenFile('--token-file', file) };
  if (envName) {
    const token = env[envName]?.trim();
    if (!token) throw new Error(`--token-env ${envName}: the variable is unset or empty`);
    return { token };
  }
  return undefined;
}

export async function runExecServerCommand(argv: string[], io: ExecServerCommandIo = defaultIo()): Promise<number> {
  const p = parseArgs(argv, EXEC_SERVER_SPECS);
  if (flag(p, 'help')) {
    io.stdout(
      formatHelp(
        'codex exec-server [--listen ws://IP:PORT | stdio] [--ws-auth capability-token (--ws-token-file FILE | --ws-token-sha256 HEX) | --token-file FILE | --token-env VAR]',
        EXEC_SERVER_SPECS,
      ),
    );
    return 0;
  }
  const listen = str(p, 'listen') ?? 'ws://127.0.0.1:0';
  const auth = readAuth(p, io.env);
  const ttlRaw = str(p, 'session-ttl-ms');
  const sessionTtlMs = ttlRaw === undefined ? undefined : Number(ttlRaw);
  if (sessionTtlMs !== undefined && !(sessionTtlMs >= 0)) throw new UsageError(`invalid --session-ttl-ms '${ttlRaw}'`);
  const server = new ExecServer({ executorVersion: VERSION, sessionTtlMs });

  const stop =
    io.stop ??
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });

  if (listen === 'stdio' || listen === 'stdio://') {
    if (auth) io.stderr('exec-server: token flags are ignored with --listen stdio\n');
    const { done } = serveStdio(server, io.stdin, io.stdoutStream);
    await Promise.race([done, stop]);
    await server.close();
    return 0;
  }

  const { host, port } = parseListenUrl(listen);
  if (!isLoopbackHost(host) && !auth) {
    throw new UsageError(
      `listening on non-loopback address ${host} requires a token: pass --ws-auth capability-token --ws-token-file FILE, --token-file FILE or --token-env VAR`,
    );
  }
  const listener = await listenWebSocket(server, { host, port, auth });
  io.stdout(`listening on ${listener.url}\n`);
  await stop;
  await listener.close();
  await server.close();
  return 0;
}
