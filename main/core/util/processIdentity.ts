// Is the process that wrote a lock or journal still running? A pid alone can
// be reused after a crash, so on Linux the process's start time (from
// /proc/<pid>/stat) is recorded too and must match.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface ProcessIdentity {
  pid: number;
  host: string;
  /** Kernel start time of the process (clock ticks since boot) where the OS exposes it. */
  startTicks?: string;
}

function startTicksOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22; the command name (field 2) may contain spaces, so count from the closing parenthesis.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

export function currentProcess(): ProcessIdentity {
  return { pid: process.pid, host: os.hostname(), startTicks: startTicksOf(process.pid) };
}

/** False only when we are sure the process is gone; a process on another host counts as alive. */
export function isAlive(p: ProcessIdentity): boolean {
  if (p.host !== os.hostname()) return true;
  if (!Number.isInteger(p.pid) || p.pid <= 0) return false;
  try {
    process.kill(p.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (p.startTicks === undefined) return true;
  const now = startTicksOf(p.pid);
  return now === undefined || now === p.startTicks;
}
