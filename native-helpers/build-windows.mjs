#!/usr/bin/env node
// Cross-compiles the Windows sandbox helper with mingw-w64.
//
//   node native-helpers/build-windows.mjs [--require] [--force]
//
// Output: windows-sandbox/build/codex-windows-sandbox.exe. Needs
// x86_64-w64-mingw32-gcc on PATH (Debian/Ubuntu: apt-get install
// gcc-mingw-w64-x86-64; $MINGW_CC overrides). Without the compiler it prints
// why it skipped and exits 0, unless --require is given (CI): then a missing
// compiler is an error too. Compile errors always exit non-zero.
//
// Skips the compile when the exe is newer than its source (--force
// rebuilds); writes to a temporary name first and renames it into place so a
// concurrent reader never sees a half-written file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, 'windows-sandbox', 'codex-windows-sandbox.c');
const outDir = join(here, 'windows-sandbox', 'build');
const output = join(outDir, 'codex-windows-sandbox.exe');
const required = process.argv.includes('--require');
const force = process.argv.includes('--force');
const cc = process.env.MINGW_CC || 'x86_64-w64-mingw32-gcc';

const probe = spawnSync(cc, ['--version'], { stdio: 'ignore' });
if (probe.error || probe.status !== 0) {
  const msg =
    `native-helpers: ${required ? 'FAILED' : 'skipping'} codex-windows-sandbox.exe: ${cc} not found ` +
    '(install it with `apt-get install gcc-mingw-w64-x86-64`)';
  if (required) {
    console.error(msg);
    process.exit(1);
  }
  console.log(msg);
  process.exit(0);
}

if (!force && existsSync(output) && statSync(output).mtimeMs >= statSync(source).mtimeMs) process.exit(0);

mkdirSync(outDir, { recursive: true });
const tmp = `${output}.tmp-${process.pid}.exe`;
// -municode: wmain entry point (UTF-16 argv). Static libgcc so the exe needs
// nothing beyond system DLLs.
const args = ['-O2', '-Wall', '-Wextra', '-Werror', '-municode', '-static-libgcc', '-o', tmp, source, '-ladvapi32', '-luserenv'];
const result = spawnSync(cc, args, { stdio: 'inherit' });
if (result.error || result.status !== 0) {
  rmSync(tmp, { force: true });
  const why = result.error ? result.error.message : `exit code ${result.status ?? `signal ${result.signal}`}`;
  console.error(`native-helpers: FAILED to build codex-windows-sandbox.exe (${cc} ${args.join(' ')}): ${why}`);
  process.exit(1);
}
renameSync(tmp, output);
console.log(`native-helpers: built ${output}`);
