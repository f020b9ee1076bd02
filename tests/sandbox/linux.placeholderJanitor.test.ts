// Placeholders (the empty mode-0500 directories standing in for a missing
// .git, .codex or .agents while a sandboxed command runs) leave the user's
// folders as they were however the helper dies: SIGKILL of its process group
// (what the spawner does at every interrupt) or of the app that started it
// (parent-death signal). The real helper, real processes; the janitor is
// found through /proc (its name, and its parent while the helper lives).
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { wrapCommandForSandbox } from '../../main/core/sandbox/index.js';
import { findPackageRoot } from '../../main/core/sandbox/linux.js';
import type { SandboxPolicy } from '../../main/core/sandbox/policy.js';
import { baseEnv, isRoot, onLinux, useHelper, useScratch, ww } from '../support/linuxSandbox.js';

const NAMES = ['.agents', '.codex', '.git'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check: () => boolean, ms = 5000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(20)) if (check()) return true;
  return check();
}

/** Names with type and permission bits, sorted: what "left as it was" compares. */
function listing(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const st = lstatSync(path.join(dir, n), { throwIfNoEntry: false });
      return st ? [`${n} ${st.isDirectory() ? 'd' : 'f'}${(st.mode & 0o7777).toString(8)}`] : []; // removed meanwhile
    });
}

const hasPlaceholders = (dir: string, names = NAMES) => names.every((n) => existsSync(path.join(dir, n)));

/** "state ppid" and the name of a process, from /proc/PID/stat; undefined once it is reaped. */
function procStat(pid: number): { comm: string; state: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const [state, ppid] = stat.slice(close + 2).split(' ');
    return { comm: stat.slice(stat.indexOf('(') + 1, close), state: state!, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/** The janitor the helper `helperPid` started (its child, named sandbox-janitor), while the helper lives. */
async function janitorOf(helperPid: number): Promise<number> {
  let found: number | undefined;
  await waitFor(() => {
    found = readdirSync('/proc')
      .filter((n) => /^\d+$/.test(n))
      .map(Number)
      .find((pid) => {
        const st = procStat(pid);
        return st?.comm === 'sandbox-janitor' && st.ppid === helperPid && st.state !== 'Z';
      });
    return found !== undefined;
  });
  if (found === undefined) throw new Error(`no janitor of helper ${helperPid}`);
  return found;
}

/** Whether the janitor `pid` still runs (a zombie waiting for init to reap it has exited). */
const janitorRuns = (pid: number) => {
  const st = procStat(pid);
  return st !== undefined && st.comm === 'sandbox-janitor' && st.state !== 'Z';
};

interface Run {
  child: ChildProcess;
  /** Resolves when the command has printed something: the sandbox is fully set up. */
  running: Promise<unknown>;
  closed: Promise<unknown>;
}

/** The helper spawned as the spawner does it: detached (own process group), stdout piped. `prefix` must exec it in place (setpriv). */
function startRun(policy: SandboxPolicy, cwd: string, script: string, prefix: string[] = []): Run {
  const cmd = wrapCommandForSandbox({ argv: ['sh', '-c', script], cwd, env: baseEnv(), policy });
  const argv = [...prefix, ...cmd.argv];
  const child = spawn(argv[0]!, argv.slice(1), { cwd, env: cmd.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.resume();
  return {
    child,
    running: new Promise((resolve) => child.stdout!.once('data', resolve)),
    closed: new Promise((resolve) => child.once('close', resolve)),
  };
}

describe.skipIf(!onLinux)('Linux sandbox: placeholders never outlive the helper', () => {
  useHelper();
  const dirs = useScratch();

  it('SIGKILL of the helper process group: the placeholders in the cwd and in an extra (/tmp-like) root are gone, and the janitor with them', async () => {
    const extra = path.join(dirs.base, 'extra');
    mkdirSync(path.join(extra, 'keep'), { recursive: true });
    writeFileSync(path.join(dirs.ws, 'a.txt'), 'a\n');
    const before = { ws: listing(dirs.ws), extra: listing(extra) };
    const { child, running, closed } = startRun(ww({ writableRoots: [extra] }), dirs.ws, 'echo running; sleep 30');
    await running;
    // The command runs: its placeholders exist on the host.
    expect(hasPlaceholders(dirs.ws) && hasPlaceholders(extra)).toBe(true);
    const janitor = await janitorOf(child.pid!);
    process.kill(-child.pid!, 'SIGKILL');
    await closed; // the janitor holds none of the helper's stdio
    expect(await waitFor(() => listing(dirs.ws).join() === before.ws.join() && listing(extra).join() === before.extra.join(), 3000)).toBe(true);
    expect(listing(dirs.ws)).toEqual(before.ws);
    expect(listing(extra)).toEqual(before.extra);
    expect(await waitFor(() => !janitorRuns(janitor), 2000)).toBe(true);
  });

  it('a SIGKILLed app (the helper dies by its parent-death signal): the placeholders are gone', async () => {
    writeFileSync(path.join(dirs.ws, 'a.txt'), 'a\n');
    const before = listing(dirs.ws);
    const cmd = wrapCommandForSandbox({ argv: ['sh', '-c', 'sleep 30'], cwd: dirs.ws, env: baseEnv(), policy: ww() });
    // A Node process standing in for the app, spawning the helper as the spawner does.
    const app = spawn(
      process.execPath,
      [
        '-e',
        `const [f, ...a] = JSON.parse(process.argv[1]);
         const c = require('child_process').spawn(f, a, { cwd: process.argv[2], env: JSON.parse(process.argv[3]), stdio: ['pipe', 'pipe', 'pipe'], detached: true });
         console.log(c.pid); setInterval(() => {}, 1000);`,
        JSON.stringify(cmd.argv),
        dirs.ws,
        JSON.stringify(cmd.env),
      ],
      { cwd: findPackageRoot(), stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const appClosed = new Promise((resolve) => app.once('close', resolve));
    const helperPid = await new Promise<number>((resolve) => app.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    let janitor: number;
    try {
      expect(await waitFor(() => hasPlaceholders(dirs.ws))).toBe(true);
      janitor = await janitorOf(helperPid);
    } finally {
      app.kill('SIGKILL');
    }
    await appClosed;
    expect(await waitFor(() => listing(dirs.ws).join() === before.join(), 3000)).toBe(true);
    expect(listing(dirs.ws)).toEqual(before);
    expect(await waitFor(() => !janitorRuns(janitor), 2000)).toBe(true);
  });

  it('a concurrent run in the same root keeps its placeholders (and its protection) while the other run is SIGKILLed', async () => {
    // B waits for `go`, then tries to plant .git: it must still be refused.
    const b = startRun(ww(), dirs.ws, 'echo running; while [ ! -e go ]; do sleep 0.02; done; rm go; mkdir .git 2>/dev/null && echo planted || echo refused');
    let bOut = '';
    b.child.stdout!.on('data', (d: Buffer) => (bOut += d.toString()));
    await b.running;
    const a = startRun(ww(), dirs.ws, 'echo running; sleep 30');
    await a.running;
    const aJanitor = await janitorOf(a.child.pid!);
    process.kill(-a.child.pid!, 'SIGKILL');
    await a.closed;
    // A's janitor has finished (it waits up to 200 ms on a lock before leaving it to its holder).
    expect(await waitFor(() => !janitorRuns(aJanitor), 3000)).toBe(true);
    expect(listing(dirs.ws)).toEqual(NAMES.map((n) => `${n} d500`));
    writeFileSync(path.join(dirs.ws, 'go'), '');
    await b.closed;
    expect(bOut).toBe('running\nrefused\n');
    expect(listing(dirs.ws)).toEqual([]);
  });

  it.skipIf(!isRoot || !existsSync('/usr/bin/setpriv'))(
    'also for an unprivileged user (the helper in its own user namespace, the janitor outside it)',
    async () => {
      chmodSync(dirs.base, 0o755);
      chownSync(dirs.ws, 65534, 65534);
      const { child, running, closed } = startRun(ww(), dirs.ws, 'echo running; sleep 30', ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']);
      await running;
      expect(listing(dirs.ws)).toEqual(NAMES.map((n) => `${n} d500`));
      expect(lstatSync(path.join(dirs.ws, '.git')).uid).toBe(65534);
      const janitor = await janitorOf(child.pid!);
      process.kill(-child.pid!, 'SIGKILL');
      await closed;
      expect(await waitFor(() => listing(dirs.ws).length === 0, 3000)).toBe(true);
      expect(await waitFor(() => !janitorRuns(janitor), 2000)).toBe(true);
    },
  );

  it("never removes what the user put at a placeholder's name meanwhile (contents, another mode, another directory)", async () => {
    const { child, running, closed } = startRun(ww(), dirs.ws, 'echo running; sleep 30');
    await running; // set up: the janitor knows exactly which directories are this run's
    const janitor = await janitorOf(child.pid!);
    // From the host, where the names are not mount points.
    const git = path.join(dirs.ws, '.git');
    chmodSync(git, 0o700);
    writeFileSync(path.join(git, 'HEAD'), 'ref: refs/heads/main\n');
    chmodSync(git, 0o500); // our mode again, but not empty
    chmodSync(path.join(dirs.ws, '.codex'), 0o755); // empty, another mode
    const agents = path.join(dirs.ws, '.agents');
    rmdirSync(agents);
    mkdirSync(agents, { mode: 0o500 }); // empty, our mode, but another directory
    process.kill(-child.pid!, 'SIGKILL');
    await closed;
    expect(await waitFor(() => !janitorRuns(janitor), 3000)).toBe(true);
    expect(listing(dirs.ws)).toEqual(['.agents d500', '.codex d755', '.git d500']);
    expect(readFileSync(path.join(git, 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
  });

  it('a run that ends normally removes its placeholders itself and dismisses its janitor', async () => {
    const { child, running, closed } = startRun(ww(), dirs.ws, 'echo running; sleep 0.3');
    await running;
    expect(hasPlaceholders(dirs.ws)).toBe(true);
    const janitor = await janitorOf(child.pid!);
    await closed;
    expect(listing(dirs.ws)).toEqual([]);
    expect(await waitFor(() => !janitorRuns(janitor), 1000)).toBe(true);
  });
});
