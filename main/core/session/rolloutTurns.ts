// A thread's turns as front ends see them (thread/resume, thread/read), rebuilt
// from the records readRollout returns: turn lifecycle events and the
// `item_completed` events that carry each finished item.
import type { ThreadItem, Turn } from '../../../shared/protocol/types.js';
import { commandActions } from '../exec/commandActions.js';
import { commandArgv } from '../mcpServer/shellWords.js';
import { threadItemFromRollout } from './codexRolloutItems.js';
import type { RolloutEntry } from './rolloutSchema.js';

/** Turns and their items, rebuilt from `item_completed` events for front ends. */
export function turnsFromRollout(lines: readonly Pick<RolloutEntry, 'item'>[]): Turn[] {
  const turns = new Map<string, Turn>();
  for (const { item: line } of lines) {
    if (line?.type !== 'event_msg') continue;
    const p = line.payload;
    const id = p.turn_id;
    if (typeof id !== 'string') continue;
    let turn = turns.get(id);
    if (!turn) {
      turn = { id, items: [], status: 'inProgress', error: null, startedAt: null, completedAt: null, durationMs: null };
      turns.set(id, turn);
    }
    if (p.type === 'task_started') turn.startedAt = p.started_at ?? null;
    else if (p.type === 'task_complete') {
      turn.status = 'completed';
      turn.completedAt = p.completed_at ?? null;
      turn.durationMs = p.duration_ms ?? null;
    } else if (p.type === 'turn_aborted') turn.status = 'interrupted';
    else if (p.type === 'turn_failed') {
      turn.status = 'failed';
      turn.error = { message: p.message, codexErrorInfo: null, additionalDetails: null };
    } else if (p.type === 'item_completed') {
      const item = threadItemFromRollout(p.item);
      if (item) turn.items.push(withCommandActions(item));
    }
  }
  // A turn still "in progress" in a rollout was cut off (crash, kill).
  for (const t of turns.values()) if (t.status === 'inProgress') t.status = 'interrupted';
  return [...turns.values()];
}

/** Command items of rollouts written before commandActions existed get them on read. */
function withCommandActions(item: ThreadItem): ThreadItem {
  if (item.type !== 'commandExecution' || Array.isArray(item.commandActions)) return item;
  return { ...item, commandActions: commandActions(commandArgv(item.command), item.cwd) };
}
