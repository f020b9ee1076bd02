// Process-lifetime benchmark (part of `npm run bench`; alone: `node
// bench/processLifetime.mjs`): what keeping every command's process group
// registered and watched (main/core/exec/processGroups.ts, watchdog.ts) adds to
// starting a command. Medians of BENCH_LIFETIME_RUNS (default 200) spawns of
// `true` through spawnCommand (danger-full-access, no sandbox helper), with and
// without the registration, interleaved; plus the one-time start of the
// watchdog. Prints a table; asserts nothing.
import { importBundled } from './bundle.mjs';
import { spawn } from 'node:child_process';

const RUNS = Number(process.env.BENCH_LIFETIME_RUNS ?? 200);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

const { spawnCommand } = await importBundled('main/core/exec/spawner.ts', 'spawner.mjs');
const { startWatchdog } = await importBundled('main/core/exec/watchdog.ts', 'watchdog.mjs');
const { registerProcessGroup } = await importBundled('main/core/exec/processGroups.ts', 'processGroups.mjs');
const env = { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp' };
const opts = { argv: ['/bin/true'], cwd: process.cwd(), env, tty: false, sandboxPolicy: { mode: 'danger-full-access' } };

// The same detached spawn spawnCommand makes, without the group bookkeeping.
function bareSpawn() {
  return new Promise((res) => {
    const child = spawn('/bin/true', [], { cwd: process.cwd(), env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    child.on('close', res);
  });
}

let t0 = process.hrtime.bigint();
const wd = startWatchdog();
const watchdogStartMs = ms(t0);
wd?.watch(1); // an empty group: nothing to kill later
wd?.unwatch(1);

const withGroups = [];
const bare = [];
for (let i = 0; i < RUNS; i++) {
  t0 = process.hrtime.bigint();
  await spawnCommand(opts).exited;
  withGroups.push(ms(t0));
  t0 = process.hrtime.bigint();
  await bareSpawn();
  bare.push(ms(t0));
}
// The bookkeeping alone: register + release (two lines to the watchdog) and the
// group kill at exit (ESRCH here), on a pid that leads no group.
const BOOK_RUNS = 10_000;
t0 = process.hrtime.bigint();
for (let i = 0; i < BOOK_RUNS; i++) {
  const release = registerProcessGroup(999_999);
  try {
    process.kill(-999_999, 'SIGKILL');
  } catch {}
  release();
}
const bookkeepingMs = ms(t0) / BOOK_RUNS;

const rows = [
  ['spawnCommand (registered + watched + group kill at exit)', median(withGroups)],
  ['bare detached spawn of the same command', median(bare)],
  ['difference of the medians (includes spawnCommand checks)', median(withGroups) - median(bare)],
  ['bookkeeping alone per command (register, kill, release)', bookkeepingMs],
  ['watchdog start (once per program, spawn only)', watchdogStartMs],
];
console.log(`\nProcess lifetime bookkeeping on \`true\` (median of ${RUNS} spawns, interleaved)`);
for (const [name, v] of rows) console.log(`  ${name.padEnd(58)} ${v.toFixed(3)} ms`);
