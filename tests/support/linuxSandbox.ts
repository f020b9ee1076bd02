// Shared by the Linux sandbox test files (linux.test.ts, linux.escapes.test.ts):
// commands go through the real helper exactly as the spawner runs them
// (wrapCommandForSandbox + child_process), in throwaway directories.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { wrapCommandForSandbox } from '../../main/core/sandbox/index.js';
import { findPackageRoot, locateLinuxSandboxHelper } from '../../main/core/sandbox/linux.js';
import type { SandboxPolicy } from '../../main/core/sandbox/policy.js';

export const onLinux = process.platform === 'linux';
export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export { READ_ONLY, ww } from './sandboxPolicies.js';

export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  delete env['TMPDIR'];
  return env;
}

/**
 * The real interpreter behind `python3`: a pyenv shim is a bash script that
 * adds ~300 ms to every run. Undefined when there is no Python.
 */
export const PY: string | undefined = (() => {
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
})();
export const hasPython = PY !== undefined;

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  input?: string;
  /** argv put in front of the helper (e.g. setpriv to drop to another user). */
  prefix?: string[];
}

/** Async so in-process servers (TCP, UDP, unix sockets) keep serving while the child runs. */
export function run(policy: SandboxPolicy, cwd: string, argv: string[], opts: RunOptions = {}): Promise<RunResult> {
  const cmd = wrapCommandForSandbox({ argv, cwd, env: opts.env ?? baseEnv(), policy });
  const full = [...(opts.prefix ?? []), ...cmd.argv];
  return new Promise((resolve, reject) => {
    const child = spawn(full[0]!, full.slice(1), { cwd, env: cmd.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {}); // the command may exit without reading stdin
    child.stdin.end(opts.input ?? '');
  });
}

export const sh = (policy: SandboxPolicy, cwd: string, script: string, opts?: RunOptions) => run(policy, cwd, ['sh', '-c', script], opts);

/** `python3 -c script args…` inside the sandbox. */
export const py = (policy: SandboxPolicy, cwd: string, script: string, args: string[] = [], opts?: RunOptions) =>
  run(policy, cwd, [PY ?? 'python3', '-c', script, ...args], opts);

export interface HelperInfo {
  path: string;
  landlockAbi: number;
}

/** Builds the helper if needed (a no-op when current) and probes the kernel, in beforeAll. */
export function useHelper(): HelperInfo {
  const info: HelperInfo = { path: '', landlockAbi: 0 };
  beforeAll(() => {
    const root = findPackageRoot();
    if (!root) throw new Error('package root not found');
    execFileSync(process.execPath, [path.join(root, 'native-helpers', 'build.mjs')], { stdio: 'inherit' });
    const found = locateLinuxSandboxHelper();
    if (!found.found) throw new Error(`helper missing after build: ${found.reason}`);
    info.path = found.path;
    const probe = execFileSync(info.path, ['--probe'], { encoding: 'utf8' });
    info.landlockAbi = Number(/landlock_abi=(\d+)/.exec(probe)?.[1] ?? 0);
  });
  return info;
}

export interface Scratch {
  /** Parent of both: never a writable root itself. */
  base: string;
  /** The command's cwd (the only writable root under ww()). */
  ws: string;
  /** A sibling of ws holding secret.txt = "original\n". */
  outside: string;
}

/** Fresh base/ws/outside directories for every test. */
export function useScratch(): Scratch {
  const dirs: Scratch = { base: '', ws: '', outside: '' };
  beforeEach(() => {
    dirs.base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'codex-sbx-')));
    dirs.ws = path.join(dirs.base, 'ws');
    dirs.outside = path.join(dirs.base, 'outside');
    mkdirSync(dirs.ws);
    mkdirSync(dirs.outside);
    writeFileSync(path.join(dirs.outside, 'secret.txt'), 'original\n');
  });
  afterEach(() => {
    rmSync(dirs.base, { recursive: true, force: true });
  });
  return dirs;
}
