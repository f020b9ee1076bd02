#!/usr/bin/env node
// Builds codex-rollout-check (native-helpers/rollout-check), which checks
// thread/list's index against the rollouts as an app-server starts
// (main/core/session/earlyRolloutCheck.ts).
//
//   node native-helpers/build-rollout-check.mjs [--force]
//
// Linux only for now (statx-free POSIX C, but only built and tested here).
// Unlike the sandbox helper it is optional: a failed compile is reported and
// exits 0, and a fresh server's first folder filter then stats the files
// itself, slower. Skips the compile when
// the binary is newer than its source; writes to a temporary name first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = join(dirname(fileURLToPath(import.meta.url)), 'rollout-check');
const source = join(here, 'codex-rollout-check.c');
const output = join(here, 'build', 'codex-rollout-check');

if (process.platform !== 'linux') {
  console.log(`native-helpers: skipping codex-rollout-check (built on Linux only, this is ${process.platform})`);
} else if (process.argv.includes('--force') || !existsSync(output) || statSync(output).mtimeMs < statSync(source).mtimeMs) {
  mkdirSync(dirname(output), { recursive: true });
  const cc = process.env.CC || 'cc';
  const tmp = `${output}.tmp-${process.pid}`;
  // -ffp-contract=off: the mtime must come out bit for bit as Node computes it (see the source).
  const args = ['-O2', '-Wall', '-Wextra', '-Werror', '-ffp-contract=off', '-o', tmp, source];
  const staticBuild = spawnSync(cc, ['-static', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const result = staticBuild.status === 0 ? staticBuild : spawnSync(cc, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error || result.status !== 0) {
    rmSync(tmp, { force: true });
    console.warn(
      `native-helpers: could not build codex-rollout-check (${cc} ${args.join(' ')}): ${result.error?.message ?? `exit code ${result.status}`}; ` +
        "a fresh server's first folder filter stats the rollouts itself instead",
    );
  } else renameSync(tmp, output);
}
