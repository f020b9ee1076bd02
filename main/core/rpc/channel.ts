// A message channel: what every JSON-RPC speaker here runs over, whether the
// messages travel as lines on a stream pair (stdio) or as websocket frames.
// One message per send and per onMessage call; framing is the channel's job.

export interface Channel {
  readonly kind: 'stdio' | 'websocket';
  /** Puts one message on the wire; dropped once the channel is closed. */
  send(message: string | Buffer): void;
  /** Every message received, in order (blank lines are not messages). */
  onMessage(cb: (text: string) => void): void;
  /** Called once, when the channel is gone (either side closed it, or it failed); at once if it already is. */
  onClose(cb: (reason: string) => void): void;
  /** True while the peer is behind on what we sent: producers should pause. */
  congested(): boolean;
  /** Calls cb once the peer caught up (or the channel closed). */
  onceDrained(cb: () => void): void;
  readonly closed: boolean;
  /** Closes our side; onClose listeners hear `closed by this side`. */
  close(): void;
}

/** A one-shot event: listeners added after it fired are called at once. */
export class CloseNotifier {
  private reason: string | undefined;
  private readonly listeners: ((reason: string) => void)[] = [];

  get fired(): boolean {
    return this.reason !== undefined;
  }

  on(cb: (reason: string) => void): void {
    if (this.reason !== undefined) cb(this.reason);
    else this.listeners.push(cb);
  }

  fire(reason: string): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    for (const cb of this.listeners.splice(0)) cb(reason);
  }
}
