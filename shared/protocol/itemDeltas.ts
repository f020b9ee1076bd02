// How a streamed delta notification changes the item it belongs to. Every front
// end that keeps a transcript (the desktop renderer, the TUI) applies deltas the
// same way, so the rules live here once: pure, no Node, no zod at run time.
import type { ServerNotification, ThreadItem } from './types.js';

export type ItemDeltaNotification = ServerNotification<'item/agentMessage/delta' | 'item/reasoning/summaryTextDelta' | 'item/commandExecution/outputDelta'>;

/** The item a delta starts when it arrives before its `item/started` (cwd: the thread's, if known). */
export function itemForDelta(n: ItemDeltaNotification, cwd: string): ThreadItem {
  const id = n.params.itemId;
  switch (n.method) {
    case 'item/agentMessage/delta':
      return { type: 'agentMessage', id, text: '' };
    case 'item/reasoning/summaryTextDelta':
      return { type: 'reasoning', id, summary: [], content: [] };
    case 'item/commandExecution/outputDelta':
      return {
        type: 'commandExecution',
        id,
        command: '',
        commandActions: [],
        cwd,
        processId: null,
        status: 'inProgress',
        aggregatedOutput: null,
        exitCode: null,
        durationMs: null,
      };
  }
}

/** `item` with the delta applied; an item of another type is left as it is. */
export function applyItemDelta(item: ThreadItem, n: ItemDeltaNotification): ThreadItem {
  switch (n.method) {
    case 'item/agentMessage/delta':
      return item.type === 'agentMessage' ? { ...item, text: item.text + n.params.delta } : item;
    case 'item/reasoning/summaryTextDelta': {
      if (item.type !== 'reasoning') return item;
      const summary = item.summary.slice();
      summary[n.params.summaryIndex] = (summary[n.params.summaryIndex] ?? '') + n.params.delta;
      return { ...item, summary };
    }
    case 'item/commandExecution/outputDelta':
      return item.type === 'commandExecution' ? { ...item, aggregatedOutput: (item.aggregatedOutput ?? '') + n.params.delta } : item;
  }
}
