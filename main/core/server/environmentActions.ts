// Runs a local environment's named actions (environment.toml `[[actions]]`) for
// a thread, in the thread's cwd, with their output streamed. An action is the
// user's own command started by the user (the Codex app runs it in its
// terminal), so it runs as the user, not in the agent's sandbox. Each run is
// its own process group; every run of a thread ends when the thread closes,
// and all of them when the server shuts down.
import { spawn, type ChildProcess } from 'node:child_process';
import { uuidv7 } from '../util/ids.js';

export interface ActionRunEvents {
  output(threadId: string, runId: string, delta: string): void;
  completed(threadId: string, runId: string, exitCode: number | null, signal: string | null): void;
}

interface Run {
  threadId: string;
  child: ChildProcess;
  exited: Promise<void>;
}

export class EnvironmentActionRuns {
  private readonly runs = new Map<string, Run>();

  constructor(private readonly events: ActionRunEvents) {}

  start(threadId: string, command: string, cwd: string, env: NodeJS.ProcessEnv): string {
    const runId = uuidv7();
    const windows = process.platform === 'win32';
    const child = spawn(windows ? 'cmd.exe' : '/bin/sh', windows ? ['/d', '/s', '/c', command] : ['-c', command], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: !windows, // its own group, so terminating it ends what it started
    });
    const take = (d: Buffer) => this.events.output(threadId, runId, d.toString('utf8'));
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    const exited = new Promise<void>((resolve) => {
      child.on('error', (err) => {
        this.events.output(threadId, runId, `cannot start the action: ${err.message}\n`);
      });
      child.on('close', (code, signal) => {
        this.runs.delete(runId);
        this.events.completed(threadId, runId, code, signal);
        resolve();
      });
    });
    this.runs.set(runId, { threadId, child, exited });
    return runId;
  }

  /** Ends one run (its whole process group); false when it is not running. */
  async terminate(runId: string): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run) return false;
    killGroup(run.child);
    await run.exited;
    return true;
  }

  async terminateThread(threadId: string): Promise<void> {
    await Promise.all([...this.runs].filter(([, r]) => r.threadId === threadId).map(([id]) => this.terminate(id)));
  }

  async terminateAll(): Promise<void> {
    await Promise.all([...this.runs.keys()].map((id) => this.terminate(id)));
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  // A process that ignores SIGTERM is killed a moment later.
  const hard = setTimeout(() => {
    try {
      process.kill(process.platform === 'win32' ? child.pid! : -child.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 2_000);
  child.once('close', () => clearTimeout(hard));
}
