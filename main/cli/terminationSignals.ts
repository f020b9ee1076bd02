// How the long-running subcommands (exec, resume, app-server, mcp-server,
// exec-server) end on SIGTERM, SIGHUP or SIGINT: every process group our
// sessions started gets SIGTERM, then SIGKILL after a short grace; then the
// subcommand's own shutdown (rollouts, MCP connections) runs, for a bounded
// time; then the signal is raised again with its default action, so
// the program dies of it and the caller sees the conventional status (128+n),
// as Codex 0.169 does. Where Codex treats a signal as a clean stop (app-server
// on SIGTERM, exec-server on SIGTERM and SIGINT: observed exit 0), the
// subcommand says so and we exit 0. A second signal skips the waiting.
//
// `codex exec` claims SIGINT for itself (interruptHandler): Ctrl-C interrupts
// the turn and exec exits 1 once it ended, as in Codex. A second Ctrl-C
// terminates as above.
import { constants as osConstants } from 'node:os';
import { liveProcessGroups, terminateAllGroups } from '../core/exec/processGroups.js';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];
/** The longest the subcommand's own shutdown may delay the exit. */
const SHUTDOWN_DEADLINE_MS = 3000;

let installed = false;
let terminating: Promise<void> | undefined;
let interruptHandler: (() => void) | undefined;
let interruptUsed = false;
const shutdownHooks = new Set<() => Promise<unknown>>();

let cleanStops: ReadonlySet<NodeJS.Signals> = new Set();

/** Installs the handlers once per program; `cleanStop` signals end it with status 0. */
export function installTerminationHandlers(cleanStop: readonly NodeJS.Signals[] = []): void {
  if (installed) return;
  installed = true;
  cleanStops = new Set(cleanStop);
  for (const sig of SIGNALS) process.on(sig, onSignal);
}

/** While set, the first SIGINT calls `fn` instead of terminating the program. */
export function setInterruptHandler(fn: (() => void) | undefined): void {
  interruptHandler = fn;
}

/** Runs (bounded) before a termination signal ends the program; returns the removal. */
export function addShutdownHook(hook: () => Promise<unknown>): () => void {
  shutdownHooks.add(hook);
  return () => shutdownHooks.delete(hook);
}

/** True once a termination signal arrived: the program is about to die of it, so nobody else should exit. */
export function terminationInProgress(): boolean {
  return terminating !== undefined;
}

/**
 * The reader of stdout went away (`codex exec --json … | head -1`): the session
 * stops with the same cleanup as on a termination signal, and the program ends
 * as one killed by SIGPIPE would (status 141). Codex 0.169 also stops there
 * without running the turn (it panics, status 101); a zero status would tell a
 * `set -o pipefail` script that the run succeeded.
 */
export function terminateOnClosedOutput(): void {
  if (!terminating) terminating = terminate('SIGPIPE');
}

function onSignal(sig: NodeJS.Signals): void {
  if (sig === 'SIGINT' && interruptHandler && !interruptUsed && !terminating) {
    interruptUsed = true;
    interruptHandler();
    return;
  }
  if (terminating) {
    // Asked twice: no more grace.
    for (const g of liveProcessGroups()) killGroupNow(g);
    raise(sig);
    return;
  }
  terminating = terminate(sig);
}

async function terminate(sig: NodeJS.Signals): Promise<void> {
  // Commands first, so they get their grace (a turn's shutdown would SIGKILL them at once).
  await terminateAllGroups();
  const hooks = [...shutdownHooks].map((h) => h().catch(() => undefined));
  const deadline = new Promise((r) => setTimeout(r, SHUTDOWN_DEADLINE_MS).unref());
  await Promise.race([Promise.all(hooks), deadline]);
  // Hooks may have started commands' kills late; nothing registered survives.
  for (const g of liveProcessGroups()) killGroupNow(g);
  raise(sig);
}

function killGroupNow(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/** Dies of `sig` (default action), or exits 128+n where that does not kill us. */
function raise(sig: NodeJS.Signals): void {
  if (cleanStops.has(sig)) process.exit(0);
  for (const s of SIGNALS) process.removeAllListeners(s);
  process.kill(process.pid, sig);
  // Delivery to ourselves is asynchronous; exit if it did not end us.
  setTimeout(() => process.exit(128 + osConstants.signals[sig]), 100);
}
