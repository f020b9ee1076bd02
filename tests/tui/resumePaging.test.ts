// `codex resume` over more sessions than one page: the list opens on the
// newest page, loads older pages as the highlight nears the end, and a search
// reaches sessions not loaded yet (the server searches them).
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { responses as R } from '../support/scriptedServer.js';
import { KEY, type TerminalUnderTest } from './terminalUnderTest.js';
import { READY, send, tuiHarness } from './tuiHarness.js';

const h = tuiHarness();
const SESSIONS = 620;
const title = (n: number) => `task ${String(n).padStart(3, '0')} of the backlog`;

/** Codex-format rollouts in the workspace's folder, one minute apart, `task 000` the oldest. */
function seedSessions(): void {
  for (let n = 0; n < SESSIONS; n++) {
    const at = new Date(Date.UTC(2026, 2, 4, 8) + n * 60_000);
    const iso = at.toISOString();
    const id = `0190a6a4-0000-7000-8000-${String(n).padStart(12, '0')}`;
    const dir = join(h.sb.home, 'sessions', '2026', '03', '04');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `rollout-${iso.slice(0, 19).replace(/:/g, '-')}-${id}.jsonl`);
    const meta = { id, timestamp: iso, cwd: h.sb.workspace, originator: 'codex_cli_rs', cli_version: '0.169.0', source: 'cli', model_provider: 'openai' };
    const lines = [
      { timestamp: iso, type: 'session_meta', payload: meta },
      { timestamp: iso, type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: title(n) }] } },
      { timestamp: iso, type: 'event_msg', payload: { type: 'user_message', message: title(n) } },
    ];
    writeFileSync(path, lines.map((l) => JSON.stringify(l) + '\n').join(''));
    utimesSync(path, at, at);
  }
}

/** The highlighted row's text. */
const highlighted = (screen: string) => screen.split('\n').find((l) => l.includes('›')) ?? '';

async function openList(): Promise<TerminalUnderTest> {
  const t = h.start(['resume'], { rows: 30 });
  await t.waitFor((s) => s.includes('Resume a previous session') && s.includes(title(SESSIONS - 1)), 60_000, 'the list');
  return t;
}

describe('codex resume with more sessions than the old 500-row list held', () => {
  it('scrolls down to the oldest session, loading older pages as it goes', async () => {
    seedSessions();
    const t = await openList();
    expect(highlighted(t.screen())).toContain(title(SESSIONS - 1));
    // Down, a few rows at a time as a held key sends them, until the oldest is highlighted.
    for (let moved = 0; moved < SESSIONS - 1;) {
      const step = Math.min(12, SESSIONS - 1 - moved);
      t.write(KEY.down.repeat(step));
      moved += step;
      await t.waitFor((s) => highlighted(s).includes(title(SESSIONS - 1 - moved)), 20_000, `row ${moved} highlighted`);
    }
    // Everything is loaded now: one more Down wraps to the newest.
    t.write(KEY.down);
    await t.waitFor((s) => highlighted(s).includes(title(SESSIONS - 1)), 20_000, 'the list wrapped to the newest');
  });

  it('a search finds a session beyond the loaded pages, and Enter resumes it', async () => {
    seedSessions();
    h.server.enqueue(R.text('picked up again'));
    const t = await openList();
    await t.type('task 003');
    await t.waitFor((s) => highlighted(s).includes(title(3)), 20_000, 'the old session found by the server');
    t.write(KEY.enter);
    await t.waitFor((s) => s.includes('Resumed session') && READY.test(s), 30_000, 'the resumed session');
    await send(t, 'go on', 'picked up again');
    expect(JSON.stringify(h.server.requests.at(-1)?.body)).toContain(title(3));
  });
});
