// One message per websocket text frame, behind the same Channel as lines on
// stdio. Tracks what the peer has not taken yet (ws.bufferedAmount) so
// producers can pause, and drops a peer whose queue grows past a hard cap.
import { WebSocket } from 'ws';
import { DrainWaiters, OUTPUT_HIGH_WATER_BYTES, OUTPUT_LOW_WATER_BYTES } from './flow.js';
import { CloseNotifier, type Channel } from './channel.js';

export interface WebSocketChannelOptions {
  /** Queued bytes past which the peer is dropped with 1008 (default: no cap). */
  maxQueuedBytes?: number;
  /** Hears binary frames, which are not messages (default: ignored). */
  onBinaryFrame?: () => void;
}

export class WebSocketChannel implements Channel {
  readonly kind = 'websocket';
  private readonly listeners: ((text: string) => void)[] = [];
  private readonly closing = new CloseNotifier();
  private readonly waiters = new DrainWaiters();

  constructor(
    private readonly ws: WebSocket,
    private readonly opts: WebSocketChannelOptions = {},
  ) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return this.opts.onBinaryFrame?.();
      const text = data.toString();
      for (const l of this.listeners) l(text);
    });
    ws.on('close', (code) => this.finish(`websocket closed with code ${code}`));
    ws.on('error', (err) => {
      this.finish(`websocket error: ${err.message}`);
      ws.terminate();
    });
  }

  get closed(): boolean {
    return this.closing.fired;
  }

  send(message: string | Buffer): void {
    const ws = this.ws;
    if (this.closing.fired || ws.readyState !== WebSocket.OPEN) return;
    const queued = ws.bufferedAmount;
    if (this.opts.maxQueuedBytes !== undefined && queued > this.opts.maxQueuedBytes) {
      ws.close(1008, 'exec-server: client is not reading its output');
      return;
    }
    // After a frame queued behind others reached the kernel, everything before
    // it did too, so the queue is whatever was sent since.
    ws.send(message, { binary: false }, queued + message.length > OUTPUT_LOW_WATER_BYTES ? this.afterFlush : undefined);
  }

  onMessage(cb: (text: string) => void): void {
    this.listeners.push(cb);
  }

  onClose(cb: (reason: string) => void): void {
    this.closing.on(cb);
  }

  congested(): boolean {
    return this.ws.bufferedAmount > OUTPUT_HIGH_WATER_BYTES;
  }

  onceDrained(cb: () => void): void {
    if (this.closing.fired || this.ws.readyState !== WebSocket.OPEN || this.ws.bufferedAmount <= OUTPUT_LOW_WATER_BYTES) return cb();
    this.waiters.add(cb);
  }

  close(): void {
    this.ws.terminate();
    this.finish('closed by this side');
  }

  private readonly afterFlush = (): void => {
    if (this.ws.bufferedAmount <= OUTPUT_LOW_WATER_BYTES) this.waiters.flush();
  };

  private finish(reason: string): void {
    if (this.closing.fired) return;
    this.closing.fire(reason);
    this.waiters.flush();
  }
}
