// Commands die with their session: the real helper started by a real Node
// parent that is then SIGKILLed, heartbeats written by a setsid grandchild
// and a plain background child, and the host's /proc checked for survivors.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import pty from '@lydell/node-pty';
import { describe, expect, it } from 'vitest';
import { wrapCommandForSandbox } from '../../main/core/sandbox/index.js';
import { findPackageRoot } from '../../main/core/sandbox/linux.js';
import type { SandboxPolicy } from '../../main/core/sandbox/policy.js';
import { baseEnv, isRoot, onLinux, READ_ONLY, run, sh, useHelper, useScratch, ww } from '../support/linuxSandbox.js';

const FULL: SandboxPolicy = { mode: 'danger-full-access' };
const POLICIES: Array<[string, () => SandboxPolicy]> = [
  ['workspace-write', () => ww()],
  ['workspace-write with network', () => ww({ networkAccess: true })],
  ['danger-full-access', () => FULL],
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Host pids whose command line contains `marker` (the test's own view of /proc). */
function pidsWithMarker(marker: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(marker)) out.push(Number(name));
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

async function waitFor(check: () => boolean, ms = 5000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(20)) if (check()) return true;
  return check();
}

const mtime = (f: string) => (existsSync(f) ? statSync(f).mtimeMs : 0);

/** A shell loop rewriting `file` every 20 ms; `marker` is in its command line. */
const heartbeat = (file: string, marker: string) => `sh -c 'while :; do echo ${marker} > ${file}; sleep 0.02; done'`;

/**
 * A Node process standing in for the app: it spawns `argv` the way the
 * spawner does (detached: own session and process group, pipes or a pty)
 * and then idles until killed.
 */
function startParent(argv: string[], cwd: string, env: Record<string, string>, tty: boolean): ChildProcess {
  const script = tty
    ? `const pty = require('@lydell/node-pty'); const [f, ...a] = JSON.parse(process.argv[1]);
       pty.spawn(f, a, { cwd: process.argv[2], env: JSON.parse(process.argv[3]), cols: 80, rows: 24 }); setInterval(() => {}, 1000);`
    : `const [f, ...a] = JSON.parse(process.argv[1]);
       require('child_process').spawn(f, a, { cwd: process.argv[2], env: JSON.parse(process.argv[3]), stdio: ['pipe', 'pipe', 'pipe'], detached: true });
       setInterval(() => {}, 1000);`;
  return spawn(process.execPath, ['-e', script, JSON.stringify(argv), cwd, JSON.stringify(env)], {
    cwd: findPackageRoot(),
    stdio: 'ignore',
  });
}

describe.skipIf(!onLinux)('Linux helper: commands die with their session', () => {
  useHelper();
  const dirs = useScratch();

  describe.each(POLICIES)('%s', (_name, policy) => {
    for (const tty of [false, true]) {
      it(`a SIGKILLed parent takes the command, its setsid grandchild and its background child along (${tty ? 'pty' : 'pipes'})`, async () => {
        const marker = `codex-life-${process.pid}-${Date.now()}-${tty ? 't' : 'p'}`;
        const hbSetsid = path.join(dirs.ws, 'hb-setsid');
        const hbChild = path.join(dirs.ws, 'hb-child');
        const script = `setsid ${heartbeat(hbSetsid, marker + '-setsid')} & ${heartbeat(hbChild, marker + '-child')} & wait`;
        const cmd = wrapCommandForSandbox({ argv: ['sh', '-c', script], cwd: dirs.ws, env: baseEnv(), policy: policy() });
        const parent = startParent(cmd.argv, dirs.ws, cmd.env, tty);
        try {
          // Both loops run and beat.
          expect(await waitFor(() => existsSync(hbSetsid) && existsSync(hbChild))).toBe(true);
          expect(await waitFor(() => pidsWithMarker(marker).length >= 2)).toBe(true);
          const before = [mtime(hbSetsid), mtime(hbChild)];
          await sleep(150);
          expect(mtime(hbSetsid)).toBeGreaterThan(before[0]!);
          expect(mtime(hbChild)).toBeGreaterThan(before[1]!);
        } finally {
          parent.kill('SIGKILL');
        }
        // Every process is gone, and nothing beats any more.
        expect(await waitFor(() => pidsWithMarker(marker).length === 0)).toBe(true);
        const after = [mtime(hbSetsid), mtime(hbChild)];
        await sleep(200);
        expect([mtime(hbSetsid), mtime(hbChild)]).toEqual(after);
      });
    }

    it('kills what a finished command left behind (setsid and plain background children)', async () => {
      const marker = `codex-left-${process.pid}-${Date.now()}`;
      // Their output goes elsewhere, so the run returns as soon as sh exits.
      const started = Date.now();
      const r = await sh(
        policy(),
        dirs.ws,
        `setsid sh -c 'sleep 30; : ${marker}-a' >/dev/null 2>&1 & sh -c 'sleep 30; : ${marker}-b' >/dev/null 2>&1 & sleep 0.2; echo started`,
      );
      expect(r.stdout).toBe('started\n');
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await waitFor(() => pidsWithMarker(marker).length === 0, 1000)).toBe(true);
    });

    it('passes ^C typed on its terminal to the command (pty), which handles it and exits its own way', async () => {
      const cmd = wrapCommandForSandbox({
        argv: ['sh', '-c', 'trap "echo got-int; exit 5" INT; echo ready; while :; do sleep 0.02; done'],
        cwd: dirs.ws,
        env: baseEnv(),
        policy: policy(),
      });
      const term = pty.spawn(cmd.argv[0]!, cmd.argv.slice(1), { cwd: dirs.ws, env: cmd.env, cols: 80, rows: 24 });
      let out = '';
      term.onData((d) => (out += d));
      const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
      expect(await waitFor(() => out.includes('ready'))).toBe(true);
      term.write('\x03');
      expect(await exited).toBe(5);
      expect(out.match(/got-int/g)).toHaveLength(1);
    });

    it('runs an interactive bash on a pty: it owns the terminal (job control, reads, ^C) and exits its own way', async () => {
      const cmd = wrapCommandForSandbox({ argv: ['bash', '--norc', '--noprofile', '-i'], cwd: dirs.ws, env: { ...baseEnv(), PS1: '$ ' }, policy: policy() });
      const term = pty.spawn(cmd.argv[0]!, cmd.argv.slice(1), { cwd: dirs.ws, env: cmd.env, cols: 80, rows: 24 });
      let out = '';
      term.onData((d) => (out += d));
      const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
      const step = async (input: string, expectOut: RegExp) => {
        term.write(input);
        expect(await waitFor(() => expectOut.test(out)), `${JSON.stringify(input)} -> ${JSON.stringify(out)}`).toBe(true);
      };
      try {
        await step('echo sum-$((20+22))\r', /sum-42/);
        await step('sleep 5 & jobs\r', /Running\s+sleep 5 &/);
        await step('read line; echo "got:$line"\r', /read line/);
        await step('typed\r', /got:typed/);
        await step('cat\r', /\$ cat\r\n/);
        await step('\x03', /\^C/);
        term.write('exit 3\r');
        expect(await exited).toBe(3);
      } finally {
        term.kill('SIGKILL');
      }
    });

    it('gives the terminal back to its caller when the command ends (`codex sandbox` in a shell)', async () => {
      const inner = wrapCommandForSandbox({ argv: ['sh', '-c', 'echo inner-ran'], cwd: dirs.ws, env: baseEnv(), policy: policy() });
      const quoted = inner.argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
      // The outer shell stays in the terminal's original foreground group: it can only read the terminal if that is handed back.
      const term = pty.spawn('sh', ['-c', `${quoted}; echo asking; read x; echo "read-ok:$x"`], { cwd: dirs.ws, env: inner.env, cols: 200, rows: 24 });
      let out = '';
      term.onData((d) => (out += d));
      const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
      try {
        // Generous bounds: a PTY round trip on a loaded 2-core machine can take seconds.
        expect(await waitFor(() => out.includes('asking'), 15_000)).toBe(true);
        term.write('typed\r');
        expect(await waitFor(() => out.includes('read-ok:typed'), 15_000), JSON.stringify(out)).toBe(true);
        expect(out).toContain('inner-ran');
        expect(await exited).toBe(0);
      } finally {
        term.kill('SIGKILL');
      }
    });

    it.skipIf(!isRoot || !existsSync('/usr/bin/setpriv'))('does the same for an unprivileged user', async () => {
      chmodSync(dirs.base, 0o755);
      const marker = `codex-left-nobody-${process.pid}-${Date.now()}`;
      const r = await sh(policy(), dirs.ws, `id -u; setsid sh -c 'sleep 30; : ${marker}' >/dev/null 2>&1 & sleep 0.2; echo started`, {
        prefix: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'],
      });
      expect(r.stdout).toBe('65534\nstarted\n');
      expect(await waitFor(() => pidsWithMarker(marker).length === 0, 1000)).toBe(true);
    });

    it('delivers a signal sent to the process group exactly once, and exits the way the command did', async () => {
      const cmd = wrapCommandForSandbox({
        argv: ['sh', '-c', 'trap "echo got-term; exit 7" TERM; echo ready; while :; do sleep 0.02; done'],
        cwd: dirs.ws,
        env: baseEnv(),
        policy: policy(),
      });
      const child = spawn(cmd.argv[0]!, cmd.argv.slice(1), { cwd: dirs.ws, env: cmd.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      expect(await waitFor(() => out === 'ready\n')).toBe(true);
      process.kill(-child.pid!, 'SIGTERM');
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      expect(out).toBe('ready\ngot-term\n');
      expect(code).toBe(7);
      const killed = await run(policy(), dirs.ws, ['sh', '-c', 'kill -KILL $$']);
      expect(killed.code).toBe(null);
    });
  });

  describe.each([
    ['workspace-write', () => ww()],
    ['read-only', () => READ_ONLY],
  ] as Array<[string, () => SandboxPolicy]>)('%s: processes', (_name, policy) => {
    it("cannot see the host's processes or their command lines", async () => {
      const r = await sh(
        policy(),
        dirs.ws,
        `cat /proc/${process.pid}/cmdline; echo rc=$?; ls /proc | grep -qx ${process.pid} && echo listed; echo self=$$; ls /proc | grep -c '^[0-9]'`,
      );
      expect(r.stdout).not.toContain('vitest');
      const [rc, self, count] = r.stdout.trim().split('\n');
      expect(rc).toBe('rc=1');
      expect(self).toBe('self=2'); // pid 1 is the namespace's init, the command is 2
      expect(Number(count)).toBeLessThanOrEqual(4); // init, sh, ls, grep
    });
  });
});
