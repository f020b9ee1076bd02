#!/usr/bin/env node
// Runs `electron-builder --dir` for this platform: release/<version>/<platform>-unpacked.
// `npm run package:dir` builds the inputs first; this script only packages.
//
//   node scripts/package-dir.mjs [electron-builder args…]
//
// Electron comes from node_modules/electron/dist when `npx install-electron` (or a
// first `npx electron`) has put it there, saving a second download; otherwise
// electron-builder downloads it from GitHub. Where neither works (CI), pass
// -c.electronDist=DIR: tests/packaging.test.ts passes a stub.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const extra = process.argv.slice(2);
const args = ['--dir', '--publish', 'never', ...extra];

if (!extra.some((a) => a.startsWith('-c.electronDist') || a.startsWith('--config.electronDist'))) {
  const dist = join(root, 'node_modules', 'electron', 'dist');
  if (existsSync(join(dist, 'version'))) args.push(`-c.electronDist=${dist}`);
  else console.log(`package-dir: no Electron in ${dist}; electron-builder will download it (or pass -c.electronDist=DIR)`);
}

// The CLI entry through node, not node_modules/.bin: works the same on Windows.
const cli = createRequire(import.meta.url).resolve('electron-builder/cli.js');
const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
