import { describe, expect, it } from 'vitest';
import { TERMINAL_REPLAY_BYTES, TerminalSessions } from './terminalSessions.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const replay = (s: TerminalSessions, id: string) => Buffer.from(s.list().find((t) => t.processId === id)!.outputBase64, 'base64').toString('utf8');

describe('TerminalSessions', () => {
  it('keeps the last TERMINAL_REPLAY_BYTES of output, in order', () => {
    const s = new TerminalSessions();
    s.start('t');
    const chunk = 'x'.repeat(64 * 1024 - 1) + '\n';
    for (let i = 0; i < 10; i++) s.output('t', b64(i === 9 ? chunk.replace(/xxx\n$/, 'END\n') : chunk));
    const kept = replay(s, 't');
    expect(kept.length).toBe(TERMINAL_REPLAY_BYTES);
    expect(kept.endsWith('END\n')).toBe(true);
  });

  it('ignores output for unknown or exited terminals; a live id cannot be restarted, an exited one can', () => {
    const s = new TerminalSessions();
    s.output('nobody', b64('x'));
    expect(s.list()).toEqual([]);
    expect(s.start('t')).toBe(true);
    expect(s.start('t')).toBe(false);
    s.output('t', b64('before'));
    s.exited('t', 0);
    s.output('t', b64('after'));
    expect(replay(s, 't')).toBe('before');
    expect(s.start('t')).toBe(true);
    expect(replay(s, 't')).toBe('');
  });

  it('keeps at most 32 exited terminals, dropping the oldest', () => {
    const s = new TerminalSessions();
    s.start('live');
    for (let i = 0; i < 40; i++) {
      s.start(`t${i}`);
      s.exited(`t${i}`, i);
    }
    const ids = s.list().map((t) => t.processId);
    expect(ids).toContain('live');
    expect(ids.filter((id) => id !== 'live')).toEqual(Array.from({ length: 32 }, (_, i) => `t${i + 8}`));
  });
});
