// Persistent prompt history as Codex keeps it: CODEX_HOME/history.jsonl, one
// {"session_id","ts","text"} line per prompt, mode 0600, shared by parallel
// sessions; Up and Ctrl-R reach earlier sessions' prompts; `[history]
// persistence = "none"` writes nothing; `max_bytes` trims as Codex does.
// The TUI runs in a real PTY against the scripted model server; the writer is
// also run from several processes at once on one real file.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { responses as R } from '../support/scriptedServer.js';
import { KEY } from './terminalUnderTest.js';
import { idle, quit, READY, send, tuiHarness } from './tuiHarness.js';
import { MessageHistory } from '../../main/tui/messageHistory.js';

const h = tuiHarness();
const historyFile = () => join(h.sb.home, 'history.jsonl');
const entries = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { session_id: string; ts: number; text: string });
const lastUserText = (i: number) => {
  const input = h.server.requests[i]!.body.input as { role?: string; content?: { text?: string }[] }[];
  return input.filter((m) => m.role === 'user').at(-1)?.content?.[0]?.text;
};

describe('history.jsonl', () => {
  it('two sessions at once both land in the file, in Codex format, mode 0600', async () => {
    h.server.enqueue(R.text('noted'), R.text('noted'));
    const a = h.start();
    const b = h.start();
    await Promise.all([a.waitFor(READY, 60_000), b.waitFor(READY, 60_000)]);
    const before = Math.floor(Date.now() / 1000);
    await Promise.all([send(a, 'first session asks about parsers', 'noted'), send(b, '!echo from the second session', 'from the second session')]);
    // A slash command is not saved.
    await a.type('/status');
    a.write(KEY.enter);
    await a.waitFor('Session status', 20_000);
    await Promise.all([quit(a), quit(b)]);

    const lines = readFileSync(historyFile(), 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(Object.keys(JSON.parse(l))).toEqual(['session_id', 'ts', 'text']);
    const got = entries(historyFile());
    expect(got.map((e) => e.text).sort()).toEqual(['!echo from the second session', 'first session asks about parsers']);
    expect(new Set(got.map((e) => e.session_id)).size).toBe(2);
    for (const e of got) {
      expect(e.session_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isInteger(e.ts)).toBe(true);
      expect(e.ts).toBeGreaterThanOrEqual(before);
      expect(e.ts).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    }
    expect(statSync(historyFile()).mode & 0o777).toBe(0o600);
  });

  it('Ctrl-R and Up find a prompt from an earlier session', async () => {
    h.server.enqueue(R.text('first answer'));
    const first = h.start();
    await first.waitFor(READY, 60_000);
    await send(first, 'refactor the tokenizer loop', 'first answer');
    await quit(first);

    h.server.enqueue(R.text('second answer'));
    const t = h.start();
    await t.waitFor(READY, 60_000);
    t.write('\x12');
    await t.waitFor('reverse-i-search', 20_000);
    t.write('tokenizer');
    await t.waitFor((s) => /reverse-i-search: tokenizer\s+refactor the tokenizer loop/.test(s), 20_000, 'the earlier session’s prompt');
    t.write(KEY.enter);
    await t.waitFor(
      (s) => s.split('\n').some((r) => r.startsWith('› refactor the tokenizer loop')) && !s.includes('reverse-i-search'),
      20_000,
      'the match in the composer',
    );
    t.write(KEY.enter);
    await t.waitFor((s) => s.includes('second answer') && idle(s), 30_000);
    expect(lastUserText(1)).toBe('refactor the tokenizer loop');

    // Up walks this session's prompt, then the earlier one's (the same text: the file keeps both).
    t.write(KEY.up);
    await t.waitFor((s) => s.split('\n').some((r) => r.startsWith('› refactor the tokenizer loop')), 20_000, 'Up to recall it');
    expect(entries(historyFile()).map((e) => e.text)).toEqual(['refactor the tokenizer loop', 'refactor the tokenizer loop']);
  });

  it('persistence = "none" writes nothing, and still reads what is there', async () => {
    writeFileSync(historyFile(), JSON.stringify({ session_id: 'old', ts: 1, text: 'an older saved prompt' }) + '\n', { mode: 0o600 });
    appendFileSync(join(h.sb.home, 'config.toml'), '\n[history]\npersistence = "none"\n');
    h.server.enqueue(R.text('not saved'));
    const t = h.start();
    await t.waitFor(READY, 60_000);
    await send(t, 'a private prompt', 'not saved');
    t.write('\x12');
    await t.waitFor('reverse-i-search', 20_000);
    t.write('older');
    await t.waitFor((s) => /reverse-i-search: older\s+an older saved prompt/.test(s), 20_000, 'the saved prompt found');
    await quit(t);
    expect(entries(historyFile()).map((e) => e.text)).toEqual(['an older saved prompt']);
  });

  it('a bad [history] value stops the TUI with the key named', async () => {
    appendFileSync(join(h.sb.home, 'config.toml'), '\n[history]\npersistence = "some"\n');
    const t = h.start();
    const code = await t.exited;
    expect(code).toBe(1);
    expect(t.output).toContain('history.persistence = "some": expected "save-all" or "none"');
    expect(existsSync(historyFile())).toBe(false);
  });
});

describe('the history writer', () => {
  const home = () => mkdtempSync(join(tmpdir(), 'codex-history-'));

  it('max_bytes: the oldest lines go until the file is within 80% of the cap; the newest always stays', () => {
    const dir = home();
    const file = join(dir, 'history.jsonl');
    const long = 'x'.repeat(200);
    // Codex's own case: a short line, then long ones; the cap lets the file lose only the short one, the soft cap wants more.
    const unbounded = new MessageHistory(dir, { persistence: 'save-all', maxBytes: null });
    unbounded.append('short', 's');
    const shortLen = statSync(file).size;
    unbounded.append(long + '2', 's');
    const longLen = statSync(file).size - shortLen;
    const capped = new MessageHistory(dir, { persistence: 'save-all', maxBytes: Math.floor(2 * longLen + shortLen / 2) });
    capped.append(long + '3', 's');
    expect(entries(file).map((e) => e.text)).toEqual([long + '3']);
    expect(statSync(file).size).toBe(longLen);
    // A line larger than the cap alone stays.
    new MessageHistory(dir, { persistence: 'save-all', maxBytes: 10 }).append(long + '4', 's');
    expect(entries(file).map((e) => e.text)).toEqual([long + '4']);
    // Under the cap nothing is trimmed.
    new MessageHistory(dir, { persistence: 'save-all', maxBytes: 10_000 }).append('short', 's');
    expect(entries(file).map((e) => e.text)).toEqual([long + '4', 'short']);
  });

  it('processes appending at once (with trimming) leave only whole lines', async () => {
    const dir = home();
    const script = join(dir, 'writer.mjs');
    // The real module, bundled for plain node, run by several processes on one file.
    await build({
      stdin: {
        contents: `import { MessageHistory } from ${JSON.stringify(join(process.cwd(), 'main/tui/messageHistory.ts'))};
const [dir, who, maxBytes] = process.argv.slice(2);
const h = new MessageHistory(dir, { persistence: 'save-all', maxBytes: Number(maxBytes) || null });
for (let i = 0; i < 150; i++) h.append(who + ' prompt ' + i + ' ' + 'y'.repeat(i * 7), 'session-' + who);`,
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: script,
      logLevel: 'silent',
    });
    const run = (who: string, maxBytes: number) =>
      new Promise<number>((resolve) => spawn(process.execPath, [script, dir, who, String(maxBytes)], { stdio: 'inherit' }).on('exit', (c) => resolve(c ?? -1)));
    expect(await Promise.all(['a', 'b', 'c', 'd'].map((w) => run(w, 0)))).toEqual([0, 0, 0, 0]);
    const all = entries(join(dir, 'history.jsonl'));
    expect(all).toHaveLength(600);
    for (const w of ['a', 'b', 'c', 'd'])
      expect(all.filter((e) => e.session_id === `session-${w}`).map((e) => e.text.split(' ')[2])).toEqual([...Array(150).keys()].map(String));

    // With a cap, trims race with appends: every line left is still whole and the file stays under the cap.
    expect(await Promise.all(['e', 'f', 'g'].map((w) => run(w, 20_000)))).toEqual([0, 0, 0]);
    const text = readFileSync(join(dir, 'history.jsonl'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(20_000);
    expect(() => entries(join(dir, 'history.jsonl'))).not.toThrow();
  });
});
