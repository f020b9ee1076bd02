// `node bench/tuiStreaming.mjs`: a 5,000-line answer streamed into the TUI
// (one delta per line, 1 ms apart, from the scripted Responses server) under
// a real PTY, read through a headless terminal emulator. Reports how many
// frames the TUI drew and at what rate, the bytes written, and flicker: frames
// in which the status line or the composer was missing from the parsed
// screen (a torn or blanked frame), and full-screen clears. Asserts nothing.
import pty from '@lydell/node-pty';
import xtermHeadless from '@xterm/headless';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importBundled } from './bundle.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const LINES = Number(process.env.BENCH_LINES ?? 5000);
const { startScriptedServer, responses: R } = await importBundled('tests/support/scriptedServer.ts', 'scriptedServer.mjs');

const server = await startScriptedServer();
const root = realpathSync(mkdtempSync(join(tmpdir(), 'codex-tui-stream-')));
const home = join(root, 'home');
const ws = join(root, 'ws');
mkdirSync(home);
mkdirSync(join(ws, '.git'), { recursive: true });
writeFileSync(join(ws, '.git', 'HEAD'), 'ref: refs/heads/main\n');
writeFileSync(
  join(home, 'config.toml'),
  `model = "gpt-5.5"\nmodel_provider = "mock"\n[model_providers.mock]\nname = "mock"\nbase_url = "${server.baseUrl}"\nenv_key = "MOCK_API_KEY"\nwire_api = "responses"\n`,
);
const lines = Array.from({ length: LINES }, (_, i) => `line ${i + 1} of the long answer, with some **bold** text and \`code\``);
const deltas = lines.map((l, i) => (i === lines.length - 1 ? l : `${l}\n`));
server.enqueue({ ...R.reply(R.message(lines.join('\n'), { deltas })), frameDelayMs: 1 });

const cols = 120;
const rows = 40;
const term = new xtermHeadless.Terminal({ cols, rows, allowProposedApi: true });
const p = pty.spawn(process.execPath, [join(ROOT, 'dist', 'cli.js')], {
  name: 'xterm-256color',
  cols,
  rows,
  cwd: ws,
  env: { PATH: process.env.PATH, HOME: root, TERM: 'xterm-256color', LANG: 'C.UTF-8', CODEX_HOME: home, MOCK_API_KEY: 'x' },
});

const screen = () => {
  const buf = term.buffer.active;
  let s = '';
  for (let y = 0; y < term.rows; y++) s += (buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '') + '\n';
  return s;
};
let streaming = false;
let frames = 0;
let torn = 0;
let bytes = 0;
let clears = 0;
let t0 = 0;
let done = () => {};
const finished = new Promise((r) => (done = r));
let phase = 'ready';
p.onData((d) => {
  term.write(d, () => {
    const s = screen();
    if (phase === 'ready' && /context left/.test(s)) {
      phase = 'sent';
      p.write('stream it\r');
      return;
    }
    // From the first chunk showing part of the answer.
    if (phase === 'sent' && /line \d+ of the long answer/.test(s)) {
      phase = 'streaming';
      streaming = true;
      t0 = performance.now();
    }
    if (!streaming) return;
    bytes += Buffer.byteLength(d);
    clears += (d.match(/\x1b\[2J/g) ?? []).length;
    // A frame is what lies between synchronized-update marks (DEC 2026, which
    // Ink writes around each frame): terminals show it at once, so the screen
    // is judged where a frame ends, not where the PTY happened to split it.
    const ends = d.split('\x1b[?2026l').length - 1;
    if (ends === 0 || d.lastIndexOf('\x1b[?2026l') < d.lastIndexOf('\x1b[?2026h')) return;
    frames += ends;
    if (!/context left/.test(s) || !s.includes('Ask Codex')) torn++;
    if (s.includes(`line ${LINES} of`) && !s.includes('Working')) {
      streaming = false;
      done(performance.now() - t0);
    }
  });
});
const timeout = setTimeout(
  () => {
    console.log(screen());
    done(NaN);
  },
  Number(process.env.BENCH_TIMEOUT_MS ?? 180_000),
);
const ms = await finished;
clearTimeout(timeout);
p.kill('SIGKILL');
term.dispose();
await server.close();
rmSync(root, { recursive: true, force: true });
console.log(`TUI streaming a ${LINES}-line answer (${LINES} deltas, 1 ms apart), ${cols}x${rows} PTY`);
console.log(`  first to last line on screen: ${Math.round(ms)} ms (the server alone takes >= ${LINES} ms at 1 ms a delta)`);
console.log(`  frames drawn: ${frames} (${(frames / (ms / 1000)).toFixed(1)}/s), ${(bytes / 1024).toFixed(0)} KiB written`);
console.log(`  flicker: ${torn} frames left the status line or composer off screen, ${clears} full-screen clears`);
