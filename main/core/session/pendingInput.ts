// Input the user adds to a running turn (turn/steer). It waits here until the
// turn's next sampling request, which takes it into the history first, as
// Codex's pending input does. Once the turn has decided to end it takes no
// more, so nothing steered is left behind unseen.
import type { UserInput } from '../../protocol/types.js';

export interface SteeredInput {
  input: UserInput[];
  /** turn/steer's clientUserMessageId, echoed on the userMessage item. */
  clientId?: string;
}

/** Why a steer was refused, in Codex's words; `data` is Codex's TurnError payload where it sends one. */
export class SteerError extends Error {
  constructor(
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'SteerError';
  }
}

export class PendingInput {
  private queue: SteeredInput[] = [];
  private open = true;

  get accepting(): boolean {
    return this.open;
  }

  get isEmpty(): boolean {
    return this.queue.length === 0;
  }

  push(entry: SteeredInput): void {
    if (!this.open) throw new SteerError('no active turn to steer');
    this.queue.push(entry);
  }

  /** Everything waiting, in arrival order; the queue is left empty. */
  take(): SteeredInput[] {
    const taken = this.queue;
    this.queue = [];
    return taken;
  }

  /** Stops taking input and hands back what was never sampled. */
  close(): SteeredInput[] {
    this.open = false;
    return this.take();
  }
}
