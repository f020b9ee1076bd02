// The composer's own features in a real PTY: Enter steers and Tab queues while
// a turn runs, `!cmd` runs a shell command through the thread (the model sees
// it next turn), Ctrl-R searches the sent prompts.
import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { responses as R } from '../support/scriptedServer.js';
import { KEY } from './terminalUnderTest.js';
import { idle, READY, send, tuiHarness } from './tuiHarness.js';

const h = tuiHarness();
const lastUserText = (i: number) => {
  const input = h.server.requests[i]!.body.input as { role?: string; content?: { text?: string }[] }[];
  return input.filter((m) => m.role === 'user').at(-1)?.content?.[0]?.text;
};

describe('composer', () => {
  it('Tab while a turn runs queues the message; it is sent when the turn completes', async () => {
    h.server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: 'sleep 3', yield_time_ms: 20_000 }, callId: 'call_wait' }),
      R.text('first done'),
      R.text('queued answered'),
    );
    const t = h.start(['-s', 'danger-full-access', '-a', 'never']);
    await t.waitFor(READY, 60_000);
    await t.type('start the slow one');
    t.write(KEY.enter);
    await t.waitFor('Running sleep 3', 30_000);
    await t.type('then this');
    t.write(KEY.tab);
    const queued = await t.waitFor('↳ queued: then this', 20_000);
    expect(queued).toContain('Working');
    expect(h.server.requests).toHaveLength(1);
    await t.waitFor((s) => s.includes('queued answered') && idle(s), 30_000, 'the queued message answered');
    expect(t.screen()).not.toContain('↳ queued');
    expect(h.server.requests).toHaveLength(3);
    expect(lastUserText(2)).toBe('then this');
  });

  it('Enter while a turn runs steers it: the text joins that turn before its next request (turn/steer)', async () => {
    h.server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: 'sleep 3', yield_time_ms: 20_000 }, callId: 'call_wait' }),
      R.text('steered answer'),
    );
    const t = h.start(['-s', 'danger-full-access', '-a', 'never']);
    await t.waitFor(READY, 60_000);
    await t.type('start the slow one');
    t.write(KEY.enter);
    await t.waitFor('Running sleep 3', 30_000);
    await t.type('also check the docs');
    t.write(KEY.enter);
    await t.waitFor((s) => s.includes('steered answer') && idle(s), 30_000, 'the steered turn answered');
    // One turn, two requests: the second carries the tool output and then the steered text.
    expect(h.server.requests).toHaveLength(2);
    expect(lastUserText(1)).toBe('also check the docs');
    expect(JSON.stringify(h.server.requests[0]!.body.input)).not.toContain('also check the docs');
  });

  it('!cmd runs in the thread directory and shows its output and exit code; the model is not asked', async () => {
    const t = h.start();
    await t.waitFor(READY, 60_000);
    await t.type('!echo from-the-shell; pwd; touch made-here; exit 3');
    t.write(KEY.enter);
    // Rows of the cell, not the composer (which showed the typed command).
    const cellRows = (s: string) => s.split('\n').filter((r) => !r.startsWith('›'));
    const shown = await t.waitFor(
      (s) => cellRows(s).some((r) => r.includes(h.sb.workspace)) && cellRows(s).some((r) => r.includes('exit 3')),
      20_000,
      'the command output',
    );
    expect(cellRows(shown).some((r) => r.includes('from-the-shell'))).toBe(true);
    expect(existsSync(join(h.sb.workspace, 'made-here'))).toBe(true);
    expect(h.server.requests).toHaveLength(0);
    // The thread recorded it: the next turn tells the model what the user ran (thread/shellCommand).
    h.server.enqueue(R.text('seen it'));
    await send(t, 'what did I run?', 'seen it');
    const sent = JSON.stringify(h.server.requests[0]!.body.input);
    expect(sent).toContain('<user_shell_command>');
    expect(sent).toContain('from-the-shell');
  });

  it('Ctrl-R finds earlier prompts, newest first; Enter puts the match in the composer', async () => {
    h.server.enqueue(R.text('a1'), R.text('b2'), R.text('a3'), R.text('again'));
    const t = h.start();
    await t.waitFor(READY, 60_000);
    await send(t, 'alpha one', 'a1');
    await send(t, 'beta two', 'b2');
    await send(t, 'alpha three', 'a3');
    t.write('\x12');
    await t.waitFor('reverse-i-search', 20_000);
    t.write('alpha');
    await t.waitFor((s) => /reverse-i-search: alpha\s+alpha three/.test(s), 20_000, 'the newest match');
    t.write('\x12');
    await t.waitFor((s) => /reverse-i-search: alpha\s+alpha one/.test(s), 20_000, 'the older match');
    t.write('zz');
    await t.waitFor('failing reverse-i-search', 20_000);
    t.write(KEY.backspace.repeat(2));
    await t.waitFor((s) => /reverse-i-search: alpha\s+alpha three/.test(s), 20_000, 'the match again');
    t.write(KEY.enter);
    await t.waitFor((s) => s.split('\n').some((r) => r.startsWith('› alpha three')) && !s.includes('reverse-i-search'), 20_000, 'the match in the composer');
    t.write(KEY.enter);
    await t.waitFor((s) => s.includes('again') && idle(s), 30_000);
    expect(lastUserText(3)).toBe('alpha three');
  });

  it('@ lists the project files (git, .gitignore respected); Tab puts the path in the prompt', async () => {
    const ws = h.sb.workspace;
    rmSync(join(ws, '.git'), { recursive: true, force: true });
    execFileSync('git', ['init', '-q'], { cwd: ws });
    mkdirSync(join(ws, 'src', 'parser'), { recursive: true });
    writeFileSync(join(ws, 'src', 'parser', 'lexer.ts'), 'x');
    writeFileSync(join(ws, 'src', 'main.ts'), 'x');
    writeFileSync(join(ws, 'secret-lexer.log'), 'x');
    writeFileSync(join(ws, '.gitignore'), '*.log\n');
    h.server.enqueue(R.text('seen'));
    const t = h.start();
    await t.waitFor(READY, 60_000);
    await t.type('look at @lex');
    const popup = await t.waitFor('src/parser/lexer.ts', 20_000);
    expect(popup).not.toContain('secret-lexer.log');
    t.write(KEY.tab);
    await t.waitFor((s) => s.split('\n').some((r) => r.startsWith('› look at src/parser/lexer.ts')), 20_000, 'the path in the prompt');
    await t.type('please');
    t.write(KEY.enter);
    await t.waitFor((s) => s.includes('seen') && idle(s), 30_000);
    expect(lastUserText(0)).toBe('look at src/parser/lexer.ts please');
  });

  it('Ctrl-G edits the draft in $VISUAL; what it saves is the new draft', async () => {
    const editor = join(h.sb.workspace, '..', 'fake-editor.sh');
    // Appends a line to the draft file, as a person would in their editor.
    writeFileSync(editor, '#!/bin/sh\nprintf "%s\\n" "$(cat "$1") and more from the editor" > "$1"\n');
    chmodSync(editor, 0o755);
    h.server.enqueue(R.text('edited received'));
    const t = h.start([], { env: { VISUAL: editor } });
    await t.waitFor(READY, 60_000);
    await t.type('draft text');
    t.write('\x07');
    await t.waitFor((s) => s.split('\n').some((r) => r.startsWith('› draft text and more from the editor')) && READY.test(s), 20_000, 'the edited draft');
    expect(t.altScreen()).toBe(true);
    t.write(KEY.enter);
    await t.waitFor((s) => s.includes('edited received') && idle(s), 30_000);
    expect(lastUserText(0)).toBe('draft text and more from the editor');
  });

  it('Ctrl-G without $VISUAL or $EDITOR says how to set one and keeps the draft', async () => {
    const t = h.start();
    await t.waitFor(READY, 60_000);
    await t.type('keep me');
    t.write('\x07');
    const s = await t.waitFor('set $VISUAL or $EDITOR', 20_000);
    expect(s.split('\n').some((r) => r.startsWith('› keep me'))).toBe(true);
  });

  it('an image path in the prompt is attached as the image', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    writeFileSync(join(h.sb.workspace, 'shot.png'), png);
    h.server.enqueue(R.text('a dot'));
    const t = h.start();
    await t.waitFor(READY, 60_000);
    await send(t, 'what is in shot.png', 'a dot');
    const user = (h.server.requests[0]!.body.input as { role?: string; content?: unknown[] }[]).filter((m) => m.role === 'user').at(-1)!;
    expect(user.content).toContainEqual({ type: 'input_image', image_url: `data:image/png;base64,${png.toString('base64')}` });
  });
});
