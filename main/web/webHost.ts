// The app in a browser: serves the renderer build over HTTP and the desktop IPC
// contract over a websocket (BRIDGE_PATH), through the same IpcRouter (and so
// the same validation of every message) as the Electron host, in front of one
// AppServer. Pages pair once through a one-time link (pairing.ts); every
// request is checked by upgradeGate.ts; responses carry the desktop's CSP.
// Used by `codex web` and by the e2e test host.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readFile } from 'node:fs/promises';
import { WebSocketServer, WebSocket } from 'ws';
import { AppServer, type AppServerOptions } from '../core/server/appServer.js';
import { IpcRouter, type IpcRouterOptions } from '../ipc/router.js';
import { BRIDGE_PATH, SERVER_REQUEST_CHANNEL, type BridgeMessage, type PushChannel, type PushPayloads } from '../../shared/ipc/contract.js';
import { contentTypeOf, rendererCsp, resolveStaticPath } from '../desktop/staticFiles.js';
import { isLoopbackHost } from '../core/execServer/websocketTransport.js';
import type { UpgradeAuth } from '../core/execServer/upgradeAuth.js';
import { DEFAULT_PAIRING_TTL_MS, PairingGate } from './pairing.js';
import { admitBridge, checkHost, type WebGate } from './upgradeGate.js';
import { BRIDGE_PROTOCOL } from '../../shared/ipc/bridgeCredentials.js';

/** The browser build's page (renderer/web.html: the bridge, then the unchanged renderer). */
export const WEB_INDEX_PAGE = 'web.html';
/** Largest frame a page may send (the contract's messages are small; pasted images are the big ones). */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;
const MAX_BRIDGE_CONNECTIONS = 16;

export interface WebHostOptions {
  /** The renderer build (renderer/dist). */
  rendererDir: string;
  host: string;
  /** 0: any free port. */
  port: number;
  /** Codex's capability token (--ws-auth capability-token); required off loopback. */
  auth?: UpgradeAuth;
  /** The page served at `/` (default: the browser build, WEB_INDEX_PAGE). */
  indexPage?: string;
  pairingTtlMs?: number;
  /** The AppServer's options; its ThreadHost is this host's router. */
  appServer: Omit<AppServerOptions, 'host'>;
  /** Host capabilities (folder picker, links...); absent ones answer the page an error. */
  router?: Omit<IpcRouterOptions, 'push' | 'log'>;
  /** Sees every push before the pages do (the test host feeds its tray stand-in). */
  onPush?: <C extends PushChannel>(channel: C, payload: PushPayloads[C]) => void;
  log?: (line: string) => void;
}

export interface WebHost {
  /** http://HOST:PORT/ as bound (an unspecified address is named as given). */
  url: string;
  port: number;
  router: IpcRouter;
  server: AppServer;
  pairing: PairingGate;
  /** Sends a push (e.g. the updater's status) to every open page, as the router's own pushes go. */
  push<C extends PushChannel>(channel: C, payload: PushPayloads[C]): void;
  /** A fresh one-time pairing link (with the capability token when it is known and required). */
  pairingLink(): string;
  close(): Promise<void>;
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  if (!isLoopbackHost(opts.host) && !opts.auth) {
    throw new Error(
      `refusing to serve the web UI on non-loopback address ${opts.host} without a token: pass --ws-auth capability-token with --ws-token-file FILE or --ws-token-sha256 HEX`,
    );
  }
  const log = opts.log ?? (() => {});
  const pairing = new PairingGate(opts.pairingTtlMs ?? DEFAULT_PAIRING_TTL_MS);
  const sockets = new Set<WebSocket>();
  const send = (ws: WebSocket, msg: BridgeMessage) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
  };
  const push = <C extends PushChannel>(channel: C, payload: PushPayloads[C]) => {
    opts.onPush?.(channel, payload);
    for (const ws of sockets) send(ws, { push: channel, payload });
  };
  const router: IpcRouter = new IpcRouter({ ...opts.router, push, log });
  const server = new AppServer({ ...opts.appServer, host: router });
  router.attach(server);

  const gate: WebGate = { pairing, auth: opts.auth, loopback: isLoopbackHost(opts.host) };
  const indexPage = opts.indexPage ?? WEB_INDEX_PAGE;
  const http = createServer((req, res) => void serveStatic(req, res, opts.rendererDir, indexPage, gate).catch(() => res.writeHead(500).end()));
  // The answer names the bridge's protocol alone: the credentials offered beside it are not echoed.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false, handleProtocols: () => BRIDGE_PROTOCOL });
  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== BRIDGE_PATH) return refuse(socket, 404, 'no websocket here');
    // Before admission, which spends a pairing token.
    if (sockets.size >= MAX_BRIDGE_CONNECTIONS) return refuse(socket, 503, `too many open pages (limit ${MAX_BRIDGE_CONNECTIONS})`);
    const admission = admitBridge(req, gate);
    if ('refused' in admission) {
      log(`web: refused a bridge connection (${admission.refused.status}): ${admission.refused.message}`);
      return refuse(socket, admission.refused.status, admission.refused.message);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      if (admission.paired) send(ws, { session: admission.session });
      ws.on('message', (data, isBinary) => serveFrame(ws, isBinary ? null : String(data)));
      // A new or reloaded page sees the approvals still waiting for an answer (the others have them).
      for (const payload of router.pendingRequests()) send(ws, { push: SERVER_REQUEST_CHANNEL, payload });
    });
  });
  const serveFrame = (ws: WebSocket, text: string | null) => {
    let msg: unknown;
    try {
      msg = text === null ? null : JSON.parse(text);
    } catch {
      msg = null;
    }
    if (!isInvokeFrame(msg)) {
      log('web: dropped a frame that is not {seq, channel, payload}');
      return;
    }
    void router.invoke(msg.channel, msg.payload).then((reply) => send(ws, { seq: msg.seq, reply }));
  };

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port, opts.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const hostPart = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `http://${hostPart}:${port}/`;
  return {
    url,
    port,
    router,
    server,
    pairing,
    push,
    pairingLink: () => {
      const token = opts.auth && 'token' in opts.auth ? `&token=${encodeURIComponent(opts.auth.token)}` : '';
      return `${url}#pair=${pairing.issuePairing()}${token}`;
    },
    async close() {
      router.close();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await server.shutdown();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function isInvokeFrame(msg: unknown): msg is { seq: number; channel: unknown; payload: unknown } {
  return typeof msg === 'object' && msg !== null && 'seq' in msg && Number.isSafeInteger(msg.seq) && 'channel' in msg;
}

function refuse(socket: Socket, status: number, message: string): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The renderer build, read-only, with the desktop's CSP (connect-src: this page's own bridge only). */
async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, indexPage: string, gate: WebGate): Promise<void> {
  const text = (status: number, body: string) => res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${body}\n`);
  const badHost = checkHost(req, gate);
  if (badHost) return void text(badHost.status, badHost.message);
  if (req.method !== 'GET' && req.method !== 'HEAD') return void text(405, 'method not allowed');
  const pathname = new URL(req.url ?? '/', 'http://x').pathname;
  const file = resolveStaticPath(root, pathname === '/' ? `/${indexPage}` : pathname);
  if (!file) return void text(400, 'bad path');
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return void text(404, 'not found');
  }
  res.writeHead(200, {
    'content-type': contentTypeOf(file),
    'content-security-policy': rendererCsp(`ws://${req.headers.host}`),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
