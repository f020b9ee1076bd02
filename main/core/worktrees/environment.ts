// Local environments (the Codex app's `.codex/environments/environment.toml`):
//   version = 1
//   name = "…"
//   [setup]   script = "…"   (optionally [setup.darwin] / [setup.linux] / [setup.win32] script = "…")
//   [cleanup] script = "…"   (same per-platform overrides)
//   [[actions]] name = "…", command = "…", icon = "…", platform = "darwin|linux|win32"
// The setup script runs in a new worktree, the cleanup script before one is
// removed, both with CODEX_SOURCE_TREE_PATH (the Local checkout) and
// CODEX_WORKTREE_PATH set, as the Codex app does. The file is read from the
// Local checkout, where the sandbox keeps `.codex` read-only for agents.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseToml } from '../config/tomlFile.js';

export const ENVIRONMENT_FILE = path.join('.codex', 'environments', 'environment.toml');

export interface EnvironmentAction {
  name: string;
  command: string;
  icon?: string;
  platform?: string;
}

export interface LocalEnvironment {
  file: string;
  name: string;
  setup?: string;
  cleanup?: string;
  /** Actions for this platform (those naming another platform are left out). */
  actions: EnvironmentAction[];
}

export class LocalEnvironmentError extends Error {
  constructor(file: string, what: string) {
    super(`${file}: ${what}`);
    this.name = 'LocalEnvironmentError';
  }
}

const isTable = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** The project's local environment, or undefined when it has none. Errors name the file and the key. */
export function loadLocalEnvironment(projectRoot: string, platform: NodeJS.Platform = process.platform): LocalEnvironment | undefined {
  const file = path.join(projectRoot, ENVIRONMENT_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LocalEnvironmentError(file, `cannot read: ${(err as Error).message}`);
  }
  const doc = parseToml(text, file);
  if (doc.version !== 1) throw new LocalEnvironmentError(file, `version must be 1 (found ${JSON.stringify(doc.version ?? null)})`);
  if (typeof doc.name !== 'string' || !doc.name.trim()) throw new LocalEnvironmentError(file, 'name must be a non-empty string');
  const script = (key: 'setup' | 'cleanup'): string | undefined => {
    const t = doc[key];
    if (t === undefined) return undefined;
    if (!isTable(t)) throw new LocalEnvironmentError(file, `[${key}] must be a table`);
    const override = t[platform];
    if (override !== undefined) {
      if (!isTable(override) || typeof override.script !== 'string') throw new LocalEnvironmentError(file, `${key}.${platform}.script must be a string`);
      return override.script;
    }
    if (t.script === undefined) return undefined;
    if (typeof t.script !== 'string') throw new LocalEnvironmentError(file, `${key}.script must be a string`);
    return t.script;
  };
  const actions: EnvironmentAction[] = [];
  const raw = doc.actions ?? [];
  if (!Array.isArray(raw)) throw new LocalEnvironmentError(file, 'actions must be an array of tables ([[actions]])');
  raw.forEach((a, i) => {
    if (!isTable(a) || typeof a.name !== 'string' || typeof a.command !== 'string')
      throw new LocalEnvironmentError(file, `actions[${i}] needs string name and command`);
    for (const k of ['icon', 'platform'] as const)
      if (a[k] !== undefined && typeof a[k] !== 'string') throw new LocalEnvironmentError(file, `actions[${i}].${k} must be a string`);
    const action: EnvironmentAction = { name: a.name, command: a.command };
    if (typeof a.icon === 'string') action.icon = a.icon;
    if (typeof a.platform === 'string') action.platform = a.platform;
    if (!action.platform || action.platform === platform) actions.push(action);
  });
  return { file, name: doc.name, setup: script('setup'), cleanup: script('cleanup'), actions };
}

export interface ScriptResult {
  kind: 'setup' | 'cleanup';
  ok: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** stdout and stderr interleaved as they arrived (the last 1 MiB). */
  output: string;
  durationMs: number;
}

export class EnvironmentScriptError extends Error {
  constructor(
    readonly result: ScriptResult,
    worktree: string,
  ) {
    const how = result.timedOut ? 'timed out' : result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
    super(`the ${result.kind} script for ${worktree} ${how}; its output:\n${result.output.trimEnd() || '(none)'}`);
    this.name = 'EnvironmentScriptError';
  }
}

export interface RunScriptOptions {
  worktree: string;
  sourceTree: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Each chunk of output as it arrives (for live display). */
  onOutput?: (chunk: string) => void;
}

const OUTPUT_CAP = 1 << 20;

/** Runs a setup or cleanup script in the worktree and reports how it ended; never throws for a failing script. */
export function runEnvironmentScript(kind: 'setup' | 'cleanup', script: string, opts: RunScriptOptions): Promise<ScriptResult> {
  const started = Date.now();
  const shell = process.platform === 'win32' ? 'cmd.exe' : '/bin/sh';
  const args = process.platform === 'win32' ? ['/d', '/s', '/c', script] : ['-c', script];
  return new Promise((resolve) => {
    const child = spawn(shell, args, {
      cwd: opts.worktree,
      env: { ...(opts.env ?? process.env), CODEX_SOURCE_TREE_PATH: opts.sourceTree, CODEX_WORKTREE_PATH: opts.worktree },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32', // its own group, so a timeout kills everything it started
    });
    let output = '';
    const take = (d: Buffer) => {
      const s = d.toString('utf8');
      output = (output + s).slice(-OUTPUT_CAP);
      opts.onOutput?.(s);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        try {
          process.kill(process.platform === 'win32' ? child.pid! : -child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      },
      opts.timeoutMs ?? 10 * 60_000,
    );
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      resolve({ kind, ok: exitCode === 0 && !timedOut, exitCode, signal, timedOut, output, durationMs: Date.now() - started });
    };
    child.on('error', (err) => {
      output += `cannot start ${shell}: ${err.message}\n`;
      finish(null, null);
    });
    child.on('close', finish);
  });
}

/** A `beforeRemove` hook for removeWorktree that runs the cleanup script and stops the removal if it fails. */
export function cleanupBeforeRemove(sourceTree: string, opts: Omit<RunScriptOptions, 'worktree' | 'sourceTree'> = {}): (worktree: string) => Promise<void> {
  return async (worktree) => {
    const envDef = loadLocalEnvironment(sourceTree);
    if (!envDef?.cleanup) return;
    const r = await runEnvironmentScript('cleanup', envDef.cleanup, { ...opts, worktree, sourceTree });
    if (!r.ok) throw new EnvironmentScriptError(r, worktree);
  };
}
