// The websocket listening flags `codex exec-server` and `codex app-server`
// share, as Codex spells them: --listen ws://IP:PORT and --ws-auth
// capability-token with --ws-token-file or --ws-token-sha256.
import { readFileSync } from 'node:fs';
import { parseTokenSha256, type UpgradeAuth } from '../core/execServer/upgradeAuth.js';
import { str, UsageError, type OptionSpec, type parseArgs } from './args.js';

/** Codex's websocket auth options (signed-bearer-token is listed, and refused). */
export const WS_AUTH_SPECS: OptionSpec[] = [
  {
    long: 'ws-auth',
    value: true,
    choices: ['capability-token', 'signed-bearer-token'],
    help: 'Authentication mode for incoming WebSocket connections (capability-token)',
  },
  { long: 'ws-token-file', value: true, help: 'Path to the capability-token file' },
  { long: 'ws-token-sha256', value: true, help: 'Hex-encoded SHA-256 digest of the capability token' },
];

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

export function readTokenFile(flagName: string, file: string): string {
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
export function codexWsAuth(p: ReturnType<typeof parseArgs>, who: string): UpgradeAuth | undefined {
  const mode = str(p, 'ws-auth');
  const file = str(p, 'ws-token-file');
  const digest = str(p, 'ws-token-sha256');
  if (!mode) {
    if (file || digest) throw new UsageError('websocket auth flags require `--ws-auth capability-token`');
    return undefined;
  }
  if (mode !== 'capability-token') throw new UsageError(`--ws-auth ${mode} is not supported by ${who}: use --ws-auth capability-token`);
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
