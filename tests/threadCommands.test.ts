// `codex fork | archive | unarchive | delete` and `codex resume NAME`, run as the
// real built CLI against the scripted model server, with the rollouts on disk
// checked after each command.
import { describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { responses as R } from './support/scriptedServer.js';
import { execJson, runCodex, scriptedSuite } from './support/cli.js';
import { TerminalUnderTest } from './tui/terminalUnderTest.js';

const t = scriptedSuite();

/** A session made by `codex exec`, with its id and rollout path. */
async function session(prompt: string): Promise<{ id: string; path: string }> {
  t.server.enqueue(R.message(`re: ${prompt}`));
  const run = await execJson(t.sb, prompt);
  expect(run.code, run.stderr).toBe(0);
  const id = run.events.find((e) => e.type === 'thread.started').thread_id;
  const path = rolloutsUnder(join(t.sb.home, 'sessions')).find((p) => p.endsWith(`${id}.jsonl`))!;
  return { id, path };
}

function rolloutsUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => basename(f).startsWith('rollout-'))
    .map((f) => join(dir, f));
}

/** A name written the way Codex writes it (session_index.jsonl), so ours must read Codex's file. */
function nameAsCodexDoes(id: string, name: string): void {
  appendFileSync(join(t.sb.home, 'session_index.jsonl'), JSON.stringify({ id, thread_name: name, updated_at: new Date().toISOString() }) + '\n');
}

const codex = (args: string[], input?: string) => runCodex(args, { cwd: t.sb.workspace, env: t.sb.env, input });

describe('codex archive / unarchive', () => {
  it('moves the rollout to archived_sessions and back, by id or by name', async () => {
    const s = await session('archive me');
    const archived = join(t.sb.home, 'archived_sessions', basename(s.path));
    const a = await codex(['archive', s.id]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toBe(`Archived session ${s.id}.\n`);
    expect(existsSync(s.path)).toBe(false);
    expect(existsSync(archived)).toBe(true);
    const again = await codex(['archive', s.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`Error: No active session found matching '${s.id}'.\n`);

    nameAsCodexDoes(s.id, 'my work');
    const u = await codex(['unarchive', 'my work']);
    expect(u.code, u.stderr).toBe(0);
    expect(u.stdout).toBe(`Unarchived session ${s.id}.\n`);
    expect(existsSync(s.path)).toBe(true);
    expect(existsSync(archived)).toBe(false);
    const none = await codex(['unarchive', 'my work']);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe("Error: No archived session found matching 'my work'.\n");
    expect((await codex(['archive'])).code).toBe(2);
  });
});

describe('codex delete', () => {
  it('asks for confirmation: without a terminal it refuses unless --force and a UUID', async () => {
    const s = await session('delete me');
    nameAsCodexDoes(s.id, 'doomed');
    const noTty = await codex(['delete', s.id]);
    expect(noTty.code).toBe(1);
    expect(noTty.stderr).toBe('Error: cannot confirm session deletion without an interactive terminal; rerun with --force and a session UUID\n');
    const byName = await codex(['delete', '--force', 'doomed']);
    expect(byName.code).toBe(1);
    expect(byName.stderr).toBe('Error: --force requires a session UUID; names must be confirmed interactively\n');
    expect(existsSync(s.path)).toBe(true);
    const forced = await codex(['delete', '--force', s.id]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toBe(`Deleted session ${s.id}.\n`);
    expect(existsSync(s.path)).toBe(false);
    const gone = await codex(['delete', '--force', s.id]);
    expect(gone.stderr).toBe(`Error: No active or archived session found matching '${s.id}'.\n`);
  });

  it('in a terminal: "n" keeps the session, "y" deletes it (archived ones too)', async () => {
    const s = await session('maybe delete');
    nameAsCodexDoes(s.id, 'maybe');
    const keep = new TerminalUnderTest(['delete', 'maybe'], { cwd: t.sb.workspace, env: t.sb.env });
    await keep.waitFor(`Permanently delete session ${s.id} ("maybe delete")? [y/N]`);
    keep.write('n\r');
    expect(await keep.exited).toBe(1);
    expect(existsSync(s.path)).toBe(true);

    expect((await codex(['archive', s.id])).code).toBe(0);
    const del = new TerminalUnderTest(['delete', s.id], { cwd: t.sb.workspace, env: t.sb.env });
    await del.waitFor('[y/N]');
    del.write('y\r');
    const code = await del.exited;
    expect(code, del.output).toBe(0);
    expect(del.output).toContain(`Deleted session ${s.id}.`);
    expect(rolloutsUnder(join(t.sb.home, 'archived_sessions'))).toEqual([]);
    expect(rolloutsUnder(join(t.sb.home, 'sessions'))).toEqual([]);
  });
});

describe('codex fork', () => {
  it('forks by id into a new rollout with forked_from_id, leaving the source untouched', async () => {
    const s = await session('original work');
    const before = readFileSync(s.path);
    const f = await codex(['fork', s.id]);
    expect(f.code, f.stderr).toBe(0);
    const forkId = /^Forked session \S+ into (\S+)\.$/.exec(f.stdout.trim())?.[1];
    expect(forkId).toMatch(/^[0-9a-f-]{36}$/);
    const forkPath = rolloutsUnder(join(t.sb.home, 'sessions')).find((p) => p.endsWith(`${forkId}.jsonl`))!;
    const meta = JSON.parse(readFileSync(forkPath, 'utf8').split('\n')[0]!);
    expect(meta.payload).toMatchObject({ id: forkId, forked_from_id: s.id });
    expect(readFileSync(forkPath, 'utf8')).toContain('original work');
    expect(readFileSync(s.path)).toEqual(before);
    const unknown = await codex(['fork', 'no such name']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe("Error: No active session found matching 'no such name'.\n");
  });

  it('--last with a prompt runs the prompt on the fork, with the copied history', async () => {
    const s = await session('first question');
    const before = readFileSync(s.path);
    t.server.enqueue(R.message('forked reply'));
    const f = await codex(['fork', '--last', '--skip-git-repo-check', 'follow-up on the fork']);
    expect(f.code, f.stderr).toBe(0);
    expect(f.stdout).toBe('forked reply\n');
    const input = JSON.stringify(t.server.requests.at(-1)!.body.input);
    expect(input).toContain('first question');
    expect(input).toContain('re: first question');
    expect(input).toContain('follow-up on the fork');
    expect(readFileSync(s.path)).toEqual(before);
    expect(rolloutsUnder(join(t.sb.home, 'sessions'))).toHaveLength(2);
  });
});

describe('codex resume NAME', () => {
  it('resumes a session by its thread name; a UUID takes precedence; an unknown name fails clearly', async () => {
    const s = await session('named session');
    nameAsCodexDoes(s.id, 'parser fix');
    t.server.enqueue(R.message('resumed by name'));
    const r = await codex(['resume', 'parser fix', '--skip-git-repo-check', 'continue please']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('resumed by name\n');
    expect(readFileSync(s.path, 'utf8')).toContain('continue please');
    expect(rolloutsUnder(join(t.sb.home, 'sessions'))).toHaveLength(1);

    t.server.enqueue(R.message('exec resumed'));
    const e = await codex(['exec', '--skip-git-repo-check', 'resume', 'parser fix', 'once more']);
    expect(e.code, e.stderr).toBe(0);
    expect(readFileSync(s.path, 'utf8')).toContain('once more');

    // Another session named with the first one's UUID: the UUID still means the first one.
    const other = await session('other session');
    nameAsCodexDoes(other.id, s.id);
    t.server.enqueue(R.message('by uuid'));
    expect((await codex(['resume', s.id, '--skip-git-repo-check', 'uuid wins'])).code).toBe(0);
    expect(readFileSync(s.path, 'utf8')).toContain('uuid wins');
    expect(readFileSync(other.path, 'utf8')).not.toContain('uuid wins');

    // The listing shows names in place of first messages.
    const listing = await codex(['resume']);
    expect(listing.stdout).toContain(`${s.id}  `);
    expect(listing.stdout.split('\n').find((l) => l.startsWith(s.id))).toMatch(/parser fix$/);

    const missing = await codex(['resume', 'no such name', '--skip-git-repo-check', 'x']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No session found matching 'no such name'.");
  });
});
