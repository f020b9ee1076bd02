// Notifications from the TUI, read from the raw terminal output: OSC 9 only
// while the terminal reports it is not focused, per tui.notifications; a
// Windows toast through powershell.exe under WSL in Windows Terminal; and the
// `notify` program after each turn.
import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { responses as R } from '../support/scriptedServer.js';
import { KEY } from './terminalUnderTest.js';
import { idle, READY, send, tuiHarness } from './tuiHarness.js';

const h = tuiHarness();
const FOCUS_OUT = '\x1b[O';
const FOCUS_IN = '\x1b[I';
const osc9 = (raw: string) => [...raw.matchAll(/\x1b\]9;([^\x07]*)\x07/g)].map((m) => m[1]);

describe('notifications', () => {
  it('OSC 9 when a turn completes or asks for approval while unfocused; none while focused', async () => {
    h.server.enqueue(R.text('answer while away'), R.text('answer while here'));
    h.server.enqueue(
      R.functionCall({
        name: 'exec_command',
        arguments: { cmd: 'touch /tmp/never-approved', sandbox_permissions: 'require_escalated', justification: 'j' },
        callId: 'c1',
      }),
      R.text('declined then'),
    );
    const t = h.start(['-s', 'workspace-write', '-a', 'on-request'], { env: { TERM_PROGRAM: 'WezTerm' } });
    await t.waitFor(READY, 60_000);
    expect(t.output).toContain('\x1b[?1004h');
    t.write(FOCUS_OUT);
    await send(t, 'first', 'answer while away');
    await t.waitFor(() => osc9(t.output).length === 1, 10_000, 'an OSC 9');
    expect(osc9(t.output)).toEqual(['answer while away']);
    t.write(FOCUS_IN);
    await send(t, 'second', 'answer while here');
    expect(osc9(t.output)).toHaveLength(1);
    t.write(FOCUS_OUT);
    await t.type('run it');
    t.write(KEY.enter);
    await t.waitFor('Would you like to run the following command?', 30_000);
    await t.waitFor(() => osc9(t.output).length === 2, 10_000, 'the approval OSC 9');
    expect(osc9(t.output)[1]).toBe('Approval requested: touch /tmp/never-approved');
    t.write('n');
    await t.waitFor((s) => s.includes('declined then') && idle(s), 30_000);
  });

  it('tui.notifications = false sends nothing', async () => {
    writeFileSync(join(h.sb.home, 'config.toml'), readFileSync(join(h.sb.home, 'config.toml'), 'utf8') + '\n[tui]\nnotifications = false\n');
    h.server.enqueue(R.text('quiet answer'));
    const t = h.start([], { env: { TERM_PROGRAM: 'WezTerm' } });
    await t.waitFor(READY, 60_000);
    t.write(FOCUS_OUT);
    await send(t, 'hello', 'quiet answer');
    await new Promise((r) => setTimeout(r, 300));
    expect(osc9(t.output)).toEqual([]);
    expect(t.output).not.toContain('\x1b[?1004h');
  });

  it('under WSL in Windows Terminal: a Windows toast through powershell.exe; and the notify program runs', async () => {
    const bin = join(h.sb.home, '..', 'fakebin');
    mkdirSync(bin);
    const toastLog = join(bin, 'toast-args');
    writeFileSync(join(bin, 'powershell.exe'), `#!/bin/sh\nprintf '%s\\n' "$@" > ${toastLog}\n`);
    chmodSync(join(bin, 'powershell.exe'), 0o755);
    const notifyOut = join(bin, 'notify-arg.json');
    writeFileSync(join(bin, 'notify.sh'), `#!/bin/sh\nfor last; do :; done\nprintf '%s' "$last" > ${notifyOut}\n`);
    chmodSync(join(bin, 'notify.sh'), 0o755);
    const config = join(h.sb.home, 'config.toml');
    writeFileSync(config, `notify = ["${join(bin, 'notify.sh')}"]\n` + readFileSync(config, 'utf8'));
    h.server.enqueue(R.text('done <on> "WSL" & more'));
    const t = h.start([], { env: { WSL_DISTRO_NAME: 'Ubuntu', WT_SESSION: 'abc', PATH: `${bin}:${process.env.PATH}` } });
    await t.waitFor(READY, 60_000);
    t.write(FOCUS_OUT);
    await send(t, 'go', 'done <on> "WSL" & more');
    await t.waitFor(() => existsSync(toastLog) && existsSync(notifyOut), 10_000, 'the toast and the notify program');
    expect(osc9(t.output)).toEqual([]);
    const args = readFileSync(toastLog, 'utf8').trim().split('\n');
    expect(args.slice(0, 3)).toEqual(['-NoProfile', '-NoLogo', '-EncodedCommand']);
    const script = Buffer.from(args[3]!, 'base64').toString('utf16le');
    expect(script).toContain('ToastText02');
    expect(script).toContain('done &lt;on&gt; &quot;WSL&quot; &amp; more');
    const payload = JSON.parse(readFileSync(notifyOut, 'utf8'));
    expect(payload).toMatchObject({ type: 'agent-turn-complete', 'input-messages': ['go'], 'last-assistant-message': 'done <on> "WSL" & more' });
  });
});
