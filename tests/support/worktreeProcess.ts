// Runs worktree operations in another real process (the core module bundled
// by esbuild), for tests of cross-process ownership and of crashes: the child
// can be told to SIGKILL itself at a named crash point
// (CODEX_WORKTREE_CRASH_AT), and prints one JSON line per result.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { bundleScript } from './bundledScript.js';
import { REPO_ROOT } from './cli.js';

const SOURCE = `
import * as wt from './main/core/worktrees/index.ts';
const [op, json] = process.argv.slice(2);
const a = JSON.parse(json);
const say = (v) => process.stdout.write(JSON.stringify(v) + '\\n');
try {
  if (op === 'create') say(await wt.createWorktree(a));
  else if (op === 'claim') {
    const c = wt.claimWorktree(a.recordDir, a.threadId);
    say({ claimed: c.threadId });
    if (a.holdMs) await new Promise((r) => setTimeout(r, a.holdMs));
    if (a.release) c.release();
  } else if (op === 'remove') say(await wt.removeWorktree(a.path, a.opts));
  else if (op === 'handoff') say(await wt.handoff(a));
  else throw new Error('unknown op ' + op);
} catch (err) {
  say({ error: err.message, name: err.name });
  process.exitCode = 1;
}
`;

let script: Promise<string> | undefined;
function childScript(): Promise<string> {
  script ??= bundleScript(SOURCE, 'wt-child');
  return script;
}

export interface ChildRun {
  proc: ChildProcess;
  /** The first JSON line the child printed (undefined if it died first). */
  firstLine: Promise<any>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function runInChild(op: string, args: unknown, opts: { crashAt?: string } = {}): Promise<ChildRun> {
  const env = { ...process.env };
  if (opts.crashAt) env.CODEX_WORKTREE_CRASH_AT = opts.crashAt;
  else delete env.CODEX_WORKTREE_CRASH_AT;
  const proc = spawn(process.execPath, [await childScript(), op, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'], env, cwd: REPO_ROOT });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  const firstLine = new Promise<any>((resolve) => {
    createInterface({ input: proc.stdout! }).once('line', (l) => resolve(JSON.parse(l)));
    proc.once('exit', () => resolve(undefined));
  });
  return { proc, firstLine, exited };
}
