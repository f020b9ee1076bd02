// `codex web` (ours; Codex has no equivalent): the desktop app's UI in a
// browser, for a headless box or a remote dev machine. Serves the renderer's
// browser build over HTTP and the desktop IPC contract over a websocket
// (main/web/webHost.ts), and prints a one-time pairing link. Off loopback it
// needs Codex's capability token (--ws-auth capability-token ...).
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { flag, formatHelp, parseArgs, str, UsageError, type OptionSpec } from './args.js';
import { CONFIG_FLAG_SPECS, configOverridesFromFlags } from './configFlags.js';
import { codexWsAuth, WS_AUTH_SPECS } from './wsListenFlags.js';
import { addShutdownHook } from './terminationSignals.js';
import { isLoopbackHost } from '../core/execServer/websocketTransport.js';
import { findPackageRoot } from '../core/sandbox/linux.js';
import { VERSION } from '../core/version.js';
import { DEFAULT_PAIRING_TTL_MS } from '../web/pairing.js';
import { startWebHost, WEB_INDEX_PAGE } from '../web/webHost.js';

export const WEB_SPECS: OptionSpec[] = [
  ...CONFIG_FLAG_SPECS,
  { long: 'listen', value: true, help: 'IP:PORT to serve the UI on (default 127.0.0.1:0, any free port); off loopback needs --ws-auth' },
  ...WS_AUTH_SPECS,
  { long: 'pairing-ttl-ms', value: true, hidden: true },
  { long: 'help', short: 'h', help: 'Print help' },
];

/** `IP:PORT`, `[IPv6]:PORT` or `http://IP:PORT`. */
export function parseWebListen(listen: string): { host: string; port: number } {
  const bare = listen.replace(/^http:\/\//, '').replace(/\/$/, '');
  let u: URL | undefined;
  try {
    u = new URL(`http://${bare}`);
  } catch {
    u = undefined;
  }
  if (!u || u.pathname !== '/' || u.search || u.username || !/:\d+$/.test(bare)) {
    throw new UsageError(`invalid --listen '${listen}': expected IP:PORT (e.g. 127.0.0.1:8080; port 0 for any free port)`);
  }
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 0) };
}

/** The browser build of the renderer in this package (vite.renderer.config.ts). */
function rendererDir(): string {
  const root = findPackageRoot();
  const dir = root ? join(root, 'renderer', 'dist') : undefined;
  if (!dir || !existsSync(join(dir, WEB_INDEX_PAGE))) {
    throw new Error(`the web UI is not built (no ${dir ? join(dir, WEB_INDEX_PAGE) : `renderer/dist/${WEB_INDEX_PAGE}`}): run \`npm run build:renderer\``);
  }
  return dir;
}

export async function runWebCommand(argv: string[]): Promise<number> {
  const p = parseArgs(argv, WEB_SPECS);
  if (flag(p, 'help')) {
    process.stdout.write(formatHelp('codex web [OPTIONS]', WEB_SPECS));
    return 0;
  }
  const { host, port } = parseWebListen(str(p, 'listen') ?? '127.0.0.1:0');
  const auth = codexWsAuth(p, 'codex web');
  if (!isLoopbackHost(host) && !auth) {
    throw new UsageError(
      `serving the web UI on non-loopback address ${host} requires a token: pass --ws-auth capability-token with --ws-token-file FILE or --ws-token-sha256 HEX`,
    );
  }
  const ttl = str(p, 'pairing-ttl-ms');
  const pairingTtlMs = ttl === undefined ? DEFAULT_PAIRING_TTL_MS : Number(ttl);
  if (!Number.isSafeInteger(pairingTtlMs) || pairingTtlMs <= 0) throw new UsageError(`invalid --pairing-ttl-ms '${ttl}': expected a positive integer`);
  const web = await startWebHost({
    rendererDir: rendererDir(),
    host,
    port,
    auth,
    pairingTtlMs,
    appServer: {
      baseOverrides: configOverridesFromFlags(p, process.cwd()),
      // The desktop app's UI: its threads are the desktop's.
      source: { custom: 'desktop' },
      originator: 'codex_desktop',
      version: VERSION,
      onWarning: (message) => process.stderr.write(`codex web: warning: ${message}\n`),
    },
    log: (line) => process.stderr.write(`codex web: ${line}\n`),
  });
  // An unspecified address is reachable under the machine's name.
  const link = web.pairingLink().replace(/^http:\/\/(0\.0\.0\.0|\[::\])(?=:)/, `http://${hostname()}`);
  const needsToken = auth && !('token' in auth) ? ' (append &token=YOUR_CAPABILITY_TOKEN)' : '';
  process.stdout.write(
    `codex web: serving on ${web.url}\nOpen this link to pair a browser (it works once and expires in ${Math.round(pairingTtlMs / 60000)} min)${needsToken}:\n  ${link}\n`,
  );
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  addShutdownHook(async () => {
    await web.close();
    stop();
  });
  await stopped;
  return 0;
}
