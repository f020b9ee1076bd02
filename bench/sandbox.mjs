// Sandbox benchmark (part of `npm run bench`; alone: `node bench/sandbox.mjs`):
// what the Linux sandbox adds to starting a command, as the median time of a
// sandboxed `true` minus the median of a bare spawn of `true`.
//   1. The helper run directly, with the argv wrapCommandForSandbox builds
//      (BENCH_SANDBOX_RUNS spawns each, default 200), and Codex 0.169's own
//      helper (its `codex` binary as arg0 `codex-linux-sandbox`, which runs
//      bubblewrap) with the arguments its CLI passes.
//   2. Through the CLIs: `codex sandbox -- true` against
//      `codex sandbox -P :danger-full-access -- true` (same CLI, no sandbox),
//      ours and Codex 0.169's (BENCH_SANDBOX_CLI_RUNS, default 50).
// Target: under 5 ms added. Prints tables; asserts nothing.
import { importBundled } from './bundle.mjs';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { codexReferenceBin } from './reference.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BENCH_DIR = join(ROOT, '.bench');
const RUNS = Number(process.env.BENCH_SANDBOX_RUNS ?? 200);
const CLI_RUNS = Number(process.env.BENCH_SANDBOX_CLI_RUNS ?? 50);
const TARGET_MS = 5;
const TREE_DIRS = 50 * 40 * 25;
mkdirSync(BENCH_DIR, { recursive: true });

async function main() {
  // wrapCommandForSandbox is TypeScript; bundle it for plain Node. From
  // .bench/ it still finds the helper under the package root.
  const { wrapCommandForSandbox } = await importBundled('main/core/sandbox/index.ts', 'sandbox.mjs');

  const ws = realpathSync(mkdtempSync(join(tmpdir(), 'codex-bench-sbx-')));
  mkdirSync(join(ws, '.git')); // a repository, so workspace-write has a protected path to mount
  const env = { PATH: process.env.PATH, HOME: process.env.HOME ?? ws, LANG: 'C.UTF-8' };
  try {
    const helperRows = await helperLevel(wrapCommandForSandbox, ws, env);
    printTable(`Sandbox overhead on \`true\`, helper run directly (median of ${RUNS} spawns, interleaved)`, helperRows);
    const cliRows = await cliLevel(ws, env);
    printTable(`Sandbox overhead through the CLI (median of ${CLI_RUNS} runs; "added" is against the same CLI with -P :danger-full-access)`, cliRows);
    const walkRows = await nestedRepoWalk(wrapCommandForSandbox, env);
    printTable(
      `Nested-repository walk: workspace-write \`true\` in a workspace of ${TREE_DIRS} directories (the helper protects every nested .git)`,
      walkRows,
      { withTarget: false },
    );
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

/** Wall time of one spawn → exit, in ms; rejects unless the command exits 0. */
function timeOnce([file, ...args], opts) {
  return new Promise((res, rej) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], ...opts });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', rej);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) rej(new Error(`${file} ${args.join(' ')} exited ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
      else res(ms);
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Medians of several commands measured round-robin, so a slow phase of the
 * machine hits them all alike. A command that fails once is dropped and its
 * error kept as the reason it has no figure.
 */
async function measure(cases, runs) {
  const times = cases.map(() => []);
  const errors = cases.map(() => undefined);
  for (let i = 0; i < runs; i++) {
    for (let c = 0; c < cases.length; c++) {
      if (errors[c]) continue;
      try {
        times[c].push(await timeOnce(cases[c].argv, cases[c].opts));
      } catch (err) {
        errors[c] = err.message;
      }
    }
  }
  return cases.map((c, i) => ({ label: c.label, median: errors[i] ? undefined : median(times[i]), error: errors[i], baseline: c.baseline }));
}

async function helperLevel(wrapCommandForSandbox, ws, env) {
  const wrap = (policy) => wrapCommandForSandbox({ argv: ['true'], cwd: ws, env, policy });
  const readOnly = wrap({ mode: 'read-only', networkAccess: false });
  const workspaceWrite = wrap({ mode: 'workspace-write', writableRoots: [], networkAccess: false, excludeTmpdirEnvVar: false, excludeSlashTmp: false });
  const opts = (cmd) => ({ cwd: ws, env: cmd.env });
  const cases = [
    { label: 'bare spawn of `true`', argv: ['true'], opts: { cwd: ws, env } },
    { label: 'ours: codex-linux-sandbox, read-only', argv: readOnly.argv, opts: opts(readOnly), baseline: 0 },
    { label: 'ours: codex-linux-sandbox, workspace-write (git repo, /tmp)', argv: workspaceWrite.argv, opts: opts(workspaceWrite), baseline: 0 },
  ];
  const ref = referenceHelper();
  if (ref.binary) {
    for (const [label, profile] of [
      ['read-only', referenceProfile(ws, false)],
      ['workspace-write (git repo, /tmp)', referenceProfile(ws, true)],
    ]) {
      cases.push({
        label: `Codex 0.169: codex-linux-sandbox (bubblewrap), ${label}`,
        argv: [ref.binary, '--sandbox-policy-cwd', ws, '--command-cwd', ws, '--permission-profile', JSON.stringify(profile), '--', 'true'],
        opts: { cwd: ws, env: { ...env, CODEX_SANDBOX_NETWORK_DISABLED: '1' }, argv0: 'codex-linux-sandbox' },
        baseline: 0,
      });
    }
  }
  const rows = await measure(cases, RUNS);
  if (!ref.binary) rows.push({ label: 'Codex 0.169: codex-linux-sandbox', error: ref.why });
  return rows;
}

/**
 * The walk for nested repositories on a large workspace (node_modules-sized):
 * the first command reads every directory; later ones use the helper's cache
 * (--scan-cache in CODEX_HOME) and only stat them. "no cache" is the same
 * argv without --scan-cache: what every command cost before the cache.
 */
async function nestedRepoWalk(wrapCommandForSandbox, env) {
  const ws = realpathSync(mkdtempSync(join(tmpdir(), 'codex-bench-walk-')));
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'codex-bench-walk-home-')));
  const savedHome = process.env.CODEX_HOME;
  process.env.CODEX_HOME = home; // where wrapCommandForSandbox puts the cache
  try {
    for (let a = 0; a < 50; a++) for (let b = 0; b < 40; b++) for (let c = 0; c < 25; c++) mkdirSync(join(ws, `d${a}`, `e${b}`, `f${c}`), { recursive: true });
    const cmd = wrapCommandForSandbox({
      argv: ['true'],
      cwd: ws,
      env,
      policy: { mode: 'workspace-write', writableRoots: [], networkAccess: false, excludeTmpdirEnvVar: true, excludeSlashTmp: true },
    });
    const at = cmd.argv.indexOf('--scan-cache');
    if (at < 0) return [{ label: 'ours: nested-repository walk', error: 'no --scan-cache in the helper argv' }];
    const noCache = [...cmd.argv.slice(0, at), ...cmd.argv.slice(at + 2)];
    const opts = { cwd: ws, env: cmd.env };
    const first = await timeOnce(cmd.argv, opts);
    await new Promise((r) => setTimeout(r, 3000)); // past the helper's 2 s racy window
    await timeOnce(cmd.argv, opts);
    const rows = await measure(
      [
        { label: 'bare spawn of `true`', argv: ['true'], opts: { cwd: ws, env } },
        { label: 'ours: later commands (walk cache)', argv: cmd.argv, opts, baseline: 0 },
        { label: 'ours: every command without the cache', argv: noCache, opts, baseline: 0 },
      ],
      5,
    );
    rows.splice(1, 0, { label: 'ours: first command (no cache yet)', median: first, baseline: 0 });
    return rows;
  } finally {
    if (savedHome === undefined) delete process.env.CODEX_HOME;
    else process.env.CODEX_HOME = savedHome;
    rmSync(ws, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
}

async function cliLevel(ws, env) {
  const ours = [process.execPath, join(ROOT, 'bin', 'codex.js')];
  const oursHome = mkdtempSync(join(tmpdir(), 'codex-bench-home-'));
  const cases = [
    {
      label: 'ours: codex sandbox -P :danger-full-access -- true',
      argv: [...ours, 'sandbox', '-P', ':danger-full-access', '--', 'true'],
      opts: { cwd: ws, env: { ...env, CODEX_HOME: oursHome } },
    },
    { label: 'ours: codex sandbox -- true', argv: [...ours, 'sandbox', '--', 'true'], opts: { cwd: ws, env: { ...env, CODEX_HOME: oursHome } }, baseline: 0 },
  ];
  const refBin = codexReferenceBin();
  if (refBin) {
    // Not under /tmp: Codex refuses to put its arg0 helper links in a temporary dir.
    const refHome = join(BENCH_DIR, 'codex-home-sandbox');
    mkdirSync(refHome, { recursive: true });
    const refOpts = { cwd: ws, env: { ...env, CODEX_HOME: refHome } };
    cases.push(
      {
        label: 'Codex 0.169: codex sandbox -P :danger-full-access -- true',
        argv: [process.execPath, refBin, 'sandbox', '-P', ':danger-full-access', '--', 'true'],
        opts: refOpts,
      },
      { label: 'Codex 0.169: codex sandbox -- true', argv: [process.execPath, refBin, 'sandbox', '--', 'true'], opts: refOpts, baseline: 2 },
    );
  }
  try {
    const rows = await measure(cases, CLI_RUNS);
    if (!refBin) rows.push({ label: 'Codex 0.169: codex sandbox -- true', error: 'reference Codex not installed (see bench/reference.mjs)' });
    return rows;
  } finally {
    rmSync(oursHome, { recursive: true, force: true });
  }
}

/** Codex 0.169's native binary, which becomes its Linux helper when run as arg0 `codex-linux-sandbox`. */
function referenceHelper() {
  const refBin = codexReferenceBin();
  if (!refBin) return { why: 'reference Codex not installed (see bench/reference.mjs)' };
  const pkgDir = dirname(dirname(realpathSync(refBin))); // …/@openai/codex
  const arch = { x64: ['x64', 'x86_64'], arm64: ['arm64', 'aarch64'] }[process.arch];
  if (!arch) return { why: `no Codex Linux binary for ${process.arch}` };
  const sub = join(`codex-linux-${arch[0]}`, 'vendor', `${arch[1]}-unknown-linux-musl`, 'bin', 'codex');
  const binary = [join(pkgDir, '..', sub), join(pkgDir, 'node_modules', '@openai', sub)].find((p) => existsSync(p));
  if (!binary) return { why: `Codex's native binary not found next to ${pkgDir}` };
  // Codex's Linux sandbox needs bubblewrap and user namespaces; say why when it cannot run.
  const probe = spawnSync(
    binary,
    ['--sandbox-policy-cwd', '/', '--command-cwd', '/', '--permission-profile', JSON.stringify(referenceProfile('/', false)), '--', 'true'],
    {
      argv0: 'codex-linux-sandbox',
      encoding: 'utf8',
    },
  );
  if (probe.status !== 0)
    return {
      why: `Codex 0.169's sandbox cannot run here: ${(probe.stderr || probe.error?.message || `exit ${probe.status}`).trim().split('\n').slice(-2).join(' | ')}`,
    };
  return { binary };
}

/** The --permission-profile JSON Codex 0.169's CLI passes its helper (read from its execve under strace). */
function referenceProfile(cwd, writable) {
  const entries = [{ path: { type: 'special', value: { kind: 'root' } }, access: 'read' }];
  if (writable) {
    entries.push(
      { path: { type: 'path', path: cwd }, access: 'write' },
      { path: { type: 'special', value: { kind: 'slash_tmp' } }, access: 'write' },
      { path: { type: 'special', value: { kind: 'tmpdir' } }, access: 'write' },
    );
    for (const name of ['.git', '.agents', '.codex', '.aws']) {
      entries.push({ path: { type: 'path', path: join(cwd, name) }, access: 'read', missing_path_behavior: 'skip' });
    }
  }
  return { type: 'managed', file_system: { type: 'restricted', entries }, network: 'restricted' };
}

function printTable(title, rows, { withTarget = true } = {}) {
  console.log(`\n${title}\n`);
  console.log('| command | median | added |');
  console.log('|---|---|---|');
  for (const r of rows) {
    if (r.median === undefined) {
      console.log(`| ${r.label} | — | ${r.error} |`);
      continue;
    }
    const base = r.baseline === undefined ? undefined : rows[r.baseline]?.median;
    const added =
      base === undefined
        ? ''
        : `${r.median - base >= 0 ? '+' : ''}${(r.median - base).toFixed(2)} ms${withTarget && r.label.startsWith('ours') ? (r.median - base < TARGET_MS ? ' (target < 5 ms: met)' : ' (target < 5 ms: MISSED)') : ''}`;
    console.log(`| ${r.label} | ${r.median.toFixed(2)} ms | ${added} |`);
  }
}

// Last, so every helper above is initialised before it runs.
if (process.platform !== 'linux') {
  console.log(`\nSandbox benchmark: skipped (the measured sandbox is the Linux one; this is ${process.platform})`);
} else {
  await main();
}
