// The cross-process lock of config.toml, against real holder processes: a live
// holder makes a writer wait and then proceed (or time out with an error naming
// the lock file), and a lock left by a dead or ancient holder is recovered.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileLockTimeoutError, withFileLock } from '../../main/core/config/fileLock.js';
import { holdLock } from '../support/lockHolder.js';
import { bundleScript } from '../support/bundledScript.js';

const unshareWorks = process.getuid?.() === 0 && spawnSync('unshare', ['--mount', '--propagation', 'private', 'true'], { stdio: 'ignore' }).status === 0;

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codex-filelock-'));
  file = path.join(dir, 'config.toml');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `fn` under the lock and says how long getting the lock took. */
function timedLock(opts: { timeoutMs?: number; staleMs?: number } = {}): number {
  const t0 = Date.now();
  let waited = -1;
  withFileLock(file, () => void (waited = Date.now() - t0), opts);
  return waited;
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('withFileLock', () => {
  it('creates <file>.lock with the holder pid while held and removes it after', () => {
    const seen = withFileLock(file, () => JSON.parse(fs.readFileSync(`${file}.lock`, 'utf8')));
    expect(seen).toMatchObject({ pid: process.pid, host: os.hostname() });
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
    // Released also when the work throws.
    expect(() =>
      withFileLock(file, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('makes a writer wait for a live holder, then proceed', async () => {
    const holder = await holdLock(file, 1_000);
    const waited = timedLock({ timeoutMs: 20_000 });
    expect(waited).toBeGreaterThan(500);
    expect(await holder.exited).toBe(0);
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 30_000);

  it('gives up on a live holder after the timeout with an error naming the lock file and the holder', async () => {
    const holder = await holdLock(file, 20_000);
    try {
      let err: unknown;
      try {
        timedLock({ timeoutMs: 400 });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(FileLockTimeoutError);
      expect((err as Error).message).toContain(`${file}.lock`);
      expect((err as Error).message).toContain(`process ${holder.proc.pid}`);
    } finally {
      holder.proc.kill('SIGKILL');
      await holder.exited;
    }
  }, 30_000);

  it('recovers the lock of a holder that was killed while holding it', async () => {
    const holder = await holdLock(file, 60_000);
    holder.proc.kill('SIGKILL');
    await holder.exited;
    expect(JSON.parse(fs.readFileSync(`${file}.lock`, 'utf8')).pid).toBe(holder.proc.pid);
    expect(timedLock({ timeoutMs: 5_000 })).toBeLessThan(2_000);
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 30_000);

  it('recovers a lock naming a dead pid, and an old lock whatever it holds', () => {
    fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: deadPid(), host: os.hostname(), createdAt: new Date().toISOString(), token: 'x' }));
    expect(timedLock({ timeoutMs: 5_000 })).toBeLessThan(2_000);
    // A live pid (ours: a reused pid looks like this) but written a minute ago.
    fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.pid, host: os.hostname(), createdAt: new Date().toISOString(), token: 'y' }));
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(`${file}.lock`, old, old);
    expect(timedLock({ timeoutMs: 5_000, staleMs: 30_000 })).toBeLessThan(2_000);
    // Garbage (a crash between create and write), old as well.
    fs.writeFileSync(`${file}.lock`, '');
    fs.utimesSync(`${file}.lock`, old, old);
    expect(timedLock({ timeoutMs: 5_000, staleMs: 30_000 })).toBeLessThan(2_000);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('waits for a live holder however old its lock is, and names it when it gives up', async () => {
    const holder = await holdLock(file, 30_000);
    try {
      const old = new Date(Date.now() - 120_000);
      fs.utimesSync(`${file}.lock`, old, old);
      let err: unknown;
      try {
        timedLock({ timeoutMs: 1_500, staleMs: 1_000 });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(FileLockTimeoutError);
      expect((err as Error).message).toContain(`process ${holder.proc.pid}`);
      expect(JSON.parse(fs.readFileSync(`${file}.lock`, 'utf8')).pid).toBe(holder.proc.pid);
    } finally {
      holder.proc.kill('SIGKILL');
      await holder.exited;
    }
  }, 30_000);

  it('recovers at once a fresh lock whose pid now belongs to another process (start time differs)', () => {
    // Our own pid stands for a reused one: alive, but not started when the lock says.
    fs.writeFileSync(
      `${file}.lock`,
      JSON.stringify({ pid: process.pid, host: os.hostname(), startTicks: '1', createdAt: new Date().toISOString(), token: 'r' }),
    );
    expect(timedLock({ timeoutMs: 5_000, staleMs: 30_000 })).toBeLessThan(2_000);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it.skipIf(!unshareWorks)('leaves no half-written lock behind when the disk is full (tmpfs in a private mount namespace)', async () => {
    const script = await bundleScript(
      `import { withFileLock } from './main/core/config/fileLock.ts';
try { withFileLock(process.argv[2], () => {}); console.log('locked'); } catch (e) { console.log(e.message); }`,
      'lock-full-disk',
    );
    const disk = path.join(dir, 'disk');
    fs.mkdirSync(disk);
    const r = spawnSync(
      'unshare',
      [
        '--mount',
        '--propagation',
        'private',
        'sh',
        '-c',
        `mount -t tmpfs -o size=64k tmpfs "$1" && { head -c 1000000 /dev/zero > "$1/filler" 2>/dev/null; "${process.execPath}" "${script}" "$1/config.toml"; ls -A "$1"; }`,
        'sh',
        disk,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const [message, ...left] = r.stdout.trim().split('\n');
    expect(message).toMatch(/^cannot write the lock file .*config\.toml\.lock: .*ENOSPC/);
    expect(left).toEqual(['filler']);
  });

  it('does not take a fresh lock whose content is not written yet for a stale one', () => {
    fs.writeFileSync(`${file}.lock`, '');
    expect(() => timedLock({ timeoutMs: 300 })).toThrow(FileLockTimeoutError);
    expect(fs.existsSync(`${file}.lock`)).toBe(true);
  });

  it('says why when the lock cannot be created', () => {
    expect(() => withFileLock(path.join(dir, 'missing', 'config.toml'), () => 1)).toThrow(/cannot create the lock file .*missing\/config\.toml\.lock/);
  });
});
