// Helpers for exec-server tests: real servers on loopback, raw protocol peers.
import { WebSocket } from 'ws';
import { ExecServer, type ExecServerOptions } from '../../main/core/execServer/server.js';
import { listenWebSocket, type WebSocketListener, type WebSocketListenOptions } from '../../main/core/execServer/websocketTransport.js';

export interface Running {
  server: ExecServer;
  listener: WebSocketListener;
  url: string;
  stop(): Promise<void>;
}

type ListenLimits = Omit<WebSocketListenOptions, 'host' | 'port' | 'auth'>;

export async function startServer(opts: ExecServerOptions & { token?: string; listen?: ListenLimits } = {}): Promise<Running> {
  const server = new ExecServer(opts);
  const auth = opts.token === undefined ? undefined : { token: opts.token };
  const listener = await listenWebSocket(server, { host: '127.0.0.1', port: 0, auth, ...opts.listen });
  return {
    server,
    listener,
    url: listener.url,
    stop: async () => {
      await listener.close();
      await server.close();
    },
  };
}

/** A bare websocket JSON-RPC peer, for protocol-level assertions. */
export class RawPeer {
  private nextId = 1;
  private readonly waiting = new Map<number, (m: any) => void>();
  readonly notifications: any[] = [];
  readonly stray: any[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString());
      if (typeof m.method === 'string') this.notifications.push(m);
      else if (this.waiting.has(m.id)) {
        this.waiting.get(m.id)!(m);
        this.waiting.delete(m.id);
      } else this.stray.push(m);
    });
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<RawPeer> {
    const ws = new WebSocket(url, { headers });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    return new RawPeer(ws);
  }

  /** Sends a request and resolves with the whole response ({id, result} or {id, error}). */
  call(method: string, params?: unknown): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  close(): void {
    this.ws.terminate();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
