// Slash commands backed by the protocol, driven in a real PTY against the
// scripted model server: each is checked by its effect (what the model was
// sent, what is on disk, what the next turn may do), not only by the screen.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { responses as R } from '../support/scriptedServer.js';
import { runCodex } from '../support/cli.js';
import { KEY } from './terminalUnderTest.js';
import { command, idle, quit, READY, send, tuiHarness } from './tuiHarness.js';

const h = tuiHarness();
const sentText = (i: number) => JSON.stringify(h.server.requests[i]!.body.input);

describe('slash commands', () => {
  it('/ lists every command with its description', async () => {
    const t = h.start([], { rows: 40 });
    await t.waitFor(READY, 60_000);
    await t.type('/');
    const popup = await t.waitFor('list configured MCP tools', 20_000);
    for (const line of [
      '/permissions',
      'choose what Codex is allowed to do',
      '/resume',
      'resume a saved chat',
      '/fork',
      'fork the current chat',
      '/init',
      '/compact',
      '/diff',
      'show git diff (including untracked files)',
      '/mention',
      '/mcp',
      '/status',
      '/new',
      '/model',
      '/quit',
    ]) {
      expect(popup).toContain(line);
    }
  });

  it('/permissions: Full Access lets the next turn write outside the workspace without asking', async () => {
    const outside = join(dirname(h.sb.workspace), 'full-access-marker.txt');
    h.server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: `echo ran > ${outside}` }, callId: 'call_fa' }), R.text('wrote it'));
    const t = h.start();
    await t.waitFor(READY, 60_000);
    await command(t, '/permissions');
    const popup = await t.waitFor('Update Model Permissions', 20_000);
    expect(popup).toMatch(/› 1\. Read Only \(current\)/);
    expect(popup).toContain('Press enter to confirm or esc to go back');
    t.write('3');
    await t.waitFor(
      (s) => s.includes('Permissions updated to Full Access') && /sandbox: danger-full-access · approval: never/.test(s),
      20_000,
      'the new permissions',
    );
    await send(t, 'write outside', 'wrote it');
    expect(t.screen()).not.toContain('Would you like to run');
    expect(readFileSync(outside, 'utf8')).toBe('ran\n');
  });

  it('/diff shows tracked changes and untracked files of a real repository', async () => {
    const ws = h.sb.workspace;
    rmSync(join(ws, '.git'), { recursive: true, force: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: ws });
    git('init', '-q');
    writeFileSync(join(ws, 'kept.txt'), 'old line\n');
    writeFileSync(join(ws, '.gitignore'), 'ignored.txt\n');
    git('add', '.');
    git('commit', '-qm', 'init');
    writeFileSync(join(ws, 'kept.txt'), 'new line\n');
    writeFileSync(join(ws, 'fresh.txt'), 'brand new\n');
    writeFileSync(join(ws, 'ignored.txt'), 'secret\n');
    const t = h.start([], { rows: 40 });
    await t.waitFor(READY, 60_000);
    await command(t, '/diff');
    const shown = await t.waitFor('+brand new', 20_000);
    expect(shown).toContain('-old line');
    expect(shown).toContain('+new line');
    expect(shown).toContain('b/fresh.txt');
    expect(shown).not.toContain('secret');
  });

  it('/diff outside a repository says so', async () => {
    rmSync(join(h.sb.workspace, '.git'), { recursive: true, force: true });
    const t = h.start([], { env: { GIT_CEILING_DIRECTORIES: dirname(h.sb.workspace) } });
    await t.waitFor(READY, 60_000);
    await command(t, '/diff');
    await t.waitFor('not inside a git repository', 20_000);
  });

  it('/init asks the model to write AGENTS.md, and leaves an existing one alone', async () => {
    h.server.enqueue(R.text('guide written'));
    const t = h.start();
    await t.waitFor(READY, 60_000);
    await command(t, '/init');
    await t.waitFor((s) => s.includes('guide written') && idle(s), 30_000, 'the /init turn');
    expect(sentText(0)).toContain('AGENTS.md');
    writeFileSync(join(h.sb.workspace, 'AGENTS.md'), '# ours\n');
    await command(t, '/init');
    await t.waitFor('AGENTS.md already exists', 20_000);
    expect(h.server.requests).toHaveLength(1);
    expect(readFileSync(join(h.sb.workspace, 'AGENTS.md'), 'utf8')).toBe('# ours\n');
  });

  it('/compact summarizes the history and the next turn starts from the summary', async () => {
    h.server.enqueue(R.text('first answer'), R.message('SUMMARY-OF-EVERYTHING'), R.text('after compaction'));
    const t = h.start();
    await t.waitFor(READY, 60_000);
    await send(t, 'tell me things', 'first answer');
    await command(t, '/compact');
    await t.waitFor((s) => s.includes('Context compacted') && idle(s), 30_000, 'the compaction');
    await send(t, 'go on', 'after compaction');
    expect(sentText(2)).toContain('SUMMARY-OF-EVERYTHING');
  });

  it('/mcp lists the configured servers; /mention starts a mention in the composer', async () => {
    const t = h.start([], { env: {} });
    await t.waitFor(READY, 60_000);
    await command(t, '/mcp');
    await t.waitFor('No MCP servers configured', 20_000);
    await command(t, '/mention');
    await t.waitFor((s) => s.split('\n').some((r) => r.startsWith('› @')), 20_000, 'an @ in the composer');
  });

  it('/fork continues a copy of the conversation under a new id', async () => {
    h.server.enqueue(R.text('original answer'), R.text('answer in the fork'));
    const t = h.start();
    await t.waitFor(READY, 60_000);
    await send(t, 'remember kiwi', 'original answer');
    await command(t, '/status');
    const before = /Session:\s+([0-9a-f-]{36})/.exec(await t.waitFor('Session status', 20_000))![1]!;
    await command(t, '/fork');
    const forked = await t.waitFor('Forked', 20_000);
    const forkId = /Forked into a new session: ([0-9a-f-]{36})/.exec(forked)![1]!;
    expect(forkId).not.toBe(before);
    expect(forked).toContain(`from ${before}`);
    expect(forked).toContain('original answer');
    await send(t, 'and then?', 'answer in the fork');
    expect(sentText(1)).toContain('remember kiwi');
    expect(sentText(1)).toContain('original answer');
    expect(await quit(t)).toBe(0);
    expect(t.screen()).toContain(`codex resume ${forkId}`);
  });
});

describe('resuming', () => {
  it('codex resume in a terminal: search the list, Enter resumes, and the next turn carries the history', async () => {
    h.server.enqueue(R.text('alpha noted'), R.text('beta noted'), R.text('continued'));
    const first = h.start();
    await first.waitFor(READY, 60_000);
    await send(first, 'remember alpha', 'alpha noted');
    await command(first, '/new');
    await first.waitFor('New chat started', 20_000);
    await send(first, 'remember beta', 'beta noted');
    expect(await quit(first)).toBe(0);

    const t = h.start(['resume']);
    const list = await t.waitFor(
      (s) => s.includes('Resume a previous session') && s.includes('remember alpha') && s.includes('remember beta'),
      60_000,
      'the list',
    );
    expect(list).toContain('Type to search');
    await t.type('zzz');
    await t.waitFor('No matches', 20_000);
    t.write(KEY.backspace.repeat(3));
    await t.type('alpha');
    await t.waitFor((s) => s.includes('remember alpha') && !s.includes('remember beta'), 20_000, 'the search to filter');
    t.write(KEY.enter);
    await t.waitFor((s) => s.includes('Resumed session') && s.includes('alpha noted') && READY.test(s), 30_000, 'the resumed transcript');
    await send(t, 'what did I say?', 'continued');
    expect(sentText(2)).toContain('remember alpha');
    expect(sentText(2)).not.toContain('remember beta');

    // Without a terminal, `codex resume` still prints the list.
    const listed = await runCodex(['resume'], { cwd: h.sb.workspace, env: h.sb.env });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('remember alpha');
    expect(listed.stdout).toContain('remember beta');
    expect(listed.stdout).not.toContain('\x1b[?1049h');
  });

  it('/resume inside a session: Esc closes the list, Enter switches to the saved session', async () => {
    h.server.enqueue(R.text('old answer'), R.text('new answer'));
    const first = h.start();
    await first.waitFor(READY, 60_000);
    await send(first, 'the old chat', 'old answer');
    expect(await quit(first)).toBe(0);

    const t = h.start();
    await t.waitFor(READY, 60_000);
    await command(t, '/resume');
    await t.waitFor((s) => s.includes('Resume a previous session') && s.includes('the old chat'), 20_000, 'the list');
    t.write(KEY.esc);
    await t.waitFor((s) => !s.includes('Resume a previous session') && s.includes('Ask Codex'), 20_000, 'the list closed');
    await command(t, '/resume');
    await t.waitFor('Resume a previous session', 20_000);
    t.write(KEY.enter);
    await t.waitFor((s) => s.includes('Resumed session') && s.includes('old answer'), 20_000, 'the resumed session');
    await send(t, 'more', 'new answer');
    expect(sentText(1)).toContain('the old chat');
  });
});
