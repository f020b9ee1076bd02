// The watchdog: a tiny separate process (POSIX sh, one per program) that
// kills the agent's process groups when this program dies, however it dies.
//
// Why: a SIGKILLed or crashed CLI runs no exit handler, and its commands are
// re-parented to init and keep running. On Linux the sandbox helper also sets
// a parent-death signal and a PID namespace; macOS has neither, so there the
// watchdog is the only guard. It is cheap (one `sh` per program, one short
// line per command), so Linux keeps it as defence in depth.
//
// How: we hold the write end of the watchdog's stdin and send `+PGID` when a
// group starts and `-PGID` when it is gone. The kernel closes that pipe when
// this process ends, by any path; the watchdog then reads EOF, SIGTERMs the
// groups still listed, and SIGKILLs them shortly after. It lives in its own
// session, so a Ctrl-C or hangup aimed at our process group does not reach it.
//
// Limits: a process that left its group (setsid) is out of its reach; on Linux
// the helper's PID namespace covers that, on macOS nothing does. Windows has
// no process groups: sandboxed commands run in the helper's kill-on-close job
// object; unsandboxed ones (danger-full-access) are not covered there.
import { spawn } from 'node:child_process';
import { Socket } from 'node:net';

const SCRIPT = `
trap '' INT HUP
groups=' '
while IFS= read -r line; do
  g=\${line#?}
  case $g in ''|*[!0-9]*) continue ;; esac
  case $line in
    +*) groups="$groups$g " ;;
    -*) case $groups in *" $g "*) groups="\${groups%% $g *} \${groups#* $g }" ;; esac ;;
  esac
done
alive=
for g in $groups; do kill -s TERM -- "-$g" 2>/dev/null && alive="$alive $g"; done
[ -z "$alive" ] && exit 0
sleep 0.3 2>/dev/null || sleep 1
for g in $alive; do kill -s KILL -- "-$g" 2>/dev/null; done
exit 0
`;

export interface Watchdog {
  readonly pid: number;
  watch(pgid: number): void;
  unwatch(pgid: number): void;
}

/** Starts the watchdog; null where it cannot run (Windows, no /bin/sh). */
export function startWatchdog(): Watchdog | null {
  if (process.platform === 'win32') return null;
  let child;
  try {
    child = spawn('/bin/sh', ['-c', SCRIPT], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
  } catch {
    return null;
  }
  const pid = child.pid;
  if (pid === undefined) {
    child.on('error', () => {});
    return null;
  }
  let open = true;
  child.on('error', () => (open = false));
  child.on('exit', () => (open = false));
  const stdin = child.stdin!;
  stdin.on('error', () => (open = false)); // EPIPE: the watchdog was killed
  // Neither the watchdog nor our end of its pipe may keep this program alive.
  child.unref();
  if (stdin instanceof Socket) stdin.unref();
  const send = (line: string) => {
    if (open) stdin.write(line + '\n');
  };
  return {
    pid,
    watch: (pgid) => send(`+${pgid}`),
    unwatch: (pgid) => send(`-${pgid}`),
  };
}
