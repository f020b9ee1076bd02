// Apps started from a desktop launcher (Finder, Dock, a .desktop file) get a bare
// environment (PATH=/usr/bin:/bin...), so commands the agent runs would miss the
// user's tools. Once at startup, before any thread exists, we ask the user's
// login shell for its environment and merge it into process.env.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';

export interface ShellEnvOptions {
  shell: string;
  /** The environment the shell starts from (and the one we fall back to). */
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  cwd?: string;
}

export type ShellEnvResult = { ok: true; env: Record<string, string> } | { ok: false; error: string };

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_OUTPUT = 8 * 1024 * 1024;
/** Per-process or shell-internal variables that must not leak into ours. */
const SKIPPED = new Set(['_', 'SHLVL', 'PWD', 'OLDPWD', 'PS1', 'PS2']);

/**
 * Whether this launch looks like a desktop-launcher one: no terminal type or no
 * TTY on stdin. CODEX_DESKTOP_SHELL_ENV=0/1 forces the answer; never on Windows.
 */
export function shouldLoadLoginShellEnv(env: NodeJS.ProcessEnv, stdinIsTTY: boolean, platform: NodeJS.Platform = process.platform): boolean {
  if (env.CODEX_DESKTOP_SHELL_ENV === '0') return false;
  if (platform === 'win32') return false;
  if (env.CODEX_DESKTOP_SHELL_ENV === '1') return true;
  return !env.TERM || !stdinIsTTY;
}

/**
 * Runs `<shell> -ilc` printing `env -0` between two random markers, so whatever
 * the rc files print (banners, `fortune`, prompts) is ignored. Never rejects.
 */
export function readLoginShellEnv(opts: ShellEnvOptions): Promise<ShellEnvResult> {
  const marker = `__CODEX_ENV_${randomBytes(8).toString('hex')}__`;
  const script = `command printf '%s' '${marker}'; command env -0; command printf '%s' '${marker}'`;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: ShellEnvResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    let child: ChildProcessByStdio<null, Readable, null>;
    try {
      // Own process group, so a timeout can end the shell and anything its rc files started.
      child = spawn(opts.shell, ['-ilc', script], { env: opts.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    } catch (err) {
      resolve({ ok: false, error: `cannot start ${opts.shell}: ${(err as Error).message}` });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      killGroup(child.pid);
      done({ ok: false, error: `${opts.shell} -ilc did not finish within ${timeoutMs} ms` });
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_OUTPUT) {
        killGroup(child.pid);
        done({ ok: false, error: `${opts.shell} printed more than ${MAX_OUTPUT} bytes` });
      } else chunks.push(d);
    });
    child.on('error', (err) => done({ ok: false, error: `cannot start ${opts.shell}: ${err.message}` }));
    child.on('close', (code, signal) => {
      const env = parseMarkedEnv(Buffer.concat(chunks).toString('utf8'), marker);
      if (env) done({ ok: true, env });
      else done({ ok: false, error: `${opts.shell} -ilc gave no environment (exit ${code ?? signal})` });
    });
  });
}

/** The NUL-separated NAME=value list between the two markers; null when absent. */
export function parseMarkedEnv(output: string, marker: string): Record<string, string> | null {
  const start = output.indexOf(marker);
  const end = output.lastIndexOf(marker);
  if (start < 0 || end <= start) return null;
  const env: Record<string, string> = {};
  for (const entry of output.slice(start + marker.length, end).split('\0')) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/** Copies the shell's variables into `target`, skipping shell-internal and Electron ones. */
export function mergeShellEnv(target: NodeJS.ProcessEnv, shellEnv: Record<string, string>): string[] {
  const changed: string[] = [];
  for (const [key, value] of Object.entries(shellEnv)) {
    if (SKIPPED.has(key) || key.startsWith('ELECTRON_') || key.startsWith('__CODEX_ENV_')) continue;
    if (target[key] !== value) changed.push(key);
    target[key] = value;
  }
  return changed;
}

/**
 * The startup step: when launched from a desktop launcher, load the login
 * shell's environment into `target` (process.env). A failure is logged and the
 * current environment kept.
 */
export async function applyLoginShellEnv(opts: {
  target: NodeJS.ProcessEnv;
  stdinIsTTY: boolean;
  log: (line: string) => void;
  platform?: NodeJS.Platform;
  timeoutMs?: number;
}): Promise<boolean> {
  const { target, log } = opts;
  if (!shouldLoadLoginShellEnv(target, opts.stdinIsTTY, opts.platform)) return false;
  const shell = target.SHELL || '/bin/sh';
  const result = await readLoginShellEnv({ shell, env: target, timeoutMs: opts.timeoutMs, cwd: target.HOME });
  if (!result.ok) {
    log(`login shell environment not loaded: ${result.error}; keeping the current one`);
    return false;
  }
  const changed = mergeShellEnv(target, result.env);
  log(`login shell environment loaded from ${shell} (${changed.length} variables changed)`);
  return true;
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
