// History at scale (part of `npm run bench`; alone: `node bench/threadList.mjs`):
// `thread/list` over BENCH_THREADS sessions (default 10,000) of about
// BENCH_THREAD_BYTES each (default 40,000: 400 MB in all), written as Codex
// lays them out, through a real `codex app-server` on stdio, ours and Codex
// 0.169's, each on its own copy of the same CODEX_HOME. Per request: the
// first call in a fresh server, the median over BENCH_FRESH_STARTS (default
// 5) servers started one after another (ours: without a summary index, then
// with the whole index a previous server wrote), and the median of later
// calls in the last of them, with the CPU time the server's processes spent per later call
// (from /proc on Linux), which a loaded machine does not inflate as it does
// wall time; the median time from those fresh servers' process start to
// their answer to initialize (ours starts checking its index as the server
// starts, and answers without waiting for it), and to the first call's answer.
// Targets (issue 14): first page < 50 ms, folder filter < 50 ms, search <
// 100 ms. Prints a table; asserts nothing.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { codexReferenceBin } from './reference.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const THREADS = Number(process.env.BENCH_THREADS ?? 10_000);
const BYTES = Number(process.env.BENCH_THREAD_BYTES ?? 40_000);
const REPEATS = 10;
/** Fresh servers per first-call figure. */
const STARTS = Number(process.env.BENCH_FRESH_STARTS ?? 5);
const FOLDERS = 50;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A session as Codex 0.169 writes it: meta, a turn context, the prompt, answers, and a last turn context. */
function writeSessions(home) {
  const filler = JSON.stringify({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'y'.repeat(900) }] });
  for (let n = 0; n < THREADS; n++) {
    const day = new Date(Date.UTC(2026, 0, 1) + Math.floor(n / 100) * 86_400_000 + (n % 100) * 60_000);
    const at = day.toISOString();
    const [y, m, d] = at.slice(0, 10).split('-');
    const dir = join(home, 'sessions', y, m, d);
    mkdirSync(dir, { recursive: true });
    const id = `0190a6a4-0000-7000-8000-${String(n).padStart(12, '0')}`;
    const cwd = `/work/project-${n % FOLDERS}`;
    const lines = [
      {
        timestamp: at,
        type: 'session_meta',
        payload: { id, timestamp: at, cwd, originator: 'codex_cli_rs', cli_version: '0.169.0', source: 'cli', model_provider: 'openai' },
      },
      {
        timestamp: at,
        type: 'turn_context',
        payload: { cwd, approval_policy: 'on-request', sandbox_policy: { type: 'workspace-write' }, model: 'gpt-5.5', summary: 'auto' },
      },
      {
        timestamp: at,
        type: 'event_msg',
        payload: { type: 'user_message', message: `task ${n}: refactor module-${n} and ${n === THREADS - 7 ? 'zebra-needle' : 'tests'}` },
      },
    ];
    let text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
    const row = JSON.stringify({ timestamp: at, type: 'response_item', payload: JSON.parse(filler) }) + '\n';
    while (text.length + row.length < BYTES) text += row;
    const file = join(dir, `rollout-${at.slice(0, 19).replace(/:/g, '-')}-${id}.jsonl`);
    writeFileSync(file, text);
  }
}

/** CPU ms used so far by `pid` and its descendants (Codex's bin/codex.js runs the real server as a child); undefined off Linux. */
function treeCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    let ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100 on Linux)
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      for (const child of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean)) ms += treeCpuMs(Number(child)) ?? 0;
    }
    return ms;
  } catch {
    return undefined;
  }
}

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL'); // the group is gone already
  }
}

/** A `codex app-server` on stdio; resolves once it answered initialize. */
async function startServer(argv, home) {
  // Its own process group: Codex's bin/codex.js runs the real server as a child, which a kill of the wrapper alone
  // would leave running (writing into CODEX_HOME and using CPU through the rest of the bench).
  const spawnedAt = process.hrtime.bigint();
  const child = spawn(argv[0], argv.slice(1), { env: { ...process.env, CODEX_HOME: home }, stdio: ['pipe', 'pipe', 'ignore'], detached: true });
  const waiting = new Map();
  let nextId = 1;
  createInterface({ input: child.stdout }).on('line', (line) => {
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      return;
    }
    if (msg.id !== undefined && !msg.method) waiting.get(msg.id)?.(msg);
  });
  const request = (method, params) =>
    new Promise((res) => {
      const id = nextId++;
      waiting.set(id, res);
      child.stdin.write(JSON.stringify({ id, method, params }) + '\n');
    });
  await request('initialize', { clientInfo: { name: 'bench', version: '1' } });
  const initMs = Number(process.hrtime.bigint() - spawnedAt) / 1e6;
  return { request, initMs, spawnedAt, cpuMs: () => treeCpuMs(child.pid), close: () => killGroup(child) };
}

async function timed(server, params) {
  const t0 = process.hrtime.bigint();
  const r = await server.request('thread/list', params);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw new Error(r.error.message);
  return { ms, count: r.result.data.length };
}

const REQUESTS = [
  ['first page (50)', { limit: 50 }],
  ['folder filter (50 of 1 folder in 50)', { limit: 50, cwd: '/work/project-17' }],
  ['search, one match in all', { limit: 50, searchTerm: 'zebra-needle' }],
];

/** The first call of `starts` fresh servers (median), and the later calls of the last one (median, and server CPU per call). */
async function firstAndLater(argv, home, params, { starts, before }) {
  const firsts = [];
  const inits = [];
  const toResults = [];
  let count;
  let later;
  let laterCpu;
  for (let k = 0; k < starts; k++) {
    before?.();
    const server = await startServer(argv, home);
    inits.push(server.initMs);
    try {
      const first = await timed(server, params);
      firsts.push(first.ms);
      toResults.push(Number(process.hrtime.bigint() - server.spawnedAt) / 1e6);
      count = first.count;
      if (k === starts - 1) {
        const times = [];
        const cpu0 = server.cpuMs();
        for (let i = 0; i < REPEATS; i++) times.push((await timed(server, params)).ms);
        const cpu1 = server.cpuMs();
        later = median(times);
        if (cpu0 !== undefined && cpu1 !== undefined) laterCpu = (cpu1 - cpu0) / REPEATS;
      }
    } finally {
      server.close();
    }
  }
  return { first: median(firsts), firsts, init: median(inits), toResult: median(toResults), count, later, laterCpu };
}

/** Ours keeps its index in CODEX_HOME/cache/thread-list.jsonl, written in the background once a server listed: wait for a whole one. */
async function writeOurIndex(argv, home) {
  rmSync(join(home, 'cache'), { recursive: true, force: true });
  const server = await startServer(argv, home);
  try {
    await timed(server, { limit: 50 });
    const file = join(home, 'cache', 'thread-list.jsonl');
    for (let waited = 0; ; waited += 200) {
      if (existsSync(file) && readFileSync(file, 'utf8').trimEnd().endsWith(`{"end":${THREADS}}`)) return;
      if (waited > 600_000) throw new Error('no whole index after 10 minutes');
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    server.close();
  }
}

async function measure(label, argv, home, { ours }) {
  const rows = [];
  const cold = [];
  if (ours) {
    for (const [, params] of REQUESTS) {
      cold.push(await firstAndLater(argv, home, params, { starts: STARTS, before: () => rmSync(join(home, 'cache'), { recursive: true, force: true }) }));
    }
    await writeOurIndex(argv, home);
  }
  for (const [n, [name, params]] of REQUESTS.entries()) {
    try {
      const warm = await firstAndLater(argv, home, params, { starts: STARTS });
      rows.push({
        label: `${label}: ${name}`,
        count: warm.count,
        cold: cold[n]?.first ?? (ours ? undefined : warm.first),
        indexed: ours ? warm.first : undefined,
        coldInit: cold[n]?.init ?? (ours ? undefined : warm.init),
        indexedInit: ours ? warm.init : undefined,
        coldToResult: cold[n]?.toResult ?? (ours ? undefined : warm.toResult),
        indexedToResult: ours ? warm.toResult : undefined,
        ...warm,
      });
    } catch (err) {
      rows.push({ label: `${label}: ${name}`, error: err.message });
    }
  }
  return rows;
}

const root = realpathSync(mkdtempSync(join(tmpdir(), 'bench-threads-')));
try {
  const ours = join(root, 'ours');
  const t0 = Date.now();
  writeSessions(ours);
  console.log(`\nHistory at scale: thread/list over ${THREADS} sessions of ~${BYTES} bytes (written in ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  const rows = await measure('ours', [process.execPath, join(ROOT, 'bin', 'codex.js'), 'app-server'], ours, { ours: true });
  const ref = codexReferenceBin();
  if (ref) {
    const theirs = join(root, 'codex');
    cpSync(ours, theirs, { recursive: true });
    rows.push(...(await measure('Codex 0.169', [process.execPath, ref, 'app-server'], theirs, { ours: false })));
  } else rows.push({ label: 'Codex 0.169', error: 'reference Codex not installed (see bench/reference.mjs)' });
  console.log(`First call: median over ${STARTS} fresh servers each (ours: without an index, then with the index a previous server wrote).`);
  console.log(
    'Initialize: from the process start (spawn) to its answer to initialize on the same fresh servers (ours starts checking its index as it starts and does not wait for it).',
  );
  console.log('Start to result: from the process start to the answer of that first call (the bench sends it as soon as initialize answers).');
  console.log(
    '| request | threads | first call: no index | first call: index on disk | later calls (median) | later calls: server CPU per call | start to initialize: no index | start to initialize: index on disk | start to result: no index | start to result: index on disk |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  const f = (v) => (v === undefined ? '—' : `${v.toFixed(1)} ms`);
  for (const r of rows) {
    if (r.error) console.log(`| ${r.label} | — | ${r.error} | | | | | | | |`);
    else
      console.log(
        `| ${r.label} | ${r.count} | ${f(r.cold)} | ${f(r.indexed)} | ${f(r.later)} | ${f(r.laterCpu)} | ${f(r.coldInit)} | ${f(r.indexedInit)} | ${f(r.coldToResult)} | ${f(r.indexedToResult)} |`,
      );
  }
} finally {
  try {
    rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch (err) {
    console.error(`threadList bench: could not remove ${root}: ${err.message}`); // a leftover folder must not end the bench
  }
}
