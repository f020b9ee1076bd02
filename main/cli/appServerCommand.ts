// `codex app-server`: the core's protocol over stdio (JSONL), or over a
// websocket (`--listen ws://IP:PORT`, or on a Unix socket with `unix://PATH`
// as Codex 0.169 does; one JSON-RPC message per frame, each connection its own
// session), so tools written for Codex's app-server, and
// `codex --remote`, can drive ours.
import { AppServer } from '../core/server/appServer.js';
import { JsonRpcPeer } from '../core/server/jsonRpcPeer.js';
import { LineChannel } from '../core/rpc/framing.js';
import type { Channel } from '../core/rpc/channel.js';
import { JSONRPC_INVALID_REQUEST } from '../../shared/protocol/types.js';
import { parseArgs, flag, formatHelp, UsageError, type OptionSpec } from './args.js';
import { CONFIG_FLAG_SPECS, configOverridesFromFlags } from './configFlags.js';
import { VERSION } from '../core/version.js';
import { terminateAllGroups } from '../core/exec/processGroups.js';
import { addShutdownHook } from './terminationSignals.js';
import { isLoopbackHost, listenWebSocket } from '../core/execServer/websocketTransport.js';
import { codexWsAuth, parseListenUrl, WS_AUTH_SPECS } from './wsListenFlags.js';
import { parseListenAddress } from './remoteAddress.js';
import { appCodexHome } from '../core/sandbox/writableRoots.js';

/** Largest request line; what a longer line would have said is dropped and answered with -32600. */
const MAX_LINE_BYTES = 64 * 1024 * 1024;

export const APP_SERVER_SPECS: OptionSpec[] = [
  ...CONFIG_FLAG_SPECS,
  {
    long: 'listen',
    value: true,
    help: 'Transport endpoint URL. Supported values: `stdio://` (default), `unix://`, `unix://PATH`, `ws://IP:PORT`, `off`',
  },
  ...WS_AUTH_SPECS,
  { long: 'help', short: 'h' },
];
const SPECS = APP_SERVER_SPECS;

export async function runAppServer(argv: string[]): Promise<number> {
  const p = parseArgs(argv, SPECS);
  if (flag(p, 'help')) {
    process.stdout.write(formatHelp('codex app-server [OPTIONS]', SPECS));
    return 0;
  }
  const listen = parseListenAddress(typeof p.options.listen === 'string' ? p.options.listen : 'stdio://', appCodexHome(), process.cwd());
  if (listen.kind === 'ws') return serveWebSocket(p, listen.url);
  if (listen.kind === 'unix') return serveWebSocket(p, null, listen.path);
  if (listen.kind === 'off')
    throw new UsageError('--listen off (no client transport) is not supported by this app-server: use stdio://, unix://PATH or ws://IP:PORT');
  const channel: LineChannel = new LineChannel(process.stdin, process.stdout, {
    maxLineBytes: MAX_LINE_BYTES,
    keepOutputOpen: true,
    onOverlongLine: () =>
      channel.send(
        JSON.stringify({ id: null, error: { code: JSONRPC_INVALID_REQUEST, message: `invalid request: a line longer than ${MAX_LINE_BYTES} bytes` } }),
      ),
  });
  const { peer, server } = serveSession(channel, configOverridesFromFlags(p, process.cwd()));
  addShutdownHook(() => server.shutdown());
  await new Promise<void>((resolve) => channel.onClose(() => resolve()));
  // The client is gone: its sessions end with it, commands first (as Codex
  // 0.169: SIGTERM, SIGKILL after a short grace), then threads and rollouts.
  peer.close();
  await terminateAllGroups();
  await peer.settled();
  await server.shutdown();
  return 0;
}

/** One client's app-server session on `channel` (stdio, or one websocket connection). */
function serveSession(channel: Channel, baseOverrides: ReturnType<typeof configOverridesFromFlags>): { peer: JsonRpcPeer; server: AppServer } {
  // Warnings go to the client (thread/warning) and to stderr, the server's log.
  const peer: JsonRpcPeer = new JsonRpcPeer(channel, {
    onWarning: (message, threadId) => {
      process.stderr.write(`codex app-server: warning: ${message}\n`);
      peer.notify('thread/warning', { threadId, message });
    },
  });
  const server = new AppServer({
    baseOverrides,
    // Codex's app-server records its threads as "vscode" (its default session source).
    source: 'vscode',
    originator: 'codex_app_server',
    version: VERSION,
    host: peer,
    trustProjectOnWritableStart: true,
    onWarning: (message, threadId) => peer.notify('thread/warning', { threadId, message }),
  });
  peer.attach(server);
  // Read while the client starts up and initializes, not on its first thread/list.
  server.warmThreadList();
  return { peer, server };
}

/**
 * `--listen ws://IP:PORT`: each connection gets its own app-server session
 * (threads it starts end with it). Web pages are refused (any Origin header),
 * and a non-loopback address needs Codex's capability token.
 */
async function serveWebSocket(p: ReturnType<typeof parseArgs>, listen: string | null, socketPath?: string): Promise<number> {
  const { host, port } = listen === null ? { host: 'localhost', port: 0 } : parseListenUrl(listen);
  const auth = codexWsAuth(p, 'this app-server');
  if (!socketPath && !isLoopbackHost(host) && !auth) {
    throw new UsageError(
      `listening on non-loopback address ${host} requires a token: pass --ws-auth capability-token with --ws-token-file FILE or --ws-token-sha256 HEX`,
    );
  }
  const baseOverrides = configOverridesFromFlags(p, process.cwd());
  const sessions = new Set<AppServer>();
  const listener = await listenWebSocket(
    {
      serve: (channel) => {
        const { peer, server } = serveSession(channel, baseOverrides);
        sessions.add(server);
        channel.onClose(() => {
          sessions.delete(server);
          peer.close();
          void server.shutdown();
        });
      },
    },
    { name: 'app-server', host, port, auth, socketPath },
  );
  process.stderr.write(`codex app-server: listening on ${listener.url}\n`);
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  addShutdownHook(async () => {
    await listener.close();
    await Promise.all([...sessions].map((s) => s.shutdown()));
    stop();
  });
  await stopped;
  return 0;
}
