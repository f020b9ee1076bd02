// Exec-server benchmark: (i) round trip of a short command (start → exited)
// through `codex exec-server` on loopback versus a local spawn, median of
// BENCH_ES_RUNS (default 50); (ii) streaming throughput of a command printing
// 100 MB. Our server is the real CLI (bin/codex.js, needs `npm run build`);
// Codex 0.169's exec-server is measured too when the reference is installed
// (see bench/reference.mjs). Both are driven
// by our ExecServerClient. Prints a table; asserts nothing.
import { importBundled } from './bundle.mjs';
import { spawn } from 'node:child_process';
import { codexReferenceBin } from './reference.mjs';
import { mkdtempSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_ES_RUNS ?? 50);
const STREAM_BYTES = Number(process.env.BENCH_ES_BYTES ?? 100_000_000);

// The client is TypeScript; bundle it for plain Node (dependencies stay in node_modules).
const { ExecServerClient } = await importBundled('main/core/execServer/client.ts', 'execServerClient.mjs');

function startServer(cmd, args, env) {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = /(ws:\/\/\S+)/.exec(out);
      if (m) res({ child, url: m[1] });
    });
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    child.on('exit', (code) => rej(new Error(`${cmd} exec-server exited ${code}: ${err.slice(-500)}`)));
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const now = () => Number(process.hrtime.bigint()) / 1e6;

/** CPU seconds (user + system) used so far by a process and its live descendants, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(rootPid) {
  try {
    const stats = new Map();
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        stats.set(Number(d), stat.slice(stat.lastIndexOf(')') + 2).split(' '));
      } catch {}
    }
    let total = 0;
    const stack = [rootPid];
    while (stack.length) {
      const pid = stack.pop();
      const f = stats.get(pid);
      if (f) total += Number(f[11]) + Number(f[12]); // utime, stime (clock ticks, USER_HZ = 100)
      for (const [child, cf] of stats) if (Number(cf[1]) === pid) stack.push(child);
    }
    return total / 100;
  } catch {
    return NaN;
  }
}

function localRun(argv, onData) {
  return new Promise((res, rej) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', onData ?? (() => {}));
    child.stderr.on('data', () => {});
    child.on('error', rej);
    child.on('close', (code) => res(code));
  });
}

async function remoteRun(client, argv, cwd, onData) {
  const h = await client.startProcess({ argv, cwd, env: { PATH: process.env.PATH } });
  for await (const e of h) onData?.(e.chunk);
  return h.exited;
}

async function measure(label, run, serverPid) {
  for (let i = 0; i < 3; i++) await run(['true']); // warm-up
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = now();
    await run(['true']);
    times.push(now() - t0);
  }
  let bytes = 0;
  const t0 = now();
  const serverCpu0 = serverPid ? cpuSeconds(serverPid) : NaN;
  const clientCpu0 = process.cpuUsage();
  await run(['head', '-c', String(STREAM_BYTES), '/dev/zero'], (c) => (bytes += c.length));
  const wallMs = now() - t0;
  const serverCpuS = serverPid ? cpuSeconds(serverPid) - serverCpu0 : NaN;
  const c = process.cpuUsage(clientCpu0);
  const clientCpuS = (c.user + c.system) / 1e6;
  if (bytes !== STREAM_BYTES) throw new Error(`${label}: streamed ${bytes} bytes, expected ${STREAM_BYTES}`);
  return { label, roundTripMs: median(times), wallMs, mbps: bytes / 1e6 / (wallMs / 1000), serverCpuS, clientCpuS };
}

const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'codex-bench-es-')));
const serverEnv = { PATH: process.env.PATH, HOME: cwd, CODEX_HOME: cwd };
const rows = [await measure('local spawn (child_process)', (argv, onData) => localRun(argv, onData))];

const targets = [['our exec-server (bin/codex.js)', process.execPath, [join(ROOT, 'bin', 'codex.js'), 'exec-server', '--listen', 'ws://127.0.0.1:0']]];
const ref = codexReferenceBin();
if (ref) targets.push(['Codex 0.169 exec-server', ref, ['exec-server', '--listen', 'ws://127.0.0.1:0']]);
else console.error('reference Codex 0.169 not found: measuring our exec-server only');

for (const [label, cmd, args] of targets) {
  const { child, url } = await startServer(cmd, args, serverEnv);
  const client = await ExecServerClient.connectWebSocket(url, { clientName: 'bench' });
  try {
    rows.push(await measure(label, (argv, onData) => remoteRun(client, argv, cwd, onData), child.pid));
  } finally {
    client.close();
    child.kill('SIGTERM');
  }
}

console.log(`\nexec-server: round trip of \`true\` (median of ${RUNS}) and streaming ${STREAM_BYTES / 1e6} MB (head -c … /dev/zero)`);
// CPU columns: seconds of CPU the server process and this (client) process spent on the stream;
// they stay meaningful on a busy machine where wall time does not.
const header = ['', 'round trip ms', 'stream wall s', 'stream MB/s', 'server CPU s', 'client CPU s'];
const fmt = (x) => (Number.isNaN(x) ? '-' : x.toFixed(2));
const table = rows.map((r) => [r.label, r.roundTripMs.toFixed(2), (r.wallMs / 1000).toFixed(2), r.mbps.toFixed(1), fmt(r.serverCpuS), fmt(r.clientCpuS)]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(line(header));
for (const t of table) console.log(line(t));
