// Starts the real `codex web` (bin/codex.js → dist/cli.js) as a child process
// and reads the pairing link it prints; for the CLI test and the Chromium e2e.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { WebSocket } from 'ws';
import { CODEX_BIN } from './cli.js';
import { bridgeProtocols, type BridgeCredentials } from '../../shared/ipc/bridgeCredentials.js';

export interface CodexWeb {
  child: ChildProcess;
  /** http://HOST:PORT/ */
  url: string;
  /** The printed one-time pairing link. */
  link: string;
  /** The pairing token in the link. */
  pair: string;
  stdout: () => string;
  stderr: () => string;
  /** SIGTERM, then waits for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function startCodexWeb(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CodexWeb> {
  const child = spawn(process.execPath, [CODEX_BIN, 'web', ...args], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const link = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`codex web printed no pairing link\nstdout: ${stdout}\nstderr: ${stderr}`)), opts.timeoutMs ?? 20_000);
    const check = () => {
      const m = /^\s+(http:\/\/\S+#pair=\S+)$/m.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`codex web exited (${code}) before printing a link\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
  const pair = new URLSearchParams(new URL(link).hash.slice(1)).get('pair')!;
  return {
    child,
    url: new URL('/', link).href,
    link,
    pair,
    stdout: () => stdout,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      return code as number | null;
    },
  };
}

/** Opens a websocket the way a page would; resolves with the HTTP status of a refusal, or the open socket. */
/** Opens the bridge's websocket as a page would, offering `credentials` in Sec-WebSocket-Protocol (nothing at all with null). */
export function tryBridge(
  url: string,
  headers: Record<string, string>,
  credentials: BridgeCredentials | null = {},
): Promise<{ status: number; body: string } | { ws: WebSocket; first: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, credentials ? bridgeProtocols(credentials) : [], { headers });
    const first = new Promise<string>((r) => ws.once('message', (d) => r(String(d))));
    ws.once('open', () => resolve({ ws, first }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', (err) => reject(err));
  });
}
