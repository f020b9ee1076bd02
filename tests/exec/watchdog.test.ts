// The watchdog against a real parent death: a separate Node process registers
// process groups, then is SIGKILLed (no exit handler runs); the watchdog must
// kill the groups still registered and leave released ones alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive, waitFor } from '../support/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'codex-watchdog-'));
const bundle = join(dir, 'processGroups.mjs');
const leftovers: number[] = [];

// The parent: starts two heartbeat loops, each leading its own group, registers
// both, releases the second, reports the pids, then idles until killed.
const PARENT = `
import { spawn } from 'node:child_process';
import { registerProcessGroup } from ${JSON.stringify(bundle)};
const loop = (file) => spawn('/bin/sh', ['-c', 'while :; do date >> ' + file + '; sleep 0.05; done'], { detached: true, stdio: 'ignore' });
const kept = loop(process.argv[1]);
const released = loop(process.argv[2]);
registerProcessGroup(kept.pid);
registerProcessGroup(released.pid)();
console.log(JSON.stringify({ kept: kept.pid, released: released.pid }));
setInterval(() => {}, 1000);
`;

beforeAll(async () => {
  await build({
    entryPoints: [join(import.meta.dirname, '../../main/core/exec/processGroups.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
});

afterAll(() => {
  for (const pid of leftovers) if (isAlive(pid)) process.kill(-pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function size(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

async function firstLine(child: ChildProcess): Promise<string> {
  for await (const line of createInterface({ input: child.stdout! })) return line;
  throw new Error('the parent exited before reporting its pids');
}

describe.skipIf(process.platform === 'win32')('watchdog', () => {
  it('kills the registered groups when their parent is SIGKILLed, and only those', async () => {
    const kept = join(dir, 'kept.hb');
    const released = join(dir, 'released.hb');
    const parent = spawn(process.execPath, ['--input-type=module', '-e', PARENT, kept, released], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pids = JSON.parse(await firstLine(parent)) as { kept: number; released: number };
    leftovers.push(pids.kept, pids.released);
    expect(await waitFor(() => size(kept) > 0 && size(released) > 0)).toBe(true);

    parent.kill('SIGKILL');
    expect(await waitFor(() => !isAlive(pids.kept), 3000)).toBe(true);
    const stopped = size(kept);
    await new Promise((r) => setTimeout(r, 300));
    expect(size(kept)).toBe(stopped); // no more heartbeats
    expect(isAlive(pids.released)).toBe(true); // released: not the watchdog's to kill
  });
});
