// Follow-ups queued while a turn runs (Tab in the composer). Codex's app-server
// has no queue: the client keeps it and starts each message as a new turn once
// the running one has ended, as the Codex TUI and app do.
import type { UserInput } from '../../shared/protocol/types.js';

export interface QueuedMessage {
  id: string;
  /** What the composer held, shown in the queue. */
  text: string;
  input: UserInput[];
  /** `!cmd` queued: run through thread/shellCommand instead of starting a model turn. */
  shellCommand?: string;
}

let nextId = 1;

export function queuedMessage(text: string, input: UserInput[]): QueuedMessage {
  const shellCommand = text.startsWith('!') ? text.slice(1).trim() : '';
  return { id: `queued-${nextId++}`, text, input, ...(shellCommand ? { shellCommand } : {}) };
}

/**
 * Whether the thread should start its next queued message now: no turn runs
 * and the queue is not paused (after an interrupt it waits for "Start now").
 */
export function shouldStartQueued(view: { turnId: string | null; queued: readonly QueuedMessage[]; queuePaused: boolean }): boolean {
  return view.turnId === null && view.queued.length > 0 && !view.queuePaused;
}
