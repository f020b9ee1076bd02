// Helpers for the sign-in tests: a fresh CODEX_HOME, a `codex` child process
// whose output can be awaited line by line, and a "browser" script for $BROWSER
// that records the URL it was asked to open.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODEX_BIN } from '../support/cli.js';

export interface AuthSandbox {
  root: string;
  home: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
  /** File the $BROWSER script writes the opened URL to. */
  browserLog: string;
}

export function makeAuthSandbox(extraEnv: NodeJS.ProcessEnv = {}, config = 'model = "gpt-5.5"\n'): AuthSandbox {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'codex-auth-')));
  const home = join(root, 'home');
  const workspace = join(root, 'ws');
  mkdirSync(home);
  mkdirSync(join(workspace, '.git'), { recursive: true });
  writeFileSync(join(workspace, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(home, 'config.toml'), config);
  const browserLog = join(root, 'browser-url.txt');
  const browser = join(root, 'browser.sh');
  writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > '${browserLog}'\n`);
  chmodSync(browser, 0o755);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: root, SHELL: '/bin/bash', LANG: 'C.UTF-8', CODEX_HOME: home, BROWSER: browser, ...extraEnv };
  return { root, home, workspace, env, browserLog };
}

export interface LiveProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `re` in stdout+stderr (ANSI stripped). */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exit: Promise<number | null>;
}

const stripAnsi = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');

export function startCodex(bin: string | undefined, args: string[], sb: AuthSandbox, input?: string): LiveProcess {
  const [cmd, argv] = bin ? [bin, args] : [process.execPath, [CODEX_BIN, ...args]];
  const child = spawn(cmd, argv, { cwd: sb.workspace, env: sb.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const poke = (): void => waiters.forEach((w) => w());
  child.stdout!.setEncoding('utf8').on('data', (d: string) => ((out += d), poke()));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => ((err += d), poke()));
  if (input !== undefined) child.stdin!.end(input);
  else child.stdin!.end();
  const exit = new Promise<number | null>((r) => child.on('close', (code) => (poke(), r(code))));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  void exit.then(() => clearTimeout(timer));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exit,
    waitFor(re, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const m = stripAnsi(out + err).match(re);
          if (m) {
            waiters.delete(check);
            clearTimeout(t);
            resolve(m);
          } else if (child.exitCode !== null) {
            waiters.delete(check);
            clearTimeout(t);
            reject(new Error(`codex exited (${child.exitCode}) before ${re}\nstdout: ${out}\nstderr: ${err}`));
          }
        };
        const t = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${re}\nstdout: ${out}\nstderr: ${err}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** Waits for the $BROWSER script to have been run and returns the URL it got. */
export async function browserOpened(sb: AuthSandbox, timeoutMs = 20_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (existsSync(sb.browserLog)) {
      const url = readFileSync(sb.browserLog, 'utf8');
      if (url) return url;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('$BROWSER was never run');
}

export function readAuthJson(sb: AuthSandbox): any {
  return JSON.parse(readFileSync(join(sb.home, 'auth.json'), 'utf8'));
}
