#!/usr/bin/env node
// Builds the native helpers that sandboxed commands run through.
//
//   node native-helpers/build.mjs [--force]
//
// Linux: compiles linux-sandbox/codex-linux-sandbox.c into
// linux-sandbox/build/codex-linux-sandbox with `cc -O2 -Wall -Wextra -Werror`
// (linked statically when the libc allows it)
// ($CC overrides the compiler). A compiler failure exits non-zero: without
// the helper no sandboxed command can run on Linux, so a silent skip would
// only move the failure to run time. Other platforms: nothing to build here
// yet, so it says so and exits 0.
//
// Skips the compile when the binary is newer than its source (--force
// rebuilds). Output goes to a temporary name first and is renamed into
// place, so parallel test workers never execute a half-written file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sourceDir = join(here, 'linux-sandbox');
const sourceFiles = readdirSync(sourceDir)
  .filter((f) => /\.[ch]$/.test(f))
  .map((f) => join(sourceDir, f));
const sources = sourceFiles.filter((f) => f.endsWith('.c'));
const outDir = join(here, 'linux-sandbox', 'build');
const output = join(outDir, 'codex-linux-sandbox');
const force = process.argv.includes('--force');

function upToDate() {
  if (force || !existsSync(output)) return false;
  const newest = Math.max(...sourceFiles.map((f) => statSync(f).mtimeMs));
  return statSync(output).mtimeMs >= newest;
}

// No process.exit on a skip: scripts/build.mjs imports this and goes on to the next helpers.
if (process.platform !== 'linux') {
  console.log(`native-helpers: skipping codex-linux-sandbox (needs Linux, this is ${process.platform})`);
} else if (!upToDate()) {
  buildHelper();
}

function buildHelper() {
  mkdirSync(outDir, { recursive: true });
  const cc = process.env.CC || 'cc';
  const tmp = `${output}.tmp-${process.pid}`;
  const args = ['-O2', '-Wall', '-Wextra', '-Werror', '-o', tmp, ...sources];
  // Static first: without the dynamic loader every sandboxed command starts
  // ~0.8 ms sooner (bench/sandbox.mjs). A libc without libc.a (some distros)
  // gets the dynamic build, quietly.
  const staticBuild = spawnSync(cc, ['-static', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const result = staticBuild.status === 0 ? staticBuild : spawnSync(cc, args, { stdio: 'inherit' });
  if (result.error || result.status !== 0) {
    rmSync(tmp, { force: true });
    const why = result.error ? result.error.message : `exit code ${result.status ?? `signal ${result.signal}`}`;
    console.error(
      `native-helpers: FAILED to build codex-linux-sandbox (${cc} ${args.join(' ')}): ${why}\n` +
        'Sandboxed commands cannot run on Linux without it. Install a C compiler and kernel headers ' +
        '(Debian/Ubuntu: apt-get install gcc linux-libc-dev) and run `npm run build` again.',
    );
    process.exit(1);
  }
  renameSync(tmp, output);
  console.log(`native-helpers: built ${output}`);
}
