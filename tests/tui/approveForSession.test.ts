// `a` on an approval in the TUI: "Yes, for this session". The command runs, and
// the same command asked again later in the session runs without a second
// question; the disk says how many times it ran.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { responses as R } from '../support/scriptedServer.js';
import { outputOf } from '../support/cli.js';
import { KEY } from './terminalUnderTest.js';
import { idle, READY, tuiHarness } from './tuiHarness.js';

const h = tuiHarness();
const ASKED = 'Would you like to run the following command?';

describe('approvals in the TUI', () => {
  it('a approves for the session: the same command asked again runs without a second question', async () => {
    const marker = join(dirname(h.sb.workspace), 'session-marker.txt');
    const call = (callId: string) =>
      R.functionCall({
        name: 'exec_command',
        arguments: { cmd: `echo ran >> ${marker}`, sandbox_permissions: 'require_escalated', justification: 'write a marker outside' },
        callId,
      });
    h.server.enqueue(call('call_1'), call('call_2'), R.text('both done'));
    const t = h.start(['-s', 'workspace-write', '-a', 'on-request']);
    await t.waitFor(READY, 60_000);
    await t.type('write the marker twice');
    t.write(KEY.enter);
    const asked = await t.waitFor(ASKED, 30_000);
    expect(asked).toContain('Yes, for this session');
    expect(existsSync(marker)).toBe(false);
    t.write('a');
    const after = await t.waitFor((s) => s.includes('both done') && idle(s), 30_000, 'the turn to finish');
    expect(after).not.toContain(ASKED);
    // Both calls ran, the second without asking (the model was answered for each).
    expect(readFileSync(marker, 'utf8')).toBe('ran\nran\n');
    expect(JSON.stringify(outputOf(h.server.requests[2]!, 'call_2'))).not.toMatch(/declin|rejected/i);
  });
});
