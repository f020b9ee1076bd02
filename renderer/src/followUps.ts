// Follow-ups queued while a turn runs (Tab in the composer). Codex's app-server
// has no queue: the client keeps it and starts each message as a new turn once
// the running one has ended, as the Codex TUI and app do.
import type { UserInput } from '../../shared/protocol/types.js';

export interface QueuedMessage {
  id: string;
  /** What the composer held, shown in the queue. */
  text: string;
  input: UserInput[];
}

let nextId = 1;

export function queuedMessage(text: string, input: UserInput[]): QueuedMessage {
  return { id: `queued-${nextId++}`, text, input };
}

/**
 * Whether the thread should start its next queued message now: no turn runs
 * and the queue is not paused (after an interrupt it waits for "Start now").
 */
export function shouldStartQueued(view: { turnId: string | null; queued: readonly QueuedMessage[]; queuePaused: boolean }): boolean {
  return view.turnId === null && view.queued.length > 0 && !view.queuePaused;
}
