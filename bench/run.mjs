// `npm run bench`: our `codex` against @openai/codex@0.169.0 on the same
// scripted Responses server (127.0.0.1). Prints a table of figures; it asserts
// nothing. The reference is the @openai/codex 0.169.0 that `npm ci` installs.
import { importBundled } from './bundle.mjs';
import { execFileSync, spawn } from 'node:child_process';
import { codexReferenceBin } from './reference.mjs';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

// The scripted server is TypeScript test support; bundle it for plain Node.
const { startScriptedServer, responses: R } = await importBundled('tests/support/scriptedServer.ts', 'scriptedServer.mjs');

/** Sum of VmRSS over a process and its descendants, in KiB (Linux /proc). */
function treeRssKiB(rootPid) {
  let total = 0;
  const children = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch {}
  }
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) total += Number(m[1]);
    } catch {}
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

function runMeasured(cmd, args, opts) {
  return new Promise((res, rej) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { ...opts, stdio: ['pipe', 'pipe', 'pipe'] });
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, treeRssKiB(child.pid))), 5);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.stdin.end(opts.input ?? '');
    child.on('error', rej);
    child.on('close', (code) => {
      clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) return rej(new Error(`${cmd} ${args.join(' ')} exited ${code}\n${err.slice(-2000)}`));
      res({ ms, peakMiB: peak / 1024, out });
    });
  });
}

function workspaceFor(baseUrl) {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'codex-bench-')));
  const home = join(root, 'home');
  const ws = join(root, 'ws');
  mkdirSync(home);
  mkdirSync(ws);
  execFileSync('git', ['init', '-q', ws]);
  writeFileSync(
    join(home, 'config.toml'),
    `model = "gpt-5.5"\nmodel_provider = "mock"\n[model_providers.mock]\nname = "mock"\nbase_url = "${baseUrl}"\nenv_key = "MOCK_API_KEY"\nwire_api = "responses"\n`,
  );
  return { home, ws, env: { PATH: process.env.PATH, HOME: root, SHELL: '/bin/bash', CODEX_HOME: home, MOCK_API_KEY: 'sk-bench', LANG: 'C.UTF-8' } };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function scenario(server, bin, name, script) {
  const walls = [];
  const peaks = [];
  for (let i = 0; i < RUNS; i++) {
    const w = workspaceFor(server.baseUrl);
    server.reset();
    script(server);
    const r = await runMeasured(bin[0], [...bin.slice(1), 'exec', '--json', '--skip-git-repo-check', '-s', 'danger-full-access', 'benchmark prompt'], {
      cwd: w.ws,
      env: w.env,
    });
    if (server.pending() !== 0) throw new Error(`${name}: ${server.pending()} scripted replies were not consumed`);
    walls.push(r.ms);
    peaks.push(r.peakMiB);
  }
  return { wall: median(walls), peak: Math.max(...peaks) };
}

async function coldStart(bin) {
  const walls = [];
  for (let i = 0; i < RUNS * 2; i++) walls.push((await runMeasured(bin[0], [...bin.slice(1), '--version'], { env: process.env })).ms);
  return median(walls);
}

const twentyCalls = (server) => {
  for (let i = 0; i < 20; i++) server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: `echo step-${i}` } }));
  server.enqueue(R.text('all twenty done'));
};
const oneAnswer = (server) => server.enqueue(R.text('just one answer'));

const server = await startScriptedServer();
const ours = [process.execPath, join(ROOT, 'bin', 'codex.js')];
const refBin = codexReferenceBin();
const targets = [['codex-desktop (ours)', ours]];
if (refBin) targets.push(['@openai/codex 0.169.0', [refBin]]);

const rows = [];
for (const [label, bin] of targets) {
  const twenty = await scenario(server, bin, '20 tool calls', twentyCalls);
  const one = await scenario(server, bin, 'one answer', oneAnswer);
  const version = await coldStart(bin);
  rows.push({ label, twenty, one, version });
}
await server.close();

console.log(`\nBenchmark (median of ${RUNS} runs; peak RSS = max over runs of the summed process tree)\n`);
console.log('| target | 20-call run wall | 20-call peak RSS | one-answer wall | one-answer peak RSS | --version |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.label} | ${r.twenty.wall.toFixed(0)} ms | ${r.twenty.peak.toFixed(1)} MiB | ${r.one.wall.toFixed(0)} ms | ${r.one.peak.toFixed(1)} MiB | ${r.version.toFixed(0)} ms |`,
  );
}
if (rows.length === 2) {
  const [a, b] = rows;
  console.log(
    `\nratios ours/codex: 20-call wall ${(a.twenty.wall / b.twenty.wall).toFixed(2)}, 20-call peak RSS ${(a.twenty.peak / b.twenty.peak).toFixed(2)}, one-answer wall ${(a.one.wall / b.one.wall).toFixed(2)}, --version ${(a.version / b.version).toFixed(2)}`,
  );
}

// Exec-server: short-command round trip and 100 MB streaming, ours vs Codex 0.169's.
await import('./execServer.mjs');

// Sandbox: what the Linux sandbox adds to a command's start, ours vs Codex 0.169's.
await import('./sandbox.mjs');

// Process lifetime: what registering and watching each command's process group adds to its start.
await import('./processLifetime.mjs');

// Worktree threads: creating and removing a managed worktree of a 10,000-file repository.
await import('./worktree.mjs');

// History at scale: thread/list over 10,000 sessions, ours vs Codex 0.169's app-server.
await import('./threadList.mjs');

// @ file search: fuzzyFileSearch on a 100,000-file repository, first result and per keystroke (one-shot and in a picker's session).
await import('./fuzzyFileSearch.mjs');

// The terminal UI: first frame under a PTY, beside `node -e 0`.
await import('./tuiFirstFrame.mjs');

// The terminal UI: a 5,000-line answer streamed in (frames, rate, flicker).
await import('./tuiStreaming.mjs');

// Renderer in Chromium: opening a 2000-item session, streaming 5000 deltas/s into it.
await import('./renderer.mjs');

// Review pane in Chromium: opening and scrolling a 5,000-file / 100,000-line diff.
await import('./reviewPane.mjs');
