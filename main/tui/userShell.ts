// `!cmd` in the composer: the user's own shell command, run in the thread's
// directory (not sandboxed: the user typed it, as in their shell) and shown as
// a command cell. Its process group is registered, so it never outlives the
// session (processGroups.ts kills what is left on exit or when we die).
import { spawn } from 'node:child_process';
import { registerProcessGroup } from '../core/exec/processGroups.js';
import type { ThreadItem } from '../../shared/protocol/types.js';

type CommandItem = Extract<ThreadItem, { type: 'commandExecution' }>;

/** Output kept per command; the cell shows only its tail anyway. */
const MAX_OUTPUT = 1024 * 1024;

let seq = 0;

export function runUserShell(command: string, cwd: string, env: NodeJS.ProcessEnv, show: (item: CommandItem, done: boolean) => void): Promise<void> {
  const started = Date.now();
  const item: CommandItem = {
    type: 'commandExecution',
    id: `user-shell-${++seq}`,
    command,
    commandActions: [],
    cwd,
    processId: null,
    status: 'inProgress',
    aggregatedOutput: '',
    exitCode: null,
    durationMs: null,
  };
  show(item, false);
  return new Promise((resolve) => {
    const shell = env.SHELL || '/bin/sh';
    const child = spawn(shell, ['-c', command], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const release = child.pid ? registerProcessGroup(child.pid) : () => undefined;
    let output = '';
    const take = (d: Buffer) => {
      if (output.length < MAX_OUTPUT) output += d.toString('utf8');
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const finish = (exitCode: number | null, reason?: string) => {
      release();
      show(
        {
          ...item,
          status: exitCode === 0 ? 'completed' : 'failed',
          aggregatedOutput: output,
          exitCode,
          durationMs: Date.now() - started,
          ...(reason ? { reason } : {}),
        },
        true,
      );
      resolve();
    };
    child.on('error', (err) => finish(null, `could not start ${shell}: ${err.message}`));
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : null)));
  });
}
