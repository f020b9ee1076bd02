// `a` on an approval in the TUI: "Yes, for this session". The command runs, and
// the same command asked again later in the session runs without a second
// question; the disk says how many times it ran.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startScriptedServer, responses as R, type ScriptedServer } from '../support/scriptedServer.js';
import { makeSandbox, outputOf, type Sandbox } from '../support/cli.js';
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
const ASKED = 'Would you like to run the following command?';
const idle = (s: string) => !s.includes('Working') && s.includes('Ask Codex');

describe('approvals in the TUI', () => {
  it('a approves for the session: the same command asked again runs without a second question', async () => {
    const marker = join(dirname(sb.workspace), 'session-marker.txt');
    const call = (callId: string) =>
      R.functionCall({
        name: 'exec_command',
        arguments: { cmd: `echo ran >> ${marker}`, sandbox_permissions: 'require_escalated', justification: 'write a marker outside' },
        callId,
      });
    server.enqueue(call('call_1'), call('call_2'), R.text('both done'));
    tui = new TerminalUnderTest(['-s', 'workspace-write', '-a', 'on-request'], { cwd: sb.workspace, env: sb.env });
    const t = tui;
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
    expect(JSON.stringify(outputOf(server.requests[2]!, 'call_2'))).not.toMatch(/declin|rejected/i);
  });
});
