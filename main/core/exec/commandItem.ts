// The thread item of a command about to run, as the exec tool and the user's
// `!cmd` (thread/shellCommand) both show it: its argv quoted, what it does
// (commandActions), no output yet.
import type { ThreadItem } from '../../../shared/protocol/types.js';
import { shellQuoteJoin } from '../util/shellQuote.js';
import { commandActions } from './commandActions.js';

export type CommandItem = Extract<ThreadItem, { type: 'commandExecution' }>;

export function startingCommandItem(id: string, argv: string[], cwd: string): CommandItem {
  return {
    type: 'commandExecution',
    id,
    command: shellQuoteJoin(argv),
    commandActions: commandActions(argv, cwd),
    cwd,
    processId: null,
    status: 'inProgress',
    aggregatedOutput: null,
    exitCode: null,
    durationMs: null,
  };
}
