#!/usr/bin/env node
// `npm run start:desktop`: starts the desktop app with the Electron binary of
// node_modules/electron, or says plainly what is missing (the binary, a
// display) and that the `codex` CLI works without either. The `electron`
// package's own launcher would instead try a download and print its stack.
//   node scripts/start-desktop.mjs --check      only check, exit 1 when it cannot start
//   node scripts/start-desktop.mjs MAIN [ARGS]  check, then run Electron on MAIN
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronPkg = join(root, 'node_modules', 'electron');

/** Where Electron's binary is, as the `electron` package computes it (path.txt, or ELECTRON_OVERRIDE_DIST_PATH). */
function electronBinary() {
  const pathFile = join(electronPkg, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel || 'electron');
  return rel ? join(electronPkg, 'dist', rel) : undefined;
}

const HEADLESS = 'The codex CLI does not need either: `node bin/codex.js --help` (or `codex`, once installed) works headless.';

function problem() {
  const bin = electronBinary();
  if (!existsSync(electronPkg)) {
    return `The desktop app needs Electron, and the electron package is not installed (no ${relative(process.cwd(), electronPkg) || electronPkg}).\nRun \`npm ci\` first.`;
  }
  if (!bin || !existsSync(bin)) {
    return (
      'The desktop app needs Electron, and its binary is not installed here' +
      (bin ? ` (${bin} is missing)` : ' (node_modules/electron has no path.txt)') +
      '.\nGet it with: node node_modules/electron/install.js   (downloads Electron for this platform; needs network access)'
    );
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'The desktop app needs a display, and there is none (neither DISPLAY nor WAYLAND_DISPLAY is set).\nRun it in a graphical session, or under a virtual one: xvfb-run npm run start:desktop';
  }
  return undefined;
}

const why = problem();
if (why) {
  process.stderr.write(`${why}\n${HEADLESS}\n`);
  process.exit(1);
}
const args = process.argv.slice(2);
if (args[0] === '--check') process.exit(0);
if (args.length === 0) {
  process.stderr.write('usage: node scripts/start-desktop.mjs --check | MAIN [ARGS...]\n');
  process.exit(2);
}
const child = spawn(electronBinary(), args, { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
