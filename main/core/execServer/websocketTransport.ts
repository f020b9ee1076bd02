// The websocket listener of the exec-server and of `codex app-server --listen
// ws://`: one JSON-RPC message per text frame.
// Everything a client can make it hold is bounded: sockets that never finish
// the upgrade (a deadline and a cap), open connections, frame size, and the
// output queued for a peer that stops reading (see rpc/flow.ts and
// rpc/websocketChannel.ts).
import fs from 'node:fs';
import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { WebSocketChannel } from '../rpc/websocketChannel.js';
import { JSONRPC_INVALID_REQUEST } from './methods.js';
import { checkUpgrade, type UpgradeAuth } from './upgradeAuth.js';
import { isLoopbackHost } from './loopbackHost.js';

export { isLoopbackHost };

/** Open websocket connections at once. */
export const DEFAULT_MAX_CONNECTIONS = 64;
/** Accepted TCP sockets still before their websocket upgrade. */
export const DEFAULT_MAX_PENDING_HANDSHAKES = 32;
/** Time a socket gets to complete the upgrade. */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;
/** Largest incoming message (Codex's websocket limit: 64 MiB); more closes the connection with 1009. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;
/**
 * Queued output past which a peer is dropped (its session detaches). Paused
 * producers keep the queue near OUTPUT_HIGH_WATER_BYTES; this only catches
 * output that pausing cannot stop (a child that left the process group).
 */
export const MAX_QUEUED_BYTES_PER_CONNECTION = 64 * 1024 * 1024;

/** What serves each accepted connection. */
export interface WebSocketServed {
  serve(channel: WebSocketChannel): void;
}

export interface WebSocketListenOptions {
  /** Who refuses, in refusal texts (default "exec-server"). */
  name?: string;
  host: string;
  port: number;
  /** Listen on this Unix domain socket (mode 0600) instead of host:port. */
  socketPath?: string;
  /** When set, every connection must present the token; required for non-loopback hosts. */
  auth?: UpgradeAuth;
  maxConnections?: number;
  maxPendingHandshakes?: number;
  handshakeTimeoutMs?: number;
  maxPayloadBytes?: number;
}

export interface WebSocketListener {
  url: string;
  host: string;
  port: number;
  /** Closes the listener and every connection (sessions stay until server.close()). */
  close(): Promise<void>;
  /** Drops every open connection but keeps listening (sessions detach). */
  dropConnections(): void;
}

function refuse(socket: Socket, status: number, reason: string, message: string): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export async function listenWebSocket(server: WebSocketServed, opts: WebSocketListenOptions): Promise<WebSocketListener> {
  const name = opts.name ?? 'exec-server';
  // A Unix socket is local by nature: its file mode decides who may connect.
  if (!opts.socketPath && !isLoopbackHost(opts.host) && !opts.auth) {
    throw new Error(`refusing to listen on non-loopback address ${opts.host} without a token (use --ws-auth capability-token, --token-file or --token-env)`);
  }
  const maxConnections = opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const maxPending = opts.maxPendingHandshakes ?? DEFAULT_MAX_PENDING_HANDSHAKES;
  const handshakeTimeoutMs = opts.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  const http = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end(`${name}: websocket upgrade required\n`);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES, perMessageDeflate: false });
  const sockets = new Set<Socket>();
  const handshakeDeadlines = new Map<Socket, NodeJS.Timeout>();
  let upgrading = 0;

  http.on('connection', (s: Socket) => {
    if (handshakeDeadlines.size >= maxPending) {
      s.destroy();
      return;
    }
    sockets.add(s);
    // A socket that opens and never upgrades would otherwise stay for minutes.
    handshakeDeadlines.set(
      s,
      setTimeout(() => s.destroy(), handshakeTimeoutMs),
    );
    s.on('close', () => {
      sockets.delete(s);
      clearTimeout(handshakeDeadlines.get(s));
      handshakeDeadlines.delete(s);
    });
  });
  http.on('upgrade', (req, socket: Socket, head) => {
    const refusal = checkUpgrade(req, opts.auth, name);
    if (refusal) return refuse(socket, refusal.status, refusal.status === 403 ? 'Forbidden' : 'Unauthorized', refusal.message);
    if (wss.clients.size + upgrading >= maxConnections) {
      return refuse(socket, 503, 'Service Unavailable', `${name}: too many connections (limit ${maxConnections})`);
    }
    // Counted until the upgrade completes or its socket closes: ws never calls
    // back for a handshake it rejects (bad key or version), and such sockets
    // must not hold a connection slot for ever.
    upgrading++;
    let counted = true;
    const settled = () => {
      if (!counted) return;
      counted = false;
      upgrading--;
    };
    socket.once('close', settled);
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      settled();
      clearTimeout(handshakeDeadlines.get(socket));
      handshakeDeadlines.delete(socket);
      const channel: WebSocketChannel = new WebSocketChannel(ws, {
        maxQueuedBytes: MAX_QUEUED_BYTES_PER_CONNECTION,
        onBinaryFrame: () =>
          channel.send(JSON.stringify({ id: null, error: { code: JSONRPC_INVALID_REQUEST, message: 'invalid request: binary frames are not supported' } })),
      });
      server.serve(channel);
    });
  });
  if (opts.socketPath) {
    const socketPath = opts.socketPath;
    await listenOnSocket(http, socketPath);
    return {
      url: `unix://${socketPath}`,
      host: socketPath,
      port: 0,
      dropConnections: () => {
        for (const c of wss.clients) c.terminate();
      },
      close: async () => {
        for (const c of wss.clients) c.terminate();
        for (const s of sockets) s.destroy();
        // Node removes the socket file when the server closes.
        await new Promise<void>((r) => http.close(() => r()));
        wss.close();
      },
    };
  }
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port, opts.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const addr = http.address() as AddressInfo;
  const hostPart = addr.family === 'IPv6' || addr.address.includes(':') ? `[${addr.address}]` : addr.address;
  return {
    url: `ws://${hostPart}:${addr.port}`,
    host: addr.address,
    port: addr.port,
    dropConnections: () => {
      for (const c of wss.clients) c.terminate();
    },
    close: async () => {
      for (const c of wss.clients) c.terminate();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => http.close(() => r()));
      wss.close();
    },
  };
}

/**
 * Listens on a Unix domain socket that only its owner can open: created under
 * umask 0177, then chmod 0600. A socket file left by a server that is gone is
 * replaced; one a live server answers on, or a file that is not a socket, is an error.
 */
async function listenOnSocket(http: ReturnType<typeof createServer>, socketPath: string): Promise<void> {
  // sun_path holds 108 bytes with its terminating NUL.
  const bytes = Buffer.byteLength(socketPath);
  if (bytes > 107)
    throw new Error(`cannot listen on ${socketPath}: a Unix socket path can be at most 107 bytes (this one is ${bytes}); choose a shorter unix://PATH`);
  fs.mkdirSync(path.dirname(socketPath), { recursive: true, mode: 0o700 });
  const existing = fs.lstatSync(socketPath, { throwIfNoEntry: false });
  if (existing && !existing.isSocket()) throw new Error(`cannot listen on ${socketPath}: the path exists and is not a socket`);
  if (existing) {
    if (await answers(socketPath)) throw new Error(`cannot listen on ${socketPath}: another server is listening there`);
    fs.rmSync(socketPath, { force: true });
  }
  const old = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(socketPath, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(old);
  }
  fs.chmodSync(socketPath, 0o600);
}

function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(socketPath);
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}
