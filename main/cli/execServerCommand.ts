// `codex exec-server`: runs processes for a remote Codex over JSON-RPC
// (websocket, or stdio for `ssh host codex exec-server --listen stdio`).
import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { ExecServer, isLoopbackHost, listenWebSocket, serveStdio } from '../core/execServer/server.js';
import { flag, formatHelp, parseArgs, str, UsageError, type OptionSpec } from './args.js';
import { VERSION } from './version.js';

const SPECS: OptionSpec[] = [
  { long: 'listen', value: true, help: 'ws://IP:PORT (default ws://127.0.0.1:0) or stdio' },
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

function readToken(p: ReturnType<typeof parseArgs>, env: NodeJS.ProcessEnv): string | undefined {
  const file = str(p, 'token-file');
  const envName = str(p, 'token-env');
  if (file && envName) throw new UsageError("the argument '--token-file' cannot be used with '--token-env'");
  let token: string | undefined;
  if (file) {
    try {
      token = readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new Error(`cannot read --token-file ${file}: ${(err as Error).message}`);
    }
    if (!token) throw new Error(`--token-file ${file} is empty`);
  } else if (envName) {
    token = env[envName]?.trim();
    if (!token) throw new Error(`--token-env ${envName}: the variable is unset or empty`);
  }
  return token;
}

export async function runExecServerCommand(argv: string[], io: ExecServerCommandIo = defaultIo()): Promise<number> {
  const p = parseArgs(argv, SPECS);
  if (flag(p, 'help')) {
    io.stdout(formatHelp('codex exec-server [--listen ws://IP:PORT | stdio] [--token-file FILE | --token-env VAR]', SPECS));
    return 0;
  }
  const listen = str(p, 'listen') ?? 'ws://127.0.0.1:0';
  const token = readToken(p, io.env);
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
    if (token) io.stderr('exec-server: --token-* is ignored with --listen stdio\n');
    const { done } = serveStdio(server, io.stdin, io.stdoutStream);
    await Promise.race([done, stop]);
    await server.close();
    return 0;
  }

  const { host, port } = parseListenUrl(listen);
  if (!isLoopbackHost(host) && !token) {
    throw new UsageError(`listening on non-loopback address ${host} requires a token: pass --token-file FILE or --token-env VAR`);
  }
  const listener = await listenWebSocket(server, { host, port, token });
  io.stdout(`listening on ${listener.url}\n`);
  await stop;
  await listener.close();
  await server.close();
  return 0;
}
