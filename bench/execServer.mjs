// Exec-server benchmark: (i) round trip of a short command (start → exited)
// through `codex exec-server` on loopback versus a local spawn, median of
// BENCH_ES_RUNS (default 50); (ii) streaming throughput of a command printing
// 100 MB. Our server is the real CLI (bin/codex.js, needs `npm run build`);
// Codex 0.169's exec-server is measured too when the reference is installed
// (see bench/reference.mjs). Both are driven
// by our ExecServerClient. (iii) Peak RSS of the serving process while a
// client stops reading a 200 MB stream for a few seconds (raw websocket,
// socket paused), then takes the rest. Prints a table; asserts nothing.
import { importBundled } from './bundle.mjs';
import { spawn } from 'node:child_process';
import { codexReferenceBin } from './reference.mjs';
import { mkdtempSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_ES_RUNS ?? 50);
const STREAM_BYTES = Number(process.env.BENCH_ES_BYTES ?? 100_000_000);
const SLOW_READER_BYTES = Number(process.env.BENCH_ES_SLOW_BYTES ?? 200_000_000);
const SLOW_READER_PAUSE_MS = 3000;

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

function rssKb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  } catch {
    return NaN;
  }
}

/** The process that serves: Codex's npm launcher (node) runs the native `codex` as its child; ours serves itself. */
function servingPid(rootPid) {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === rootPid && readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'codex') return Number(d);
    } catch {}
  }
  return rootPid;
}

/** Peak RSS (MB) of the serving process while a raw client pauses reading a big stream, then drains it. */
async function slowReaderPeakRss(url, rootPid, cwd) {
  const pid = servingPid(rootPid);
  const ws = new WebSocket(url, { skipUTF8Validation: true });
  await new Promise((res, rej) => (ws.once('open', res), ws.once('error', rej)));
  let closed;
  const done = new Promise((r) => (closed = r));
  ws.on('message', (d) => {
    // Cheap test on the frame's head: output frames are most of the traffic.
    if (d.length < 512 && d.toString().includes('"process/closed"')) closed();
  });
  ws.send(JSON.stringify({ id: 1, method: 'initialize', params: { clientName: 'bench-slow-reader' } }));
  ws.send(JSON.stringify({ method: 'initialized' })); // Codex refuses exec methods before it
  await new Promise((r) => setTimeout(r, 300));
  const before = rssKb(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssKb(pid))), 25);
  ws.send(
    JSON.stringify({
      id: 2,
      method: 'process/start',
      params: {
        processId: 'slow',
        argv: ['head', '-c', String(SLOW_READER_BYTES), '/dev/zero'],
        cwd: pathToFileURL(cwd).href,
        env: { PATH: process.env.PATH },
        tty: false,
        pipeStdin: false,
        arg0: null,
      },
    }),
  );
  await new Promise((r) => setTimeout(r, 50));
  ws.pause();
  await new Promise((r) => setTimeout(r, SLOW_READER_PAUSE_MS));
  ws.resume();
  await done;
  clearInterval(sampler);
  ws.close();
  return { beforeMb: before / 1024, peakMb: peak / 1024 };
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
    const row = await measure(label, (argv, onData) => remoteRun(client, argv, cwd, onData), child.pid);
    Object.assign(row, await slowReaderPeakRss(url, child.pid, cwd));
    rows.push(row);
  } finally {
    client.close();
    child.kill('SIGTERM');
  }
}

console.log(`\nexec-server: round trip of \`true\` (median of ${RUNS}) and streaming ${STREAM_BYTES / 1e6} MB (head -c … /dev/zero)`);
// CPU columns: seconds of CPU the server process and this (client) process spent on the stream;
// they stay meaningful on a busy machine where wall time does not.
// RSS columns: the serving process before, and at its peak while a client paused reading a
// ${SLOW_READER_BYTES / 1e6} MB stream for ${SLOW_READER_PAUSE_MS / 1000} s (then drained it).
const header = ['', 'round trip ms', 'stream wall s', 'stream MB/s', 'server CPU s', 'client CPU s', 'RSS idle MB', 'RSS slow reader MB'];
const fmt = (x) => (Number.isNaN(x) ? '-' : x.toFixed(2));
const table = rows.map((r) => [
  r.label,
  r.roundTripMs.toFixed(2),
  (r.wallMs / 1000).toFixed(2),
  r.mbps.toFixed(1),
  fmt(r.serverCpuS),
  fmt(r.clientCpuS),
  r.beforeMb === undefined ? '-' : fmt(r.beforeMb),
  r.peakMb === undefined ? '-' : fmt(r.peakMb),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(line(header));
for (const t of table) console.log(line(t));
