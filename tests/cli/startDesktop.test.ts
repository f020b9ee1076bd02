// `npm run start:desktop`'s launcher (scripts/start-desktop.mjs): without an
// Electron binary or a display it says what is missing, how to get it, and
// that the CLI works headless, with no stack trace; with both it runs Electron.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/cli.js';

const SCRIPT = join(REPO_ROOT, 'scripts', 'start-desktop.mjs');
const run = (args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, [SCRIPT, ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });

/** A stand-in Electron: a real executable that records its arguments and exits 3. */
function fakeElectronDist(): { dist: string; log: string } {
  const dist = mkdtempSync(join(tmpdir(), 'fake-electron-'));
  const log = join(dist, 'args.txt');
  writeFileSync(join(dist, 'electron'), `#!/bin/sh\necho "$@" > '${log}'\nexit 3\n`);
  chmodSync(join(dist, 'electron'), 0o755);
  return { dist, log };
}

describe('start:desktop launcher', () => {
  it('package.json start:desktop goes through it', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts['start:desktop']).toMatch(/^node scripts\/start-desktop\.mjs --check && .*node scripts\/start-desktop\.mjs dist\/electron\/main\.mjs$/);
  });

  it('a missing Electron binary: what, how to get it, and that codex works headless; no stack trace', () => {
    const r = run(['--check'], { ELECTRON_OVERRIDE_DIST_PATH: join(tmpdir(), 'no-such-electron-dist'), DISPLAY: ':0' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('The desktop app needs Electron');
    expect(r.stderr).toContain('node node_modules/electron/install.js');
    expect(r.stderr).toContain('works headless');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).toBe('');
  });

  it('no display on Linux: says so, and how to run it anyway', () => {
    const { dist } = fakeElectronDist();
    const r = run(['--check'], { ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('needs a display');
    expect(r.stderr).toContain('xvfb-run');
    expect(r.stderr).toContain('works headless');
  });

  it('with both, runs Electron on the main script and passes its exit code on', () => {
    const { dist, log } = fakeElectronDist();
    expect(run(['--check'], { ELECTRON_OVERRIDE_DIST_PATH: dist, DISPLAY: ':0' }).status).toBe(0);
    const r = run(['dist/electron/main.mjs', '--flag'], { ELECTRON_OVERRIDE_DIST_PATH: dist, DISPLAY: ':0' });
    expect(r.status).toBe(3);
    expect(readFileSync(log, 'utf8')).toBe('dist/electron/main.mjs --flag\n');
  });
});
