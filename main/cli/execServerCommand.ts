// `codex exec-server`: runs processes for a remote Codex over JSON-RPC
// (websocket, or stdio for `ssh host codex exec-server --listen stdio`).
import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { ExecServer, serveStdio } from '../core/execServer/server.js';
import { parseTokenSha256, type UpgradeAuth } from '../core/execServer/upgradeAuth.js';
import { isLoopbackHost, listenWebSocket } from '../core/execServer/websocketTransport.js';
import { flag, formatHelp, parseArgs, str, UsageError, type OptionSpec } from './args.js';
import { VERSION } from '../core/version.js';

export const EXEC_SERVER_SPECS: OptionSpec[] = [
  { long: 'listen', value: true, help: 'ws://IP:PORT (default ws://127.0.0.1:0) or stdio' },
  {
    long: 'ws-auth',
    value: true,
    choices: ['capability-token', 'signed-bearer-token'],
    help: 'Authentication mode for incoming WebSocket connections (capability-token)',
  },
  { long: 'ws-token-file', value: true, help: 'Path to the capability-token file' },
  { long: 'ws-token-sha256', value: true, help: 'Hex-encoded SHA-256 digest of the capability token' },
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

/** Parses `ws://HOST:PORT` (IPv6 in brackets). */
export function parseListenUrl(listen: string): { host: string; port: number } {
  let u: URL;
  try {
    u = new URL(listen);
  } catch {
    throw new UsageError(`invalid --listen '${listen}': expected ws://IP:PORT or stdio`);
  }
  if (u.protocol !== 'ws:') throw new UsageError(`invalid --listen '${listen}': only ws:// URLs (or stdio) are supported`);
  if (!u.port && !/:0\/?$/.test(listen)) throw new UsageError(`invalid --listen '${listen}': a port is required (use 0 for any free port)`);
  const port = Number(u.port || 0);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port };
}

function readTokenFile(flagName: string, file: string): string {
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new Error(`cannot read ${flagName} ${file}: ${(err as Error).message}`);
  }
  if (!token) throw new Error(`${flagName} ${file} is empty`);
  return token;
}

/** Codex's flags: --ws-auth capability-token with exactly one of --ws-token-file / --ws-token-sha256. */
function codexAuth(p: ReturnType<typeof parseArgs>): UpgradeAuth | undefined {
  const mode = str(p, 'ws-auth');
  const file = str(p, 'ws-token-file');
  const digest = str(p, 'ws-token-sha256');
  if (!mode) {
    if (file || digest) throw new UsageError('websocket auth flags require `--ws-auth capability-token`');
    return undefined;
  }
  if (mode !== 'capability-token') throw new UsageError(`--ws-auth ${mode} is not supported by this exec-server: use --ws-auth capability-token`);
  if (file && digest) throw new UsageError('`--ws-token-file` and `--ws-token-sha256` are mutually exclusive');
  if (file) return { token: readTokenFile('--ws-token-file', file) };
  if (digest) {
    try {
      return { tokenSha256: parseTokenSha256(digest) };
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  throw new UsageError('`--ws-token-file` or `--ws-token-sha256` is required when `--ws-auth capability-token` is set');
}

/** Our flags (--token-file / --token-env) or Codex's (--ws-auth …), not both. */
function readAuth(p: ReturnType<typeof parseArgs>, env: NodeJS.ProcessEnv): UpgradeAuth | undefined {
  const file = str(p, 'token-file');
  const envName = str(p, 'token-env');
  if (file && envName) throw new UsageError("the argument '--token-file' cannot be used with '--token-env'");
  const codex = codexAuth(p);
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
