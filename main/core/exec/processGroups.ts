// Every process group this program started for a command and that may still
// have members. The spawner registers each command's group and releases it
// once the group is known to be empty, so nothing the agent started can
// outlive the program that started it:
// * a clean exit or a termination signal kills what is left (terminateAllGroups),
// * a sudden death (SIGKILL, crash) is covered by the watchdog (watchdog.ts),
//   which learns of every group registered here.
import { startWatchdog, type Watchdog } from './watchdog.js';

/** How long SIGTERMed groups get to exit before SIGKILL. */
export const TERMINATION_GRACE_MS = 500;
const POLL_MS = 20;

const live = new Set<number>();
let watchdog: Watchdog | null | undefined;
let exitHookInstalled = false;

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: no member left
  }
}

/** Last resort when the program exits by any path: nothing registered survives it. */
function killAllNow(): void {
  for (const pgid of live) signalGroup(pgid, 'SIGKILL');
  live.clear();
}

/**
 * Records `pgid` (a command's process group, led by the pid the spawner
 * started) as live until the returned release is called.
 */
export function registerProcessGroup(pgid: number): () => void {
  if (process.platform === 'win32') return () => {}; // no process groups; see watchdog.ts
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killAllNow);
  }
  if (watchdog === undefined) watchdog = startWatchdog();
  live.add(pgid);
  watchdog?.watch(pgid);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    live.delete(pgid);
    watchdog?.unwatch(pgid);
  };
}

/** Groups registered and not yet released. */
export function liveProcessGroups(): number[] {
  return [...live];
}

/**
 * SIGTERM to every live group, then SIGKILL to those still populated after
 * `graceMs`. Resolves once every group is empty (or was SIGKILLed).
 */
export async function terminateAllGroups(graceMs = TERMINATION_GRACE_MS): Promise<void> {
  const groups = [...live].filter((g) => signalGroup(g, 'SIGTERM'));
  const deadline = Date.now() + graceMs;
  let pending = groups;
  while (pending.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    pending = pending.filter((g) => signalGroup(g, 0));
  }
  for (const g of pending) signalGroup(g, 'SIGKILL');
}
