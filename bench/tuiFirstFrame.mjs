// `node bench/tuiFirstFrame.mjs`: how long `codex` (the TUI) takes to put its
// first frame on a terminal, read from the screen of a headless terminal
// emulator under a real PTY, beside how long `node -e 0` takes to exit under
// the same PTY (the floor for any Node program). Also the time until the
// session is ready (the status line shows the model). Asserts nothing.
import pty from '@lydell/node-pty';
import xtermHeadless from '@xterm/headless';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function sandbox() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'codex-tui-bench-')));
  const home = join(root, 'home');
  const ws = join(root, 'ws');
  mkdirSync(home);
  mkdirSync(join(ws, '.git'), { recursive: true });
  writeFileSync(join(ws, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  // No model server is needed: nothing is sent.
  writeFileSync(
    join(home, 'config.toml'),
    'model = "gpt-5.5"\nmodel_provider = "mock"\n[model_providers.mock]\nname = "mock"\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "MOCK_API_KEY"\n',
  );
  return { root, ws, env: { PATH: process.env.PATH, HOME: root, TERM: 'xterm-256color', LANG: 'C.UTF-8', CODEX_HOME: home, MOCK_API_KEY: 'x' } };
}

/** Spawns under a PTY; resolves the ms (since spawn) at which each screen test first held. */
function timeScreen(args, tests, sb) {
  return new Promise((res, rej) => {
    const term = new xtermHeadless.Terminal({ cols: 100, rows: 30, allowProposedApi: true });
    const t0 = performance.now();
    const p = pty.spawn(process.execPath, args, { name: 'xterm-256color', cols: 100, rows: 30, cwd: sb.ws, env: sb.env });
    const found = {};
    const check = () => {
      const buf = term.buffer.active;
      let screen = '';
      for (let y = 0; y < term.rows; y++) screen += (buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '') + '\n';
      const at = performance.now() - t0;
      for (const [name, test] of Object.entries(tests)) if (found[name] === undefined && test.test(screen)) found[name] = at;
      if (Object.keys(found).length === Object.keys(tests).length) {
        p.kill('SIGKILL');
        term.dispose();
        res(found);
      }
    };
    p.onData((d) => term.write(d, check));
    p.onExit(() => {
      if (Object.keys(found).length < Object.keys(tests).length) rej(new Error(`exited before ${Object.keys(tests).join(', ')}`));
    });
    setTimeout(() => rej(new Error('timed out')), 30_000);
  });
}

function timeExit(args, sb) {
  return new Promise((res) => {
    const t0 = performance.now();
    const p = pty.spawn(process.execPath, args, { cols: 100, rows: 30, cwd: sb.ws, env: sb.env });
    p.onExit(() => res(performance.now() - t0));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sb = sandbox();
const node = [];
const first = [];
const ready = [];
try {
  for (let i = 0; i < RUNS; i++) {
    node.push(await timeExit(['-e', '0'], sb));
    const r = await timeScreen([CLI], { first: /Ask Codex/, ready: /context left/ }, sb);
    first.push(r.first);
    ready.push(r.ready);
  }
} finally {
  rmSync(sb.root, { recursive: true, force: true });
}
const fmt = (xs) => `median ${Math.round(median(xs))} ms (min ${Math.round(Math.min(...xs))}, max ${Math.round(Math.max(...xs))})`;
console.log(`TUI first frame over ${RUNS} runs, 100x30 PTY`);
console.log(`  node -e 0 (exit):        ${fmt(node)}`);
console.log(`  codex first frame:       ${fmt(first)}`);
console.log(`  codex session ready:     ${fmt(ready)}`);
