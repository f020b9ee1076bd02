// The interactive TUI (`codex` with a terminal) driven as a person would: the
// real built CLI in a real pseudo-terminal, its screen read back through a
// headless terminal emulator, against the scripted model server. Failures
// print the screen as it was.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startScriptedServer, responses as R, type ScriptedServer } from '../support/scriptedServer.js';
import { makeSandbox, runCodex, outputOf, type Sandbox } from '../support/cli.js';
import { KEY, TerminalUnderTest } from './terminalUnderTest.js';

let server: ScriptedServer;
let sb: Sandbox;
let tui: TerminalUnderTest | undefined;

beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  sb = makeSandbox(server.baseUrl);
});
afterEach((ctx) => {
  if (tui && ctx.task.result?.state === 'fail') console.log(`${ctx.task.name}\n${tui.snapshot()}`);
  tui?.kill();
  tui = undefined;
});

const READY = /context left/;

function start(args: string[] = [], size?: { cols: number; rows: number }): TerminalUnderTest {
  tui = new TerminalUnderTest(args, { cwd: sb.workspace, env: sb.env, ...size });
  return tui;
}

async function quit(t: TerminalUnderTest): Promise<number> {
  t.write(KEY.ctrlC);
  await t.waitFor('Ctrl-C again', 20_000);
  t.write(KEY.ctrlC);
  return t.exited;
}

/** Waits for the prompt to be taken and the turn to end (the Working line gone). */
async function send(t: TerminalUnderTest, text: string): Promise<void> {
  await t.type(text);
  t.write(KEY.enter);
  await t.waitFor((s) => s.includes(`› ${text}`) && s.includes('Ask Codex'), 30_000, `"${text}" sent`);
}

/** Slash commands leave no prompt cell: type, Enter, and let the caller wait for their effect. */
async function command(t: TerminalUnderTest, text: string): Promise<void> {
  await t.type(text);
  t.write(KEY.enter);
}

const idle = (s: string) => !s.includes('Working') && s.includes('Ask Codex');

describe('codex in a terminal', () => {
  it('opens full screen, streams the answer as Markdown, keeps history, and restores the terminal on Ctrl-C twice', async () => {
    const answer = 'Here is **the plan**:\n\n1. read `main.ts`\n2. fix the bug\n\nDone streaming.';
    server.enqueue({ ...R.reply(R.reasoning('**Scanning** the repository'), R.message(answer), { usage: { input: 1000, output: 200 } }), frameDelayMs: 40 });
    const t = start();
    await t.waitFor(READY, 60_000, 'the status line');
    expect(t.altScreen()).toBe(true);
    const status = t.rows().find((r) => READY.test(r))!;
    expect(status).toContain('gpt-5.5');
    expect(status).toContain('approval: on-request');
    expect(status).toContain('sandbox: read-only');

    await t.type('explain the code');
    t.write(KEY.enter);
    // While it streams: the Working line, then the whole answer.
    await t.waitFor('Working', 30_000);
    const done = await t.waitFor((s) => s.includes('Done streaming.') && idle(s), 30_000, 'the full answer');
    expect(done).toContain('› explain the code');
    expect(done).toContain('Thinking: Scanning the repository');
    expect(done).toContain('Here is the plan:'); // bold markers rendered, not shown
    expect(done).toContain('1. read main.ts');
    expect(done).not.toContain('**');
    expect(server.requests[0]!.body.input.at(-1).content[0].text).toBe('explain the code');

    // Up recalls the sent prompt.
    t.write(KEY.up);
    await t.waitFor((s) => s.split('\n').some((r) => r.startsWith('› explain the code') && !s.includes('Ask Codex')), 20_000, 'history recall');

    expect(await quit(t)).toBe(0);
    expect(t.altScreen()).toBe(false);
    expect(t.screen()).toMatch(/To continue this session, run codex resume [0-9a-f-]{36}/);
  });

  it('sends the command-line prompt at once', async () => {
    server.enqueue(R.text('answer to the argument'));
    const t = start(['what is this repo']);
    await t.waitFor((s) => s.includes('answer to the argument') && idle(s), 60_000, 'the answer');
    expect(t.screen()).toContain('› what is this repo');
  });

  describe('approvals: only y or a runs the command (the disk says what ran)', () => {
    const outside = () => join(dirname(sb.workspace), 'outside-marker.txt');
    const escalated = (callId: string) => {
      server.enqueue(
        R.functionCall({
          name: 'exec_command',
          arguments: { cmd: `echo ran >> ${outside()}`, sandbox_permissions: 'require_escalated', justification: 'write a marker outside' },
          callId,
        }),
        R.text('finished'),
      );
    };

    it('y accepts: the command runs and its cell shows the exit code', async () => {
      escalated('call_yes');
      const t = start(['-s', 'workspace-write', '-a', 'on-request']);
      await t.waitFor(READY, 60_000);
      // The approval replaces the composer, so wait for it rather than for the sent prompt.
      await t.type('write the marker');
      t.write(KEY.enter);
      const asked = await t.waitFor('Would you like to run the following command?', 30_000);
      expect(asked).toContain(`$ echo ran >> ${outside()}`);
      expect(asked).toContain('Reason: write a marker outside');
      expect(existsSync(outside())).toBe(false);
      t.write('y');
      const after = await t.waitFor((s) => s.includes('finished') && idle(s), 30_000, 'the turn to finish');
      expect(after).toContain(`Ran echo ran >> ${outside()}`);
      expect(after).toContain('exit 0');
      expect(readFileSync(outside(), 'utf8')).toBe('ran\n');
    });

    it.each([
      ['n', 'n'],
      ['Esc', KEY.esc],
    ])('%s declines: the command does not run and the model is told', async (_name, key) => {
      escalated('call_no');
      const t = start(['-s', 'workspace-write', '-a', 'on-request']);
      await t.waitFor(READY, 60_000);
      await t.type('write the marker');
      t.write(KEY.enter);
      await t.waitFor('Would you like to run the following command?', 30_000);
      t.write(key);
      await t.waitFor((s) => s.includes('finished') && idle(s), 30_000, 'the turn to finish');
      expect(t.screen()).toContain('declined');
      expect(existsSync(outside())).toBe(false);
      const told = JSON.stringify(outputOf(server.requests[1]!, 'call_no'));
      expect(told).toMatch(/declin|rejected|not approved/i);
    });
  });

  it('Esc interrupts the running command and the turn; the next prompt works', async () => {
    server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: 'echo started; sleep 60', yield_time_ms: 30_000 }, callId: 'call_sleep' }),
      R.text('after the interrupt'),
    );
    const t = start(['-s', 'danger-full-access', '-a', 'never']);
    await t.waitFor(READY, 60_000);
    await t.type('run something slow');
    t.write(KEY.enter);
    await t.waitFor('Running echo started; sleep 60', 30_000, 'the command running');
    const t0 = Date.now();
    t.write(KEY.esc);
    await t.waitFor((s) => s.includes('Conversation interrupted') && idle(s), 20_000, 'the interrupt');
    expect(Date.now() - t0).toBeLessThan(15_000);
    await t.type('carry on');
    t.write(KEY.enter);
    await t.waitFor((s) => s.includes('after the interrupt') && idle(s), 30_000, 'the next answer');
  });

  it('/status, /model and /new act through the protocol', async () => {
    server.enqueue(R.text('first answer'), R.text('second answer'));
    const t = start();
    await t.waitFor(READY, 60_000);
    // The popup offers commands while one is typed.
    await t.type('/mo');
    await t.waitFor('choose what model and reasoning effort to use', 20_000);
    t.write(`${KEY.backspace.repeat(3)}`);
    await command(t, '/status');
    const status = await t.waitFor('Session status', 20_000);
    const session = /Session:\s+([0-9a-f-]{36})/.exec(status)![1]!;
    expect(status).toMatch(/Model:\s+gpt-5\.5/);
    expect(status).toMatch(/Approval:\s+on-request/);

    await command(t, '/model gpt-test-mini high');
    await t.waitFor((s) => s.split('\n').some((r) => r.startsWith('gpt-test-mini high ·')), 20_000, 'the status line to show the new model');
    await send(t, 'hello');
    await t.waitFor((s) => s.includes('first answer') && idle(s), 30_000);
    expect(server.requests[0]!.body.model).toBe('gpt-test-mini');
    expect(server.requests[0]!.body.reasoning?.effort).toBe('high');

    await command(t, '/new');
    await t.waitFor((s) => s.includes('New chat started') && !s.includes('first answer'), 20_000, 'a fresh transcript');
    await command(t, '/status');
    const again = await t.waitFor('Session status', 20_000);
    expect(/Session:\s+([0-9a-f-]{36})/.exec(again)![1]).not.toBe(session);

    await command(t, '/nope');
    await t.waitFor("Unrecognized command '/nope'", 20_000);
    await command(t, '/quit');
    expect(await t.exited).toBe(0);
  });

  it('redraws to the new size on resize', async () => {
    const long = 'word '.repeat(60).trim() + ' END';
    server.enqueue(R.text(long));
    const t = start([], { cols: 100, rows: 30 });
    await t.waitFor(READY, 60_000);
    await send(t, 'long answer please');
    await t.waitFor((s) => s.includes('END') && idle(s), 30_000);
    t.resize(50, 20);
    // Rewrapped by the TUI itself: no answer row cut at the edge (as the old layout would be).
    const rewrapped = (s: string) =>
      s.includes('END') &&
      s
        .split('\n')
        .filter((r) => r.includes('word'))
        .every((r) => !r.endsWith('…'));
    const small = await t.waitFor((s) => rewrapped(s) && s.split('\n').filter((r) => r.includes('word')).length >= 6, 20_000, 'the 50-column layout');
    const rows = small.split('\n');
    expect(rows).toHaveLength(20);
    // Wrapped to the width, the composer and status at the bottom.
    const answerRows = rows.filter((r) => r.includes('word'));
    expect(answerRows.length).toBeGreaterThanOrEqual(6);
    expect(rows.findIndex((r) => r.startsWith('gpt-5.5'))).toBeGreaterThan(rows.findIndex((r) => r.includes('END')));
    t.resize(120, 30);
    await t.waitFor((s) => s.split('\n').filter((r) => r.includes('word')).length <= 3, 20_000, 'the 120-column layout');
  });

  it('--no-alt-screen leaves the conversation in the scrollback', async () => {
    server.enqueue(R.text('kept in scrollback'));
    const t = start(['--no-alt-screen']);
    await t.waitFor(READY, 60_000);
    expect(t.altScreen()).toBe(false);
    await send(t, 'inline please');
    await t.waitFor((s) => s.includes('kept in scrollback') && idle(s), 30_000);
    expect(await quit(t)).toBe(0);
    expect(t.normalBufferText()).toContain('kept in scrollback');
    expect(t.normalBufferText()).toContain('› inline please');
  });

  it('draws its first frame quickly, hands over to Ink without a visible change, and uses no CPU while idle', async () => {
    const t = start();
    await t.waitFor(READY, 60_000);
    // The first full frame (painted before Ink loads) stays as it is until the
    // session is ready: Ink's first render draws the same rows over it.
    const seen = t.screensSeen;
    const first = seen.findIndex((s) => s.includes('Ask Codex') && s.includes('Starting…'));
    const ready = seen.findIndex((s) => READY.test(s));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(seen.slice(first, ready), 'screens between the first frame and the ready one').toHaveLength(1);
    const diff = seen[first]!.split('\n').filter((row, i) => row !== seen[ready]!.split('\n')[i]);
    expect(diff, 'only the status line changes when the session is ready').toEqual(['Starting…']);
    const firstFrame = t.timeUntil('Ask Codex')!;
    // Idle: no timers, no polling. CPU ticks of the process over 3 s.
    const ticks = () => {
      const f = readFileSync(`/proc/${t.proc.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return Number(f[11]) + Number(f[12]);
    };
    await new Promise((r) => setTimeout(r, 500));
    const before = ticks();
    await new Promise((r) => setTimeout(r, 3000));
    const used = ticks() - before;
    const baseline = await timeNodeStartInPty();
    console.log(`first frame ${Math.round(firstFrame)} ms after spawn (node -e 0 in a pty: ${Math.round(baseline)} ms); idle CPU over 3 s: ${used} ticks`);
    expect(used).toBeLessThanOrEqual(2);
    expect(await quit(t)).toBe(0);
  });
});

/** How long a bare `node -e 0` takes to exit under a PTY here: the floor for any first frame. */
async function timeNodeStartInPty(): Promise<number> {
  const pty = (await import('@lydell/node-pty')).default;
  const t0 = performance.now();
  const p = pty.spawn(process.execPath, ['-e', '0'], { cols: 80, rows: 24, cwd: sb.workspace, env: sb.env as Record<string, string> });
  await new Promise<void>((r) => p.onExit(() => r()));
  return performance.now() - t0;
}

describe('codex without a terminal keeps its old behaviour', () => {
  it('prints help and exits 2', async () => {
    const r = await runCodex([], { cwd: sb.workspace, env: sb.env });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Usage: codex [OPTIONS] [PROMPT]');
  });

  it('a prompt without a terminal is refused as Codex refuses it, not taken for a subcommand, and asks no model', async () => {
    const r = await runCodex(['fix the bug'], { cwd: sb.workspace, env: sb.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: stdin is not a terminal');
    expect(r.stderr).not.toContain('unrecognized subcommand');
    expect(server.requests).toHaveLength(0);
  });

  it('codex --help prints help in a terminal too', async () => {
    const t = start(['--help']);
    expect(await t.exited).toBe(0);
    expect(t.output).toContain('Usage: codex');
    expect(t.output).not.toContain('\x1b[?1049h');
  });
});
