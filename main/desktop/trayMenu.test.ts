import { describe, expect, it } from 'vitest';
import { ActivityTracker } from './activityTracker.js';
import { badgeState, buildTrayMenu } from './trayMenu.js';
import { threadStarted, turn } from '../../tests/support/notificationBuilders.js';

describe('tray menu model', () => {
  it('lists the board sections (needs you, working, ready, failed) in order, then Show window and Quit; badges the threads that need the user', () => {
    const tr = new ActivityTracker();
    for (const id of ['idle', 'busy', 'asks', 'ok']) tr.onNotification(threadStarted(id, `/w/${id}`));
    for (const id of ['busy', 'asks', 'ok']) tr.onNotification({ method: 'turn/started', params: { threadId: id, turn: turn(`u-${id}`, 'inProgress') } });
    tr.onNotification({ method: 'turn/completed', params: { threadId: 'ok', turn: turn('u-ok', 'completed') } });
    tr.onServerRequest({
      id: 'srv-1',
      method: 'item/fileChange/requestApproval',
      params: { threadId: 'asks', turnId: 'u-asks', itemId: 'i', reason: null, changes: [], grantRoot: null, startedAtMs: 0 },
    });

    const menu = buildTrayMenu(tr.list());
    expect(menu).toEqual([
      { kind: 'thread', threadId: 'asks', label: 'New thread in asks — needs you', status: 'needsYou' },
      { kind: 'thread', threadId: 'busy', label: 'New thread in busy — working', status: 'working' },
      { kind: 'thread', threadId: 'ok', label: 'New thread in ok — ready', status: 'ready' },
      { kind: 'separator' },
      { kind: 'show', label: 'Show window' },
      { kind: 'separator' },
      { kind: 'quit', label: 'Quit Codex Desktop' },
    ]);
    expect(badgeState(tr.list())).toEqual({ count: 1, attention: true, tooltip: 'Codex — 1 needs you, 1 working, 1 ready' });

    tr.onNotification({ method: 'serverRequest/resolved', params: { threadId: 'asks', requestId: 'srv-1' } });
    expect(badgeState(tr.list())).toEqual({ count: 0, attention: false, tooltip: 'Codex — 2 working, 1 ready' });
    // Seen in the window: no longer Ready, so it leaves the tray.
    tr.markSeen('ok');
    expect(
      buildTrayMenu(tr.list())
        .filter((i) => i.kind === 'thread')
        .map((i) => i.kind === 'thread' && i.threadId),
    ).toEqual(['busy', 'asks']);
    // A failed turn stays listed as failed even once seen.
    tr.onNotification({ method: 'turn/completed', params: { threadId: 'busy', turn: turn('u-busy', 'failed') } });
    tr.markSeen('busy');
    expect(buildTrayMenu(tr.list())[1]).toEqual({ kind: 'thread', threadId: 'busy', label: 'New thread in busy — failed', status: 'failed' });
    expect(buildTrayMenu([])).toEqual([{ kind: 'show', label: 'Show window' }, { kind: 'separator' }, { kind: 'quit', label: 'Quit Codex Desktop' }]);
    expect(badgeState([]).tooltip).toBe('Codex');
  });
});
