// Backpressure between a transport and the processes writing to it. A client
// that stops reading must not make the server hold the stream: once a
// connection has more than HIGH bytes queued for the peer, the process that
// produced them is paused until the queue falls back under LOW, so the child
// blocks instead of this process buffering.
import type { Writable } from 'node:stream';

/** Bytes queued for a peer above which producers pause. */
export const OUTPUT_HIGH_WATER_BYTES = 1024 * 1024;
/** Bytes queued below which paused producers resume. */
export const OUTPUT_LOW_WATER_BYTES = 256 * 1024;

export interface TransportFlow {
  /** True while the peer is behind: producers should pause. */
  congested(): boolean;
  /** Calls cb once the peer caught up (under the low-water mark) or the transport closed. */
  onceDrained(cb: () => void): void;
}

/** Drain waiters of one transport: flushed by the transport when it catches up or closes. */
export class DrainWaiters {
  private waiters: (() => void)[] = [];

  add(cb: () => void): void {
    this.waiters.push(cb);
  }

  get pending(): boolean {
    return this.waiters.length > 0;
  }

  flush(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

/** Flow of a stdio (or any Writable) transport: its own buffer and 'drain' event. */
export function writableFlow(output: Writable): TransportFlow {
  const waiters = new DrainWaiters();
  const flushIfLow = () => {
    if (output.writableLength <= OUTPUT_LOW_WATER_BYTES) waiters.flush();
    else output.once('drain', flushIfLow);
  };
  output.once('close', () => waiters.flush());
  return {
    congested: () => output.writableLength > OUTPUT_HIGH_WATER_BYTES,
    onceDrained: (cb) => {
      if (output.destroyed || output.writableLength <= OUTPUT_LOW_WATER_BYTES) return cb();
      const first = !waiters.pending;
      waiters.add(cb);
      if (first) output.once('drain', flushIfLow);
    },
  };
}
