// History at scale (part of `npm run bench`; alone: `node bench/threadList.mjs`):
// `thread/list` over BENCH_THREADS sessions (default 10,000) of about
// BENCH_THREAD_BYTES each (default 40,000: 400 MB in all), written as Codex
// lays them out, through a real `codex app-server` on stdio, ours and Codex
// 0.169's, each on its own copy of the same CODEX_HOME. Per request: the
// first call in a fresh server (ours: no summary index yet, then with the
// index a previous server left), and the median of later calls in the same
// server, with the CPU time the server's processes spent per later call
// (from /proc on Linux), which a loaded machine does not inflate as it does
// wall time. Targets (issue 14): first page < 50 ms, folder filter < 50 ms,
// search < 100 ms. Prints a table; asserts nothing.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { codexReferenceBin } from './reference.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const THREADS = Number(process.env.BENCH_THREADS ?? 10_000);
const BYTES = Number(process.env.BENCH_THREAD_BYTES ?? 40_000);
const REPEATS = 10;
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

/** A `codex app-server` on stdio; resolves once it answered initialize. */
async function startServer(argv, home) {
  const child = spawn(argv[0], argv.slice(1), { env: { ...process.env, CODEX_HOME: home }, stdio: ['pipe', 'pipe', 'ignore'] });
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
  return { request, cpuMs: () => treeCpuMs(child.pid), close: () => child.kill('SIGKILL') };
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

async function measure(label, argv, home, { twice }) {
  const rows = [];
  for (const [name, params] of REQUESTS) {
    const passes = twice ? ['fresh server, no index', 'fresh server, index on disk'] : ['fresh server'];
    const row = { label: `${label}: ${name}` };
    for (const [k, pass] of passes.entries()) {
      if (k === 0 && twice) rmSync(join(home, 'cache'), { recursive: true, force: true });
      const server = await startServer(argv, home);
      try {
        const first = await timed(server, params);
        row[pass] = first.ms;
        row.count = first.count;
        const later = [];
        const cpu0 = server.cpuMs();
        for (let i = 0; i < REPEATS; i++) later.push((await timed(server, params)).ms);
        const cpu1 = server.cpuMs();
        row.later = median(later);
        if (cpu0 !== undefined && cpu1 !== undefined) row.laterCpu = (cpu1 - cpu0) / REPEATS;
      } catch (err) {
        row.error = err.message;
      } finally {
        server.close();
      }
    }
    rows.push(row);
  }
  return rows;
}

const root = realpathSync(mkdtempSync(join(tmpdir(), 'bench-threads-')));
try {
  const ours = join(root, 'ours');
  const t0 = Date.now();
  writeSessions(ours);
  console.log(`\nHistory at scale: thread/list over ${THREADS} sessions of ~${BYTES} bytes (written in ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  const rows = await measure('ours', [process.execPath, join(ROOT, 'bin', 'codex.js'), 'app-server'], ours, { twice: true });
  const ref = codexReferenceBin();
  if (ref) {
    const theirs = join(root, 'codex');
    cpSync(ours, theirs, { recursive: true });
    rows.push(...(await measure('Codex 0.169', [process.execPath, ref, 'app-server'], theirs, { twice: false })));
  } else rows.push({ label: 'Codex 0.169', error: 'reference Codex not installed (see bench/reference.mjs)' });
  console.log('| request | threads | first call: no index / fresh | first call: index on disk | later calls (median) | later calls: server CPU per call |');
  console.log('|---|---|---|---|---|---|');
  const f = (v) => (v === undefined ? '—' : `${v.toFixed(1)} ms`);
  for (const r of rows) {
    if (r.error) console.log(`| ${r.label} | — | ${r.error} | | |`);
    else
      console.log(
        `| ${r.label} | ${r.count} | ${f(r['fresh server, no index'] ?? r['fresh server'])} | ${f(r['fresh server, index on disk'])} | ${f(r.later)} | ${f(r.laterCpu)} |`,
      );
  }
} finally {
  // A killed server's own child may still be finishing a write there: retry the removal.
  rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
}
