import { describe, expect, it } from 'vitest';
import { forgetThread, loadActivity, markRead, saveActivity, turnEnded, turnStarted } from './activity.js';

function memoryStorage() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
}

describe('turn activity for the status board', () => {
  it('starts, ends unread when not seen, and is read once opened', () => {
    let m = turnStarted({}, 't');
    expect(m.t).toEqual({ running: true, lastTurn: null, unread: false });
    m = turnEnded(m, 't', 'completed', false);
    expect(m.t).toEqual({ running: false, lastTurn: 'completed', unread: true });
    m = markRead(m, 't');
    expect(m.t!.unread).toBe(false);
    expect(markRead(m, 't')).toBe(m);
    // An interruption is the user's own doing: nothing unread.
    expect(turnEnded({}, 't', 'interrupted', false).t!.unread).toBe(false);
    expect(forgetThread(m, 't')).toEqual({});
  });

  it('keeps unread and failed marks across a reload, not running turns or read ends', () => {
    const storage = memoryStorage();
    let m = turnEnded({}, 'ready', 'completed', false);
    m = turnEnded(m, 'failed', 'failed', true);
    m = turnEnded(m, 'seen', 'completed', true);
    m = turnStarted(m, 'running');
    saveActivity(m, storage);
    expect(loadActivity(storage)).toEqual({
      ready: { running: false, lastTurn: 'completed', unread: true },
      failed: { running: false, lastTurn: 'failed', unread: false },
    });
  });

  it('ignores a damaged or foreign stored value', () => {
    const storage = memoryStorage();
    storage.setItem('codex.activity', '{not json');
    expect(loadActivity(storage)).toEqual({});
    storage.setItem('codex.activity', JSON.stringify({ t: { lastTurn: 'exploded', unread: 'yes' } }));
    expect(loadActivity(storage)).toEqual({ t: { running: false, lastTurn: null, unread: false } });
  });
});
