// Shared setup for the TUI's PTY tests: a scripted model server for the file,
// a fresh CODEX_HOME and workspace per test, and helpers that drive the TUI as
// a person would. A failing test prints the screen as it was.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../support/scriptedServer.js';
import { makeSandbox, type Sandbox } from '../support/cli.js';
import { KEY, TerminalUnderTest } from './terminalUnderTest.js';

export const READY = /context left/;
export const idle = (s: string) => !s.includes('Working') && s.includes('Ask Codex');

export interface TuiHarness {
  readonly server: ScriptedServer;
  readonly sb: Sandbox;
  start(args?: string[], opts?: { cols?: number; rows?: number; env?: NodeJS.ProcessEnv; cwd?: string }): TerminalUnderTest;
}

export function tuiHarness(sandboxOpts: Parameters<typeof makeSandbox>[1] = {}): TuiHarness {
  let server: ScriptedServer;
  let sb: Sandbox;
  const running: TerminalUnderTest[] = [];
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    sb = makeSandbox(server.baseUrl, sandboxOpts);
  });
  afterEach((ctx) => {
    for (const t of running.splice(0)) {
      if (ctx.task.result?.state === 'fail') console.log(`${ctx.task.name}\n${t.snapshot()}`);
      t.kill();
    }
  });
  return {
    get server() {
      return server;
    },
    get sb() {
      return sb;
    },
    start(args = [], opts = {}) {
      const t = new TerminalUnderTest(args, { cwd: opts.cwd ?? sb.workspace, env: { ...sb.env, ...opts.env }, cols: opts.cols, rows: opts.rows });
      running.push(t);
      return t;
    },
  };
}

export async function quit(t: TerminalUnderTest): Promise<number> {
  t.write(KEY.ctrlC);
  await t.waitFor('Ctrl-C again', 20_000);
  t.write(KEY.ctrlC);
  return t.exited;
}

/** Types a prompt, sends it, and waits for the turn to end. */
export async function send(t: TerminalUnderTest, text: string, answer: string): Promise<string> {
  await t.type(text);
  t.write(KEY.enter);
  return t.waitFor((s) => s.includes(answer) && idle(s), 30_000, `the answer "${answer}"`);
}

/** Types a slash command and Enter; the caller waits for its effect. */
export async function command(t: TerminalUnderTest, text: string): Promise<void> {
  await t.type(text);
  t.write(KEY.enter);
}
