// Newline-delimited messages over a Readable/Writable pair (a child's stdio,
// our own stdin/stdout). Lines are split on bytes, so a character cut between
// two chunks arrives whole; a line longer than the limit is dropped (up to its
// newline) and reported, so a peer cannot make us buffer without end; output
// backpressure is the Writable's own buffer.
import type { Readable, Writable } from 'node:stream';
import { writableFlow } from './flow.js';
import { CloseNotifier, type Channel } from './channel.js';

/** As the MCP SDK's transport: the longest line a peer may send (10 MiB). */
export const DEFAULT_MAX_LINE_BYTES = 10 * 1024 * 1024;

const NEWLINE = 0x0a;

export interface LineChannelOptions {
  /** Longest accepted line in bytes (default 10 MiB). */
  maxLineBytes?: number;
  /** Hears each line that was dropped for its length (the channel stays open). */
  onOverlongLine?: (bytes: number) => void;
  /** Called when close() is asked for, after the output is ended (e.g. to stop a child). */
  onCloseRequested?: () => void;
  /** Leave the output open on close() (our own stdout). */
  keepOutputOpen?: boolean;
}

export class LineChannel implements Channel {
  readonly kind = 'stdio';
  private readonly listeners: ((text: string) => void)[] = [];
  private readonly closing = new CloseNotifier();
  private readonly flow;
  private readonly maxLineBytes: number;
  /** The bytes of the line being read, before its newline. */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** Inside a line that went past the limit: skipping to its newline. */
  private discarding = false;
  private closedByUs = false;

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly opts: LineChannelOptions = {},
  ) {
    this.maxLineBytes = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.flow = writableFlow(output);
    input.on('data', this.onData);
    input.once('end', () => {
      // A last line without its newline is still a message (as readline reads it).
      if (!this.discarding && this.partialBytes) this.deliver(Buffer.concat(this.partial));
      this.finish('input ended');
    });
    input.once('close', () => this.finish('input closed'));
    input.on('error', (err) => this.finish(`input failed: ${err.message}`));
    output.on('error', (err) => this.finish(`write failed: ${err.message}`));
    output.once('close', () => this.finish('output closed'));
  }

  get closed(): boolean {
    return this.closing.fired;
  }

  /** Writes while the output is open: the peer may have ended its side and still read answers to what it sent. */
  send(message: string | Buffer): void {
    if (this.closedByUs || this.output.writableEnded || this.output.destroyed) return;
    this.output.write(message);
    this.output.write('\n');
  }

  onMessage(cb: (text: string) => void): void {
    this.listeners.push(cb);
  }

  onClose(cb: (reason: string) => void): void {
    this.closing.on(cb);
  }

  congested(): boolean {
    return this.flow.congested();
  }

  onceDrained(cb: () => void): void {
    this.flow.onceDrained(cb);
  }

  close(): void {
    if (this.closedByUs) return;
    this.closedByUs = true;
    this.finish('closed by this side');
    if (!this.opts.keepOutputOpen) this.output.end();
    this.opts.onCloseRequested?.();
  }

  private readonly onData = (chunk: Buffer | string): void => {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let newline: number;
    while ((newline = bytes.indexOf(NEWLINE)) !== -1) {
      const tail = bytes.subarray(0, newline);
      bytes = bytes.subarray(newline + 1);
      if (this.discarding) {
        this.discarding = false;
        continue;
      }
      if (this.partialBytes + tail.length > this.maxLineBytes) {
        this.overlong(this.partialBytes + tail.length);
        this.discarding = false;
        continue;
      }
      const line = this.partialBytes ? Buffer.concat([...this.partial, tail]) : tail;
      this.partial = [];
      this.partialBytes = 0;
      this.deliver(line);
      if (this.closing.fired) return;
    }
    if (this.discarding || !bytes.length) return;
    this.partial.push(bytes);
    this.partialBytes += bytes.length;
    if (this.partialBytes > this.maxLineBytes) this.overlong(this.partialBytes);
  };

  /** Drops the line read so far and everything up to its newline. */
  private overlong(bytes: number): void {
    this.partial = [];
    this.partialBytes = 0;
    this.discarding = true;
    this.opts.onOverlongLine?.(bytes);
  }

  private deliver(line: Buffer): void {
    let text = line.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (!text.trim()) return;
    for (const l of this.listeners) l(text);
  }

  private finish(reason: string): void {
    if (this.closing.fired) return;
    this.input.off('data', this.onData);
    // Nothing else reading: stop pulling from the stream (our stdin would keep the process alive).
    if (this.input.listenerCount('data') === 0) this.input.pause();
    this.partial = [];
    this.closing.fire(reason);
  }
}
