// Runs the real built `codex` CLI (bin/codex.js → dist/cli.js) as a child
// process against a scripted model server, in a throwaway CODEX_HOME and repo.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startScriptedServer, type ScriptedServer } from './scriptedServer.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const CODEX_BIN = join(REPO_ROOT, 'bin', 'codex.js');

export interface CodexRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSONL (only with --json). */
  events: any[];
}

export interface Sandbox {
  home: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
}

/** A fresh CODEX_HOME whose config points at `baseUrl`, and a git workspace. */
export function makeSandbox(baseUrl: string, opts: { extraConfig?: string; wireApi?: 'responses' | 'chat'; git?: boolean } = {}): Sandbox {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'codex-e2e-')));
  const home = join(root, 'home');
  const workspace = join(root, 'ws');
  mkdirSync(home);
  mkdirSync(workspace);
  // The least git takes for a repository (and so does `codex exec`'s check): a .git with HEAD.
  if (opts.git !== false) {
    mkdirSync(join(workspace, '.git'));
    writeFileSync(join(workspace, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  }
  writeFileSync(
    join(home, 'config.toml'),
    `model = "gpt-5.5"
model_provider = "mock"
${opts.extraConfig ?? ''}

[model_providers.mock]
name = "mock"
base_url = "${baseUrl}"
env_key = "MOCK_API_KEY"
wire_api = "${opts.wireApi ?? 'responses'}"
request_max_retries = 2
stream_max_retries = 2
stream_idle_timeout_ms = 4000
`,
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: root,
    SHELL: '/bin/bash',
    LANG: 'C.UTF-8',
    CODEX_HOME: home,
    MOCK_API_KEY: 'sk-test-key',
  };
  return { home, workspace, env };
}

export function runCodex(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number }): Promise<CodexRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CODEX_BIN, ...args], { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`codex ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const events = stdout
        .split('\n')
        .filter((l) => l.trim().startsWith('{'))
        .map((l) => {
          try {
            return JSON.parse(l);
          } catch {
            return { unparsable: l };
          }
        });
      resolvePromise({ code, stdout, stderr, events });
    });
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

/** `codex exec --json --skip-git-repo-check … PROMPT` in the sandbox workspace. */
export function execJson(sb: Sandbox, prompt: string, extra: string[] = [], opts: { input?: string; timeoutMs?: number } = {}): Promise<CodexRun> {
  return runCodex(['exec', '--json', '--skip-git-repo-check', '-s', 'danger-full-access', ...extra, prompt], { cwd: sb.workspace, env: sb.env, ...opts });
}

/**
 * Registers the usual hooks of an end-to-end suite: one scripted model server
 * for the file, a fresh CODEX_HOME + workspace for every test. Read the live
 * values through the returned object (`t.server`, `t.sb`).
 */
export function scriptedSuite(): { server: ScriptedServer; sb: Sandbox } {
  const t = {} as { server: ScriptedServer; sb: Sandbox };
  beforeAll(async () => {
    t.server = await startScriptedServer();
  });
  afterAll(async () => {
    await t.server.close();
  });
  beforeEach(() => {
    t.server.reset();
    t.sb = makeSandbox(t.server.baseUrl);
  });
  return t;
}

/** The output the model got back for `callId` in a recorded request. */
export function outputOf(req: { body: any }, callId: string): any {
  return req.body.input.find((i: any) => (i.type === 'function_call_output' || i.type === 'custom_tool_call_output') && i.call_id === callId)?.output;
}
