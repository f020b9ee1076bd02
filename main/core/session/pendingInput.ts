// Input added to a running turn: what the user steers in (turn/steer) and the
// record of a `!` command run during the turn. It waits here until the turn's
// next sampling request, which takes it into the history first, as Codex's
// pending input does. Once the turn has decided to end it takes no more, so
// nothing is left behind unseen.
import type { UserInput } from '../../../shared/protocol/types.js';
import type { ResponseItem } from '../model/types.js';

export type PendingEntry =
  /** clientId: turn/steer's clientUserMessageId, echoed on the userMessage item. */
  | { kind: 'user'; input: UserInput[]; clientId?: string }
  /** An item for the history as is (a user shell command's record). */
  | { kind: 'item'; item: ResponseItem };

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
  private queue: PendingEntry[] = [];
  private open = true;

  get accepting(): boolean {
    return this.open;
  }

  get isEmpty(): boolean {
    return this.queue.length === 0;
  }

  push(entry: PendingEntry): void {
    if (!this.open) throw new SteerError('no active turn to steer');
    this.queue.push(entry);
  }

  /** Everything waiting, in arrival order; the queue is left empty. */
  take(): PendingEntry[] {
    const taken = this.queue;
    this.queue = [];
    return taken;
  }

  /** Stops taking input and hands back what was never sampled. */
  close(): PendingEntry[] {
    this.open = false;
    return this.take();
  }
}
